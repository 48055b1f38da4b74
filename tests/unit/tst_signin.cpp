// Staff PINs (PBKDF2-HMAC-SHA256 against RFC 7914's published vectors), the sign-in lockout,
// and manual entry's order lookup and redemption by order id.
#include "fixture.h"
#include "ledger.h"
#include "pin.h"
#include "redeemer.h"
#include "signin.h"

#include <QTest>

using namespace kiosk;
using namespace kiosk::test;

class TestSignIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pbkdf2MatchesPublishedVectors_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QByteArray>("salt");
        QTest::addColumn<int>("iterations");
        QTest::addColumn<QByteArray>("hex");
        // RFC 7914 §11 (PBKDF2-HMAC-SHA256) and the widely published c=1/2/4096 vectors.
        QTest::newRow("c=1") << QByteArray("password") << QByteArray("salt") << 1
                             << QByteArray("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
        QTest::newRow("c=2") << QByteArray("password") << QByteArray("salt") << 2
                             << QByteArray("ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
        QTest::newRow("c=4096") << QByteArray("password") << QByteArray("salt") << 4096
                                << QByteArray("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
        QTest::newRow("rfc7914") << QByteArray("passwd") << QByteArray("salt") << 1
                                 << QByteArray("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }
    void pbkdf2MatchesPublishedVectors()
    {
        QFETCH(QByteArray, password);
        QFETCH(QByteArray, salt);
        QFETCH(int, iterations);
        QFETCH(QByteArray, hex);
        QCOMPARE(pbkdf2Sha256(password, salt, iterations).toHex(), hex);
    }

    void checkPinMatchesOnlyTheRightPin()
    {
        const PinHash h = hashPin(QStringLiteral("2468"), 1000);
        StaffRecord s{QStringLiteral("stf_1"), QStringLiteral("Morgan"), QStringLiteral("manager"), h.alg, h.iterations,
            h.salt, h.hash, true};
        QCOMPARE(checkPin(s, QStringLiteral("2468")), PinCheck::Match);
        QCOMPARE(checkPin(s, QStringLiteral("2469")), PinCheck::Mismatch);
        QCOMPARE(checkPin(s, QString()), PinCheck::Mismatch);
        // Two hashes of one PIN differ (fresh salt) and both check.
        const PinHash again = hashPin(QStringLiteral("2468"), 1000);
        QVERIFY(again.salt != h.salt);
        QVERIFY(again.hash != h.hash);
    }

    void unusableHashesNeverMatch()
    {
        const PinHash h = hashPin(QStringLiteral("1111"), 1000);
        StaffRecord good{QStringLiteral("s"), QStringLiteral("S"), QStringLiteral("bartender"), h.alg, h.iterations,
            h.salt, h.hash, true};
        StaffRecord badAlg = good;
        badAlg.pinAlg = QStringLiteral("md5");
        StaffRecord badSalt = good;
        badSalt.pinSalt = QStringLiteral("not base64url!");
        StaffRecord shortHash = good;
        shortHash.pinHash = QStringLiteral("aGFzaA");
        StaffRecord absurd = good;
        absurd.pinIterations = 1'000'000'000;
        for (const StaffRecord &s : {badAlg, badSalt, shortHash, absurd})
            QCOMPARE(checkPin(s, QStringLiteral("1111")), PinCheck::Unusable);
    }

    void lockoutGrowsAndSurvivesRestart()
    {
        VenueFixture f;
        QVERIFY2(f.ok(), qPrintable(f.errorString));
        QVERIFY(f.import(FeedBuilder()
                             .staff(QStringLiteral("stf_sam"), QStringLiteral("Sam"), QStringLiteral("bartender"), true,
                                 QStringLiteral("1111"))
                             .staff(QStringLiteral("stf_old"), QStringLiteral("Old"), QStringLiteral("bartender"),
                                 false, QStringLiteral("9999"))));
        SignInGuard guard(*f.store, f.clock);
        using O = SignInAttempt::Outcome;

        QCOMPARE(guard.attempt(QStringLiteral("stf_old"), QStringLiteral("9999"))->outcome, O::UnknownStaff);
        QCOMPARE(guard.attempt(QStringLiteral("nobody"), QStringLiteral("1111"))->outcome, O::UnknownStaff);

        // Two free mistakes, the third locks for 30 s.
        for (int i = 1; i <= 2; ++i) {
            auto a = guard.attempt(QStringLiteral("stf_sam"), QStringLiteral("0000"));
            QCOMPARE(a->outcome, O::WrongPin);
            QCOMPARE(a->failures, i);
            QCOMPARE(a->lockedUntilMs, 0);
        }
        auto third = guard.attempt(QStringLiteral("stf_sam"), QStringLiteral("0000"));
        QCOMPARE(third->outcome, O::WrongPin);
        QCOMPARE(third->lockedUntilMs, f.clock.nowMs() + 30'000);

        // Locked: even the right PIN is refused, without being checked.
        QCOMPARE(guard.attempt(QStringLiteral("stf_sam"), QStringLiteral("1111"))->outcome, O::LockedOut);

        // A restart does not clear the lock.
        const QString path = f.dbPath;
        f.store.reset();
        f.store = Store::open(path).value();
        SignInGuard afterRestart(*f.store, f.clock);
        QCOMPARE(*afterRestart.lockedUntilMs(), third->lockedUntilMs);
        QCOMPARE(afterRestart.attempt(QStringLiteral("stf_sam"), QStringLiteral("1111"))->outcome, O::LockedOut);

        // After the lock, the next mistake locks twice as long.
        f.clock.advanceMs(30'000);
        QCOMPARE(*afterRestart.lockedUntilMs(), 0);
        auto fourth = afterRestart.attempt(QStringLiteral("stf_sam"), QStringLiteral("0000"));
        QCOMPARE(fourth->lockedUntilMs, f.clock.nowMs() + 60'000);
        f.clock.advanceMs(60'000);

        // The right PIN signs in and resets the count.
        auto ok = afterRestart.attempt(QStringLiteral("stf_sam"), QStringLiteral("1111"));
        QCOMPARE(ok->outcome, O::SignedIn);
        QCOMPARE(ok->staff.name, QStringLiteral("Sam"));
        QCOMPARE(afterRestart.attempt(QStringLiteral("stf_sam"), QStringLiteral("0000"))->failures, 1);
    }

    void lockDurationsAreCapped()
    {
        QCOMPARE(SignInGuard::lockDurationMs(2), 0);
        QCOMPARE(SignInGuard::lockDurationMs(3), 30'000);
        QCOMPARE(SignInGuard::lockDurationMs(4), 60'000);
        QCOMPARE(SignInGuard::lockDurationMs(7), 480'000);
        QCOMPARE(SignInGuard::lockDurationMs(8), SignInGuard::MaxLockMs);
        QCOMPARE(SignInGuard::lockDurationMs(1000), SignInGuard::MaxLockMs);
    }

    void findOrdersByNameOrPhone()
    {
        VenueFixture f;
        QVERIFY2(f.ok(), qPrintable(f.errorString));
        auto order = [&](const char *id, const char *status, const char *recipient, const char *ph4, qint64 expires) {
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("order")},
                {QStringLiteral("data"),
                    QJsonObject{{QStringLiteral("id"), QString::fromUtf8(id)},
                        {QStringLiteral("status"), QString::fromUtf8(status)},
                        {QStringLiteral("recipient"), QString::fromUtf8(recipient)},
                        {QStringLiteral("ph4"), QString::fromUtf8(ph4)},
                        {QStringLiteral("qrCode"), QString(QStringLiteral("qr_") + QString::fromUtf8(id))},
                        {QStringLiteral("drinks"),
                            QJsonArray{QJsonObject{
                                {QStringLiteral("name"), QStringLiteral("Negroni")}, {QStringLiteral("qty"), 1}}}},
                        {QStringLiteral("amount"), 1400}, {QStringLiteral("currency"), QStringLiteral("USD")},
                        {QStringLiteral("updatedAt"), rfc3339(f.nowSeconds())},
                        {QStringLiteral("expiresAt"), rfc3339(f.nowSeconds() + expires)}}}};
        };
        QVERIFY(f.import(FeedBuilder()
                             .raw(order("o1", "PAID", "Priya Kapoor", "0142", 3600))
                             .raw(order("o2", "PAID", "Alex Rivera", "9034", 3600))
                             .raw(order("o3", "PAID", "alexandra Stone", "5555", 3600))
                             .raw(order("o4", "PENDING", "Alex Pending", "0142", 3600))
                             .raw(order("o5", "PAID", "Alex Expired", "0142", -10))
                             .raw(order("o6", "PAID", "100%_Sure", "1234", 3600))
                             .raw(order("o7", "PAID", "Jürgen Weiß", "7777", 3600))
                             .raw(order("o8", "PENDING", "Zoë Straße", "8888", 3600))));
        auto ids = [&](const QString &q) {
            QStringList out;
            for (const OrderRecord &o : f.store->findOrders(q, f.clock.nowMs(), 20).value())
                out << o.id;
            return out;
        };
        QCOMPARE(ids(QStringLiteral("alex")), (QStringList{QStringLiteral("o2"), QStringLiteral("o3")}));
        QCOMPARE(ids(QStringLiteral("kap")), QStringList{QStringLiteral("o1")}); // a later word
        QCOMPARE(ids(QStringLiteral("0142")), QStringList{QStringLiteral("o1")}); // paid and unexpired only
        QCOMPARE(ids(QStringLiteral("apoor")), QStringList()); // words match from their start
        QCOMPARE(ids(QStringLiteral("%")), QStringList()); // LIKE wildcards are literal
        QCOMPARE(ids(QStringLiteral("100%_")), QStringList{QStringLiteral("o6")});
        QCOMPARE(ids(QStringLiteral("   ")), QStringList());
        QCOMPARE(f.store->findOrders(QStringLiteral("a"), f.clock.nowMs(), 1)->size(), 1);
        // Accents, case and ß fold: what a bartender types on any keyboard finds the guest.
        for (const char *q : {"jurgen", "JÜRGEN", "weiss", "Weiß", "wei"})
            QCOMPARE(ids(QString::fromUtf8(q)), QStringList{QStringLiteral("o7")});
        QCOMPARE(foldForSearch(QStringLiteral("Zoë STRASSE")), foldForSearch(QString::fromUtf8("zoe straße")));
        QCOMPARE(foldForSearch(QString::fromUtf8("Ｍüller")), QStringLiteral("muller")); // full-width too
        // Manual entry sees every match whatever its state; the redeemable-only search does not.
        auto every = [&](const QString &q) {
            QStringList out;
            for (const OrderRecord &o : f.store->findEveryOrder(q, 20).value())
                out << o.id;
            return out;
        };
        QCOMPARE(every(QStringLiteral("0142")),
            (QStringList{QStringLiteral("o5"), QStringLiteral("o4"), QStringLiteral("o1")}));
        QCOMPARE(every(QStringLiteral("strasse")), QStringList{QStringLiteral("o8")});
        QCOMPARE(ids(QStringLiteral("strasse")), QStringList());
        QCOMPARE(every(QStringLiteral("%")), QStringList());
    }

    void redeemOrderRunsTheSameChecksOnce()
    {
        VenueFixture f;
        QVERIFY2(f.ok(), qPrintable(f.errorString));
        QVERIFY(f.import(
            FeedBuilder()
                .order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"), f.nowSeconds(),
                    QString(), f.nowSeconds() + 3600, QStringLiteral("Priya K."))
                .order(QStringLiteral("ord_2"), QStringLiteral("tok_2"), QStringLiteral("PAID"), f.nowSeconds())
                .revocation(QStringLiteral("tok_2"))
                .staff(QStringLiteral("stf_sam"), QStringLiteral("Sam"), QStringLiteral("bartender"))));
        Redeemer r(*f.store, f.clock);
        auto first = r.redeemOrder(QStringLiteral("ord_1"), QStringLiteral("stf_sam"));
        QVERIFY(first);
        QCOMPARE(first->verdict.reason, Reason::Ok);
        QCOMPARE(first->verdict.recipient, QStringLiteral("Priya K."));
        QVERIFY(first->recorded);
        QCOMPARE(first->recorded->jti, QStringLiteral("tok_1"));

        // The token of the same order, scanned afterwards, is already redeemed: one pour per order.
        auto token = r.redeem(f.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")), QStringLiteral("stf_sam"),
            QStringLiteral("camera"));
        QCOMPARE(token->verdict.reason, Reason::AlreadyRedeemed);
        QCOMPARE(
            r.redeemOrder(QStringLiteral("ord_1"), QStringLiteral("stf_sam"))->verdict.reason, Reason::AlreadyRedeemed);
        QCOMPARE(
            r.redeemOrder(QStringLiteral("ord_2"), QStringLiteral("stf_sam"))->verdict.reason, Reason::TokenRevoked);
        QCOMPARE(
            r.redeemOrder(QStringLiteral("ord_nope"), QStringLiteral("stf_sam"))->verdict.reason, Reason::UnknownOrder);

        // Each lands in the scan log as a manual entry.
        Ledger ledger(*f.store);
        const auto scans = ledger.scans(std::nullopt, std::nullopt).value();
        QCOMPARE(scans.size(), 5);
        int manual = 0;
        for (const ScanLogRow &s : scans)
            manual += s.scan.source == QLatin1String("manual");
        QCOMPARE(manual, 4);
    }
};

QTEST_GUILESS_MAIN(TestSignIn)
#include "tst_signin.moc"
