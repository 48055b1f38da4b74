// The GUI thread's watchdog: quiet while the thread beats, fires when it is blocked longer than
// allowed (here with a callback instead of ending the process).

#include "watchdog.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <atomic>

using kiosk::app::Watchdog;

class TestWatchdog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void quietWhileTheThreadBeats()
    {
        std::atomic<int> stalls{0};
        Watchdog dog(300, [&](qint64) { ++stalls; });
        dog.start();
        QTest::qWait(1200); // the event loop runs: the beat timer keeps it fed
        dog.stop();
        QCOMPARE(stalls.load(), 0);
    }

    void firesWhenTheThreadIsBlocked()
    {
        std::atomic<int> stalls{0};
        std::atomic<qint64> longest{0};
        Watchdog dog(300, [&](qint64 ms) {
            ++stalls;
            longest = std::max<qint64>(longest, ms);
        });
        dog.start();
        QTest::qWait(100);
        QThread::msleep(900); // the GUI thread is stuck: no events, no beats
        QCOMPARE_GE(stalls.load(), 1);
        QVERIFY(longest.load() > 300);
        // Once the thread is back, it stays quiet again.
        QTest::qWait(50);
        const int after = stalls.load();
        QTest::qWait(800);
        dog.stop();
        QCOMPARE(stalls.load(), after);
    }

    // Without a callback, a stuck process ends at once with exit code 70 and says why, so the
    // service manager starts a fresh one.
    void endsAStuckProcess()
    {
        QProcess probe;
        probe.setProcessChannelMode(QProcess::MergedChannels);
        QElapsedTimer t;
        t.start();
        probe.start(QStringLiteral(WATCHDOG_PROBE));
        QVERIFY(probe.waitForFinished(8000)); // it sleeps for 10 s unless the watchdog acts
        QVERIFY(t.elapsed() < 5000);
        QCOMPARE(probe.exitStatus(), QProcess::NormalExit);
        QCOMPARE(probe.exitCode(), 70);
        QVERIFY2(probe.readAll().contains("has not responded"), "the stall is logged");
    }

    void stopsWithoutFiring()
    {
        std::atomic<int> stalls{0};
        {
            Watchdog dog(150, [&](qint64) { ++stalls; });
            dog.start();
        } // destroyed while running: stops its thread
        QThread::msleep(400);
        QCOMPARE(stalls.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWatchdog)
#include "tst_watchdog.moc"
