// Change-feed documents: each entry validated on its own, a bad one quarantined with its reason
// while the rest applies; storage failures roll the page back; idempotent, ordered application;
// other kiosks' redemptions as foreign ledger rows; snapshots retire what they do not list.

#include "fixture.h"

#include "ledger.h"
#include "redeemer.h"
#include "sqlite_p.h"
#include "timeutil.h"
#include "verifier.h"

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
        QTest::newRow("no cursor") << QByteArray(R"({"changes":[]})") << "'cursor' must be a non-empty string";
        QTest::newRow("cursor number") << QByteArray(R"({"changes":[],"cursor":5})")
                                       << "'cursor' must be a non-empty string";
        QTest::newRow("cursor empty") << QByteArray(R"({"changes":[],"cursor":""})")
                                      << "'cursor' must be a non-empty string";
        QTest::newRow("cursor over 64 KiB")
            << QByteArray("{\"changes\":[],\"cursor\":\"" + QByteArray(65537, 'c') + "\"}") << "at most 65536 bytes";
        QTest::newRow("no changes") << QByteArray(R"({"cursor":"c"})") << "'changes' must be an array";
        QTest::newRow("hasMore string") << QByteArray(R"({"changes":[],"cursor":"c","hasMore":"no"})")
                                        << "'hasMore' must be true or false";
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

    void badEntryIsQuarantined_data()
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
        QTest::newRow("order empty status")
            << order([](QJsonObject &o) { o[QStringLiteral("status")] = QString(); }) << "field 'status'";
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
    // A bad entry is set aside with its reason; the rest of the page applies and the cursor moves.
    void badEntryIsQuarantined()
    {
        QFETCH(QJsonObject, bad);
        QFETCH(QString, message);
        QJsonArray changes{change("order", goodOrder(QStringLiteral("ord_a"))),
            change("order", goodOrder(QStringLiteral("ord_b"))), change("order", goodOrder(QStringLiteral("ord_c"))),
            bad, change("order", goodOrder(QStringLiteral("ord_d")))};
        const QByteArray json = QJsonDocument(
            QJsonObject{{QStringLiteral("changes"), changes}, {QStringLiteral("cursor"), QStringLiteral("c9")}})
                                    .toJson();
        auto doc = parseFeedDocument(json);
        QVERIFY(doc);
        QCOMPARE(doc->changes.size(), 4);
        QCOMPARE(doc->quarantined.size(), 1);
        QVERIFY2(doc->quarantined.first().reason.contains(message), qPrintable(doc->quarantined.first().reason));

        VenueFixture fx;
        auto applied = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
        QCOMPARE(applied->orders, 4);
        QCOMPARE(applied->quarantined, 1);
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), QStringLiteral("c9"));
        QVERIFY(fx.store->orderById(QStringLiteral("ord_d")).value());
        auto rows = FeedIngest::quarantine(*fx.store);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1);
        QVERIFY(rows->first().entry.reason.contains(message));
        // The raw entry is kept as it came, for an operator to read.
        const QJsonDocument raw = QJsonDocument::fromJson(rows->first().entry.raw);
        QCOMPARE(raw.object(), bad);
        QCOMPARE(FeedIngest::quarantineCount(*fx.store).value(), 1);
    }

    // A full disk part-way through a page rolls the whole page back: the cursor stays, so the
    // page is fetched again; nothing is set aside for a failure that was not the entry's.
    void storageFailureLeavesStoreUnchanged()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(
            QStringLiteral("ord_0"), QString(), QStringLiteral("PAID"), fx.nowSeconds(), QStringLiteral("code_0"))));
        const auto before = fx.store->counts().value();
        FeedBuilder feed;
        for (int i = 1; i <= 3000; ++i)
            feed.order(QStringLiteral("ord_%1").arg(i), QString(), QStringLiteral("PAID"), fx.nowSeconds(),
                QStringLiteral("code_%1").arg(i));
        auto doc = parseFeedDocument(feed.toJson(QStringLiteral("c2")));
        QVERIFY(doc);
        qint64 limit = 0;
        {
            auto pages = fx.store->db().prepare("PRAGMA page_count");
            QVERIFY(pages && pages->next().value());
            limit = pages->int64(0) + 8;
        }
        const QByteArray pragma = "PRAGMA max_page_count = " + QByteArray::number(limit);
        QVERIFY(fx.store->db().execScript(pragma.constData(), QStringLiteral("limit")));
        auto applied = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QVERIFY(!applied);
        QCOMPARE(applied.error().code, ErrorCode::DiskFull);
        QVERIFY(fx.store->db().execScript("PRAGMA max_page_count = 1073741823", QStringLiteral("unlimit")));
        const auto after = fx.store->counts().value();
        QCOMPARE(after.orders, before.orders);
        QCOMPARE(FeedIngest::quarantineCount(*fx.store).value(), 0);
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), QStringLiteral("c1"));
        QVERIFY(!fx.store->orderById(QStringLiteral("ord_50")).value());
    }

    // A legacy code reused by a newer order moves to it; an older order arriving late keeps
    // its data but not the code.
    void legacyCodeMovesToTheNewerOrder()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(
            QStringLiteral("ord_old"), QString(), QStringLiteral("PAID"), fx.nowSeconds(), QStringLiteral("code_x"))));
        QJsonObject newer = goodOrder(QStringLiteral("ord_new"));
        newer[QStringLiteral("qrCode")] = QStringLiteral("code_x");
        newer[QStringLiteral("updatedAt")] = formatRfc3339Ms((fx.nowSeconds() + 60) * 1000);
        newer[QStringLiteral("expiresAt")] = formatRfc3339Ms((fx.nowSeconds() + 3600) * 1000);
        QVERIFY(fx.import(FeedBuilder().raw(change("order", newer))));
        QCOMPARE(fx.store->orderByQrCode(QStringLiteral("code_x")).value()->id, QStringLiteral("ord_new"));
        QVERIFY(fx.store->orderById(QStringLiteral("ord_old")).value()->qrCode.isEmpty());
        QCOMPARE(FeedIngest::quarantineCount(*fx.store).value(), 0);
        // A stale re-delivery of the old order does not take the code back.
        QJsonObject stale = goodOrder(QStringLiteral("ord_old"));
        stale[QStringLiteral("qrCode")] = QStringLiteral("code_x");
        stale[QStringLiteral("updatedAt")] = formatRfc3339Ms((fx.nowSeconds() - 600) * 1000);
        QVERIFY(fx.import(FeedBuilder().raw(change("order", stale))));
        QCOMPARE(fx.store->orderByQrCode(QStringLiteral("code_x")).value()->id, QStringLiteral("ord_new"));
    }

    // Everything the issue saw stop a venue's feed, on one page: an unknown change type, an
    // ACCEPTED order, a round of 30 drinks, a 5 kB cursor, a reused legacy code, a staff row
    // without a PIN, a status this kiosk does not know and a device entry. The page applies,
    // the cursor advances, and only the unknown type is set aside.
    void fieldPageAppliesAndAdvances()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(QStringLiteral("ord_old"), QString(), QStringLiteral("PAID"),
            fx.nowSeconds() - 60, QStringLiteral("code_r"))));
        QJsonObject accepted = goodOrder(QStringLiteral("ord_acc"));
        accepted[QStringLiteral("status")] = QStringLiteral("ACCEPTED");
        accepted[QStringLiteral("qrCode")] = QStringLiteral("code_acc");
        accepted[QStringLiteral("expiresAt")] = formatRfc3339Ms((fx.nowSeconds() + 3600) * 1000);
        QJsonObject round = goodOrder(QStringLiteral("ord_round"));
        QJsonArray drinks;
        for (int i = 0; i < 30; ++i)
            drinks.append(
                QJsonObject{{QStringLiteral("name"), QStringLiteral("Shot %1").arg(i)}, {QStringLiteral("qty"), 1}});
        round[QStringLiteral("drinks")] = drinks;
        QJsonObject reuse = goodOrder(QStringLiteral("ord_reuse"));
        reuse[QStringLiteral("qrCode")] = QStringLiteral("code_r");
        reuse[QStringLiteral("updatedAt")] = formatRfc3339Ms(fx.nowSeconds() * 1000);
        reuse[QStringLiteral("expiresAt")] = formatRfc3339Ms((fx.nowSeconds() + 3600) * 1000);
        QJsonObject future = goodOrder(QStringLiteral("ord_future"));
        future[QStringLiteral("status")] = QStringLiteral("ON_HOLD");
        future[QStringLiteral("qrCode")] = QStringLiteral("code_hold");
        future[QStringLiteral("expiresAt")] = formatRfc3339Ms((fx.nowSeconds() + 3600) * 1000);
        future[QStringLiteral("loyaltyTier")] = QStringLiteral("gold"); // unknown fields are ignored
        const QJsonObject nopin{{QStringLiteral("id"), QStringLiteral("stf_web")},
            {QStringLiteral("name"), QStringLiteral("Web Admin")}, {QStringLiteral("role"), QStringLiteral("manager")},
            {QStringLiteral("active"), true}};
        const QJsonObject device{{QStringLiteral("id"), QStringLiteral("dev_2")},
            {QStringLiteral("name"), QStringLiteral("Right bar")}, {QStringLiteral("active"), true},
            {QStringLiteral("key"),
                QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
                    {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                    {QStringLiteral("x"), QStringLiteral("ezRnbweXJQjh7J9z5PcdoR6_SE8jKlqTquBTdEqNU7Y")}}},
            {QStringLiteral("lan"), QJsonArray{QStringLiteral("192.168.1.23:47800")}}};
        FeedBuilder feed;
        feed.raw(change("coupon", QJsonObject{{QStringLiteral("id"), QStringLiteral("cp_1")}}))
            .raw(change("order", accepted))
            .raw(change("order", round))
            .raw(change("order", reuse))
            .raw(change("order", future))
            .raw(change("staff", nopin))
            .raw(change("device", device));
        const QString cursor = QString(5 * 1024, QLatin1Char('k'));
        auto doc = parseFeedDocument(feed.toJson(cursor));
        QVERIFY2(doc, doc ? "" : qPrintable(doc.error().message));
        auto applied = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QVERIFY2(applied, applied ? "" : qPrintable(applied.error().message));
        QCOMPARE(applied->orders, 4);
        QCOMPARE(applied->staff, 1);
        QCOMPARE(applied->devices, 1);
        QCOMPARE(applied->quarantined, 1);
        QCOMPARE(applied->legacyCodesTaken, 1);
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), cursor);
        const auto q = FeedIngest::quarantine(*fx.store).value();
        QCOMPARE(q.size(), 1);
        QCOMPARE(q.first().entry.type, QStringLiteral("coupon"));
        QVERIFY(q.first().entry.reason.contains(QLatin1String("unknown change type")));

        Verifier verifier(*fx.store, fx.clock);
        QCOMPARE(verifier.verify("code_acc").value().reason, Reason::Ok); // ACCEPTED redeems
        const Verdict hold = verifier.verify("code_hold").value();
        QCOMPARE(hold.reason, Reason::OrderCancelled); // unknown status: kept, refused
        QVERIFY2(hold.detail.contains(QLatin1String("ON_HOLD")), qPrintable(hold.detail));
        QCOMPARE(fx.store->orderById(QStringLiteral("ord_future")).value()->status, QStringLiteral("ON_HOLD"));
        QCOMPARE(fx.store->orderById(QStringLiteral("ord_round")).value()->drinks.size(), 30);
        QCOMPARE(fx.store->orderByQrCode(QStringLiteral("code_r")).value()->id, QStringLiteral("ord_reuse"));
        // Staff without a PIN are known (names in history) but cannot sign in here.
        QVERIFY(fx.store->staff(QStringLiteral("stf_web")).value());
        for (const StaffRecord &st : fx.store->activeStaffList().value())
            QVERIFY(st.id != QLatin1String("stf_web"));
    }

    // When a snapshot completes, staff, keys and devices it did not list stop being live; the
    // ledger keeps every row. A snapshot still arriving retires nothing.
    void snapshotRetiresWhatItDoesNotList()
    {
        VenueFixture fx;
        const SigningKey oldKey = SigningKey::fromSeed(QStringLiteral("k-old"), QByteArray(32, '\x07'));
        QVERIFY(fx.import(FeedBuilder()
                              .key(oldKey, fx.nowSeconds() - 86400, fx.nowSeconds() + 86400)
                              .staff(QStringLiteral("stf_a"), QStringLiteral("Ann"), QStringLiteral("bartender"))
                              .staff(QStringLiteral("stf_b"), QStringLiteral("Bob"), QStringLiteral("bartender"))
                              .redemption(QStringLiteral("red_1"), QStringLiteral("ord_9"), QStringLiteral("tok_9"),
                                  QStringLiteral("dev_9"), QStringLiteral("stf_b"), fx.nowSeconds() - 30)));
        const qint64 ledgerBefore = ledgerRows(fx);
        auto oldToken = [&] {
            return mintToken(
                oldKey, defaultHeader(oldKey.kid), fx.claims(QStringLiteral("ord_k"), QStringLiteral("tok_k")));
        };
        QCOMPARE(Verifier(*fx.store, fx.clock).verify(oldToken()).value().reason, Reason::Ok);

        // The cursor expired (410): a fresh snapshot, in two pages.
        QVERIFY(fx.store->setMeta(MetaKey::FeedCursor, QString()));
        auto page1
            = parseFeedDocument(FeedBuilder()
                                    .key(fx.key, fx.nowSeconds() - 86400 * 30, fx.nowSeconds() + 86400 * 365)
                                    .staff(QStringLiteral("stf_a"), QStringLiteral("Ann"), QStringLiteral("bartender"))
                                    .toJson(QStringLiteral("s1"), true));
        auto first = FeedIngest(*fx.store, fx.clock).apply(page1.value());
        QVERIFY(first);
        QVERIFY(!first->snapshotCompleted);
        QVERIFY(fx.store->activeStaff(QStringLiteral("stf_b"))); // not yet: the snapshot is not complete
        auto page2
            = parseFeedDocument(FeedBuilder()
                                    .order(QStringLiteral("ord_1"), QString(), QStringLiteral("PAID"), fx.nowSeconds())
                                    .toJson(QStringLiteral("d1"), false));
        auto second = FeedIngest(*fx.store, fx.clock).apply(page2.value());
        QVERIFY(second);
        QVERIFY(second->snapshotCompleted);
        QCOMPARE(second->retired, 2); // Bob and the old key
        QVERIFY(fx.store->activeStaff(QStringLiteral("stf_a")));
        QVERIFY(!fx.store->activeStaff(QStringLiteral("stf_b")));
        const Verdict v = Verifier(*fx.store, fx.clock).verify(oldToken()).value();
        QCOMPARE(v.reason, Reason::UnknownKey);
        QCOMPARE(Verifier(*fx.store, fx.clock)
                     .verify(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")))
                     .value()
                     .reason,
            Reason::Ok);
        QCOMPARE(ledgerRows(fx), ledgerBefore);
        // A later delta that lists the key again trusts it again.
        QVERIFY(fx.import(FeedBuilder().key(oldKey, fx.nowSeconds() - 86400, fx.nowSeconds() + 86400)));
        QCOMPARE(Verifier(*fx.store, fx.clock).verify(oldToken()).value().reason, Reason::Ok);
    }

    // The feed's serverTime against the kiosk's clock, measured when each page arrives; a page
    // without a readable serverTime still applies.
    void clockDriftIsMeasuredPerPage()
    {
        VenueFixture fx;
        QJsonObject page = QJsonDocument::fromJson(FeedBuilder().toJson(QStringLiteral("c2"))).object();
        page[QStringLiteral("serverTime")] = formatRfc3339Ms(fx.clock.nowMs() - 300000); // the kiosk is 5 min ahead
        auto doc = parseFeedDocument(QJsonDocument(page).toJson());
        QVERIFY(doc);
        QVERIFY(FeedIngest(*fx.store, fx.clock).apply(*doc));
        QCOMPARE(fx.store->meta(MetaKey::ClockDriftMs).value(), QStringLiteral("300000"));
        page[QStringLiteral("serverTime")] = QStringLiteral("yesterday");
        page[QStringLiteral("cursor")] = QStringLiteral("c3");
        doc = parseFeedDocument(QJsonDocument(page).toJson());
        QVERIFY(doc);
        QVERIFY(!doc->serverTimeMs);
        QVERIFY(FeedIngest(*fx.store, fx.clock).apply(*doc));
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), QStringLiteral("c3"));
        QCOMPARE(fx.store->meta(MetaKey::ClockDriftMs).value(), QStringLiteral("300000")); // kept
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
