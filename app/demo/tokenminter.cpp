#include "tokenminter.h"
#include "compactcode.h"
#include "pin.h"

#include "base64url.h"
#include "timeutil.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <sodium.h>

namespace kiosk::demo {

namespace {
void ensureSodium()
{
    if (sodium_init() < 0)
        qFatal("libsodium failed to initialise");
}
} // namespace

SigningKey SigningKey::fromSeed(const QString &kid, const QByteArray &seed32)
{
    ensureSodium();
    SigningKey k;
    k.kid = kid;
    k.publicKey.resize(crypto_sign_PUBLICKEYBYTES);
    k.secretKey.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(reinterpret_cast<unsigned char *>(k.publicKey.data()),
        reinterpret_cast<unsigned char *>(k.secretKey.data()),
        reinterpret_cast<const unsigned char *>(seed32.constData()));
    return k;
}

SigningKey SigningKey::generate(const QString &kid)
{
    ensureSodium();
    QByteArray seed(crypto_sign_SEEDBYTES, Qt::Uninitialized);
    randombytes_buf(seed.data(), static_cast<size_t>(seed.size()));
    return fromSeed(kid, seed);
}

QJsonObject SigningKey::jwk() const
{
    return QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
        {QStringLiteral("crv"), QStringLiteral("Ed25519")}, {QStringLiteral("kid"), kid},
        {QStringLiteral("x"), QString::fromLatin1(base64UrlEncode(publicKey))}};
}

QByteArray SigningKey::sign(QByteArrayView message) const
{
    QByteArray sig(crypto_sign_BYTES, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(sig.data()), nullptr,
        reinterpret_cast<const unsigned char *>(message.data()), static_cast<unsigned long long>(message.size()),
        reinterpret_cast<const unsigned char *>(secretKey.constData()));
    return sig;
}

QJsonObject defaultHeader(const QString &kid)
{
    return QJsonObject{{QStringLiteral("alg"), QStringLiteral("EdDSA")},
        {QStringLiteral("typ"), QStringLiteral("drink+jwt")}, {QStringLiteral("kid"), kid}};
}

QJsonObject defaultClaims(const QString &venue, const QString &orderId, const QString &jti, qint64 iat, qint64 exp)
{
    return QJsonObject{
        {QStringLiteral("iss"), QStringLiteral("club")},
        {QStringLiteral("aud"), venue},
        {QStringLiteral("sub"), orderId},
        {QStringLiteral("jti"), jti},
        {QStringLiteral("iat"), iat},
        {QStringLiteral("exp"), exp},
        {QStringLiteral("drinks"),
            QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Negroni")}, {QStringLiteral("qty"), 1}}}},
        {QStringLiteral("amt"), 1400},
        {QStringLiteral("cur"), QStringLiteral("USD")},
        {QStringLiteral("rcp"), QStringLiteral("Alex M.")},
        {QStringLiteral("ph4"), QStringLiteral("0142")},
    };
}

QByteArray mintTokenRaw(const SigningKey &key, const QByteArray &headerJson, const QByteArray &payloadJson)
{
    const QByteArray signingInput = base64UrlEncode(headerJson) + '.' + base64UrlEncode(payloadJson);
    return signingInput + '.' + base64UrlEncode(key.sign(signingInput));
}

QByteArray mintToken(const SigningKey &key, const QJsonObject &header, const QJsonObject &payload)
{
    return mintTokenRaw(key, QJsonDocument(header).toJson(QJsonDocument::Compact),
        QJsonDocument(payload).toJson(QJsonDocument::Compact));
}

std::optional<QByteArray> mintCompactToken(const SigningKey &key, const QJsonObject &claims)
{
    const auto cti = base64UrlDecodeStrict(claims.value(QLatin1String("jti")).toString().toLatin1());
    if (!cti || cti->size() < 8 || cti->size() > 32)
        return std::nullopt;
    QCborArray drinks;
    for (const QJsonValue &d : claims.value(QLatin1String("drinks")).toArray())
        drinks.append(QCborArray{d.toObject().value(QLatin1String("qty")).toInteger(),
            d.toObject().value(QLatin1String("name")).toString()});
    QCborMap cwt{{2, claims.value(QLatin1String("sub")).toString()}, {3, claims.value(QLatin1String("aud")).toString()},
        {4, claims.value(QLatin1String("exp")).toInteger()}, {6, claims.value(QLatin1String("iat")).toInteger()},
        {7, *cti}, {-1, drinks}, {-2, claims.value(QLatin1String("amt")).toInteger()},
        {-3, claims.value(QLatin1String("cur")).toString()}, {-4, claims.value(QLatin1String("rcp")).toString()}};
    if (claims.contains(QLatin1String("ph4")))
        cwt.insert(-5, claims.value(QLatin1String("ph4")).toString());
    // The CWT leaves out the issuer when it is the default, "club".
    if (const QString iss = claims.value(QLatin1String("iss")).toString();
        !iss.isEmpty() && iss != QLatin1String("club"))
        cwt.insert(1, iss);
    return mintCompactRaw(key, QCborMap{{1, -8}}, key.kid.toUtf8(), cwt);
}

QByteArray mintCompactRaw(
    const SigningKey &key, const QCborMap &protectedHeader, const QByteArray &kid, const QCborMap &claims, bool tagged)
{
    const QByteArray prot = protectedHeader.toCborValue().toCbor();
    const QByteArray payload = claims.toCborValue().toCbor();
    QCborValue sign1(QCborArray{prot, QCborMap{{4, kid}}, payload, key.sign(coseSigStructure(prot, payload))});
    if (tagged)
        sign1 = QCborValue(QCborTag(18), sign1);
    return QByteArray(kCompactPrefix) + base45Encode(sign1.toCbor());
}

QString rfc3339(qint64 unixSeconds)
{
    return formatRfc3339Ms(unixSeconds * 1000);
}

FeedBuilder &FeedBuilder::key(
    const SigningKey &key, std::optional<qint64> notBefore, std::optional<qint64> notAfter, bool revoked)
{
    QJsonObject data = key.jwk();
    if (notBefore)
        data.insert(QStringLiteral("notBefore"), rfc3339(*notBefore));
    if (notAfter)
        data.insert(QStringLiteral("notAfter"), rfc3339(*notAfter));
    data.insert(QStringLiteral("revoked"), revoked);
    return raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("key")}, {QStringLiteral("data"), data}});
}

FeedBuilder &FeedBuilder::order(const QString &id, const QString &jti, const QString &status, qint64 updatedAt,
    const QString &qrCode, qint64 expiresAt, const QString &recipient)
{
    QJsonObject data{{QStringLiteral("id"), id}, {QStringLiteral("status"), status},
        {QStringLiteral("recipient"), recipient}, {QStringLiteral("ph4"), QStringLiteral("0142")},
        {QStringLiteral("drinks"),
            QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Negroni")}, {QStringLiteral("qty"), 1}}}},
        {QStringLiteral("amount"), 1400}, {QStringLiteral("currency"), QStringLiteral("USD")},
        {QStringLiteral("updatedAt"), rfc3339(updatedAt)}};
    if (!jti.isEmpty())
        data.insert(QStringLiteral("jti"), jti);
    if (!qrCode.isEmpty())
        data.insert(QStringLiteral("qrCode"), qrCode);
    if (expiresAt)
        data.insert(QStringLiteral("expiresAt"), rfc3339(expiresAt));
    return raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("order")}, {QStringLiteral("data"), data}});
}

FeedBuilder &FeedBuilder::staff(
    const QString &id, const QString &name, const QString &role, bool active, const QString &pin)
{
    // Without a PIN the hash is a placeholder nobody can sign in with (most tests never sign in).
    QJsonObject pinObject{{QStringLiteral("alg"), QStringLiteral("pbkdf2-sha256")}, {QStringLiteral("iter"), 1000},
        {QStringLiteral("salt"), QStringLiteral("c2FsdA")}, {QStringLiteral("hash"), QStringLiteral("aGFzaA")}};
    if (!pin.isEmpty()) {
        const PinHash h = hashPin(pin, 1000); // deliberately low: demo and test speed, not security
        pinObject = QJsonObject{{QStringLiteral("alg"), h.alg}, {QStringLiteral("iter"), h.iterations},
            {QStringLiteral("salt"), h.salt}, {QStringLiteral("hash"), h.hash}};
    }
    return raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("staff")},
        {QStringLiteral("data"),
            QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("role"), role},
                {QStringLiteral("pin"), pinObject}, {QStringLiteral("active"), active}}}});
}

FeedBuilder &FeedBuilder::revocation(const QString &jti, const QString &reason)
{
    return raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("revocation")},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("jti"), jti}, {QStringLiteral("reason"), reason}}}});
}

FeedBuilder &FeedBuilder::redemption(const QString &id, const QString &orderId, const QString &jti,
    const QString &deviceId, const QString &staffId, qint64 redeemedAt, bool voided)
{
    QJsonObject data{{QStringLiteral("id"), id}, {QStringLiteral("orderId"), orderId},
        {QStringLiteral("deviceId"), deviceId}, {QStringLiteral("redeemedAt"), rfc3339(redeemedAt)},
        {QStringLiteral("voided"), voided}};
    if (!jti.isEmpty())
        data.insert(QStringLiteral("jti"), jti);
    if (!staffId.isEmpty())
        data.insert(QStringLiteral("staffId"), staffId);
    return raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("redemption")}, {QStringLiteral("data"), data}});
}

FeedBuilder &FeedBuilder::raw(const QJsonObject &change)
{
    m_changes.append(change);
    return *this;
}

FeedBuilder &FeedBuilder::serverTime(qint64 unixSeconds)
{
    m_serverTime = rfc3339(unixSeconds);
    return *this;
}

QByteArray FeedBuilder::toJson(const QString &cursor, bool hasMore) const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("changes"), m_changes}, {QStringLiteral("cursor"), cursor},
                             {QStringLiteral("hasMore"), hasMore}, {QStringLiteral("serverTime"), m_serverTime}})
        .toJson(QJsonDocument::Compact);
}

} // namespace kiosk::demo
