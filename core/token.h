#pragma once
// A scanned text classified into one of drink-token.md's forms (signed compact JWS, the
// compact DK1 code, or legacy order code) or rejected as MALFORMED with a precise detail. Parsing is structural
// only: algorithm, key, signature and claim rules are the verifier's.

#include "records.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace kiosk {

inline constexpr qsizetype kMaxCodeBytes = 2048;

struct TokenHeader
{
    QString alg;
    QString kid; // may be empty when alg is not EdDSA (the verifier rejects those first)
};

struct TokenClaims
{
    QString iss;
    QString aud; // venue id
    QString sub; // order id
    QString jti; // token id
    qint64 iat = 0; // seconds
    qint64 exp = 0; // seconds
    QList<Drink> drinks;
    qint64 amount = 0;
    QString currency;
    QString recipient;
    QString phone4; // empty when absent
};

struct ParsedToken
{
    TokenHeader header;
    TokenClaims claims;
    // What the signature covers: the ASCII of header "." payload (JWS), or the COSE
    // Sig_structure around the received protected header and payload bytes (DK1).
    QByteArray signingInput;
    QByteArray signature;
};

enum class CodeForm { Token, Legacy, Malformed };

struct ScannedCode
{
    CodeForm form = CodeForm::Malformed;
    ParsedToken token; // when form == Token
    QString legacyCode; // when form == Legacy
    QString malformedDetail; // when form == Malformed: which rule failed (never echoes the text)
};

ScannedCode classifyCode(QByteArrayView text);

// The legacy order-code form: 4 to 128 of [A-Za-z0-9_-].
bool isLegacyCode(QByteArrayView text);

// Short, non-reversible fingerprint of a scanned text for logs ("3f9a1c0d2b4e6f70").
QString codeFingerprint(QByteArrayView text);

} // namespace kiosk
