#include "demovenue.h"
#include "tokenminter.h"

#include <QDateTime>
#include <QJsonArray>

namespace kiosk::demo {

DemoVenue makeDemoVenue(qint64 now)
{
    const QString venue = QStringLiteral("ven_demo");
    const SigningKey key = SigningKey::generate(
        QStringLiteral("demo-%1").arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM"))));
    const SigningKey forger = SigningKey::generate(key.kid); // same kid, wrong private key

    auto claims = [&](const QString &order, const QString &jti, const QString &recipient, const QJsonArray &drinks,
                      int amount) {
        QJsonObject c = defaultClaims(venue, order, jti, now - 300, now + 86400);
        c[QStringLiteral("rcp")] = recipient;
        c[QStringLiteral("drinks")] = drinks;
        c[QStringLiteral("amt")] = amount;
        return c;
    };
    auto drink = [](const char *name, int qty) {
        return QJsonObject{{QStringLiteral("name"), QString::fromUtf8(name)}, {QStringLiteral("qty"), qty}};
    };
    auto sign = [&](const QJsonObject &c, const SigningKey &k = SigningKey()) {
        const SigningKey &signer = k.secretKey.isEmpty() ? key : k;
        return mintToken(signer, defaultHeader(key.kid), c);
    };

    // Orders as the cloud caches them, with phone last four and drinks for manual lookup.
    auto order = [&](const char *id, const char *jti, const char *status, const char *qrCode, const char *recipient,
                     const char *ph4, const QJsonArray &drinks, int amount) {
        QJsonObject data{{QStringLiteral("id"), QString::fromUtf8(id)},
            {QStringLiteral("status"), QString::fromUtf8(status)},
            {QStringLiteral("recipient"), QString::fromUtf8(recipient)},
            {QStringLiteral("ph4"), QString::fromUtf8(ph4)}, {QStringLiteral("drinks"), drinks},
            {QStringLiteral("amount"), amount}, {QStringLiteral("currency"), QStringLiteral("USD")},
            {QStringLiteral("updatedAt"), rfc3339(now - 600)}, {QStringLiteral("expiresAt"), rfc3339(now + 86400)}};
        if (*jti)
            data.insert(QStringLiteral("jti"), QString::fromUtf8(jti));
        if (*qrCode)
            data.insert(QStringLiteral("qrCode"), QString::fromUtf8(qrCode));
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("order")}, {QStringLiteral("data"), data}};
    };

    FeedBuilder feed;
    feed.key(key, now - 86400 * 30, now + 86400 * 60)
        .raw(order("ord_d1", "tok_d1", "PAID", "", "Alex M.", "3321", {drink("Negroni", 1)}, 1400))
        .raw(order("ord_d4", "tok_d4", "PENDING", "", "Jo P.", "5550", {drink("Mojito", 1)}, 1200))
        .raw(order("ord_d5", "tok_d5", "REFUNDED", "", "Kim L.", "8812", {drink("Gin & Tonic", 1)}, 1000))
        .revocation(QStringLiteral("tok_d5"), QStringLiteral("refunded"))
        .raw(order("ord_d6", "", "PAID", "order_d6_qr", "Robin T.", "4407", {drink("House Red", 2)}, 1800))
        .raw(order("ord_d7", "tok_d7", "PAID", "", "Dana W.", "1290", {drink("Margarita", 1)}, 1300))
        .redemption(QStringLiteral("red_d7"), QStringLiteral("ord_d7"), QStringLiteral("tok_d7"),
            QStringLiteral("dev_bar_right"), QStringLiteral("stf_sam"), now - 600)
        // Found by name or phone on the manual entry screen.
        .raw(order("ord_m1", "tok_m1", "PAID", "", "Priya Kapoor", "0142", {drink("Negroni", 2)}, 2800))
        .raw(order(
            "ord_m2", "", "PAID", "order_m2_qr", "Tom Hughes", "7781", {drink("Pale Ale", 1), drink("IPA", 1)}, 1500))
        .raw(order("ord_m3", "tok_m3", "PAID", "", "Alex Rivera", "9034", {drink("Espresso Martini", 2)}, 2600));

    const QByteArray d1 = sign(claims(
        QStringLiteral("ord_d1"), QStringLiteral("tok_d1"), QStringLiteral("Alex M."), {drink("Negroni", 1)}, 1400));
    QJsonObject expired = claims(
        QStringLiteral("ord_d3"), QStringLiteral("tok_d3"), QStringLiteral("Sky R."), {drink("Spritz", 1)}, 1100);
    expired[QStringLiteral("iat")] = now - 86400 * 2;
    expired[QStringLiteral("exp")] = now - 86400;
    QJsonObject otherVenue = claims(QStringLiteral("ord_x1"), QStringLiteral("tok_x1"), QStringLiteral("Lee S."),
        {drink("Old Fashioned", 1)}, 1600);
    otherVenue[QStringLiteral("aud")] = QStringLiteral("ven_elsewhere");

    DemoVenue demo;
    demo.venueId = venue;
    demo.venueName = QStringLiteral("The Copper Still");
    demo.staff
        = {{QStringLiteral("stf_sam"), QStringLiteral("Sam"), QStringLiteral("bartender"), QStringLiteral("1111")},
            {QStringLiteral("stf_morgan"), QStringLiteral("Morgan"), QStringLiteral("manager"), QStringLiteral("2468")},
            {QStringLiteral("stf_ada"), QStringLiteral("Ada"), QStringLiteral("bartender"), QStringLiteral("3579")}};
    demo.codes = {
        {QStringLiteral("valid code, order in the cache"), QStringLiteral("OK"), d1},
        {QStringLiteral("the same code again"), QStringLiteral("ALREADY_REDEEMED"), d1},
        {QStringLiteral("valid code, order bought a minute ago (not yet synced)"), QStringLiteral("OK"),
            sign(claims(QStringLiteral("ord_d2"), QStringLiteral("tok_d2"), QStringLiteral("Chris B."),
                {drink("Pale Ale", 2), drink("Tonic", 1)}, 2100))},
        {QStringLiteral("redeemed at the other bar ten minutes ago"), QStringLiteral("ALREADY_REDEEMED"),
            sign(claims(QStringLiteral("ord_d7"), QStringLiteral("tok_d7"), QStringLiteral("Dana W."),
                {drink("Margarita", 1)}, 1300))},
        {QStringLiteral("expired yesterday"), QStringLiteral("EXPIRED"), sign(expired)},
        {QStringLiteral("bought for another venue"), QStringLiteral("WRONG_VENUE"), sign(otherVenue)},
        {QStringLiteral("forged (signed with the wrong key)"), QStringLiteral("BAD_SIGNATURE"),
            sign(claims(QStringLiteral("ord_f1"), QStringLiteral("tok_f1"), QStringLiteral("Eve"),
                     {drink("Champagne", 6)}, 9000),
                forger)},
        {QStringLiteral("payment still pending"), QStringLiteral("NOT_PAID"),
            sign(claims(QStringLiteral("ord_d4"), QStringLiteral("tok_d4"), QStringLiteral("Jo P."),
                {drink("Mojito", 1)}, 1200))},
        {QStringLiteral("refunded"), QStringLiteral("TOKEN_REVOKED"),
            sign(claims(QStringLiteral("ord_d5"), QStringLiteral("tok_d5"), QStringLiteral("Kim L."),
                {drink("Gin & Tonic", 1)}, 1000))},
        {QStringLiteral("legacy order code in the cache"), QStringLiteral("OK"), QByteArray("order_d6_qr")},
        {QStringLiteral("legacy order code the kiosk has never seen"), QStringLiteral("UNKNOWN_ORDER"),
            QByteArray("order_nope_qr")},
        {QStringLiteral("a QR code that is not a drink (a web link)"), QStringLiteral("MALFORMED"),
            QByteArray("https://example.com/menu")},
    };
    for (const DemoStaff &s : std::as_const(demo.staff))
        feed.staff(s.id, s.name, s.role, true, s.pin);
    demo.feed = feed.toJson(QStringLiteral("demo-1"));
    return demo;
}

} // namespace kiosk::demo
