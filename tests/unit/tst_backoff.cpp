// Exponential backoff with full jitter: bounds, cap, Retry-After as a floor, determinism.

#include "backoff.h"

#include <QTest>

using namespace kiosk::sync;

class TestBackoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ceilingDoublesUpToTheCap()
    {
        Backoff b(1000, 60000, [] { return 0.999999; });
        const int expected[] = {0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
        for (int n = 0; n < 9; ++n)
            QCOMPARE(b.ceilingMs(n), expected[n]);
        QCOMPARE(b.ceilingMs(1000), 60000); // no overflow after a long outage
    }

    void fullJitterSpansZeroToCeiling()
    {
        double u = 0;
        Backoff b(1000, 60000, [&] { return u; });
        u = 0.0;
        QCOMPARE(b.delayMs(5), 0);
        u = 0.5;
        QCOMPARE(b.delayMs(5), 8000);
        u = 0.999;
        QCOMPARE(b.delayMs(5), 15984);
        QCOMPARE(b.delayMs(0), 0); // no failure, no wait
    }

    void retryAfterIsAFloorAndBounded()
    {
        Backoff b(1000, 60000, [] { return 0.1; });
        QCOMPARE(b.delayMs(1, 5000), 5000); // jitter 100 ms < Retry-After 5 s
        QCOMPARE(b.delayMs(8, 1000), 6000); // jitter 6 s > Retry-After 1 s
        QCOMPARE(b.delayMs(1, 2000000000), 600000); // a hostile Retry-After cannot park sync
        QCOMPARE(b.delayMs(1, -5), 100);
    }

    void realRandomnessStaysInBounds()
    {
        Backoff b(1000, 60000);
        for (int n = 1; n < 12; ++n) {
            for (int i = 0; i < 200; ++i) {
                const int d = b.delayMs(n);
                QVERIFY(d >= 0 && d <= b.ceilingMs(n));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
