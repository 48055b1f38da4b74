#pragma once
// Staff PINs, checked offline against the PBKDF2-HMAC-SHA256 hashes the change feed carries
// (salt and hash in base64url). The PIN itself is never stored or logged.
#include "records.h"

#include <QByteArray>
#include <QString>

namespace kiosk {

// PBKDF2-HMAC-SHA256 (RFC 8018) with a 32-byte output.
QByteArray pbkdf2Sha256(QByteArrayView password, QByteArrayView salt, int iterations);

// The feed's `pin` object for `pin` with a fresh random salt (the reference cloud, the demo).
struct PinHash
{
    QString alg;
    int iterations = 0;
    QString salt; // base64url
    QString hash; // base64url
};
PinHash hashPin(const QString &pin, int iterations);

enum class PinCheck { Match, Mismatch, Unusable };
// Compares in constant time. Unusable: the staff record's hash cannot be checked (unknown
// algorithm, bad base64url, absurd iteration count): nobody can sign in with it.
PinCheck checkPin(const StaffRecord &staff, const QString &pin);

} // namespace kiosk
