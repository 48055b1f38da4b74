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

const QStringList &knownOrderStatuses()
{
    static const QStringList statuses{QStringLiteral("PENDING"), QStringLiteral("PAID"), QStringLiteral("ACCEPTED"),
        QStringLiteral("REJECTED"), QStringLiteral("REDEEMED"), QStringLiteral("EXPIRED"), QStringLiteral("CANCELLED"),
        QStringLiteral("REFUNDED")};
    return statuses;
}

bool isKnownOrderStatus(const QString &status)
{
    return knownOrderStatuses().contains(status);
}

bool isRedeemableOrderStatus(const QString &status)
{
    return status == QLatin1String("PAID") || status == QLatin1String("ACCEPTED");
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
