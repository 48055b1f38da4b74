#include "demovenue.h"
#include "tokenminter.h"

#include "clock.h"
#include "ledger.h"
#include "outbox.h"
#include "redeemer.h"
#include "store.h"

#include <QDateTime>
#include <QJsonArray>

namespace kiosk::demo {

namespace {
constexpr int HistoryOrders = 26;
} // namespace

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
    // The codes are DK1, the form the app shows from v2 on; `jws` makes the older app's form.
    auto sign = [&](const QJsonObject &c, const SigningKey &k = SigningKey()) {
        const SigningKey &signer = k.secretKey.isEmpty() ? key : k;
        return mintCompactToken(signer, c).value_or(QByteArray());
    };
    auto jws = [&](const QJsonObject &c) { return mintToken(key, defaultHeader(key.kid), c); };

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
        .raw(order("ord_d1", "tok_d1_copperbar", "PAID", "", "Alex M.", "3321", {drink("Negroni", 1)}, 1400))
        .raw(order("ord_d4", "tok_d4_copperbar", "PENDING", "", "Jo P.", "5550", {drink("Mojito", 1)}, 1200))
        .raw(order("ord_d5", "tok_d5_copperbar", "REFUNDED", "", "Kim L.", "8812", {drink("Gin & Tonic", 1)}, 1000))
        .revocation(QStringLiteral("tok_d5_copperbar"), QStringLiteral("refunded"))
        .raw(order("ord_d6", "", "PAID", "order_d6_qr", "Robin T.", "4407", {drink("House Red", 2)}, 1800))
        .raw(order("ord_d7", "tok_d7_copperbar", "PAID", "", "Dana W.", "1290", {drink("Margarita", 1)}, 1300))
        // The venue's other kiosk, named as the screens name it.
        .raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("device")},
            {QStringLiteral("data"),
                QJsonObject{{QStringLiteral("id"), QStringLiteral("dev_bar_right")},
                    {QStringLiteral("name"), QStringLiteral("Right bar")}, {QStringLiteral("active"), true},
                    {QStringLiteral("lan"), QJsonArray()}}}})
        .redemption(QStringLiteral("red_d7"), QStringLiteral("ord_d7"), QStringLiteral("tok_d7_copperbar"),
            QStringLiteral("dev_bar_right"), QStringLiteral("stf_sam"), now - 600)
        // Found by name or phone on the manual entry screen.
        .raw(order("ord_m1", "tok_m1_copperbar", "PAID", "", "Priya Kapoor", "0142", {drink("Negroni", 2)}, 2800))
        .raw(order(
            "ord_m2", "", "PAID", "order_m2_qr", "Tom Hughes", "7781", {drink("Pale Ale", 1), drink("IPA", 1)}, 1500))
        .raw(order(
            "ord_m3", "tok_m3_copperbar", "PAID", "", "Alex Rivera", "9034", {drink("Espresso Martini", 2)}, 2600))
        // Typed without umlauts on most keyboards: "muller" must find her.
        .raw(order(
            "ord_m4", "tok_m4_copperbar", "PAID", "order_m4_qr", "Zoë Müller", "5521", {drink("Weißbier", 2)}, 1800));

    const QByteArray d1 = sign(claims(QStringLiteral("ord_d1"), QStringLiteral("tok_d1_copperbar"),
        QStringLiteral("Alex M."), {drink("Negroni", 1)}, 1400));
    QJsonObject expired = claims(QStringLiteral("ord_d3"), QStringLiteral("tok_d3_copperbar"), QStringLiteral("Sky R."),
        {drink("Spritz", 1)}, 1100);
    expired[QStringLiteral("iat")] = now - 86400 * 2;
    expired[QStringLiteral("exp")] = now - 86400;
    QJsonObject otherVenue = claims(QStringLiteral("ord_x1"), QStringLiteral("tok_x1_copperbar"),
        QStringLiteral("Lee S."), {drink("Old Fashioned", 1)}, 1600);
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
            sign(claims(QStringLiteral("ord_d2"), QStringLiteral("tok_d2_copperbar"), QStringLiteral("Chris B."),
                {drink("Pale Ale", 2), drink("Tonic", 1)}, 2100))},
        {QStringLiteral("redeemed at the other bar ten minutes ago"), QStringLiteral("ALREADY_REDEEMED"),
            sign(claims(QStringLiteral("ord_d7"), QStringLiteral("tok_d7_copperbar"), QStringLiteral("Dana W."),
                {drink("Margarita", 1)}, 1300))},
        {QStringLiteral("expired yesterday"), QStringLiteral("EXPIRED"), sign(expired)},
        {QStringLiteral("bought for another venue"), QStringLiteral("WRONG_VENUE"), sign(otherVenue)},
        {QStringLiteral("forged (signed with the wrong key)"), QStringLiteral("BAD_SIGNATURE"),
            sign(claims(QStringLiteral("ord_f1"), QStringLiteral("tok_f1_copperbar"), QStringLiteral("Eve"),
                     {drink("Champagne", 6)}, 9000),
                forger)},
        {QStringLiteral("payment still pending"), QStringLiteral("NOT_PAID"),
            sign(claims(QStringLiteral("ord_d4"), QStringLiteral("tok_d4_copperbar"), QStringLiteral("Jo P."),
                {drink("Mojito", 1)}, 1200))},
        {QStringLiteral("refunded"), QStringLiteral("TOKEN_REVOKED"),
            sign(claims(QStringLiteral("ord_d5"), QStringLiteral("tok_d5_copperbar"), QStringLiteral("Kim L."),
                {drink("Gin & Tonic", 1)}, 1000))},
        {QStringLiteral("legacy order code in the cache"), QStringLiteral("OK"), QByteArray("order_d6_qr")},
        {QStringLiteral("legacy order code the kiosk has never seen"), QStringLiteral("UNKNOWN_ORDER"),
            QByteArray("order_nope_qr")},
        {QStringLiteral("a QR code that is not a drink (a web link)"), QStringLiteral("MALFORMED"),
            QByteArray("https://example.com/menu")},
        // The older app's JWS form: the same order is redeemed once whichever form shows it.
        {QStringLiteral("the first order again, as the older app's JWS code"), QStringLiteral("ALREADY_REDEEMED"),
            jws(claims(QStringLiteral("ord_d1"), QStringLiteral("tok_d1_copperbar"), QStringLiteral("Alex M."),
                {drink("Negroni", 1)}, 1400))},
        {QStringLiteral("valid code in the older app's JWS form"), QStringLiteral("OK"),
            jws(claims(QStringLiteral("ord_d8"), QStringLiteral("tok_d8_copperbar"), QStringLiteral("Sasha V."),
                {drink("Aperol Spritz", 1)}, 1200))},
    };
    // Earlier tonight's orders, redeemed by seedDemoHistory so the manager's screens have a night to show.
    static const char *const names[] = {"Sam R.", "Lou B.", "Mika T.", "Noor A.", "Ines P.", "Kai W.", "Zoe F.",
        "Ravi S.", "Lena K.", "Omar H.", "Tess G.", "Yuki N."};
    static const char *const menu[] = {"Negroni", "Pale Ale", "Spritz", "House Red", "Mojito", "Gin & Tonic"};
    for (int i = 0; i < HistoryOrders; ++i) {
        const QByteArray id = QByteArrayLiteral("ord_h") + QByteArray::number(i + 1);
        const QByteArray qr = id + "_qr";
        feed.raw(order(id.constData(), "", "PAID", qr.constData(), names[i % 12], "0000",
            {drink(menu[i % 6], 1 + i % 3)}, 1200 * (1 + i % 3)));
    }
    for (const DemoStaff &s : std::as_const(demo.staff))
        feed.staff(s.id, s.name, s.role, true, s.pin);
    // The demo's cloud agrees with this machine's clock (no drift warning on the screens).
    demo.feed = feed.serverTime(now).toJson(QStringLiteral("demo-1"));
    return demo;
}

} // namespace kiosk::demo

namespace kiosk::demo {

Status seedDemoHistory(Store &store, qint64 nowMs)
{
    // Spread over the last three hours, busier towards now, by Sam and Ada; one double pour
    // the cloud settled for the other bar, one void by the manager, a few refused scans.
    ManualClock clock(nowMs - 3 * 3600'000);
    Redeemer redeemer(store, clock);
    QList<qint64> seqs;
    for (int i = 0; i < HistoryOrders; ++i) {
        const qint64 minutesAgo = 175 - qint64(i) * i * 175 / (HistoryOrders * HistoryOrders) - i;
        clock.setNowMs(nowMs - std::max<qint64>(minutesAgo, 12) * 60'000);
        const QString staff = i % 3 == 1 ? QStringLiteral("stf_ada") : QStringLiteral("stf_sam");
        // Most scanned; now and then a phone that would not scan, found by name.
        const QString orderId = QStringLiteral("ord_h%1").arg(i + 1);
        auto r = i % 8 == 6
            ? redeemer.redeemOrder(orderId, staff)
            : redeemer.redeem((orderId + QStringLiteral("_qr")).toUtf8(), staff, QStringLiteral("camera"));
        if (!r)
            return r.error();
        if (r->recorded)
            seqs.append(r->recorded->seq);
        if (i % 7 == 3) {
            auto refused = redeemer.redeem("https://example.com/menu", staff, QStringLiteral("camera"));
            if (!refused)
                return refused.error();
        }
    }
    if (seqs.size() < 6)
        return makeError(ErrorCode::Internal, QStringLiteral("demo history could not be seeded"));
    UploadResult conflict;
    auto entry = Ledger(store).entry(seqs.at(4));
    if (!entry || !*entry)
        return makeError(ErrorCode::Internal, QStringLiteral("demo history could not be seeded"));
    conflict.idempotencyKey = (*entry)->idempotencyKey;
    conflict.status = UploadStatus::Conflict;
    conflict.winnerDevice = QStringLiteral("dev_bar_right");
    conflict.winnerStaff = QStringLiteral("stf_ada");
    conflict.winnerAtMs = (*entry)->atMs - 95'000;
    if (auto applied = Outbox(store).applyResults({conflict}, (*entry)->atMs + 20'000); !applied)
        return applied.error();
    auto voided = Ledger(store).voidRedemption(
        seqs.at(9), QStringLiteral("stf_morgan"), QStringLiteral("spilled, poured again"), nowMs - 50 * 60'000);
    if (!voided)
        return voided.error();
    return {};
}

} // namespace kiosk::demo
