#pragma once
// A record a kiosk shares with the venue's other kiosks (LAN peers): one local redemption or
// void, numbered per device (1, 2, 3…) and signed with the maker's device key. It carries what a
// verdict needs (order, token id, time, staff, device), never a guest's name. The body is
// canonical CBOR: one encoding per record, so a relayed record can be checked again anywhere.

#include "result.h"

#include <QByteArray>
#include <QString>

namespace kiosk {

struct DeviceKey;

struct PeerRecord
{
    enum class Kind { Redeem, Void };

    QString venueId;
    QString deviceId; // the kiosk that made and signed it
    qint64 n = 0; // its number among that kiosk's records, from 1, without gaps
    Kind kind = Kind::Redeem;
    QString key; // the redemption's (or void's) idempotency key, as the cloud knows it
    QString orderId;
    QString jti; // empty for a legacy order code
    qint64 atMs = 0; // the maker's clock
    QString staffId; // may be empty
    QString target; // a void: the idempotency key of the redemption it cancels
    QString reason; // a void: why

    friend bool operator==(const PeerRecord &, const PeerRecord &) = default;
};

// A record as it travels and is stored: the exact bytes that were signed, and the signature.
struct SignedPeerRecord
{
    QByteArray body;
    QByteArray signature; // Ed25519, 64 bytes, over peerRecordSigningInput(body)
};

// The largest body a kiosk makes or accepts: ids are short, a void's reason is capped.
inline constexpr qsizetype kMaxPeerRecordBytes = 2048;
inline constexpr qsizetype kMaxVoidReasonChars = 200;

QByteArray encodePeerRecord(const PeerRecord &record);
// Strict: only the canonical encoding of a well-formed record is accepted (every field of the
// right type and size, nothing unknown, nothing missing), so one record has one byte form.
Result<PeerRecord> decodePeerRecord(QByteArrayView body);

// What is signed: a domain tag and the body, so that a record's signature can never pass for
// a signature of anything else the device key signs.
QByteArray peerRecordSigningInput(QByteArrayView body);
SignedPeerRecord signPeerRecord(const PeerRecord &record, const DeviceKey &key);
// Decodes `signed` and checks it was signed with `publicKey`; InvalidArgument saying why not.
Result<PeerRecord> verifyPeerRecord(const SignedPeerRecord &signedRecord, QByteArrayView publicKey);

} // namespace kiosk
