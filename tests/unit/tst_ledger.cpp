// The ledger is append-only (the schema refuses UPDATE and DELETE), a void is a new row, the
// schema itself allows one live local redemption per order and token, and history derives
// status and filters from the rows.

#include "fixture.h"

#include "ledger.h"
#include "redeemer.h"
#include "sqlite_p.h"

#include <QRegularExpression>
#include <QTest>

using namespace kiosk;
using namespace kiosk::test;

class TestLedger : public QObject
{
    Q_OBJECT

    static RedemptionDraft draft(const QString &order, const QString &jti, qint64 atMs)
    {
        RedemptionDraft d;
        d.orderId = order;
        d.jti = jti;
        d.atMs = atMs;
        d.recipient = QStringLiteral("Alex");
        d.drinks = {{QStringLiteral("Beer"), 2}};
        d.amount = 900;
        d.currency = QStringLiteral("EUR");
        return d;
    }

private Q_SLOTS:
    void ledgerRefusesUpdateAndDelete()
    {
        VenueFixture fx;
        Redeemer r(*fx.store, fx.clock);
        QVERIFY(r.redeem(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")), QString(), QStringLiteral("t"))
                    .value()
                    .verdict.ok());
        auto &db = fx.store->db();
        for (const char *sql :
            {"UPDATE ledger SET staff_id = 'mallory' WHERE seq = 1", "DELETE FROM ledger WHERE seq = 1",
                "UPDATE ledger SET at_ms = 0", "DELETE FROM ledger", "UPDATE scan_log SET reason = 'OK'"}) {
            const Status st = db.execScript(sql, QStringLiteral("tampering"));
            QVERIFY2(!st, sql);
            QVERIFY2(st.error().message.contains(QLatin1String("append-only")), qPrintable(st.error().message));
        }
        auto e = Ledger(*fx.store).entry(1).value();
        QVERIFY(e);
        QVERIFY(e->staffId.isEmpty());
        QCOMPARE(fx.store->counts().value().ledgerRows, 1);
    }

    void schemaAllowsOneLiveLocalRedemptionPerOrderAndToken()
    {
        VenueFixture fx;
        // Bypass the verifier: two writers that both computed the same generation collide on the
        // partial unique indexes, whatever the application code did.
        QVERIFY(fx.store->db().execScript("BEGIN IMMEDIATE", {}));
        QVERIFY(fx.store->db().execScript("INSERT INTO ledger (entry, origin, idempotency_key, order_id, jti, "
                                          "device_id, at_ms, recorded_ms, generation) "
                                          "VALUES ('redeem', 'local', 'k1', 'ord_1', 'tok_1', 'd', 1, 1, 0)",
            {}));
        const Status dupOrder
            = fx.store->db().execScript("INSERT INTO ledger (entry, origin, idempotency_key, order_id, jti, device_id, "
                                        "at_ms, recorded_ms, generation) "
                                        "VALUES ('redeem', 'local', 'k2', 'ord_1', 'tok_2', 'd', 1, 1, 0)",
                {});
        QVERIFY(!dupOrder);
        QVERIFY(dupOrder.error().message.contains(QLatin1String("UNIQUE")));
        const Status dupJti
            = fx.store->db().execScript("INSERT INTO ledger (entry, origin, idempotency_key, order_id, jti, device_id, "
                                        "at_ms, recorded_ms, generation) "
                                        "VALUES ('redeem', 'local', 'k3', 'ord_2', 'tok_1', 'd', 1, 1, 0)",
                {});
        QVERIFY(!dupJti);
        const Status dupKey
            = fx.store->db().execScript("INSERT INTO ledger (entry, origin, idempotency_key, order_id, jti, device_id, "
                                        "at_ms, recorded_ms, generation) "
                                        "VALUES ('redeem', 'local', 'k1', 'ord_3', 'tok_3', 'd', 1, 1, 0)",
                {});
        QVERIFY(!dupKey);
        // A foreign row for the same order is recorded (a double pour to show), not refused.
        QVERIFY(fx.store->db().execScript(
            "INSERT INTO ledger (entry, origin, idempotency_key, remote_id, order_id, jti, device_id, at_ms, "
            "recorded_ms) "
            "VALUES ('redeem', 'foreign', 'foreign:r1', 'r1', 'ord_1', 'tok_1', 'dev_2', 1, 1)",
            {}));
        QVERIFY(fx.store->db().execScript("ROLLBACK", {}));
    }

    void voidIsANewRowAndReopensTheOrder()
    {
        VenueFixture fx;
        QVERIFY(
            fx.import(FeedBuilder().staff(QStringLiteral("mgr"), QStringLiteral("Morgan"), QStringLiteral("manager"))));
        Redeemer r(*fx.store, fx.clock);
        Ledger ledger(*fx.store);
        const QByteArray t = fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        auto first = r.redeem(t, QString(), QStringLiteral("t")).value();
        QVERIFY(first.verdict.ok());
        QCOMPARE(r.redeem(t, QString(), QStringLiteral("t")).value().verdict.reason, Reason::AlreadyRedeemed);

        fx.clock.advanceMs(60000);
        auto voidSeq = ledger.voidRedemption(
            first.recorded->seq, QStringLiteral("mgr"), QStringLiteral("wrong guest"), fx.clock.nowMs());
        QVERIFY(voidSeq);
        QCOMPARE(
            ledger.voidRedemption(first.recorded->seq, QStringLiteral("mgr"), QStringLiteral("again"), fx.clock.nowMs())
                .error()
                .code,
            ErrorCode::AlreadyExists);
        QCOMPARE(ledger.voidRedemption(999, QStringLiteral("mgr"), QStringLiteral("x"), fx.clock.nowMs()).error().code,
            ErrorCode::NotFound);
        QCOMPARE(
            ledger.voidRedemption(*voidSeq, QStringLiteral("mgr"), QStringLiteral("x"), fx.clock.nowMs()).error().code,
            ErrorCode::NotFound);
        QCOMPARE(
            ledger.voidRedemption(first.recorded->seq, QStringLiteral("mgr"), QStringLiteral("  "), fx.clock.nowMs())
                .error()
                .code,
            ErrorCode::InvalidArgument);

        // The original row is unchanged; the order is redeemable again.
        auto original = ledger.entry(first.recorded->seq).value();
        QCOMPARE(original->atMs, first.recorded->atMs);
        QCOMPARE(original->kind, LedgerEntryKind::Redeem);
        auto second = r.redeem(t, QString(), QStringLiteral("t")).value();
        QVERIFY(second.verdict.ok());
        QVERIFY(second.recorded->seq > *voidSeq);

        auto rows = ledger.history({}).value();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].status, QStringLiteral("redeemed"));
        QCOMPARE(rows[1].status, QStringLiteral("voided"));
        QCOMPARE(rows[1].voidReason, QStringLiteral("wrong guest"));
        QCOMPARE(rows[1].voidedBy, QStringLiteral("mgr"));
        QCOMPARE(rows[1].voidedAtMs.value(), fx.clock.nowMs());
        QCOMPARE(fx.store->counts().value().ledgerRows, 3);
    }

    void idempotencyKeysAreDeviceSequenceAndRandom()
    {
        VenueFixture fx;
        Redeemer r(*fx.store, fx.clock);
        const QString dev = fx.store->deviceId().value();
        for (int i = 1; i <= 3; ++i) {
            auto out = r.redeem(fx.token(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i)), QString(),
                            QStringLiteral("t"))
                           .value();
            const QRegularExpression shape(QStringLiteral("^%1:%2-[0-9a-f]{16}$")
                                               .arg(QRegularExpression::escape(dev))
                                               .arg(i, 6, 10, QLatin1Char('0')));
            QVERIFY2(shape.match(out.recorded->idempotencyKey).hasMatch(), qPrintable(out.recorded->idempotencyKey));
        }
        QVERIFY(QRegularExpression(QStringLiteral("^d:1234567-[0-9a-f]{16}$"))
                    .match(formatIdempotencyKey(QStringLiteral("d"), 1234567))
                    .hasMatch());
        QVERIFY(QRegularExpression(QStringLiteral("^d:v:000008-[0-9a-f]{16}$"))
                    .match(formatIdempotencyKey(QStringLiteral("d"), 8, IdempotencyKind::Void))
                    .hasMatch());
        // Two keys for the same device and number (a restored copy) never collide.
        QVERIFY(formatIdempotencyKey(QStringLiteral("d"), 1) != formatIdempotencyKey(QStringLiteral("d"), 1));
    }

    void historyFilters()
    {
        VenueFixture fx;
        Redeemer r(*fx.store, fx.clock);
        const qint64 t0 = fx.clock.nowMs();
        for (int i = 0; i < 6; ++i) {
            QVERIFY(r.redeem(fx.token(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i)), QString(),
                         QStringLiteral("t"))
                        .value()
                        .verdict.ok());
            fx.clock.advanceMs(3600 * 1000);
        }
        QVERIFY(fx.import(FeedBuilder().redemption(QStringLiteral("red_f"), QStringLiteral("ord_f"),
            QStringLiteral("tok_f"), QStringLiteral("dev_2"), QString(), t0 / 1000 + 1800)));
        Ledger ledger(*fx.store);
        QVERIFY(ledger.voidRedemption(2, QString(), QStringLiteral("spilled"), fx.clock.nowMs()));

        auto all = ledger.history({}).value();
        QCOMPARE(all.size(), 7);
        for (int i = 1; i < all.size(); ++i)
            QVERIFY(all[i - 1].entry.atMs >= all[i].entry.atMs); // newest first

        HistoryFilter window;
        window.fromMs = t0 + 3600 * 1000; // inclusive
        window.toMs = t0 + 3 * 3600 * 1000; // exclusive
        auto w = ledger.history(window).value();
        QCOMPARE(w.size(), 2);
        QCOMPARE(w[0].entry.orderId, QStringLiteral("ord_2"));
        QCOMPARE(w[1].entry.orderId, QStringLiteral("ord_1"));

        auto count = [&](const char *status) {
            HistoryFilter f;
            f.status = QLatin1String(status);
            return ledger.history(f).value().size();
        };
        QCOMPARE(count("voided"), 1);
        QCOMPARE(count("redeemed"), 6);
        QCOMPARE(count("foreign"), 1);
        QCOMPARE(count("local"), 6);
        QCOMPARE(count("unsent"), 5); // the voided one never leaves the kiosk
        QCOMPARE(count("offline"), 6);
        QCOMPARE(count("conflict"), 0);
        HistoryFilter bad;
        bad.status = QStringLiteral("bogus");
        QCOMPARE(ledger.history(bad).error().code, ErrorCode::InvalidArgument);
        HistoryFilter limited;
        limited.limit = 2;
        QCOMPARE(ledger.history(limited).value().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
