#include "peerwire.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QtEndian>

namespace kiosk::sync {

namespace {

Error bad(const QString &why)
{
    return Error{ErrorCode::InvalidArgument, QStringLiteral("peer frame refused: %1").arg(why)};
}

bool shortText(const QCborValue &v, qsizetype max = 128)
{
    return v.isString() && !v.toString().isEmpty() && v.toString().size() <= max;
}

Result<QCborMap> parseMap(QByteArrayView payload)
{
    QCborParserError error{};
    const QCborValue value = QCborValue::fromCbor(payload.toByteArray(), &error);
    if (error.error != QCborError::NoError)
        return bad(QStringLiteral("not CBOR (%1)").arg(error.errorString()));
    if (!value.isMap())
        return bad(QStringLiteral("not a map"));
    return value.toMap();
}

} // namespace

QByteArray framePeerMessage(const QByteArray &payload)
{
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian(quint32(payload.size()), out.data());
    return out + payload;
}

std::optional<QByteArray> PeerFrameReader::next(qsizetype maxBytes, QString *error)
{
    if (m_buffer.size() < 4)
        return std::nullopt;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData());
    if (length == 0 || qsizetype(length) > maxBytes) {
        *error = QStringLiteral("a frame of %1 bytes (at most %2)").arg(length).arg(maxBytes);
        return std::nullopt;
    }
    if (m_buffer.size() < 4 + qsizetype(length))
        return std::nullopt;
    QByteArray payload = m_buffer.mid(4, length);
    m_buffer.remove(0, 4 + qsizetype(length));
    return payload;
}

QByteArray helloSigningInput(const QString &venueId, const QString &deviceId, const QByteArray &fingerprint)
{
    QCborArray parts{QStringLiteral("club-kiosk peer hello"), kPeerProtocolVersion, venueId, deviceId, fingerprint};
    return QCborValue(parts).toCbor();
}

QByteArray encodeHello(const PeerHello &h)
{
    QCborMap m;
    m.insert(QStringLiteral("hello"), h.version);
    m.insert(QStringLiteral("venue"), h.venueId);
    m.insert(QStringLiteral("device"), h.deviceId);
    m.insert(QStringLiteral("cert"), h.certificateFingerprint);
    m.insert(QStringLiteral("sig"), h.signature);
    return m.toCborValue().toCbor();
}

Result<PeerHello> decodeHello(QByteArrayView payload)
{
    auto m = parseMap(payload);
    if (!m)
        return m.error();
    const QCborValue version = m->value(QStringLiteral("hello"));
    if (!version.isInteger())
        return bad(QStringLiteral("the first frame is not a hello"));
    if (version.toInteger() != kPeerProtocolVersion)
        return bad(QStringLiteral("protocol version %1 (this kiosk speaks %2)")
                       .arg(version.toInteger())
                       .arg(kPeerProtocolVersion));
    PeerHello h;
    const QCborValue venue = m->value(QStringLiteral("venue"));
    const QCborValue device = m->value(QStringLiteral("device"));
    const QCborValue cert = m->value(QStringLiteral("cert"));
    const QCborValue sig = m->value(QStringLiteral("sig"));
    if (!shortText(venue) || !shortText(device) || !cert.isByteArray() || cert.toByteArray().size() != 32
        || !sig.isByteArray() || sig.toByteArray().size() != 64)
        return bad(QStringLiteral("a hello field is missing or malformed"));
    h.venueId = venue.toString();
    h.deviceId = device.toString();
    h.certificateFingerprint = cert.toByteArray();
    h.signature = sig.toByteArray();
    return h;
}

QByteArray encodePeerMessage(const PeerMessage &msg)
{
    QCborMap m;
    switch (msg.type) {
    case PeerMessage::Type::Vector: {
        m.insert(QStringLiteral("t"), QStringLiteral("vv"));
        QCborMap v;
        for (auto it = msg.vector.cbegin(); it != msg.vector.cend(); ++it)
            v.insert(it.key(), it.value());
        m.insert(QStringLiteral("v"), v);
        break;
    }
    case PeerMessage::Type::Records: {
        m.insert(QStringLiteral("t"), QStringLiteral("rec"));
        QCborArray list;
        for (const SignedPeerRecord &r : msg.records)
            list.append(QCborArray{r.body, r.signature});
        m.insert(QStringLiteral("r"), list);
        if (msg.announce)
            m.insert(QStringLiteral("a"), true);
        break;
    }
    case PeerMessage::Type::Ack:
        m.insert(QStringLiteral("t"), QStringLiteral("ack"));
        m.insert(QStringLiteral("o"), msg.origin);
        m.insert(QStringLiteral("n"), msg.n);
        if (!msg.winnerKey.isEmpty())
            m.insert(QStringLiteral("w"), msg.winnerKey);
        break;
    case PeerMessage::Type::Ping:
        m.insert(QStringLiteral("t"), QStringLiteral("ping"));
        break;
    case PeerMessage::Type::Pong:
        m.insert(QStringLiteral("t"), QStringLiteral("pong"));
        break;
    }
    return m.toCborValue().toCbor();
}

Result<PeerMessage> decodePeerMessage(QByteArrayView payload)
{
    auto m = parseMap(payload);
    if (!m)
        return m.error();
    const QString type = m->value(QStringLiteral("t")).toString();
    PeerMessage msg;
    if (type == QLatin1String("ping") || type == QLatin1String("pong")) {
        msg.type = type == QLatin1String("ping") ? PeerMessage::Type::Ping : PeerMessage::Type::Pong;
        return msg;
    }
    if (type == QLatin1String("vv")) {
        msg.type = PeerMessage::Type::Vector;
        const QCborValue v = m->value(QStringLiteral("v"));
        if (!v.isMap() || v.toMap().size() > kMaxVectorOrigins)
            return bad(QStringLiteral("a version vector must be a map of at most %1 origins").arg(kMaxVectorOrigins));
        const QCborMap vm = v.toMap();
        for (auto it = vm.begin(); it != vm.end(); ++it) {
            if (!shortText(it.key()) || !it.value().isInteger() || it.value().toInteger() < 0)
                return bad(QStringLiteral("a version vector entry is malformed"));
            msg.vector.insert(it.key().toString(), it.value().toInteger());
        }
        return msg;
    }
    if (type == QLatin1String("rec")) {
        msg.type = PeerMessage::Type::Records;
        const QCborValue r = m->value(QStringLiteral("r"));
        if (!r.isArray() || r.toArray().isEmpty() || r.toArray().size() > kMaxRecordsPerFrame)
            return bad(QStringLiteral("records come as a list of 1 to %1").arg(kMaxRecordsPerFrame));
        for (const QCborValue &item : r.toArray()) {
            const QCborArray pair = item.toArray();
            if (!item.isArray() || pair.size() != 2 || !pair.at(0).isByteArray() || !pair.at(1).isByteArray()
                || pair.at(0).toByteArray().size() > kMaxPeerRecordBytes || pair.at(1).toByteArray().size() != 64)
                return bad(QStringLiteral("a record is not [body, signature]"));
            msg.records.append(SignedPeerRecord{pair.at(0).toByteArray(), pair.at(1).toByteArray()});
        }
        const QCborValue announce = m->value(QStringLiteral("a"));
        if (!announce.isUndefined() && !announce.isBool())
            return bad(QStringLiteral("'a' must be a boolean"));
        msg.announce = announce.toBool(false);
        return msg;
    }
    if (type == QLatin1String("ack")) {
        msg.type = PeerMessage::Type::Ack;
        const QCborValue o = m->value(QStringLiteral("o"));
        const QCborValue n = m->value(QStringLiteral("n"));
        const QCborValue w = m->value(QStringLiteral("w"));
        if (!shortText(o) || !n.isInteger() || n.toInteger() < 1 || (!w.isUndefined() && !shortText(w)))
            return bad(QStringLiteral("an ack is malformed"));
        msg.origin = o.toString();
        msg.n = n.toInteger();
        msg.winnerKey = w.isUndefined() ? QString() : w.toString();
        return msg;
    }
    return bad(QStringLiteral("unknown message type"));
}

} // namespace kiosk::sync
