#include "devicekey.h"

#include "base64url.h"
#include "sqlite_p.h"
#include "store.h"

#include <QCryptographicHash>

#include <sodium.h>

namespace kiosk {

namespace {

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

const unsigned char *bytes(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char *>(v.data());
}

} // namespace

QByteArray DeviceKey::sign(QByteArrayView message) const
{
    QByteArray signature(crypto_sign_BYTES, Qt::Uninitialized);
    if (!sodiumReady() || secretKey.size() != crypto_sign_SECRETKEYBYTES)
        return {};
    crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr, bytes(message),
        static_cast<unsigned long long>(message.size()), bytes(secretKey));
    return signature;
}

QJsonObject DeviceKey::publicJwk() const
{
    return QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
        {QStringLiteral("crv"), QStringLiteral("Ed25519")},
        {QStringLiteral("x"), QString::fromLatin1(base64UrlEncode(publicKey))}};
}

QString DeviceKey::thumbprint() const
{
    // RFC 7638: the required members in lexicographic order, no whitespace.
    const QByteArray canonical = R"({"crv":"Ed25519","kty":"OKP","x":")" + base64UrlEncode(publicKey) + R"("})";
    return QString::fromLatin1(base64UrlEncode(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)));
}

bool verifyDeviceSignature(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    if (!sodiumReady() || publicKey.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES)
        return false;
    return crypto_sign_verify_detached(
               bytes(signature), bytes(message), static_cast<unsigned long long>(message.size()), bytes(publicKey))
        == 0;
}

Result<std::optional<DeviceKey>> loadDeviceKey(Store &store, const QString &deviceId)
{
    auto q = store.db().prepare("SELECT public_key, secret_key, created_ms FROM device_keys WHERE device_id = ?1");
    if (!q)
        return q.error();
    q->bind(1, deviceId);
    auto row = q->next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<DeviceKey>();
    DeviceKey key{deviceId, q->blob(0), q->blob(1), q->int64(2)};
    // The secret key holds its public half: a row whose halves disagree was tampered with.
    if (key.secretKey.size() != crypto_sign_SECRETKEYBYTES
        || key.secretKey.right(crypto_sign_PUBLICKEYBYTES) != key.publicKey)
        return makeError(ErrorCode::Corrupt,
            QStringLiteral("the device key of %1 is damaged (its two halves do not match); pair the kiosk again")
                .arg(deviceId));
    return std::optional<DeviceKey>(std::move(key));
}

Result<DeviceKey> ensureDeviceKey(Store &store, const QString &deviceId, qint64 nowMs)
{
    if (deviceId.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a device key needs the device's id"));
    if (!sodiumReady())
        return makeError(ErrorCode::Internal, QStringLiteral("libsodium could not be initialised"));
    auto existing = loadDeviceKey(store, deviceId);
    if (!existing)
        return existing.error();
    if (*existing)
        return std::move(**existing);
    DeviceKey key;
    key.deviceId = deviceId;
    key.createdMs = nowMs;
    key.publicKey.resize(crypto_sign_PUBLICKEYBYTES);
    key.secretKey.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char *>(key.publicKey.data()),
        reinterpret_cast<unsigned char *>(key.secretKey.data()));
    // Two processes may get here at once: the first insert wins and both use the stored key.
    auto ins = store.db().prepare("INSERT INTO device_keys (device_id, public_key, secret_key, created_ms) "
                                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (device_id) DO NOTHING");
    if (!ins)
        return ins.error();
    const Status st
        = ins->bind(1, deviceId).bindBlob(2, key.publicKey).bindBlob(3, key.secretKey).bind(4, nowMs).exec();
    sodium_memzero(key.secretKey.data(), static_cast<size_t>(key.secretKey.size()));
    if (!st)
        return st.error();
    auto stored = loadDeviceKey(store, deviceId);
    if (!stored)
        return stored.error();
    if (!*stored)
        return makeError(ErrorCode::Internal, QStringLiteral("the new device key was not stored"));
    return std::move(**stored);
}

} // namespace kiosk
