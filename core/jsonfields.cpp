#include "jsonfields_p.h"

#include "timeutil.h"

#include <QJsonArray>

#include <cmath>

namespace kiosk {

namespace {
constexpr double kMaxSafeInteger = 9007199254740991.0; // 2^53 - 1: beyond it JSON numbers are ambiguous
} // namespace

bool hasControlChars(const QString &s)
{
    return std::any_of(s.begin(), s.end(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

JsonFieldReader::JsonFieldReader(const QJsonObject &object, const char *noun)
    : m_o(object)
    , m_noun(noun)
{ }

QString JsonFieldReader::label(const char *name) const
{
    return QStringLiteral("%1 '%2'").arg(QLatin1String(m_noun), QLatin1String(name));
}

bool JsonFieldReader::fail(QString message)
{
    why = std::move(message);
    return false;
}

bool JsonFieldReader::string(const char *name, QString *out, bool required, bool nonEmpty, qsizetype maxLen)
{
    const QJsonValue v = m_o.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return fail(label(name) + QStringLiteral(" is missing"));
        out->clear();
        return true;
    }
    if (!v.isString())
        return fail(label(name) + QStringLiteral(" must be a string"));
    *out = v.toString();
    if (nonEmpty && out->isEmpty())
        return fail(label(name) + QStringLiteral(" must not be empty"));
    if (out->size() > maxLen)
        return fail(label(name) + QStringLiteral(" is longer than %1 characters").arg(maxLen));
    if (hasControlChars(*out))
        return fail(label(name) + QStringLiteral(" contains control characters"));
    return true;
}

bool JsonFieldReader::id(const char *name, QString *out)
{
    return string(name, out, true, true, kMaxIdChars);
}

bool JsonFieldReader::optionalId(const char *name, QString *out)
{
    return string(name, out, false, true, kMaxIdChars);
}

bool JsonFieldReader::text(const char *name, QString *out)
{
    return string(name, out, true, false, kMaxNameChars);
}

bool JsonFieldReader::readInteger(const QJsonValue &v, qint64 *out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxSafeInteger)
        return false;
    *out = v.toInteger();
    return true;
}

bool JsonFieldReader::integer(const char *name, qint64 *out, qint64 min)
{
    const QJsonValue v = m_o.value(QLatin1String(name));
    if (v.isUndefined())
        return fail(label(name) + QStringLiteral(" is missing"));
    if (!readInteger(v, out) || *out < min)
        return fail(label(name) + QStringLiteral(" must be an integer of at least %1").arg(min));
    return true;
}

bool JsonFieldReader::boolean(const char *name, bool *out, std::optional<bool> defaultValue)
{
    const QJsonValue v = m_o.value(QLatin1String(name));
    if (v.isUndefined() && defaultValue) {
        *out = *defaultValue;
        return true;
    }
    if (!v.isBool())
        return fail(label(name) + QStringLiteral(" must be true or false"));
    *out = v.toBool();
    return true;
}

bool JsonFieldReader::timestamp(const char *name, std::optional<qint64> *outMs, bool required)
{
    const QJsonValue v = m_o.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return fail(label(name) + QStringLiteral(" is missing"));
        outMs->reset();
        return true;
    }
    const auto ms = v.isString() ? parseRfc3339Ms(v.toString().toLatin1()) : std::nullopt;
    if (!ms)
        return fail(label(name) + QStringLiteral(" must be an RFC 3339 time such as 2026-11-22T21:04:05Z"));
    *outMs = ms;
    return true;
}

bool JsonFieldReader::currency(const char *name, QString *out)
{
    if (!string(name, out, true, true, 3))
        return false;
    if (out->size() != 3 || !std::all_of(out->begin(), out->end(), [](QChar c) { return c >= u'A' && c <= u'Z'; }))
        return fail(label(name) + QStringLiteral(" must be an ISO 4217 code such as USD"));
    return true;
}

bool JsonFieldReader::optionalPhone4(const char *name, QString *out)
{
    if (!string(name, out, false, false, 4))
        return false;
    if (!out->isEmpty()
        && (out->size() != 4 || !std::all_of(out->begin(), out->end(), [](QChar c) { return c.isDigit(); })))
        return fail(label(name) + QStringLiteral(" must be four digits"));
    return true;
}

bool JsonFieldReader::drinks(const char *name, QList<Drink> *out, qsizetype max)
{
    const QJsonValue v = m_o.value(QLatin1String(name));
    if (v.isUndefined())
        return fail(label(name) + QStringLiteral(" is missing"));
    if (!v.isArray())
        return fail(label(name) + QStringLiteral(" must be an array"));
    const QJsonArray array = v.toArray();
    if (array.isEmpty() || array.size() > max)
        return fail(label(name) + QStringLiteral(" must hold 1 to %1 entries").arg(max));
    out->clear();
    out->reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue e = array.at(i);
        const QJsonValue n = e.toObject().value(QLatin1String("name"));
        qint64 qty = 0;
        if (!e.isObject() || !n.isString() || n.toString().isEmpty() || n.toString().size() > kMaxNameChars
            || hasControlChars(n.toString()) || !readInteger(e.toObject().value(QLatin1String("qty")), &qty) || qty < 1
            || qty > 99)
            return fail(
                QStringLiteral("%1[%2] must be {\"name\": non-empty text, \"qty\": 1..99}").arg(label(name)).arg(i));
        out->append(Drink{n.toString(), static_cast<int>(qty)});
    }
    return true;
}

} // namespace kiosk
