#include "peerrecord.h"

#include "devicekey.h"

#include <QCborMap>
#include <QCborValue>

namespace kiosk {

namespace {

// Integer map keys in this order, always: the canonical form.
enum Field : qint64 {
    Version = 0,
    Venue = 1,
    Device = 2,
    Number = 3,
    KindField = 4,
    Key = 5,
    Order = 6,
    Jti = 7,
    At = 8,
    Staff = 9,
    Target = 10,
    Reason = 11,
};
constexpr qint64 kFormatVersion = 1;
constexpr qsizetype kMaxIdChars = 128;

Error bad(const QString &why)
{
    return Error{ErrorCode::InvalidArgument, QStringLiteral("peer record refused: %1").arg(why)};
}

bool plainText(const QString &s, qsizetype max)
{
    if (s.size() > max)
        return false;
    for (const QChar c : s) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

} // namespace

QByteArray encodePeerRecord(const PeerRecord &r)
{
    QCborMap m;
    m.insert(Version, kFormatVersion);
    m.insert(Venue, r.venueId);
    m.insert(Device, r.deviceId);
    m.insert(Number, r.n);
    m.insert(KindField, r.kind == PeerRecord::Kind::Void ? 1 : 0);
    m.insert(Key, r.key);
    m.insert(Order, r.orderId);
    if (!r.jti.isEmpty())
        m.insert(Jti, r.jti);
    m.insert(At, r.atMs);
    if (!r.staffId.isEmpty())
        m.insert(Staff, r.staffId);
    if (r.kind == PeerRecord::Kind::Void) {
        m.insert(Target, r.target);
        m.insert(Reason, r.reason.left(kMaxVoidReasonChars));
    }
    return m.toCborValue().toCbor();
}

Result<PeerRecord> decodePeerRecord(QByteArrayView body)
{
    if (body.isEmpty() || body.size() > kMaxPeerRecordBytes)
        return bad(QStringLiteral("%1 bytes (at most %2)").arg(body.size()).arg(kMaxPeerRecordBytes));
    QCborParserError error{};
    const QCborValue value = QCborValue::fromCbor(body.toByteArray(), &error);
    if (error.error != QCborError::NoError)
        return bad(QStringLiteral("not CBOR (%1)").arg(error.errorString()));
    if (!value.isMap())
        return bad(QStringLiteral("not a map"));
    const QCborMap m = value.toMap();
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!it.key().isInteger() || it.key().toInteger() < Version || it.key().toInteger() > Reason)
            return bad(QStringLiteral("unknown field"));
    }
    if (m.value(Version) != QCborValue(kFormatVersion))
        return bad(QStringLiteral("unknown format version"));
    auto text = [&](Field f, bool required, QString *out) -> bool {
        const QCborValue v = m.value(f);
        if (v.isUndefined())
            return !required;
        if (!v.isString())
            return false;
        *out = v.toString();
        return (!required || !out->isEmpty()) && plainText(*out, f == Reason ? kMaxVoidReasonChars : kMaxIdChars);
    };
    PeerRecord r;
    const QCborValue kind = m.value(KindField);
    if (!kind.isInteger() || (kind.toInteger() != 0 && kind.toInteger() != 1))
        return bad(QStringLiteral("unknown kind"));
    r.kind = kind.toInteger() == 1 ? PeerRecord::Kind::Void : PeerRecord::Kind::Redeem;
    const bool isVoid = r.kind == PeerRecord::Kind::Void;
    if (!text(Venue, true, &r.venueId) || !text(Device, true, &r.deviceId) || !text(Key, true, &r.key)
        || !text(Order, true, &r.orderId) || !text(Jti, false, &r.jti) || !text(Staff, false, &r.staffId))
        return bad(QStringLiteral("an id is missing, empty, too long or not text"));
    if (isVoid ? !text(Target, true, &r.target) || !text(Reason, false, &r.reason)
               : m.contains(Target) || m.contains(Reason))
        return bad(QStringLiteral("a void needs its target; a redemption has none"));
    const QCborValue n = m.value(Number);
    const QCborValue at = m.value(At);
    if (!n.isInteger() || n.toInteger() < 1 || !at.isInteger() || at.toInteger() < 0)
        return bad(QStringLiteral("the number or the time is missing or out of range"));
    r.n = n.toInteger();
    r.atMs = at.toInteger();
    // One record, one byte form: anything but the canonical encoding (other key order, longer
    // integer heads, indefinite lengths, trailing bytes) is refused.
    if (encodePeerRecord(r) != body)
        return bad(QStringLiteral("not in canonical form"));
    return r;
}

QByteArray peerRecordSigningInput(QByteArrayView body)
{
    return QByteArrayLiteral("club-kiosk peer record v1") + '\0' + body.toByteArray();
}

SignedPeerRecord signPeerRecord(const PeerRecord &record, const DeviceKey &key)
{
    SignedPeerRecord s;
    s.body = encodePeerRecord(record);
    s.signature = key.sign(peerRecordSigningInput(s.body));
    return s;
}

Result<PeerRecord> verifyPeerRecord(const SignedPeerRecord &signedRecord, QByteArrayView publicKey)
{
    auto record = decodePeerRecord(signedRecord.body);
    if (!record)
        return record.error();
    if (!verifyDeviceSignature(publicKey, peerRecordSigningInput(signedRecord.body), signedRecord.signature))
        return bad(QStringLiteral("the signature is not %1's").arg(record->deviceId));
    return record;
}

} // namespace kiosk
