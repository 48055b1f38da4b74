#include "fixture.h"

namespace kiosk::test {

VenueFixture::VenueFixture(const QString &venueId)
    : key(publishedTestKey())
    , venue(venueId)
{
    dbPath = dir.filePath(QStringLiteral("kiosk.db"));
    auto created = Store::create(dbPath, venue, QStringLiteral("Test Bar"), clock);
    if (!created) {
        errorString = created.error().message;
        return;
    }
    store = std::move(*created);
    import(FeedBuilder().key(key, nowSeconds() - 86400 * 30, nowSeconds() + 86400 * 365));
}

bool VenueFixture::import(const FeedBuilder &feed)
{
    auto doc = parseFeedDocument(feed.toJson());
    if (!doc) {
        errorString = doc.error().message;
        return false;
    }
    auto applied = FeedIngest(*store, clock).apply(*doc);
    if (!applied) {
        errorString = applied.error().message;
        return false;
    }
    return true;
}

QJsonObject VenueFixture::claims(const QString &orderId, const QString &jti) const
{
    return defaultClaims(venue, orderId, jti, nowSeconds() - 60, nowSeconds() + 86400);
}

QByteArray VenueFixture::token(const QString &orderId, const QString &jti) const
{
    return token(claims(orderId, jti));
}

QByteArray VenueFixture::token(const QJsonObject &c) const
{
    return mintToken(key, defaultHeader(key.kid), c);
}

} // namespace kiosk::test
