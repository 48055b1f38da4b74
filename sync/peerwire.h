#pragma once
// The peer protocol's bytes. A frame is a 4-byte big-endian length and a CBOR map. The first
// frame each way is the hello, which binds the sender's TLS certificate to its device key; then
// version vectors, records (pushed at once, or sent to fill a gap), acks and heartbeats.

#include "result.h"
#include "sharedledger.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace kiosk::sync {

inline constexpr int kPeerProtocolVersion = 1;
// The largest frame either side sends or accepts: a batch of records at most.
inline constexpr qsizetype kMaxPeerFrameBytes = 256 * 1024;
// The hello is small; a peer that sends more before proving who it is is dropped.
inline constexpr qsizetype kMaxHelloBytes = 1024;
inline constexpr int kMaxRecordsPerFrame = 100;
inline constexpr int kMaxVectorOrigins = 1000;

QByteArray framePeerMessage(const QByteArray &payload);

// Cuts a byte stream into frames. A frame announcing more than the limit is an error, before
// its bytes are buffered.
class PeerFrameReader
{
public:
    void append(const QByteArray &bytes) { m_buffer.append(bytes); }
    // The next complete frame's payload; nullopt when more bytes are needed or on an error
    // (then `error` says why and the stream is unusable).
    std::optional<QByteArray> next(qsizetype maxBytes, QString *error);
    qsizetype buffered() const { return m_buffer.size(); }

private:
    QByteArray m_buffer;
};

struct PeerHello
{
    int version = kPeerProtocolVersion;
    QString venueId;
    QString deviceId;
    QByteArray certificateFingerprint; // SHA-256 of the sender's TLS certificate
    QByteArray signature; // the device key's, over helloSigningInput()
};

QByteArray helloSigningInput(const QString &venueId, const QString &deviceId, const QByteArray &fingerprint);
QByteArray encodeHello(const PeerHello &hello);
Result<PeerHello> decodeHello(QByteArrayView payload);

struct PeerMessage
{
    enum class Type { Vector, Records, Ack, Ping, Pong };
    Type type = Type::Ping;
    VersionVector vector; // Vector: what the sender holds
    QList<SignedPeerRecord> records; // Records
    bool announce = false; // Records: new pours the sender waits on (answer each with an Ack)
    // Ack: the record answered, and when it met a live redemption of the same order, the key
    // of the one the winner rule keeps.
    QString origin;
    qint64 n = 0;
    QString winnerKey;
};

QByteArray encodePeerMessage(const PeerMessage &message);
Result<PeerMessage> decodePeerMessage(QByteArrayView payload);

} // namespace kiosk::sync
