#include "setupcode.h"

#include "cloudclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace kiosk::sync {

namespace {
constexpr qsizetype kMaxSetupCodeBytes = 2048;
constexpr char kType[] = "club-kiosk-setup";
} // namespace

QByteArray SetupCode::toJson() const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QLatin1String(kType)}, {QStringLiteral("v"), version},
                             {QStringLiteral("url"), url.toString()}, {QStringLiteral("code"), code}})
        .toJson(QJsonDocument::Compact);
}

Result<SetupCode> parseSetupCode(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    if (!trimmed.startsWith('{') || trimmed.size() > kMaxSetupCodeBytes)
        return makeError(ErrorCode::NotFound, QStringLiteral("not a setup code"));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()
        || doc.object().value(QLatin1String("type")).toString() != QLatin1String(kType))
        return makeError(ErrorCode::NotFound, QStringLiteral("not a setup code"));
    const QJsonObject o = doc.object();
    const QJsonValue v = o.value(QLatin1String("v"));
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < 1)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("this setup code has no valid version"));
    if (v.toInt() > kSetupCodeVersion)
        return makeError(ErrorCode::TooNew,
            QStringLiteral("this setup code is for a newer Club Kiosk (format %1; this kiosk reads %2): update this "
                           "kiosk, then scan it again")
                .arg(v.toInt())
                .arg(kSetupCodeVersion));
    SetupCode s;
    s.version = v.toInt();
    if (!o.value(QLatin1String("url")).isString() || !o.value(QLatin1String("code")).isString())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("this setup code lacks the server or the code"));
    s.url = QUrl(o.value(QLatin1String("url")).toString(), QUrl::StrictMode);
    if (auto problem = CloudClient::urlProblem(s.url, false))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("this setup code's server: %1").arg(*problem));
    s.code = o.value(QLatin1String("code")).toString().trimmed();
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9-]{4,64}$"));
    if (!shape.match(s.code).hasMatch())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("this setup code's pairing code is malformed"));
    return s;
}

} // namespace kiosk::sync
