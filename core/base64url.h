#pragma once
// Strict base64url (RFC 4648 §5) without padding, as JWS requires: any character outside
// the alphabet, padding, an impossible length or non-zero trailing bits is an error, so each
// byte string has exactly one accepted encoding.

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace kiosk {

std::optional<QByteArray> base64UrlDecodeStrict(QByteArrayView text);
QByteArray base64UrlEncode(QByteArrayView data);

} // namespace kiosk
