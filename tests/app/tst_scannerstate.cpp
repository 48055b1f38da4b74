// The scanner's state as the scan screen shows it: a camera that stops delivering frames is
// "lost" after two seconds of the kiosk's clock and "working" again with the next frame; one
// that fails (unplugged) is "lost" at once and reopened without a restart; the frame counters;
// no source at all is "none".
#include "demoframesource.h"
#include "hardframes.h"
#include "kioskfixture.h"
#include "scannerstate.h"

#include <QDir>
#include <QTemporaryDir>
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

    // The kiosk's camera unplugged mid-shift and plugged back: a folder of camera frames
    // (--frames) renamed away and back, as a V4L2 device node vanishes and returns. The screens
    // say "lost" at once, with why, and the kiosk reads codes again without a restart.
    void anUnpluggedCameraIsLostAtOnceAndReopened()
    {
        QTemporaryDir dir;
        const QString camera = dir.filePath(QStringLiteral("video0"));
        QVERIFY(QDir().mkpath(camera));
        const auto frames = test::generateFrames(test::FrameCategory::Clean, 2, 640, 480, 71);
        for (int i = 0; i < frames.size(); ++i)
            QVERIFY(test::writeFrame(frames[i], QStringLiteral("%1/%2.png").arg(camera).arg(i)));
        DemoKiosk k([&](KioskAppOptions &o) {
            o.withCamera = true;
            o.framesPath = camera;
        });
        ScannerState &s = *k.app->scanner();
        k.app->startScanning();
        QVERIFY(waitFor([&] {
            k.app->tick();
            return s.camera() == QLatin1String("working")
                && s.scanStats().value(QStringLiteral("framesSeen")).toInt() > 0;
        }));
        QVERIFY(s.cameraDescription().contains(QLatin1String("video0")));

        const QString away = camera + QStringLiteral(".unplugged");
        QVERIFY(QDir().rename(camera, away));
        // No tick and no clock skipped: the failure itself says so.
        QVERIFY(waitFor([&] { return s.camera() == QLatin1String("lost"); }, 1000));
        QVERIFY2(s.cameraDetail().contains(QLatin1String("is gone")), qPrintable(s.cameraDetail()));

        QVERIFY(QDir().rename(away, camera));
        const qint64 before = s.scanStats().value(QStringLiteral("framesSeen")).toLongLong();
        QVERIFY(waitFor(
            [&] {
                k.app->tick();
                return s.camera() == QLatin1String("working") && s.cameraDetail().isEmpty()
                    && s.scanStats().value(QStringLiteral("framesSeen")).toLongLong() > before;
            },
            10000));
    }
};

QTEST_MAIN(TestScannerState)
#include "tst_scannerstate.moc"
