// Pairing from Settings against the reference cloud, and what the status band then shows:
// online, the cloud's staff, uploads, and a deploy that answers uploads with 404.
#include "kioskfixture.h"
#include "pairingcontroller.h"
#include "referencecloud.h"
#include "syncmonitor.h"

#include <QJsonObject>
#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;
using kiosk::test::waitFor;

class TestPairing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pairingFromSettingsAgainstTheReferenceCloud()
    {
        test::ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(QStringLiteral("ven_demo"), QStringLiteral("The Copper Still (cloud)"));
        cloud.createVenue(QStringLiteral("ven_other"), QStringLiteral("Elsewhere"));
        cloud.addStaff(QStringLiteral("ven_demo"), QStringLiteral("stf_kim"), QStringLiteral("Kim"),
            QStringLiteral("bartender"), QStringLiteral("5678"));
        DemoKiosk demo;
        Session &s = demo.session();
        PairingController &p = *demo.app->pairing();
        SyncMonitor &sync = *demo.app->syncMonitor();
        const QString url = cloud.url().toString();

        p.pair(url, cloud.pairingCode(QStringLiteral("ven_demo")));
        QVERIFY(!p.pairing()); // managers only: nobody is signed in
        QVERIFY(s.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        p.pair(url, cloud.pairingCode(QStringLiteral("ven_demo")));
        QVERIFY(!p.pairing()); // a bartender cannot either
        QVERIFY(p.message().isEmpty());
        QVERIFY(s.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));

        // Refused before any request: not https, not loopback.
        p.pair(QStringLiteral("http://cloud.example.com"), QStringLiteral("CODE"));
        QVERIFY(!p.pairing());
        QVERIFY2(p.message().contains(QLatin1String("https://")), qPrintable(p.message()));
        // A wrong code: the cloud's answer, and nothing changes here.
        p.pair(url, QStringLiteral("NOT-A-CODE"));
        QVERIFY(p.pairing());
        QVERIFY(waitFor([&] { return !p.pairing(); }));
        QVERIFY(!p.message().isEmpty() && p.message() != QLatin1String("paired"));
        QVERIFY(p.serverUrl().isEmpty());
        // A code for another venue: this database holds the demo venue's night, so it stays.
        p.pair(url, cloud.pairingCode(QStringLiteral("ven_other")));
        QVERIFY(waitFor([&] { return !p.pairing(); }));
        QVERIFY2(p.message().contains(QLatin1String("ven_other")), qPrintable(p.message()));
        QVERIFY(p.serverUrl().isEmpty());

        const QString localDevice = s.deviceId();
        p.pair(url, cloud.pairingCode(QStringLiteral("ven_demo")));
        QVERIFY(waitFor([&] { return !p.pairing(); }, 10000));
        QCOMPARE(p.message(), QStringLiteral("paired"));
        QCOMPARE(p.serverUrl(), url);
        QVERIFY(s.deviceId() != localDevice);
        // The backend now syncs: the cloud's staff arrive and the strip says online.
        QVERIFY(waitFor(
            [&] {
                for (const QVariant &member : s.staffList())
                    if (member.toMap().value(QStringLiteral("id")) == QLatin1String("stf_kim"))
                        return true;
                return false;
            },
            10000));
        QVERIFY(waitFor([&] { return sync.connectivity() == QLatin1String("online"); }, 10000));
        // The cloud's snapshot is the venue's truth: the demo's staff are not in it, so they can
        // no longer sign in (Morgan is signed out), and the cloud's staff can.
        QVERIFY(waitFor([&] { return !s.signedIn(); }, 10000));
        QVERIFY(!s.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));
        QVERIFY(s.signIn(QStringLiteral("stf_kim"), QStringLiteral("5678")));
        // A code the cloud signed is good here now, and its redemption goes up.
        test::OrderSpec spec;
        spec.recipient = QStringLiteral("Kim's friend");
        const test::MintedOrder minted = cloud.createOrder(QStringLiteral("ven_demo"), spec);
        const QString orderId = minted.order.value(QStringLiteral("id")).toString();
        QVERIFY(waitFor(
            [&] {
                demo.verdicts().dismissVerdict();
                return demo.scan(minted.token, QStringLiteral("manual")).value(QStringLiteral("reason"))
                    == QLatin1String("OK"); // typed: no repeat suppression between tries
            },
            10000));
        QVERIFY(waitFor(
            [&] {
                for (const QJsonObject &r : cloud.redemptions(QStringLiteral("ven_demo")))
                    if (r.value(QStringLiteral("orderId")).toString() == orderId)
                        return true;
                return false;
            },
            10000));

        // A deploy answers uploads with 404: the drink stays queued and the strip says why.
        test::CloudFaults notFound;
        notFound.pathPrefix = QStringLiteral("/v1/redemptions");
        notFound.forceStatus = 404;
        cloud.setFaults(notFound);
        const test::MintedOrder second = cloud.createOrder(QStringLiteral("ven_demo"), spec);
        QVERIFY(waitFor(
            [&] {
                demo.verdicts().dismissVerdict();
                return demo.scan(second.token, QStringLiteral("manual")).value(QStringLiteral("reason"))
                    == QLatin1String("OK");
            },
            10000));
        QVERIFY(waitFor([&] { return sync.uploadProblem().contains(QLatin1String("404")); }, 15000));
        QVERIFY2(sync.uploadProblem().startsWith(QLatin1String("the cloud refuses uploads")),
            qPrintable(sync.uploadProblem()));
        QVERIFY(sync.uploadProblemSinceMs() > 0);
        QVERIFY(sync.unsent() >= 1);
        cloud.setFaults({});
        QVERIFY(waitFor([&] { return sync.uploadProblem().isEmpty() && sync.unsent() == 0; }, 30000));
    }
};

QTEST_MAIN(TestPairing)
#include "tst_pairing.moc"
