// Redeem = verify + record atomically: OK rows with their outbox entry, every scan in the scan
// log (without the token), staff checks, and exactly one OK per token under concurrent threads.

#include "fixture.h"

#include "ledger.h"
#include "redeemer.h"
#include "sqlite_p.h"

#include <QTest>
#include <QThread>

#include <atomic>
#include <vector>

using namespace kiosk;
using namespace kiosk::test;

class TestRedeemer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void okIsRecordedAndQueued()
    {
        VenueFixture fx;
        QVERIFY(fx.import(
            FeedBuilder().staff(QStringLiteral("stf_3"), QStringLiteral("Sam"), QStringLiteral("bartender"))));
        Redeemer r(*fx.store, fx.clock);
        auto out = r.redeem(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")), QStringLiteral("stf_3"),
            QStringLiteral("camera"));
        QVERIFY(out);
        QVERIFY(out->verdict.ok());
        QVERIFY(out->recorded);
        const LedgerEntry &e = *out->recorded;
        QCOMPARE(e.orderId, QStringLiteral("ord_1"));
        QCOMPARE(e.jti, QStringLiteral("tok_1"));
        QCOMPARE(e.staffId, QStringLiteral("stf_3"));
        QCOMPARE(e.atMs, fx.clock.nowMs());
        QCOMPARE(e.verifiedBy, VerifiedBy::Signature);
        QVERIFY(e.offline);
        QCOMPARE(e.deviceId, fx.store->deviceId().value());

        // Visible to another connection as soon as redeem returned.
        auto other = Store::open(fx.dbPath);
        QVERIFY(other);
        auto rows = Ledger(**other).history({}).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].syncState, QStringLiteral("pending"));
        QCOMPARE(rows[0].staffName, QStringLiteral("Sam"));
        QCOMPARE((*other)->counts().value().outboxPending, 1);
        QCOMPARE((*other)->counts().value().oldestPendingMs.value(), fx.clock.nowMs());
    }

    void secondScanSaysWhenWhereWho()
    {
        VenueFixture fx;
        QVERIFY(fx.import(
            FeedBuilder().staff(QStringLiteral("stf_3"), QStringLiteral("Sam"), QStringLiteral("bartender"))));
        Redeemer r(*fx.store, fx.clock);
        const QByteArray t = fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        const qint64 firstAt = fx.clock.nowMs();
        QVERIFY(r.redeem(t, QStringLiteral("stf_3"), QStringLiteral("camera")).value().verdict.ok());
        fx.clock.advanceMs(90000);
        auto again = r.redeem(t, QString(), QStringLiteral("camera")).value();
        QCOMPARE(again.verdict.reason, Reason::AlreadyRedeemed);
        QVERIFY(!again.recorded);
        QCOMPARE(again.verdict.previous->atMs.value(), firstAt);
        QCOMPARE(again.verdict.previous->deviceId, fx.store->deviceId().value());
        QCOMPARE(again.verdict.previous->staffId, QStringLiteral("stf_3"));
        QCOMPARE(again.verdict.previous->staffName, QStringLiteral("Sam"));
        QVERIFY(again.verdict.previous->local);
        QCOMPARE(fx.store->counts().value().ledgerRows, 1);
    }

    void everyScanIsLoggedWithoutTheToken()
    {
        VenueFixture fx;
        Redeemer r(*fx.store, fx.clock);
        const QByteArray good = fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        QVERIFY(r.redeem(good, QString(), QStringLiteral("camera")).value().verdict.ok());
        QCOMPARE(r.redeem(good, QString(), QStringLiteral("camera")).value().verdict.reason, Reason::AlreadyRedeemed);
        QCOMPARE(r.redeem("not a code", QString(), QStringLiteral("wedge")).value().verdict.reason, Reason::Malformed);
        QCOMPARE(
            r.redeem("order_xyz_qr", QString(), QStringLiteral("manual")).value().verdict.reason, Reason::UnknownOrder);

        auto scans = Ledger(*fx.store).scans(std::nullopt, std::nullopt).value();
        QCOMPARE(scans.size(), 4);
        QCOMPARE(scans[3].scan.reason, QStringLiteral("OK"));
        QCOMPARE(scans[3].scan.ledgerSeq.value(), 1);
        QCOMPARE(scans[3].scan.source, QStringLiteral("camera"));
        QCOMPARE(scans[3].scan.fingerprint, codeFingerprint(good));
        QCOMPARE(scans[2].scan.reason, QStringLiteral("ALREADY_REDEEMED"));
        QVERIFY(!scans[2].scan.ledgerSeq);
        QCOMPARE(scans[1].scan.reason, QStringLiteral("MALFORMED"));
        QCOMPARE(scans[1].scan.form, QStringLiteral("malformed"));
        QCOMPARE(scans[0].scan.reason, QStringLiteral("UNKNOWN_ORDER"));
        QCOMPARE(scans[0].scan.form, QStringLiteral("legacy"));

        // The token text (a bearer credential) is nowhere in the database, nor its signature.
        const QByteArray signature = good.mid(good.lastIndexOf('.') + 1);
        fx.store.reset();
        QFile f(fx.dbPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray all = f.readAll();
        QFile wal(fx.dbPath + QStringLiteral("-wal"));
        if (wal.open(QIODevice::ReadOnly))
            all += wal.readAll();
        QVERIFY(!all.contains(signature));
        QVERIFY(!all.contains(good.left(60)));
    }

    void staffMustBeActive()
    {
        VenueFixture fx;
        QVERIFY(fx.import(
            FeedBuilder()
                .staff(QStringLiteral("stf_on"), QStringLiteral("On"), QStringLiteral("bartender"))
                .staff(QStringLiteral("stf_off"), QStringLiteral("Off"), QStringLiteral("bartender"), false)));
        Redeemer r(*fx.store, fx.clock);
        const QByteArray t = fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        for (const char *bad : {"stf_off", "stf_nobody"}) {
            auto out = r.redeem(t, QLatin1String(bad), QStringLiteral("t"));
            QVERIFY(!out);
            QCOMPARE(out.error().code, ErrorCode::InvalidArgument);
            QVERIFY(out.error().message.contains(QLatin1String(bad)));
        }
        QCOMPARE(fx.store->counts().value().ledgerRows, 0);
        QCOMPARE(fx.store->counts().value().scans, 0);
        QVERIFY(r.redeem(t, QStringLiteral("stf_on"), QStringLiteral("t")).value().verdict.ok());
    }

    void legacyRedeemCarriesTheCachedOrder()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(QStringLiteral("ord_9"), QString(), QStringLiteral("PAID"),
            fx.nowSeconds(), QStringLiteral("order_9_qr"), fx.nowSeconds() + 3600, QStringLiteral("Robin"))));
        Redeemer r(*fx.store, fx.clock);
        auto out = r.redeem("order_9_qr", QString(), QStringLiteral("manual")).value();
        QVERIFY(out.verdict.ok());
        QCOMPARE(out.recorded->qrCode, QStringLiteral("order_9_qr"));
        QCOMPARE(out.recorded->recipient, QStringLiteral("Robin"));
        QCOMPARE(out.recorded->verifiedBy, VerifiedBy::Cache);
        QCOMPARE(r.redeem("order_9_qr", QString(), QStringLiteral("manual")).value().verdict.reason,
            Reason::AlreadyRedeemed);
    }

    // Several threads, each with its own connection, redeem the same tokens at the same time:
    // exactly one OK per token, everyone else ALREADY_REDEEMED, and the ledger agrees.
    void concurrentThreadsGetExactlyOneOk()
    {
        VenueFixture fx;
        constexpr int kTokens = 40;
        constexpr int kThreads = 6;
        QList<QByteArray> tokens;
        for (int i = 0; i < kTokens; ++i)
            tokens.append(fx.token(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i)));
        std::atomic<int> okCount{0};
        std::atomic<int> alreadyCount{0};
        std::atomic<int> errors{0};
        std::vector<std::atomic<int>> perToken(kTokens);
        std::atomic<bool> go{false};
        QList<QThread *> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.append(QThread::create([&, t] {
                auto store = Store::open(fx.dbPath, StoreOptions{30000});
                if (!store) {
                    errors++;
                    return;
                }
                Redeemer r(**store, fx.clock);
                while (!go.load()) { }
                for (int k = 0; k < kTokens; ++k) {
                    const int i = (k + t * 7) % kTokens; // different orders per thread, overlapping
                    auto out = r.redeem(tokens[i], QString(), QStringLiteral("thread"));
                    if (!out) {
                        errors++;
                        continue;
                    }
                    if (out->verdict.ok()) {
                        okCount++;
                        perToken[i]++;
                    } else if (out->verdict.reason == Reason::AlreadyRedeemed) {
                        alreadyCount++;
                    } else {
                        errors++;
                    }
                }
            }));
        }
        for (auto *th : threads)
            th->start();
        go = true;
        for (auto *th : threads) {
            QVERIFY(th->wait(120000));
            delete th;
        }
        QCOMPARE(errors.load(), 0);
        QCOMPARE(okCount.load(), kTokens);
        QCOMPARE(alreadyCount.load(), kTokens * (kThreads - 1));
        for (int i = 0; i < kTokens; ++i)
            QCOMPARE(perToken[i].load(), 1);
        const auto c = fx.store->counts().value();
        QCOMPARE(c.ledgerRows, kTokens);
        QCOMPARE(c.outboxPending, kTokens);
        QCOMPARE(c.scans, kTokens * kThreads);
    }
};

QTEST_GUILESS_MAIN(TestRedeemer)
#include "tst_redeemer.moc"
