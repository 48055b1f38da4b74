#pragma once
// A temporary kiosk database bound to the published test venue, with the test key imported
// and a manual clock at the vectors' "now": the starting point of most core tests.

#include "minter.h"

#include "clock.h"
#include "feed.h"
#include "store.h"

#include <QTemporaryDir>

#include <memory>

namespace kiosk::test {

class VenueFixture
{
public:
    explicit VenueFixture(const QString &venue = QStringLiteral("ven_test"));

    QString errorString; // set when construction or an import failed
    bool ok() const { return errorString.isEmpty(); }

    // Applies a feed document; false (with errorString) when it was refused.
    bool import(const FeedBuilder &feed);
    // A valid token for this venue, signed with the test key, issued a minute ago, expiring in a day.
    QByteArray token(const QString &orderId, const QString &jti) const;
    QByteArray token(const QJsonObject &claims) const;
    QJsonObject claims(const QString &orderId, const QString &jti) const;
    qint64 nowSeconds() const { return clock.nowMs() / 1000; }

    QTemporaryDir dir;
    QString dbPath;
    ManualClock clock{1790000000LL * 1000};
    SigningKey key;
    QString venue;
    std::unique_ptr<Store> store;
};

} // namespace kiosk::test
