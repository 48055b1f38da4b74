// The verdict on screen against the demo venue: what to do (pour, don't pour, check) with the
// action that matches the advice, the honest undo window, confirm mode's pending and unused
// states, the same phone held still, a harmless re-scan versus a pour at another bar, and a
// full disk. Deadlines are passed by moving the kiosk's clock, never by sleeping.
#include "kioskfixture.h"
#include "kiosksettings.h"
#include "store.h"

#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;
using kiosk::test::waitFor;

namespace {
QString field(const QVariantMap &v, const char *key)
{
    return v.value(QLatin1String(key)).toString();
}
} // namespace

class TestVerdicts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyDemoCodeSaysWhatToDo()
    {
        DemoKiosk k;
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        struct Expected
        {
            const char *reason;
            const char *headline;
            const char *action;
        };
        const QList<Expected> expected{{"OK", "pour", ""}, {"ALREADY_REDEEMED", "dont_pour", ""}, {"OK", "pour", ""},
            {"ALREADY_REDEEMED", "dont_pour", "call_manager"}, {"EXPIRED", "dont_pour", ""},
            {"WRONG_VENUE", "dont_pour", ""}, {"BAD_SIGNATURE", "dont_pour", "call_manager"},
            {"NOT_PAID", "dont_pour", "scan_again"}, {"TOKEN_REVOKED", "dont_pour", "scan_again"}, {"OK", "pour", ""},
            {"UNKNOWN_ORDER", "dont_pour", "find_by_name"}, {"MALFORMED", "dont_pour", "scan_again"},
            {"ALREADY_REDEEMED", "dont_pour", ""}, {"OK", "pour", ""}};
        QCOMPARE(k.app->demoCodes().size(), expected.size());
        // The signed codes are DK1, the app's form; the last two are the older app's JWS, the
        // first of them the first order again.
        for (int i : {0, 2, 3, 4, 5, 6, 7, 8})
            QVERIFY2(k.code(i).startsWith("DK1:"), k.code(i).constData());
        for (int i : {12, 13})
            QVERIFY2(k.code(i).startsWith("eyJ") && k.code(i).count('.') == 2, k.code(i).constData());
        for (int i = 0; i < expected.size(); ++i) {
            // "manual" bypasses the repeat quiet period (code 1 is code 0 again on purpose).
            const QVariantMap v = k.scan(k.code(i), QStringLiteral("manual"));
            QCOMPARE(field(v, "reason"), QLatin1String(expected.at(i).reason));
            QCOMPARE(field(v, "headline"), QLatin1String(expected.at(i).headline));
            QCOMPARE(field(v, "action"), QLatin1String(expected.at(i).action));
            QCOMPARE(v.value(QStringLiteral("recorded")).toBool(), field(v, "reason") == QLatin1String("OK"));
        }
    }

    // Sam re-scanning the phone he just poured for is not the alarm a pour at the other bar is.
    void aHarmlessRescanReadsDifferentlyFromAPourElsewhere()
    {
        DemoKiosk k;
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QCOMPARE(field(k.scan(k.code(0)), "kind"), QStringLiteral("ok"));
        const QVariantMap again = k.scan(k.code(0), QStringLiteral("manual"));
        QCOMPARE(field(again, "reason"), QStringLiteral("ALREADY_REDEEMED"));
        QCOMPARE(field(again, "kind"), QStringLiteral("repeat"));
        QCOMPARE(field(again, "headline"), QStringLiteral("dont_pour"));
        QVERIFY(again.value(QStringLiteral("previous")).toMap().value(QStringLiteral("byMe")).toBool());
        // Someone else at this bar, or much later: the alarm.
        k.session().signOut();
        QVERIFY(k.session().signIn(QStringLiteral("stf_ada"), QStringLiteral("3579")));
        QCOMPARE(field(k.scan(k.code(0), QStringLiteral("manual")), "kind"), QStringLiteral("already"));
        k.session().signOut();
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        k.skip(3 * 60'000);
        QCOMPARE(field(k.scan(k.code(0), QStringLiteral("manual")), "kind"), QStringLiteral("already"));
        // The other bar's pour names the bar (the roster's name, not its id), when and who.
        const QVariantMap other = k.scan(k.code(3), QStringLiteral("manual"));
        QCOMPARE(field(other, "kind"), QStringLiteral("already"));
        const QVariantMap previous = other.value(QStringLiteral("previous")).toMap();
        QCOMPARE(field(previous, "deviceName"), QStringLiteral("Right bar"));
        QCOMPARE(field(previous, "staff"), QStringLiteral("Sam"));
        QVERIFY(!previous.value(QStringLiteral("here")).toBool());
    }

    void theSamePhoneHeldStillIsNotADoublePour()
    {
        DemoKiosk k;
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QCOMPARE(field(k.scan(k.code(0)), "reason"), QStringLiteral("OK"));
        const double checkedAt = k.verdicts().verdict().value(QStringLiteral("atMs")).toDouble();
        // The camera reads it again while the guest is still holding it up: no new verdict, and
        // the screen says it is the same code.
        QSignalSpy shown(&k.verdicts(), &VerdictController::verdictShown);
        k.skip(3000);
        k.verdicts().submitBytes(k.code(0), QStringLiteral("camera"));
        QTest::qWait(50);
        QCOMPARE(shown.count(), 0);
        QCOMPARE(k.verdicts().repeatNotice().value(QStringLiteral("atMs")).toDouble(), checkedAt);
        k.skip(3500);
        QVERIFY(k.verdicts().repeatNotice().isEmpty());
        // "Scan again" lets the very same code be judged at once.
        k.verdicts().scanAgain();
        k.verdicts().submitBytes(k.code(0), QStringLiteral("camera"));
        QVERIFY(waitFor([&] { return k.verdicts().verdictVisible() && !k.verdicts().busy(); }));
        QCOMPARE(field(k.verdicts().verdict(), "reason"), QStringLiteral("ALREADY_REDEEMED"));
    }

    // The OK stays as long as its Undo lasts; after "Next guest" the undo is still there (the
    // scan screen's chip) until the window ends.
    void anHonestUndoWindow()
    {
        DemoKiosk k;
        VerdictController &v = k.verdicts();
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QCOMPARE(field(k.scan(k.code(2)), "reason"), QStringLiteral("OK"));
        QCOMPARE(v.undoSeconds(), 10);
        k.skip(9000);
        QVERIFY(v.verdictVisible());
        QCOMPARE(v.undoSeconds(), 1);
        k.skip(1100);
        QVERIFY(!v.verdictVisible()); // closed with its window
        QCOMPARE(v.undoSeconds(), 0);
        QVERIFY(v.lastPour().isEmpty());
        v.undo(); // too late: nothing happens
        QTest::qWait(50);
        QVERIFY(!v.busy());

        // Next guest at once: the chip keeps the undo for the rest of the window.
        QCOMPARE(field(k.scan(k.code(9)), "reason"), QStringLiteral("OK"));
        v.dismissVerdict();
        k.skip(4000);
        QCOMPARE(v.undoSeconds(), 6);
        QCOMPARE(v.lastPour().value(QStringLiteral("recipient")).toString(), QStringLiteral("Robin T."));
        v.undo();
        QVERIFY(waitFor([&] { return field(v.verdict(), "kind") == QLatin1String("undone"); }));
        QCOMPARE(field(v.verdict(), "headline"), QStringLiteral("dont_pour"));
        QVERIFY(v.lastPour().isEmpty());
        // Voided, so the same code is redeemable again.
        QCOMPARE(field(k.scan(k.code(9)), "reason"), QStringLiteral("OK"));
        // A newer pour is what Undo means now.
        QCOMPARE(field(k.scan(k.code(2), QStringLiteral("manual")), "reason"), QStringLiteral("ALREADY_REDEEMED"));
        QCOMPARE(v.lastPour().value(QStringLiteral("recipient")).toString(), QStringLiteral("Robin T."));
    }

    void confirmModeIsPendingUntilPourAndSaysWhenUnused()
    {
        DemoKiosk k;
        VerdictController &v = k.verdicts();
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        k.app->settings()->setConfirmMode(true);
        const qint64 before = ledgerRows(k);
        const QVariantMap pending = k.scan(k.code(0));
        QCOMPARE(field(pending, "kind"), QStringLiteral("pending"));
        QCOMPARE(field(pending, "headline"), QStringLiteral("check"));
        QVERIFY(!pending.value(QStringLiteral("recorded")).toBool());
        QCOMPARE(v.undoSeconds(), 0);
        // Another code arriving meanwhile does not replace the verdict awaiting Pour.
        v.submitBytes(k.code(4), QStringLiteral("camera"));
        QTest::qWait(50);
        QCOMPARE(field(v.verdict(), "kind"), QStringLiteral("pending"));
        // Nobody taps Pour: after 20 s the screen says nothing was recorded, then closes.
        k.skip(19'000);
        QCOMPARE(field(v.verdict(), "kind"), QStringLiteral("pending"));
        k.skip(1100);
        QCOMPARE(field(v.verdict(), "kind"), QStringLiteral("unused"));
        QVERIFY(!v.verdict().value(QStringLiteral("recorded")).toBool());
        k.skip(5100);
        QVERIFY(!v.verdictVisible());
        QCOMPARE(ledgerRows(k), before);
        // Pour records it, and only then.
        QCOMPARE(field(k.scan(k.code(0), QStringLiteral("manual")), "kind"), QStringLiteral("pending"));
        v.confirmPour();
        QVERIFY(waitFor([&] { return v.verdict().value(QStringLiteral("recorded")).toBool(); }));
        QCOMPARE(field(v.verdict(), "kind"), QStringLiteral("ok"));
        QCOMPARE(ledgerRows(k), before + 1);
        QCOMPARE(v.undoSeconds(), 10);
        // The setting survives a restart (it lives in the store).
        QCOMPARE(k.app->store().meta("ui_confirm_mode").value(), QStringLiteral("1"));
    }

    void callManagerHoldsTheVerdict()
    {
        DemoKiosk k;
        VerdictController &v = k.verdicts();
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QCOMPARE(field(k.scan(k.code(6)), "action"), QStringLiteral("call_manager"));
        v.holdForManager();
        k.skip(4 * 60'000);
        QVERIFY(v.verdictVisible());
        QVERIFY(v.verdict().value(QStringLiteral("held")).toBool());
        v.dismissVerdict();
        QVERIFY(!v.verdictVisible());
        // Held, but not past the auto-lock: the guest's name leaves with the bartender.
        k.scan(k.code(6));
        v.holdForManager();
        k.skip(6 * 60'000);
        QVERIFY(!k.session().signedIn());
        QVERIFY(!v.verdictVisible());
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        // A refusal nobody holds closes by itself.
        k.scan(k.code(4));
        k.skip(7100);
        QVERIFY(!v.verdictVisible());
    }

    // A full disk at the bar: the bartender sees DON'T POUR (never OK, nothing recorded) and the
    // kiosk shows the fault. The recording connection is capped at the database's current size.
    void diskFullIsNeverAnOk()
    {
        DemoKiosk k([](KioskAppOptions &o) { o.maxDatabaseBytes = 1; });
        VerdictController &v = k.verdicts();
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QVERIFY(v.storageFault().isEmpty());
        QString reason;
        int scans = 0;
        // Each refusal adds a scan-log row: the free space in the last pages runs out.
        for (; scans < 2000 && reason != QLatin1String("ERROR"); ++scans) {
            reason = field(k.scan(k.code(1), QStringLiteral("manual")), "reason");
            QVERIFY2(
                reason == QLatin1String(scans == 0 ? "OK" : "ALREADY_REDEEMED") || reason == QLatin1String("ERROR"),
                qPrintable(reason));
        }
        QCOMPARE(reason, QStringLiteral("ERROR"));
        QCOMPARE(v.storageFault(), QStringLiteral("disk_full"));
        const qint64 ledgerBefore = ledgerRows(k);
        const QVariantMap bad = k.scan(k.code(2), QStringLiteral("manual"));
        QCOMPARE(field(bad, "reason"), QStringLiteral("ERROR"));
        QCOMPARE(field(bad, "headline"), QStringLiteral("dont_pour"));
        QVERIFY(!bad.value(QStringLiteral("recorded")).toBool());
        QCOMPARE(ledgerRows(k), ledgerBefore);
    }

    void aHandScannerTypingIntoTheWindowIsAScan()
    {
        DemoKiosk k;
        QQmlApplicationEngine engine;
        QVERIFY(k.app->load(engine));
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        QVERIFY(window);
        QVERIFY(k.session().signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
        // A wedge scanner "types" the legacy code a few milliseconds per key, then Enter.
        for (const char c : QByteArrayLiteral("order_d6_qr"))
            QTest::keyClick(window, c, Qt::NoModifier, 1);
        QTest::keyClick(window, Qt::Key_Return);
        VerdictController &v = k.verdicts();
        QVERIFY(waitFor([&] { return v.verdictVisible() && !v.busy(); }));
        QCOMPARE(field(v.verdict(), "reason"), QStringLiteral("OK"));
        QCOMPARE(field(v.verdict(), "source"), QStringLiteral("wedge"));
    }

private:
    static qint64 ledgerRows(const DemoKiosk &k) { return k.app->store().counts().value().ledgerRows; }
};

QTEST_MAIN(TestVerdicts)
#include "tst_verdicts.moc"
