#pragma once
// Private to core: strict, typed reads of JSON object fields, shared by the token claims and
// the change feed. Each read returns false and leaves a precise message in `why`.

#include "records.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace kiosk {

inline constexpr qsizetype kMaxIdChars = 128;
inline constexpr qsizetype kMaxNameChars = 200;

class JsonFieldReader
{
public:
    // `noun` names fields in messages: "claim 'exp' is missing", "field 'amount' …".
    JsonFieldReader(const QJsonObject &object, const char *noun);

    QString why;

    // An identifier: non-empty, no control characters, at most kMaxIdChars.
    bool id(const char *name, QString *out);
    bool optionalId(const char *name, QString *out);
    // Display text (names): may be empty, at most kMaxNameChars, no control characters.
    bool text(const char *name, QString *out);
    bool integer(const char *name, qint64 *out, qint64 min = 0);
    bool boolean(const char *name, bool *out, std::optional<bool> defaultValue = std::nullopt);
    bool timestamp(const char *name, std::optional<qint64> *outMs, bool required);
    bool currency(const char *name, QString *out);
    bool optionalPhone4(const char *name, QString *out);
    // 1 to `max` drinks (a token carries at most 20; an order may carry more).
    bool drinks(const char *name, QList<Drink> *out, qsizetype max = 20);

    bool fail(QString message);
    static bool readInteger(const QJsonValue &v, qint64 *out);

private:
    QString label(const char *name) const;
    bool string(const char *name, QString *out, bool required, bool nonEmpty, qsizetype maxLen);

    const QJsonObject &m_o;
    const char *m_noun;
};

bool hasControlChars(const QString &s);

} // namespace kiosk
