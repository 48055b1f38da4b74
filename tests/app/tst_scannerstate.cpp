// The scanner's state as the scan screen shows it: a camera that stops delivering frames is
// "lost" after two seconds of the kiosk's clock and "working" again with the next frame; the
// frame counters; no source at all is "none".
#include "demoframesource.h"
#include "kioskfixture.h"
#include "scannerstate.h"

#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;
using kiosk::test::waitFor;

class TestScannerState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noSourceIsNone()
    {
        DemoKiosk k;
        QCOMPARE(k.app->scanner()->camera(), QStringLiteral("none"));
        k.skip(10'000);
        QCOMPARE(k.app->scanner()->camera(), QStringLiteral("none"));
    }

    void aCameraThatStopsIsLostAndComesBack()
    {
        DemoKiosk k([](KioskAppOptions &o) {
            o.withCamera = true; // the demo's frame source
            o.fastDemo = true;
        });
        ScannerState &s = *k.app->scanner();
        QVERIFY(s.frameSource());
        QCOMPARE(s.camera(), QStringLiteral("working"));
        k.app->startScanning();
        QVERIFY(waitFor([&] {
            k.app->tick();
            return s.scanStats().value(QStringLiteral("framesSeen")).toInt() > 0;
        }));
        QCOMPARE(s.camera(), QStringLiteral("working"));
        // The frames stop (a camera unplugged, a driver hung).
        k.app->demoSource()->stop();
        QTest::qWait(100); // frames already queued drain
        k.app->tick();
        k.skip(1500);
        QCOMPARE(s.camera(), QStringLiteral("working"));
        k.skip(1000);
        QCOMPARE(s.camera(), QStringLiteral("lost"));
        // Frames again: working at the next check.
        k.app->demoSource()->start();
        QVERIFY(waitFor([&] {
            k.app->tick();
            return s.camera() == QLatin1String("working");
        }));
    }
};

QTEST_MAIN(TestScannerState)
#include "tst_scannerstate.moc"
