#include "records.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kiosk {

QJsonArray drinksToJsonArray(const QList<Drink> &drinks)
{
    QJsonArray array;
    for (const auto &d : drinks)
        array.append(QJsonObject{{QStringLiteral("name"), d.name}, {QStringLiteral("qty"), d.qty}});
    return array;
}

QByteArray drinksToJson(const QList<Drink> &drinks)
{
    return QJsonDocument(drinksToJsonArray(drinks)).toJson(QJsonDocument::Compact);
}

QList<Drink> drinksFromJson(QByteArrayView json)
{
    QList<Drink> drinks;
    const auto array = QJsonDocument::fromJson(json.toByteArray()).array();
    drinks.reserve(array.size());
    for (const auto &v : array) {
        const auto o = v.toObject();
        drinks.append(Drink{o.value(QLatin1String("name")).toString(), o.value(QLatin1String("qty")).toInt()});
    }
    return drinks;
}

QString verifiedByCode(VerifiedBy v)
{
    switch (v) {
    case VerifiedBy::Signature:
        return QStringLiteral("signature");
    case VerifiedBy::Cache:
        return QStringLiteral("cache");
    case VerifiedBy::Online:
        return QStringLiteral("online");
    case VerifiedBy::None:
        break;
    }
    return {};
}

std::optional<VerifiedBy> verifiedByFromCode(QStringView code)
{
    if (code == u"signature")
        return VerifiedBy::Signature;
    if (code == u"cache")
        return VerifiedBy::Cache;
    if (code == u"online")
        return VerifiedBy::Online;
    if (code.isEmpty())
        return VerifiedBy::None;
    return std::nullopt;
}

} // namespace kiosk
