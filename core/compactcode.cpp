#include "compactcode.h"
#include "base64url.h"
#include "jsonfields_p.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>

namespace kiosk {

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
constexpr qint64 kCoseEdDsa = -8; // COSE algorithm EdDSA (RFC 9053)
constexpr qint64 kMaxClaimInteger = 9007199254740991; // as for JSON numbers: 2^53 - 1

int base45Value(char c)
{
    for (int i = 0; i < 45; ++i)
        if (kAlphabet[i] == c)
            return i;
    return -1;
}

ScannedCode malformed(QString detail)
{
    ScannedCode c;
    c.form = CodeForm::Malformed;
    c.malformedDetail = QStringLiteral("compact code: ") + detail;
    return c;
}

// One CBOR data item that fills `bytes` exactly (no trailing bytes), or nullopt.
std::optional<QCborValue> decodeWhole(const QByteArray &bytes)
{
    QCborStreamReader reader(bytes);
    QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError || reader.currentOffset() != bytes.size())
        return std::nullopt;
    return value;
}

// The CBOR head of a byte string of `size` bytes, in its shortest form (as COSE requires).
QByteArray byteStringHead(qsizetype size)
{
    QByteArray head;
    if (size < 24) {
        head.append(char(0x40 + size));
    } else if (size < 0x100) {
        head.append(char(0x58)).append(char(size));
    } else if (size < 0x10000) {
        head.append(char(0x59)).append(char(size >> 8)).append(char(size & 0xff));
    } else {
        head.append(char(0x5a));
        for (int shift = 24; shift >= 0; shift -= 8)
            head.append(char((size >> shift) & 0xff));
    }
    return head;
}

} // namespace

QByteArray coseSigStructure(QByteArrayView protectedBytes, QByteArrayView payload)
{
    QByteArray out;
    out.reserve(16 + protectedBytes.size() + payload.size() + 10);
    out.append(char(0x84)).append(char(0x6a)).append("Signature1");
    out.append(byteStringHead(protectedBytes.size())).append(protectedBytes);
    out.append(char(0x40));
    out.append(byteStringHead(payload.size())).append(payload);
    return out;
}

namespace {

bool validText(const QString &s, qsizetype maxLen, bool nonEmpty)
{
    return (!nonEmpty || !s.isEmpty()) && s.size() <= maxLen && !hasControlChars(s);
}

// Reads the claims map into `c`; an empty string on success, else the rule that failed.
QString readClaims(const QCborMap &m, TokenClaims &c)
{
    auto text
        = [&](qint64 key, const char *name, QString *out, bool required, qsizetype maxLen, bool nonEmpty) -> QString {
        const QCborValue v = m.value(key);
        if (v.isUndefined()) {
            if (required)
                return QStringLiteral("claim %1 (%2) is missing").arg(key).arg(QLatin1String(name));
            return QString();
        }
        if (!v.isString() || !validText(v.toString(), maxLen, nonEmpty))
            return QStringLiteral("claim %1 (%2) must be text of at most %3 characters, no control characters")
                .arg(key)
                .arg(QLatin1String(name))
                .arg(maxLen);
        *out = v.toString();
        return QString();
    };
    auto uint = [&](qint64 key, const char *name, qint64 *out) -> QString {
        const QCborValue v = m.value(key);
        if (v.isUndefined())
            return QStringLiteral("claim %1 (%2) is missing").arg(key).arg(QLatin1String(name));
        if (!v.isInteger() || v.toInteger() < 0 || v.toInteger() > kMaxClaimInteger)
            return QStringLiteral("claim %1 (%2) must be an unsigned integer").arg(key).arg(QLatin1String(name));
        *out = v.toInteger();
        return QString();
    };
    QString why;
    c.iss = QStringLiteral("club");
    if (!(why = text(1, "iss", &c.iss, false, kMaxIdChars, true)).isEmpty()
        || !(why = text(2, "sub", &c.sub, true, kMaxIdChars, true)).isEmpty()
        || !(why = text(3, "aud", &c.aud, true, kMaxIdChars, true)).isEmpty()
        || !(why = uint(4, "exp", &c.exp)).isEmpty() || !(why = uint(6, "iat", &c.iat)).isEmpty()
        || !(why = uint(-2, "amt", &c.amount)).isEmpty()
        || !(why = text(-3, "cur", &c.currency, true, 3, true)).isEmpty()
        || !(why = text(-4, "rcp", &c.recipient, true, kMaxNameChars, false)).isEmpty()
        || !(why = text(-5, "ph4", &c.phone4, false, 4, false)).isEmpty())
        return why;
    if (c.iss != QLatin1String("club"))
        return QStringLiteral("claim 1 (iss) is not 'club'");
    if (c.currency.size() != 3
        || !std::all_of(c.currency.begin(), c.currency.end(), [](QChar ch) { return ch >= u'A' && ch <= u'Z'; }))
        return QStringLiteral("claim -3 (cur) must be an ISO 4217 code such as USD");
    if (!c.phone4.isEmpty() && (c.phone4.size() != 4 || !std::all_of(c.phone4.begin(), c.phone4.end(), [](QChar ch) {
            return ch.isDigit();
        })))
        return QStringLiteral("claim -5 (ph4) must be four digits");
    const QCborValue cti = m.value(7);
    if (cti.isUndefined())
        return QStringLiteral("claim 7 (cti) is missing");
    if (!cti.isByteArray() || cti.toByteArray().size() < 8 || cti.toByteArray().size() > 32)
        return QStringLiteral("claim 7 (cti) must be a byte string of 8 to 32 bytes");
    c.jti = QString::fromLatin1(base64UrlEncode(cti.toByteArray()));
    const QCborValue drinks = m.value(-1);
    if (drinks.isUndefined())
        return QStringLiteral("claim -1 (drinks) is missing");
    if (!drinks.isArray() || drinks.toArray().isEmpty() || drinks.toArray().size() > 20)
        return QStringLiteral("claim -1 (drinks) must be an array of 1 to 20 [qty, name] pairs");
    c.drinks.clear();
    const QCborArray list = drinks.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QCborValue pair = list.at(i);
        const QCborArray p = pair.toArray();
        if (!pair.isArray() || p.size() != 2 || !p.at(0).isInteger() || p.at(0).toInteger() < 1
            || p.at(0).toInteger() > 99 || !p.at(1).isString() || !validText(p.at(1).toString(), kMaxNameChars, true))
            return QStringLiteral("claim -1 (drinks)[%1] must be [qty 1..99, non-empty name]").arg(i);
        c.drinks.append(Drink{p.at(1).toString(), int(p.at(0).toInteger())});
    }
    return QString();
}

} // namespace

std::optional<QByteArray> base45Decode(QByteArrayView text)
{
    if (text.size() % 3 == 1)
        return std::nullopt;
    QByteArray out;
    out.reserve(text.size() / 3 * 2 + 1);
    for (qsizetype i = 0; i < text.size(); i += 3) {
        const qsizetype n = std::min<qsizetype>(3, text.size() - i);
        int value = 0;
        int weight = 1;
        for (qsizetype j = 0; j < n; ++j) {
            const int d = base45Value(text[i + j]);
            if (d < 0)
                return std::nullopt;
            value += d * weight;
            weight *= 45;
        }
        if (n == 3) {
            if (value > 0xffff)
                return std::nullopt;
            out.append(char(value >> 8)).append(char(value & 0xff));
        } else {
            if (value > 0xff)
                return std::nullopt;
            out.append(char(value));
        }
    }
    return out;
}

QByteArray base45Encode(QByteArrayView data)
{
    QByteArray out;
    out.reserve(data.size() / 2 * 3 + 2);
    for (qsizetype i = 0; i < data.size(); i += 2) {
        if (i + 1 < data.size()) {
            int v = (uchar(data[i]) << 8) | uchar(data[i + 1]);
            for (int k = 0; k < 3; ++k, v /= 45)
                out.append(kAlphabet[v % 45]);
        } else {
            int v = uchar(data[i]);
            for (int k = 0; k < 2; ++k, v /= 45)
                out.append(kAlphabet[v % 45]);
        }
    }
    return out;
}

ScannedCode parseCompactCode(QByteArrayView base45)
{
    const auto bytes = base45Decode(base45);
    if (!bytes)
        return malformed(QStringLiteral("not strict Base45"));
    const auto outer = decodeWhole(*bytes);
    if (!outer)
        return malformed(QStringLiteral("not one CBOR item"));
    QCborValue sign1 = *outer;
    if (sign1.isTag()) {
        if (sign1.tag() != QCborTag(18))
            return malformed(QStringLiteral("tagged %1, not COSE_Sign1 (18)").arg(quint64(sign1.tag())));
        sign1 = sign1.taggedValue();
    }
    const QCborArray parts = sign1.toArray();
    if (!sign1.isArray() || parts.size() != 4)
        return malformed(QStringLiteral("not a COSE_Sign1 array of four"));
    if (!parts.at(0).isByteArray() || !parts.at(1).isMap() || !parts.at(2).isByteArray() || !parts.at(3).isByteArray())
        return malformed(QStringLiteral("COSE_Sign1 must be [bstr protected, map, bstr payload, bstr signature]"));
    const QByteArray protectedBytes = parts.at(0).toByteArray();
    const QByteArray payload = parts.at(2).toByteArray();

    const auto protectedHeader = decodeWhole(protectedBytes);
    if (!protectedHeader || !protectedHeader->isMap())
        return malformed(QStringLiteral("the protected header is not a CBOR map"));
    const QCborMap prot = protectedHeader->toMap();
    if (prot.contains(2))
        return malformed(QStringLiteral("the protected header has critical parameters the kiosk does not understand"));
    const QCborValue alg = prot.value(1);
    if (alg.isUndefined())
        return malformed(QStringLiteral("the protected header has no alg (1)"));
    if (!alg.isInteger() && !alg.isString())
        return malformed(QStringLiteral("the protected header's alg (1) must be an integer"));

    ScannedCode code;
    code.form = CodeForm::Token;
    ParsedToken &t = code.token;
    // The verifier refuses anything but "EdDSA", by name, as for the JWS.
    t.header.alg = alg.isInteger() && alg.toInteger() == kCoseEdDsa
        ? QStringLiteral("EdDSA")
        : QStringLiteral("COSE %1").arg(alg.isInteger() ? QString::number(alg.toInteger()) : alg.toString());

    const QCborMap unprot = parts.at(1).toMap();
    const QCborValue kid = unprot.value(4).isUndefined() ? prot.value(4) : unprot.value(4);
    if (!kid.isUndefined()) {
        const QString kidText = QString::fromUtf8(kid.toByteArray());
        if (!kid.isByteArray() || kidText.toUtf8() != kid.toByteArray() || !validText(kidText, kMaxIdChars, true))
            return malformed(QStringLiteral("kid (4) must be the UTF-8 bytes of a key id"));
        t.header.kid = kidText;
    }
    if (t.header.alg == QLatin1String("EdDSA") && t.header.kid.isEmpty())
        return malformed(QStringLiteral("no kid (4)"));

    const auto claims = decodeWhole(payload);
    if (!claims || !claims->isMap())
        return malformed(QStringLiteral("the payload is not a CBOR claims map"));
    if (const QString why = readClaims(claims->toMap(), t.claims); !why.isEmpty())
        return malformed(why);

    t.signingInput = coseSigStructure(protectedBytes, payload);
    t.signature = parts.at(3).toByteArray();
    return code;
}

} // namespace kiosk
