// Two kiosks of one venue sharing their ledgers record by record, with no network in between:
// a pour at one is refused at the other once its record arrives; records are numbered without
// gaps, accepted once, and refused when forged, unknown, from another venue or contradicting.

#include "fixture.h"

#include "devicekey.h"
#include "redeemer.h"
#include "sharedledger.h"
#include "sqlite_p.h"

#include <QJsonArray>
#include <QTest>

using namespace kiosk;
using namespace kiosk::test;

namespace {

struct Bar
{
    VenueFixture fx;
    QString device;
    DeviceKey key;

    explicit Bar(const QString &venue = QStringLiteral("ven_test"))
        : fx(venue)
    {
        device = fx.store->deviceId().value();
        key = ensureDeviceKey(*fx.store, device, fx.clock.nowMs()).value();
        fx.import(FeedBuilder().staff(QStringLiteral("stf_sam"), QStringLiteral("Sam"), QStringLiteral("bartender")));
    }
    // Puts `other` in this kiosk's roster, as the cloud's feed would.
    void knows(const Bar &other, const QString &name, bool active = true)
    {
        fx.import(FeedBuilder().raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("device")},
            {QStringLiteral("data"),
                QJsonObject{{QStringLiteral("id"), other.device}, {QStringLiteral("name"), name},
                    {QStringLiteral("active"), active}, {QStringLiteral("key"), other.key.publicJwk()},
                    {QStringLiteral("lan"), QJsonArray{QStringLiteral("127.0.0.1:47800")}}}}}));
    }
    Result<RedeemOutcome> pour(const QString &order, const QString &jti)
    {
        return Redeemer(*fx.store, fx.clock)
            .redeem(fx.token(order, jti), QStringLiteral("stf_sam"), QStringLiteral("camera"));
    }
    QList<HeldRecord> records() { return SharedLedger(*fx.store).recordsAfter(device, 0, 100).value(); }
};

} // namespace

class TestSharedLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPourAtOneBarIsRefusedAtTheOther()
    {
        Bar left, right;
        left.knows(right, QStringLiteral("Right bar"));
        right.knows(left, QStringLiteral("Left bar"));

        auto poured = left.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        QVERIFY(poured && poured->verdict.ok());
        const QList<HeldRecord> made = left.records();
        QCOMPARE(made.size(), 1);
        QCOMPARE(made[0].n, 1);
        const PeerRecord r = decodePeerRecord(made[0].record.body).value();
        QCOMPARE(r.key, poured->recorded->idempotencyKey);
        QCOMPARE(r.orderId, QStringLiteral("ord_1"));
        QCOMPARE(r.jti, QStringLiteral("tok_1"));
        QCOMPARE(r.staffId, QStringLiteral("stf_sam"));
        QCOMPARE(r.deviceId, left.device);

        const auto accepted = SharedLedger(*right.fx.store).accept(made[0].record, right.fx.clock.nowMs());
        QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().message));
        QCOMPARE(accepted->outcome, AcceptedRecord::Outcome::Applied);
        QVERIFY(accepted->ledgerSeq);
        QVERIFY(!accepted->clash);
        QCOMPARE(accepted->have, 1);

        // The right bar now refuses the code, naming the left bar's device and bartender.
        auto again = right.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        QVERIFY(again);
        QCOMPARE(again->verdict.reason, Reason::AlreadyRedeemed);
        QVERIFY(again->verdict.previous);
        QCOMPARE(again->verdict.previous->deviceId, left.device);
        QCOMPARE(again->verdict.previous->staffId, QStringLiteral("stf_sam"));
        QCOMPARE(again->verdict.previous->atMs, left.fx.clock.nowMs());
        QCOMPARE(right.fx.store->deviceName(left.device).value(), QStringLiteral("Left bar"));

        // The same record again (a relay, a retry): held already, nothing added.
        const auto twice = SharedLedger(*right.fx.store).accept(made[0].record, right.fx.clock.nowMs());
        QCOMPARE(twice->outcome, AcceptedRecord::Outcome::AlreadyHeld);
        QCOMPARE(twice->ledgerSeq, accepted->ledgerSeq);
        QCOMPARE(SharedLedger(*right.fx.store).versionVector().value(), (VersionVector{{left.device, 1}}));
        // What the right bar holds, it can pass on, byte for byte.
        QCOMPARE(
            SharedLedger(*right.fx.store).recordsAfter(left.device, 0, 10).value()[0].record.body, made[0].record.body);
    }

    void recordsArriveInOrderOrAskForTheGap()
    {
        Bar left, right;
        right.knows(left, QStringLiteral("Left bar"));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(left.pour(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i))->verdict.ok());
        const QList<HeldRecord> made = left.records();
        QCOMPARE(made.size(), 3);
        QCOMPARE(made[2].n, 3);
        SharedLedger shared(*right.fx.store);
        const auto early = shared.accept(made[2].record, 0);
        QCOMPARE(early->outcome, AcceptedRecord::Outcome::Gap);
        QCOMPARE(early->have, 0);
        QVERIFY(shared.versionVector().value().isEmpty());
        // What the right bar lacks, as the left bar sees it from the right's version vector.
        const auto missing = SharedLedger(*left.fx.store).missingFrom(shared.versionVector().value(), 100).value();
        QCOMPARE(missing.size(), 3);
        for (const HeldRecord &h : missing)
            QCOMPARE(shared.accept(h.record, 0)->outcome, AcceptedRecord::Outcome::Applied);
        QCOMPARE(shared.versionVector().value().value(left.device), 3);
        QVERIFY(SharedLedger(*left.fx.store).missingFrom(shared.versionVector().value(), 100).value().isEmpty());
    }

    void aVoidTravelsToo()
    {
        Bar left, right;
        right.knows(left, QStringLiteral("Left bar"));
        auto poured = left.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        QVERIFY(Ledger(*left.fx.store)
                    .voidRedemption(poured->recorded->seq, QStringLiteral("stf_sam"), QStringLiteral("spilled"),
                        left.fx.clock.nowMs()));
        const QList<HeldRecord> made = left.records();
        QCOMPARE(made.size(), 2);
        const PeerRecord v = decodePeerRecord(made[1].record.body).value();
        QCOMPARE(v.kind, PeerRecord::Kind::Void);
        QCOMPARE(v.target, poured->recorded->idempotencyKey);
        QCOMPARE(v.reason, QStringLiteral("spilled"));
        for (const HeldRecord &h : made)
            QCOMPARE(SharedLedger(*right.fx.store).accept(h.record, 0)->outcome, AcceptedRecord::Outcome::Applied);
        // Voided at the left bar: the right bar may pour it.
        QVERIFY(right.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"))->verdict.ok());
    }

    // Both bars poured the same code before hearing of each other (a split, a race): the second
    // record each one hears meets its own live redemption, and says so.
    void aDoublePourIsNamedWhenTheRecordsMeet()
    {
        Bar left, right;
        left.knows(right, QStringLiteral("Right bar"));
        right.knows(left, QStringLiteral("Left bar"));
        QVERIFY(left.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"))->verdict.ok());
        QVERIFY(right.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"))->verdict.ok());
        const auto atRight = SharedLedger(*right.fx.store).accept(left.records()[0].record, 0);
        QVERIFY(atRight->clash);
        QCOMPARE(atRight->clash->deviceId, right.device);
        QVERIFY(atRight->clash->local);
        const auto atLeft = SharedLedger(*left.fx.store).accept(right.records()[0].record, 0);
        QVERIFY(atLeft->clash);
        QCOMPARE(atLeft->clash->deviceId, left.device);
    }

    void refusesWhatItCannotTrust()
    {
        Bar left, right, stranger, inactive;
        Bar elsewhere(QStringLiteral("ven_other"));
        right.knows(left, QStringLiteral("Left bar"));
        right.knows(inactive, QStringLiteral("Old bar"), false);
        right.knows(elsewhere, QStringLiteral("Other venue"));
        QVERIFY(left.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"))->verdict.ok());
        QVERIFY(stranger.pour(QStringLiteral("ord_2"), QStringLiteral("tok_2"))->verdict.ok());
        QVERIFY(inactive.pour(QStringLiteral("ord_3"), QStringLiteral("tok_3"))->verdict.ok());
        QVERIFY(elsewhere.pour(QStringLiteral("ord_4"), QStringLiteral("tok_4"))->verdict.ok());
        SharedLedger shared(*right.fx.store);
        auto refusedWith = [&](const SignedPeerRecord &r, const char *why) {
            const auto out = shared.accept(r, 0);
            if (out)
                return false;
            if (!out.error().message.contains(QLatin1String(why)))
                qWarning() << out.error().message;
            return out.error().message.contains(QLatin1String(why));
        };
        QVERIFY(refusedWith(stranger.records()[0].record, "not an active device of this venue"));
        QVERIFY(refusedWith(inactive.records()[0].record, "not an active device of this venue"));
        QVERIFY(refusedWith(elsewhere.records()[0].record, "belongs to venue ven_other"));

        // A record that claims to be the left bar's, signed by the stranger.
        PeerRecord claim = decodePeerRecord(left.records()[0].record.body).value();
        claim.orderId = QStringLiteral("ord_9");
        QVERIFY(refusedWith(signPeerRecord(claim, stranger.key), "signature is not"));
        // The left bar's real record with one byte of the signature changed.
        SignedPeerRecord flipped = left.records()[0].record;
        flipped.signature[0] = char(flipped.signature[0] ^ 0x40);
        QVERIFY(refusedWith(flipped, "signature is not"));
        QVERIFY(shared.versionVector().value().isEmpty());

        // Two different records under one number (the left bar's key, e.g. an old backup restored
        // on it): the first is kept, the second refused.
        QVERIFY(shared.accept(left.records()[0].record, 0));
        QVERIFY(refusedWith(signPeerRecord(claim, left.key), "already signed another record number 1"));
        QCOMPARE(shared.versionVector().value().value(left.device), 1);
        auto count = right.fx.store->db().scalar("SELECT count(*) FROM ledger WHERE order_id = 'ord_9'");
        QCOMPARE(count.value(), 0);
    }

    // A redemption reaches a kiosk twice: from its maker over the LAN, and from the cloud's feed
    // once the maker uploaded it. Either may come first; it is one row in the ledger, and a
    // later void from the maker finds it.
    void theCloudsCopyIsTheSameRedemption()
    {
        for (const bool peerFirst : {true, false}) {
            Bar left, right;
            right.knows(left, QStringLiteral("Left bar"));
            auto poured = left.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
            QVERIFY(poured && poured->verdict.ok());
            const SignedPeerRecord record = left.records()[0].record;
            const FeedBuilder cloudCopy = FeedBuilder().redemption(QStringLiteral("red_1"), QStringLiteral("ord_1"),
                QStringLiteral("tok_1"), left.device, QStringLiteral("stf_sam"), left.fx.nowSeconds());
            SharedLedger shared(*right.fx.store);
            if (peerFirst) {
                QVERIFY(shared.accept(record, 0));
                QVERIFY(right.fx.import(cloudCopy));
            } else {
                QVERIFY(right.fx.import(cloudCopy));
                const auto accepted = shared.accept(record, 0);
                QVERIFY(accepted);
                QVERIFY(!accepted->clash); // its own copy is no double pour
            }
            auto rows = right.fx.store->db().scalar(
                "SELECT count(*) FROM ledger WHERE entry = 'redeem' AND order_id = 'ord_1'");
            QCOMPARE(rows.value(), 1);
            QCOMPARE(
                right.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"))->verdict.reason, Reason::AlreadyRedeemed);

            // The maker voids it: the void finds the one row, whichever copy it is.
            QVERIFY(Ledger(*left.fx.store)
                        .voidRedemption(poured->recorded->seq, QStringLiteral("stf_sam"), QStringLiteral("spilled"),
                            left.fx.clock.nowMs()));
            QCOMPARE(shared.accept(left.records()[1].record, 0)->outcome, AcceptedRecord::Outcome::Applied);
            QVERIFY2(right.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"))->verdict.ok(),
                peerFirst ? "peer first" : "cloud first");
        }
    }

    // A kiosk that was never paired has no device key: it makes no records (nobody to share with).
    void noKeyNoRecords()
    {
        VenueFixture fx;
        QVERIFY(
            Redeemer(*fx.store, fx.clock)
                .redeem(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")), QString(), QStringLiteral("camera"))
                ->verdict.ok());
        QCOMPARE(fx.store->db().scalar("SELECT count(*) FROM shared_records").value(), 0);
    }

    // The shared records are append-only, as the ledger is.
    void recordsAreAppendOnly()
    {
        Bar left;
        QVERIFY(left.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"))->verdict.ok());
        auto &db = left.fx.store->db();
        QVERIFY(!db.execScript("UPDATE shared_records SET body = x'00'", QStringLiteral("tampering")));
        QVERIFY(!db.execScript("DELETE FROM shared_records", QStringLiteral("tampering")));
        QCOMPARE(db.scalar("SELECT count(*) FROM shared_records").value(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSharedLedger)
#include "tst_sharedledger.moc"
