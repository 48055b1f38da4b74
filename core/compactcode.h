#pragma once
// The compact drink code (drink-token.md, "Compact form"): "DK1:" then Base45 (RFC 9285) of a
// COSE_Sign1 (RFC 9052) over CWT claims (RFC 8392), signed with Ed25519. Parsed here into the
// same ParsedToken as a JWS, with the COSE Sig_structure as the signed bytes, so that the
// verifier applies the same rules in the same order to both forms. Structural only.
#include "token.h"

namespace kiosk {

inline constexpr char kCompactPrefix[] = "DK1:";

// Strict Base45: only the 45 characters of RFC 9285, no group that decodes past its byte
// range, no dangling single character. Nullopt on any of these.
std::optional<QByteArray> base45Decode(QByteArrayView text);
QByteArray base45Encode(QByteArrayView data);

// COSE's Sig_structure for a COSE_Sign1 without external data: the CBOR array
// ["Signature1", protected, h'', payload] in its one canonical encoding.
QByteArray coseSigStructure(QByteArrayView protectedBytes, QByteArrayView payload);

// The Base45 text after "DK1:", as a Token or Malformed with the rule that failed.
ScannedCode parseCompactCode(QByteArrayView base45);

} // namespace kiosk
