// The other bars as the kiosk's screens see them: a demo kiosk paired from Settings with the
// reference cloud, whose roster lists a second kiosk (a simulated one, with its own database
// and peer links). While that bar is unreachable, the managers' list says so with the reason,
// and strict mode turns a good code into "Another bar is unreachable" with nothing recorded;
// once the bar is linked, the list says so and the same code pours.
#include "kioskfixture.h"
#include "kiosksim.h"
#include "pairingcontroller.h"
#include "peernetwork.h"
#include "referencecloud.h"
#include "syncmonitor.h"

#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;
using kiosk::test::waitFor;

class TestBars : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A kiosk reports its device key to the cloud with its version.
        QCoreApplication::setApplicationVersion(QStringLiteral("1.0.0"));
    }

    void theOtherBarsOnScreen()
    {
        test::ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(QStringLiteral("ven_demo"), QStringLiteral("The Copper Still (cloud)"));
        cloud.addStaff(QStringLiteral("ven_demo"), QStringLiteral("stf_kim"), QStringLiteral("Kim"),
            QStringLiteral("manager"), QStringLiteral("5678"));

        // The other bar: paired, its key in the roster, not yet listening anywhere.
        SystemClock clock;
        std::unique_ptr<sync::PeerNetwork> otherNet;
        sync::SyncOptions otherOptions = test::fastOptions();
        otherOptions.appVersion = QStringLiteral("1.0.0"); // a kiosk reports its key with its version
        otherOptions.lanAddresses = [&otherNet] { return otherNet ? otherNet->lanAddresses() : QStringList(); };
        test::KioskSim other;
        QVERIFY2(other.setUp(cloud, QStringLiteral("ven_demo"), otherOptions, clock), qPrintable(other.error));
        QVERIFY2(other.syncOnce(), qPrintable(other.error));

        // This kiosk: peers on 127.0.0.1, strict, a short poll so the roster arrives soon.
        DemoKiosk demo([](KioskAppOptions &o) {
            sync::PeerOptions peers;
            peers.listenAddress = QHostAddress::LocalHost;
            peers.listenPort = 0;
            peers.useDnsSd = false;
            peers.rosterCheckMs = 100;
            peers.redialMinMs = 50;
            peers.redialMaxMs = 300;
            o.peers = peers;
            o.peersStrict = true;
            o.pollSeconds = 2;
        });
        Session &s = demo.session();
        SyncMonitor &sync = *demo.app->syncMonitor();
        QVERIFY(sync.bars().isEmpty()); // not paired: no other bars
        QVERIFY(s.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));
        demo.app->pairing()->pair(cloud.url().toString(), cloud.pairingCode(QStringLiteral("ven_demo")));
        QVERIFY(waitFor([&] { return demo.app->pairing()->message() == QLatin1String("paired"); }, 10000));

        // The roster lists the other bar; nothing says where it is: unreachable, and why.
        QVERIFY(waitFor([&] { return sync.bars().size() == 1; }, 15000));
        QCOMPARE(sync.barsKnown(), 2);
        QCOMPARE(sync.barsReachable(), 1);
        const QVariantMap away = sync.bars().first().toMap();
        QCOMPARE(away.value(QStringLiteral("name")).toString(), QStringLiteral("test kiosk"));
        QCOMPARE(away.value(QStringLiteral("reachable")).toBool(), false);
        QVERIFY(waitFor([&] { return s.signIn(QStringLiteral("stf_kim"), QStringLiteral("5678")); }, 10000));

        // Strict: a good code is held back, nothing recorded; the guest's code stays valid.
        test::OrderSpec spec;
        const test::MintedOrder minted = cloud.createOrder(QStringLiteral("ven_demo"), spec);
        const QVariantMap held = demo.scan(minted.token, QStringLiteral("manual"));
        QCOMPARE(held.value(QStringLiteral("reason")).toString(), QStringLiteral("PEERS_UNREACHABLE"));
        QCOMPARE(held.value(QStringLiteral("headline")).toString(), QStringLiteral("dont_pour"));
        QVERIFY(!held.value(QStringLiteral("recorded")).toBool());
        QVERIFY2(held.value(QStringLiteral("detail")).toString().contains(QLatin1String("test kiosk")),
            qPrintable(held.value(QStringLiteral("detail")).toString()));

        // The other bar starts listening and reports where: linked, and the code pours.
        sync::PeerOptions po;
        po.listenAddress = QHostAddress::LocalHost;
        po.listenPort = 0;
        po.useDnsSd = false;
        otherNet = std::make_unique<sync::PeerNetwork>(other.dbPath, clock, po);
        QVERIFY(otherNet->start());
        QVERIFY2(other.syncOnce(), qPrintable(other.error));
        QVERIFY(waitFor([&] { return sync.barsReachable() == 2; }, 15000));
        const QVariantMap linked = sync.bars().first().toMap();
        QCOMPARE(linked.value(QStringLiteral("reachable")).toBool(), true);
        QCOMPARE(linked.value(QStringLiteral("address")).toString().section(u':', 0, 0), QStringLiteral("127.0.0.1"));
        const QVariantMap poured = demo.scan(minted.token, QStringLiteral("manual"));
        QCOMPARE(poured.value(QStringLiteral("reason")).toString(), QStringLiteral("OK"));
        QVERIFY(poured.value(QStringLiteral("recorded")).toBool());
        // The other bar holds it: the same code there is refused, naming this kiosk.
        QVERIFY(waitFor([&] { return other.redeem(minted.token, clock) == Reason::AlreadyRedeemed; }, 5000));
    }
};

QTEST_MAIN(TestBars)
#include "tst_bars.moc"
