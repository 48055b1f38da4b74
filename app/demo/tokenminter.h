#pragma once
// Signs drink tokens with an Ed25519 private key, as the cloud does, and builds change-feed
// documents. For tests, benchmarks and demo mode only: a kiosk in service never holds a private
// key; `club-kiosk --demo` signs with a throwaway key it generates for its own demo venue.

#include <QByteArray>
#include <QCborMap>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace kiosk::demo {

struct SigningKey
{
    QString kid;
    QByteArray publicKey; // 32 bytes
    QByteArray secretKey; // 64 bytes (libsodium form: seed + public key)

    static SigningKey fromSeed(const QString &kid, const QByteArray &seed32);
    static SigningKey generate(const QString &kid);
    // The public JWK as the change feed carries it.
    QJsonObject jwk() const;
    // The 64-byte Ed25519 signature of `message`.
    QByteArray sign(QByteArrayView message) const;
};

QJsonObject defaultHeader(const QString &kid);
// A valid claim set: venue, order, token id, issued-at and expiry in Unix seconds.
QJsonObject defaultClaims(const QString &venue, const QString &orderId, const QString &jti, qint64 iat, qint64 exp);

// BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(Ed25519 signature).
QByteArray mintToken(const SigningKey &key, const QJsonObject &header, const QJsonObject &payload);
// Same, with the payload bytes given verbatim (for malformed-claim tests).
QByteArray mintTokenRaw(const SigningKey &key, const QByteArray &headerJson, const QByteArray &payloadJson);
// The same claims (defaultClaims' JSON names) as a compact DK1 code: CWT claims in a
// COSE_Sign1 with the key's kid, Base45, behind "DK1:". The jti must be the base64url of 8 to
// 32 bytes (it travels as the CWT's cti); nullopt otherwise.
std::optional<QByteArray> mintCompactToken(const SigningKey &key, const QJsonObject &claims);
// A DK1 text from the parts as given (tests build wrong headers, kids and tags with it): the
// COSE_Sign1 [protected, {4: kid}, claims, signature], tagged 18 when asked.
QByteArray mintCompactRaw(const SigningKey &key, const QCborMap &protectedHeader, const QByteArray &kid,
    const QCborMap &claims, bool tagged = false);

QString rfc3339(qint64 unixSeconds);

// Builds change-feed documents.
class FeedBuilder
{
public:
    FeedBuilder &key(const SigningKey &key, std::optional<qint64> notBefore = std::nullopt,
        std::optional<qint64> notAfter = std::nullopt, bool revoked = false);
    FeedBuilder &order(const QString &id, const QString &jti, const QString &status, qint64 updatedAt,
        const QString &qrCode = QString(), qint64 expiresAt = 0, const QString &recipient = QStringLiteral("Alex M."));
    // `pin` empty: a placeholder hash nobody can sign in with.
    FeedBuilder &staff(const QString &id, const QString &name, const QString &role, bool active = true,
        const QString &pin = QString());
    FeedBuilder &revocation(const QString &jti, const QString &reason = QStringLiteral("refunded"));
    FeedBuilder &redemption(const QString &id, const QString &orderId, const QString &jti, const QString &deviceId,
        const QString &staffId, qint64 redeemedAt, bool voided = false);
    FeedBuilder &raw(const QJsonObject &change);
    QByteArray toJson(const QString &cursor = QStringLiteral("c1"), bool hasMore = false) const;
    // The page's serverTime (Unix seconds); a fixed time in 2026-11 unless set.
    FeedBuilder &serverTime(qint64 unixSeconds);

private:
    QJsonArray m_changes;
    QString m_serverTime = QStringLiteral("2026-11-22T21:04:05Z");
};

} // namespace kiosk::demo
