#include "token.h"

#include "base64url.h"
#include "compactcode.h"
#include "jsonfields_p.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace kiosk {

namespace {

std::optional<QJsonObject> decodeJsonObject(QByteArrayView segment)
{
    const auto raw = base64UrlDecodeStrict(segment);
    if (!raw)
        return std::nullopt;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(*raw, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

ScannedCode malformed(QString detail)
{
    ScannedCode c;
    c.form = CodeForm::Malformed;
    c.malformedDetail = std::move(detail);
    return c;
}

} // namespace

ScannedCode classifyCode(QByteArrayView text)
{
    // The size limit comes before any parsing, so a huge input costs nothing.
    if (text.size() > kMaxCodeBytes)
        return malformed(QStringLiteral("longer than %1 bytes").arg(kMaxCodeBytes));
    if (text.isEmpty())
        return malformed(QStringLiteral("empty"));
    if (text.startsWith(kCompactPrefix))
        return parseCompactCode(text.sliced(sizeof(kCompactPrefix) - 1));
    if (isLegacyCode(text)) {
        ScannedCode c;
        c.form = CodeForm::Legacy;
        c.legacyCode = QString::fromLatin1(text);
        return c;
    }

    const qsizetype dot1 = text.indexOf('.');
    const qsizetype dot2 = dot1 < 0 ? -1 : text.indexOf('.', dot1 + 1);
    if (dot1 < 0 || dot2 < 0 || text.indexOf('.', dot2 + 1) >= 0)
        return malformed(QStringLiteral("not a drink code: neither a signed code (DK1:…, or a JWS of three "
                                        "dot-separated parts) nor a legacy code (4 to 128 of A-Z a-z 0-9 _ -)"));
    const QByteArrayView headerPart = text.first(dot1);
    const QByteArrayView payloadPart = text.sliced(dot1 + 1, dot2 - dot1 - 1);
    const QByteArrayView signaturePart = text.sliced(dot2 + 1);
    if (headerPart.isEmpty() || payloadPart.isEmpty())
        return malformed(QStringLiteral("token header or payload is empty"));

    const auto signature = base64UrlDecodeStrict(signaturePart);
    if (!signature)
        return malformed(QStringLiteral("token signature is not strict base64url"));
    const auto header = decodeJsonObject(headerPart);
    if (!header)
        return malformed(QStringLiteral("token header is not base64url-encoded JSON object"));
    const auto payload = decodeJsonObject(payloadPart);
    if (!payload)
        return malformed(QStringLiteral("token payload is not a base64url-encoded JSON object"));

    ScannedCode code;
    code.form = CodeForm::Token;
    ParsedToken &t = code.token;

    const QJsonValue alg = header->value(QLatin1String("alg"));
    if (!alg.isString() || alg.toString().isEmpty())
        return malformed(QStringLiteral("token header has no 'alg'"));
    t.header.alg = alg.toString();
    const QJsonValue kid = header->value(QLatin1String("kid"));
    if (!kid.isUndefined() && (!kid.isString() || kid.toString().isEmpty() || kid.toString().size() > kMaxIdChars))
        return malformed(QStringLiteral("token header 'kid' must be a non-empty string"));
    t.header.kid = kid.toString();
    if (t.header.alg == QLatin1String("EdDSA") && t.header.kid.isEmpty())
        return malformed(QStringLiteral("token header has no 'kid'"));
    const QJsonValue typ = header->value(QLatin1String("typ"));
    if (!typ.isUndefined() && typ.toString() != QLatin1String("drink+jwt"))
        return malformed(QStringLiteral("token header 'typ' is not drink+jwt"));
    if (header->contains(QLatin1String("crit")))
        return malformed(QStringLiteral("token header has critical extensions the kiosk does not understand"));

    JsonFieldReader r(*payload, "claim");
    TokenClaims &c = t.claims;
    if (!r.id("iss", &c.iss) || !r.id("aud", &c.aud) || !r.id("sub", &c.sub) || !r.id("jti", &c.jti)
        || !r.integer("iat", &c.iat) || !r.integer("exp", &c.exp) || !r.drinks("drinks", &c.drinks)
        || !r.integer("amt", &c.amount) || !r.currency("cur", &c.currency) || !r.text("rcp", &c.recipient)
        || !r.optionalPhone4("ph4", &c.phone4))
        return malformed(r.why);
    if (c.iss != QLatin1String("club"))
        return malformed(QStringLiteral("claim 'iss' is not 'club'"));

    t.signingInput = text.first(dot2).toByteArray();
    t.signature = *signature;
    return code;
}

bool isLegacyCode(QByteArrayView text)
{
    if (text.size() < 4 || text.size() > 128)
        return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

QString codeFingerprint(QByteArrayView text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace kiosk
