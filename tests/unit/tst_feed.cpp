// Change-feed documents: strict validation that names the bad entry and leaves the store as it
// was; idempotent, ordered application; other kiosks' redemptions as foreign ledger rows.

#include "fixture.h"

#include "ledger.h"
#include "redeemer.h"
#include "sqlite_p.h"
#include "timeutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kiosk;
using namespace kiosk::test;

namespace {
QJsonObject change(const char *type, const QJsonObject &data)
{
    return QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("data"), data}};
}

QJsonObject goodOrder(const QString &id)
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("jti"), QString(QStringLiteral("tok_") + id)},
        {QStringLiteral("status"), QStringLiteral("PAID")}, {QStringLiteral("recipient"), QStringLiteral("Alex")},
        {QStringLiteral("drinks"),
            QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Beer")}, {QStringLiteral("qty"), 2}}}},
        {QStringLiteral("amount"), 900}, {QStringLiteral("currency"), QStringLiteral("EUR")},
        {QStringLiteral("updatedAt"), QStringLiteral("2026-09-21T10:00:00Z")}};
}

qint64 ledgerRows(VenueFixture &fx)
{
    return fx.store->counts().value().ledgerRows;
}
} // namespace

class TestFeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void documentLevelErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << QByteArray("{\"changes\": [") << "not valid JSON";
        QTest::newRow("garbage bytes") << QByteArray("\x00\xff\xfe", 3) << "not valid JSON";
        QTest::newRow("array") << QByteArray("[]") << "must be a JSON object";
        QTest::newRow("no cursor") << QByteArray(R"({"changes":[]})") << "'cursor' is missing";
        QTest::newRow("cursor number") << QByteArray(R"({"changes":[],"cursor":5})") << "'cursor' must be a string";
        QTest::newRow("no changes") << QByteArray(R"({"cursor":"c"})") << "'changes' must be an array";
        QTest::newRow("hasMore string") << QByteArray(R"({"changes":[],"cursor":"c","hasMore":"no"})")
                                        << "'hasMore' must be true or false";
        QTest::newRow("bad serverTime") << QByteArray(R"({"changes":[],"cursor":"c","serverTime":"yesterday"})")
                                        << "'serverTime' must be an RFC 3339";
    }
    void documentLevelErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        auto doc = parseFeedDocument(json);
        QVERIFY(!doc);
        QCOMPARE(doc.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(doc.error().message.contains(message), qPrintable(doc.error().message));
    }

    void badEntryIsNamed_data()
    {
        QTest::addColumn<QJsonObject>("bad");
        QTest::addColumn<QString>("message");
        auto order = [](const std::function<void(QJsonObject &)> &edit) {
            QJsonObject o = goodOrder(QStringLiteral("ord_bad"));
            edit(o);
            return change("order", o);
        };
        QTest::newRow("unknown type") << change("coupon", QJsonObject{{QStringLiteral("id"), QStringLiteral("c1")}})
                                      << "changes[3] (coupon 'c1'): unknown change type";
        QTest::newRow("data not object") << QJsonObject{{QStringLiteral("type"), QStringLiteral("order")},
            {QStringLiteral("data"), 5}} << "changes[3] (order): each change must be";
        QTest::newRow("order amount string")
            << order([](QJsonObject &o) { o[QStringLiteral("amount")] = QStringLiteral("9"); })
            << "changes[3] (order 'ord_bad'): field 'amount' must be an integer";
        QTest::newRow("order bad status")
            << order([](QJsonObject &o) { o[QStringLiteral("status")] = QStringLiteral("LOST"); })
            << "field 'status' must be one of";
        QTest::newRow("order bad qrCode")
            << order([](QJsonObject &o) { o[QStringLiteral("qrCode")] = QStringLiteral("a b"); }) << "field 'qrCode'";
        QTest::newRow("order bad currency")
            << order([](QJsonObject &o) { o[QStringLiteral("currency")] = QStringLiteral("euro"); })
            << "field 'currency'";
        QTest::newRow("order no drinks") << order([](QJsonObject &o) { o.remove(QStringLiteral("drinks")); })
                                         << "field 'drinks' is missing";
        QTest::newRow("order bad time") << order([](QJsonObject &o) {
            o[QStringLiteral("expiresAt")] = QStringLiteral("2026-13-01T00:00:00Z");
        }) << "field 'expiresAt' must be an RFC 3339";
        QTest::newRow("order no id") << order([](QJsonObject &o) { o.remove(QStringLiteral("id")); })
                                     << "changes[3] (order): field 'id' is missing";
        QTest::newRow("key private part") << change("key",
            QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
                {QStringLiteral("crv"), QStringLiteral("Ed25519")}, {QStringLiteral("kid"), QStringLiteral("k2")},
                {QStringLiteral("x"), QStringLiteral("ezRnbweXJQjh7J9z5PcdoR6_SE8jKlqTquBTdEqNU7Y")},
                {QStringLiteral("d"), QStringLiteral("secret")}})
                                          << "changes[3] (key 'k2'): the key carries a private part";
        QTest::newRow("key wrong curve") << change("key",
            QJsonObject{{QStringLiteral("kty"), QStringLiteral("EC")}, {QStringLiteral("crv"), QStringLiteral("P-256")},
                {QStringLiteral("kid"), QStringLiteral("k2")}, {QStringLiteral("x"), QStringLiteral("AAAA")}})
                                         << "only OKP/Ed25519";
        QTest::newRow("key short x") << change("key",
            QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
                {QStringLiteral("crv"), QStringLiteral("Ed25519")}, {QStringLiteral("kid"), QStringLiteral("k2")},
                {QStringLiteral("x"), QStringLiteral("AAAA")}})
                                     << "32 bytes";
        QTest::newRow("staff bad role") << change("staff",
            QJsonObject{{QStringLiteral("id"), QStringLiteral("s1")}, {QStringLiteral("name"), QStringLiteral("Sam")},
                {QStringLiteral("role"), QStringLiteral("owner")}, {QStringLiteral("pin"), QJsonObject{}}})
                                        << "changes[3] (staff 's1'): field 'role'";
        QTest::newRow("staff bad pin") << change("staff",
            QJsonObject{{QStringLiteral("id"), QStringLiteral("s1")}, {QStringLiteral("name"), QStringLiteral("Sam")},
                {QStringLiteral("role"), QStringLiteral("manager")},
                {QStringLiteral("pin"),
                    QJsonObject{{QStringLiteral("alg"), QStringLiteral("md5")}, {QStringLiteral("iter"), 1},
                        {QStringLiteral("salt"), QStringLiteral("a")}, {QStringLiteral("hash"), QStringLiteral("b")}}}})
                                       << "pbkdf2-sha256";
        QTest::newRow("redemption no time") << change("redemption",
            QJsonObject{{QStringLiteral("id"), QStringLiteral("r1")}, {QStringLiteral("orderId"), QStringLiteral("o")},
                {QStringLiteral("deviceId"), QStringLiteral("d")}})
                                            << "changes[3] (redemption 'r1'): field 'redeemedAt' is missing";
        QTest::newRow("revocation no jti")
            << change("revocation", QJsonObject{{QStringLiteral("reason"), QStringLiteral("x")}})
            << "field 'jti' is missing";
    }
    void badEntryIsNamed()
    {
        QFETCH(QJsonObject, bad);
        QFETCH(QString, message);
        QJsonArray changes{change("order", goodOrder(QStringLiteral("ord_a"))),
            change("order", goodOrder(QStringLiteral("ord_b"))), change("order", goodOrder(QStringLiteral("ord_c"))),
            bad, change("order", goodOrder(QStringLiteral("ord_d")))};
        const QByteArray json = QJsonDocument(
            QJsonObject{{QStringLiteral("changes"), changes}, {QStringLiteral("cursor"), QStringLiteral("c")}})
                                    .toJson();
        auto doc = parseFeedDocument(json);
        QVERIFY(!doc);
        QVERIFY2(doc.error().message.contains(message), qPrintable(doc.error().message));
    }

    void applyFailureLeavesStoreUnchanged()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(
            QStringLiteral("ord_0"), QString(), QStringLiteral("PAID"), fx.nowSeconds(), QStringLiteral("code_0"))));
        const auto before = fx.store->counts().value();
        FeedBuilder feed;
        for (int i = 1; i <= 100; ++i)
            feed.order(QStringLiteral("ord_%1").arg(i), QString(), QStringLiteral("PAID"), fx.nowSeconds(),
                QStringLiteral("code_%1").arg(i));
        // Entry 100 reuses another order's legacy code: detected only when applying.
        feed.order(
            QStringLiteral("ord_dup"), QString(), QStringLiteral("PAID"), fx.nowSeconds(), QStringLiteral("code_0"));
        feed.revocation(QStringLiteral("tok_z"));
        QVERIFY(!fx.import(feed));
        QVERIFY2(fx.errorString.contains(
                     QLatin1String("changes[100] (order 'ord_dup'): qrCode 'code_0' already belongs to another order")),
            qPrintable(fx.errorString));
        const auto after = fx.store->counts().value();
        QCOMPARE(after.orders, before.orders);
        QCOMPARE(after.revocations, before.revocations);
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), QStringLiteral("c1"));
        QVERIFY(!fx.store->orderById(QStringLiteral("ord_50")).value());
    }

    void applyIsIdempotent()
    {
        VenueFixture fx;
        FeedBuilder feed;
        feed.order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"), fx.nowSeconds())
            .staff(QStringLiteral("stf_1"), QStringLiteral("Sam"), QStringLiteral("bartender"))
            .revocation(QStringLiteral("tok_9"))
            .redemption(QStringLiteral("red_1"), QStringLiteral("ord_2"), QStringLiteral("tok_2"),
                QStringLiteral("dev_2"), QStringLiteral("stf_1"), fx.nowSeconds() - 10, true)
            .redemption(QStringLiteral("red_3"), QStringLiteral("ord_3"), QStringLiteral("tok_3"),
                QStringLiteral("dev_2"), QString(), fx.nowSeconds() - 5);
        auto doc = parseFeedDocument(feed.toJson(QStringLiteral("c2")));
        QVERIFY(doc);
        auto first = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QVERIFY(first);
        QCOMPARE(first->redemptions, 3); // two redemptions and one void
        QCOMPARE(first->revocations, 1);
        const auto afterFirst = fx.store->counts().value();
        auto second = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QVERIFY(second);
        QCOMPARE(second->redemptions, 0);
        QCOMPARE(second->unchanged, 3); // the two redemptions and the revocation
        const auto afterSecond = fx.store->counts().value();
        QCOMPARE(afterSecond.ledgerRows, afterFirst.ledgerRows);
        QCOMPARE(afterSecond.orders, afterFirst.orders);
        QCOMPARE(afterSecond.revocations, afterFirst.revocations);
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), QStringLiteral("c2"));
        QCOMPARE(fx.store->meta(MetaKey::FeedServerTimeMs).value(),
            QString::number(parseRfc3339Ms("2026-11-22T21:04:05Z").value()));
    }

    void laterChangesSupersedeEarlier()
    {
        VenueFixture fx;
        const qint64 t = fx.nowSeconds();
        // Within a document: the later entry wins.
        QVERIFY(fx.import(
            FeedBuilder()
                .order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"), t - 100)
                .order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("REFUNDED"), t - 50)));
        QCOMPARE(fx.store->orderById(QStringLiteral("ord_1")).value()->status, QStringLiteral("REFUNDED"));
        // A stale re-delivery (older updatedAt) is skipped, not applied.
        auto doc = parseFeedDocument(
            FeedBuilder()
                .order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"), t - 100)
                .toJson());
        auto stale = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QCOMPARE(stale->superseded, 1);
        QCOMPARE(stale->orders, 0);
        QCOMPARE(fx.store->orderById(QStringLiteral("ord_1")).value()->status, QStringLiteral("REFUNDED"));
        // A newer one applies.
        QVERIFY(fx.import(
            FeedBuilder().order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"), t)));
        QCOMPARE(fx.store->orderById(QStringLiteral("ord_1")).value()->status, QStringLiteral("PAID"));
        // Staff: last entry wins (deactivation).
        QVERIFY(fx.import(FeedBuilder()
                              .staff(QStringLiteral("s"), QStringLiteral("Sam"), QStringLiteral("bartender"))
                              .staff(QStringLiteral("s"), QStringLiteral("Sam"), QStringLiteral("bartender"), false)));
        QVERIFY(!fx.store->staff(QStringLiteral("s")).value()->active);
    }

    void foreignRedemptionThenVoidArrivesLater()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder()
                              .order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"),
                                  fx.nowSeconds() - 600, QString(), 0, QStringLiteral("Dana W."))
                              .redemption(QStringLiteral("red_1"), QStringLiteral("ord_1"), QStringLiteral("tok_1"),
                                  QStringLiteral("dev_2"), QString(), fx.nowSeconds() - 60)));
        QCOMPARE(ledgerRows(fx), 1);
        Ledger ledger(*fx.store);
        QVERIFY(ledger.liveRedemption(QStringLiteral("ord_1"), QString()).value().has_value());
        QVERIFY(fx.import(FeedBuilder().redemption(QStringLiteral("red_1"), QStringLiteral("ord_1"),
            QStringLiteral("tok_1"), QStringLiteral("dev_2"), QString(), fx.nowSeconds() - 60, true)));
        QCOMPARE(ledgerRows(fx), 2); // the void is a new row; the redemption row is untouched
        QVERIFY(!ledger.liveRedemption(QStringLiteral("ord_1"), QString()).value().has_value());
        QVERIFY(fx.import(FeedBuilder().redemption(QStringLiteral("red_1"), QStringLiteral("ord_1"),
            QStringLiteral("tok_1"), QStringLiteral("dev_2"), QString(), fx.nowSeconds() - 60, true)));
        QCOMPARE(ledgerRows(fx), 2);
        auto rows = ledger.history({}).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].status, QStringLiteral("voided"));
        QCOMPARE(rows[0].entry.origin, LedgerOrigin::Foreign);
        QCOMPARE(rows[0].entry.remoteId, QStringLiteral("red_1"));
        // The feed's redemption carries no order details; history fills them in from the cache.
        QCOMPARE(rows[0].entry.recipient, QStringLiteral("Dana W."));
        QCOMPARE(rows[0].entry.drinks.size(), 1);
        QCOMPARE(rows[0].entry.amount.value(), 1400);
    }

    void ownRedemptionEchoedBackIsNotDuplicated()
    {
        VenueFixture fx;
        Redeemer redeemer(*fx.store, fx.clock);
        QVERIFY(
            redeemer
                .redeem(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")), QString(), QStringLiteral("test"))
                .value()
                .verdict.ok());
        const QString me = fx.store->deviceId().value();
        QVERIFY(fx.import(FeedBuilder().redemption(QStringLiteral("red_77"), QStringLiteral("ord_1"),
            QStringLiteral("tok_1"), me, QString(), fx.nowSeconds())));
        QCOMPARE(ledgerRows(fx), 1);
        auto q = fx.store->db().prepare("SELECT remote_id FROM outbox WHERE seq = 1");
        QVERIFY(q && q->next().value());
        QCOMPARE(q->text(0), QStringLiteral("red_77"));
        // A cloud-side void of our own redemption lands as a foreign void row.
        QVERIFY(fx.import(FeedBuilder().redemption(QStringLiteral("red_77"), QStringLiteral("ord_1"),
            QStringLiteral("tok_1"), me, QString(), fx.nowSeconds(), true)));
        QCOMPARE(ledgerRows(fx), 2);
        QCOMPARE(Ledger(*fx.store).history({}).value().at(0).status, QStringLiteral("voided"));
    }

    void fiveThousandOrderPage()
    {
        VenueFixture fx;
        FeedBuilder feed;
        for (int i = 0; i < 5000; ++i)
            feed.order(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i), QStringLiteral("PAID"),
                fx.nowSeconds(), QStringLiteral("qr_code_%1").arg(i));
        auto doc = parseFeedDocument(feed.toJson(QStringLiteral("c9"), true));
        QVERIFY(doc);
        QVERIFY(doc->hasMore);
        auto applied = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QVERIFY(applied);
        QCOMPARE(applied->orders, 5000);
        QVERIFY(applied->hasMore);
        QCOMPARE(fx.store->counts().value().orders, 5000);
        QCOMPARE(fx.store->orderByQrCode(QStringLiteral("qr_code_4321")).value()->id, QStringLiteral("ord_4321"));
    }
};

QTEST_GUILESS_MAIN(TestFeed)
#include "tst_feed.moc"
