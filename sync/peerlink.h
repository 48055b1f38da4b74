#pragma once
// One TLS connection to another kiosk of the venue. Both ends send a hello first; the link is
// established only when the peer's hello names an active roster device of this venue whose key
// signed the certificate the peer presented in TLS. Anything else (a stranger, a bad signature,
// another venue, an oversized or malformed first frame, silence) drops the connection before
// any other frame is read. Then: framed messages with a size cap, and heartbeats.

#include "peerwire.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslSocket>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace kiosk::sync {

// What tests do to the transport: drop or delay outgoing frames, or cut a peer off entirely.
struct PeerFaults
{
    double dropRate = 0; // each frame after the hello is lost with this probability
    int delayMs = 0; // each frame after the hello is written this much later (order kept)
    QSet<QString> cut; // device ids: no frame goes to them, their links are closed, none is made

    // {"dropRate": 0.3, "delayMs": 20, "cut": ["dev_…"]} (`kioskctl sync --peer-faults`, for
    // tests); nullopt with `error` set for anything else.
    static std::optional<PeerFaults> fromJson(const QByteArray &json, QString *error);
};

struct PeerLinkOptions
{
    int handshakeTimeoutMs = 5000;
    // A dial whose TCP connection is not up this soon is given up and tried afresh: on a LAN a
    // connect takes milliseconds, and a SYN sent into a pulled cable would otherwise wait for
    // the kernel's retransmission (1 s, then 3 s) after the cable is back.
    int connectTimeoutMs = 750;
    int heartbeatMs = 1000;
    int silentAfterMs = 3500; // nothing heard for this long: the link is dead
};

class PeerLink : public QObject
{
    Q_OBJECT
public:
    // The roster's public key of `deviceId` if it is an active device of the venue, else empty.
    using KeyLookup = std::function<QByteArray(const QString &deviceId)>;

    // Takes `socket`, connected or connecting, TLS under way or about to be (the dialer starts
    // it with connectToHostEncrypted; the server's socket comes from QSslServer).
    PeerLink(QSslSocket *socket, bool dialer, const QByteArray &ourHello, const QString &venueId,
        const QString &ourDeviceId, KeyLookup keyOf, std::shared_ptr<const PeerFaults> faults,
        const PeerLinkOptions &options, QObject *parent = nullptr);
    ~PeerLink() override;

    bool isEstablished() const { return m_established; }
    bool isDialer() const { return m_dialer; }
    QString peerDevice() const { return m_peerDevice; } // empty before the hello
    QString peerAddress() const;
    void send(const PeerMessage &message);
    void close(const QString &why);

Q_SIGNALS:
    void established();
    void message(const kiosk::sync::PeerMessage &message);
    void closed(const QString &why);

private:
    void onEncrypted();
    void onReadyRead();
    void onHello(const QByteArray &payload);
    void checkAlive();
    void write(const QByteArray &frame);

    QPointer<QSslSocket> m_socket;
    bool m_dialer;
    QByteArray m_ourHello;
    QString m_venueId;
    QString m_ourDevice;
    KeyLookup m_keyOf;
    std::shared_ptr<const PeerFaults> m_faults;
    PeerLinkOptions m_options;
    PeerFrameReader m_reader;
    QString m_peerDevice;
    bool m_helloSent = false;
    bool m_helloReceived = false;
    bool m_established = false;
    bool m_closed = false;
    QTimer m_handshakeTimer;
    QTimer m_connectTimer;
    QTimer m_heartbeat;
    QElapsedTimer m_lastHeard;
};

} // namespace kiosk::sync
