#include "pin.h"
#include "base64url.h"

#include <sodium.h>

namespace kiosk {

namespace {
// Beyond this a PIN check would freeze the kiosk for seconds: treat as a broken record.
constexpr qint64 MaxIterations = 5'000'000;

// libsodium copies from the pointer even for zero bytes: never hand it null (an empty
// password or salt has no data pointer).
const unsigned char *bytesOf(QByteArrayView v)
{
    static const unsigned char none = 0;
    return v.isEmpty() ? &none : reinterpret_cast<const unsigned char *>(v.data());
}
} // namespace

QByteArray pbkdf2Sha256(QByteArrayView password, QByteArrayView salt, int iterations)
{
    // The keyed HMAC state is computed once and copied per iteration: two SHA-256 blocks per
    // round instead of four, which keeps 210,000 rounds well under a tenth of a second.
    crypto_auth_hmacsha256_state keyed;
    crypto_auth_hmacsha256_init(&keyed, bytesOf(password), static_cast<size_t>(password.size()));
    unsigned char u[crypto_auth_hmacsha256_BYTES];
    QByteArray out(crypto_auth_hmacsha256_BYTES, Qt::Uninitialized);
    auto *t = reinterpret_cast<unsigned char *>(out.data());

    crypto_auth_hmacsha256_state st = keyed;
    const unsigned char blockIndex[4] = {0, 0, 0, 1};
    crypto_auth_hmacsha256_update(&st, bytesOf(salt), static_cast<unsigned long long>(salt.size()));
    crypto_auth_hmacsha256_update(&st, blockIndex, sizeof blockIndex);
    crypto_auth_hmacsha256_final(&st, u);
    std::copy(std::begin(u), std::end(u), t);
    for (int i = 1; i < iterations; ++i) {
        st = keyed;
        crypto_auth_hmacsha256_update(&st, u, sizeof u);
        crypto_auth_hmacsha256_final(&st, u);
        for (size_t b = 0; b < sizeof u; ++b)
            t[b] ^= u[b];
    }
    sodium_memzero(u, sizeof u);
    sodium_memzero(&keyed, sizeof keyed);
    sodium_memzero(&st, sizeof st);
    return out;
}

PinHash hashPin(const QString &pin, int iterations)
{
    static const bool ready = sodium_init() >= 0;
    Q_UNUSED(ready)
    QByteArray salt(16, Qt::Uninitialized);
    randombytes_buf(salt.data(), static_cast<size_t>(salt.size()));
    const QByteArray derived = pbkdf2Sha256(pin.toUtf8(), salt, iterations);
    return PinHash{QStringLiteral("pbkdf2-sha256"), iterations, QString::fromLatin1(base64UrlEncode(salt)),
        QString::fromLatin1(base64UrlEncode(derived))};
}

PinCheck checkPin(const StaffRecord &staff, const QString &pin)
{
    if (staff.pinAlg != QLatin1String("pbkdf2-sha256") || staff.pinIterations < 1
        || staff.pinIterations > MaxIterations)
        return PinCheck::Unusable;
    const auto salt = base64UrlDecodeStrict(staff.pinSalt.toLatin1());
    const auto expected = base64UrlDecodeStrict(staff.pinHash.toLatin1());
    if (!salt || !expected || expected->size() != crypto_auth_hmacsha256_BYTES)
        return PinCheck::Unusable;
    QByteArray utf8 = pin.toUtf8();
    const QByteArray derived = pbkdf2Sha256(utf8, *salt, int(staff.pinIterations));
    sodium_memzero(utf8.data(), size_t(utf8.size()));
    return sodium_memcmp(derived.constData(), expected->constData(), size_t(derived.size())) == 0 ? PinCheck::Match
                                                                                                  : PinCheck::Mismatch;
}

} // namespace kiosk
