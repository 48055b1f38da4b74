// Session: sign-in with its lockout, auto-lock on the kiosk's clock, and the notice for a code
// scanned with nobody on duty; a sign-out takes the verdict, the undo and the search with it.
#include "kioskfixture.h"
#include "kiosksettings.h"
#include "ordersearch.h"

#include <QSignalSpy>
#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;
using kiosk::test::waitFor;

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scansNeedSomeoneSignedIn()
    {
        DemoKiosk k;
        QVERIFY(!k.session().signedIn());
        k.verdicts().submitBytes(k.code(0), QStringLiteral("camera"));
        QTest::qWait(50);
        QVERIFY(!k.verdicts().verdictVisible());
        QCOMPARE(k.session().notice(), QStringLiteral("sign_in_first"));
        // The notice clears itself after a few seconds of the kiosk's clock.
        k.skip(5000);
        QCOMPARE(k.session().notice(), QStringLiteral("sign_in_first"));
        k.skip(1500);
        QCOMPARE(k.session().notice(), QString());
    }

    void lockout()
    {
        DemoKiosk k;
        Session &s = k.session();
        for (int i = 0; i < 3; ++i)
            QVERIFY(!s.signIn(QStringLiteral("stf_sam"), QStringLiteral("9999")));
        QCOMPARE(s.signInError(), QStringLiteral("locked"));
        QVERIFY(s.lockSeconds() > 25 && s.lockSeconds() <= 30);
        QVERIFY(!s.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111"))); // locked, even with the right PIN
        QVERIFY(!s.signedIn());
        k.skip(31'000);
        QCOMPARE(s.lockSeconds(), 0);
        QCOMPARE(s.signInError(), QString());
        QVERIFY(s.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
    }

    void autoLockAfterInactivity()
    {
        DemoKiosk k;
        Session &s = k.session();
        k.app->settings()->setAutoLockSeconds(60);
        QVERIFY(s.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        k.skip(50'000);
        QVERIFY(s.signedIn());
        // A scan is activity: the minute starts again.
        k.scan(k.code(0));
        k.skip(50'000);
        QVERIFY(s.signedIn());
        k.skip(11'000);
        QVERIFY(!s.signedIn());
        QCOMPARE(s.signOutReason(), QStringLiteral("autolock"));
        // 0 means never.
        k.app->settings()->setAutoLockSeconds(0);
        QVERIFY(s.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        k.skip(24 * 3600'000LL);
        QVERIFY(s.signedIn());
    }

    void signingOutTakesTheBartendersScreensAlong()
    {
        DemoKiosk k;
        Session &s = k.session();
        QVERIFY(s.signIn(QStringLiteral("stf_ada"), QStringLiteral("3579")));
        QCOMPARE(k.scan(k.code(2)).value(QStringLiteral("reason")), QStringLiteral("OK"));
        QVERIFY(k.verdicts().undoSeconds() > 0);
        OrderSearch &orders = *k.app->orders();
        orders.searchOrders(QStringLiteral("alex"));
        QVERIFY(waitFor([&] { return !orders.searchingOrders(); }));
        QVERIFY(!orders.orderMatches().isEmpty());
        s.signOut(QStringLiteral("manual"));
        QVERIFY(!k.verdicts().verdictVisible());
        QCOMPARE(k.verdicts().undoSeconds(), 0); // the next person cannot undo Ada's pour
        QVERIFY(orders.orderMatches().isEmpty());
        QCOMPARE(s.signOutReason(), QStringLiteral("manual"));
    }

    void unknownStaffAndNames()
    {
        DemoKiosk k;
        QVERIFY(!k.session().signIn(QStringLiteral("stf_nobody"), QStringLiteral("1111")));
        QCOMPARE(k.session().signInError(), QStringLiteral("unknown_staff"));
        QCOMPARE(k.session().nameOf(QStringLiteral("stf_morgan")), QStringLiteral("Morgan"));
        QCOMPARE(k.session().nameOf(QStringLiteral("stf_nobody")), QString());
        QCOMPARE(k.session().venueName(), QStringLiteral("The Copper Still"));
        QCOMPARE(k.session().staffList().size(), 3);
    }
};

QTEST_MAIN(TestSession)
#include "tst_session.moc"
