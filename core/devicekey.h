#pragma once
// This kiosk's own Ed25519 key, made at pairing and kept in its database (0600): it signs the
// records the kiosk shares with the venue's other kiosks. Only the public half leaves the kiosk.

#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace kiosk {

class Store;

struct DeviceKey
{
    QString deviceId;
    QByteArray publicKey; // 32 bytes
    QByteArray secretKey; // 64 bytes (libsodium's seed and public key); never logged or sent
    qint64 createdMs = 0;

    // The detached Ed25519 signature (64 bytes) of `message`.
    QByteArray sign(QByteArrayView message) const;
    // The public half as the cloud and the roster spell it: {"kty":"OKP","crv":"Ed25519","x":…}.
    QJsonObject publicJwk() const;
    // RFC 7638 thumbprint of the public JWK (base64url SHA-256): what operators compare.
    QString thumbprint() const;
};

// True when `signature` is `publicKey`'s Ed25519 signature of `message`. Any size mismatch is
// simply false.
bool verifyDeviceSignature(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);

// The key made for `deviceId`, if there is one.
Result<std::optional<DeviceKey>> loadDeviceKey(Store &store, const QString &deviceId);
// The key for `deviceId`, made now (from the system's random source) when there is none yet:
// at pairing, and for a kiosk paired before device keys existed. Idempotent.
Result<DeviceKey> ensureDeviceKey(Store &store, const QString &deviceId, qint64 nowMs);

} // namespace kiosk
