// The scan worker (off the GUI thread, drop-while-busy, debounce on a controllable clock,
// metrics), the debouncer itself, and the keyboard-wedge burst detector.

#include "debouncer.h"
#include "hardframes.h"
#include "keyboardwedge.h"
#include "scanworker.h"
#include "wedgedetector.h"

#include <QKeyEvent>
#include <QSignalSpy>
#include <QTest>

#include <atomic>

using namespace kiosk::scanner;
using namespace kiosk::test;

namespace {
std::shared_ptr<const FrameData> frameOf(const GreyFrame &f)
{
    return std::make_shared<OwnedFrame>(f.width, f.height, f.pixels);
}
} // namespace

class TestScanWorker : public QObject
{
    Q_OBJECT

    QList<GreyFrame> m_codes = generateFrames(FrameCategory::Clean, 2, 640, 480, 31);
    GreyFrame m_empty = generateFrames(FrameCategory::NoCode, 1, 640, 480, 32).first();

private Q_SLOTS:
    void debouncerReportsOnceUntilHoldOrGone()
    {
        Debouncer d(3000, 800);
        QVERIFY(d.seen("A", 0));
        for (qint64 t = 33; t < 3000; t += 33)
            QVERIFY2(!d.seen("A", t), qPrintable(QString::number(t))); // 30 fps, still in view
        QVERIFY(d.seen("A", 3000)); // the hold time passed
        QVERIFY(d.seen("B", 3010)); // a different code: at once
        QVERIFY(d.seen("A", 3020)); // and back to A: different from the last one
        QVERIFY(!d.seen("A", 3500));
        QVERIFY(d.seen("A", 4400)); // unseen for more than 800 ms: it left and came back
    }

    void wedgeBurstIsAScan()
    {
        WedgeDetector w;
        const QByteArray code = "order_xyz_qr";
        qint64 t = 1000;
        for (char c : code)
            w.character(c, t += 4);
        QCOMPARE(w.enter(t += 4).value_or(QByteArray()), code);
    }

    void humanTypingIsNotAScan()
    {
        WedgeDetector w;
        qint64 t = 0;
        for (char c : QByteArray("order_xyz_qr"))
            w.character(c, t += 120); // a quick person: 120 ms per key
        QVERIFY(!w.enter(t += 150));
        for (char c : QByteArray("abcdefgh"))
            w.character(c, t += 40); // even 40 ms apart is a person, not a scanner
        QVERIFY(!w.enter(t += 40));
    }

    void scanAfterTypingKeepsOnlyTheBurst()
    {
        WedgeDetector w;
        qint64 t = 0;
        for (char c : QByteArray("hello"))
            w.character(c, t += 150);
        t += 500;
        for (char c : QByteArray("tok-123456"))
            w.character(c, t += 3);
        QCOMPARE(w.enter(t + 3).value_or(QByteArray()), QByteArray("tok-123456"));
    }

    void wedgeRejectsShortLateAndOverlongBursts()
    {
        WedgeDetector w;
        qint64 t = 0;
        for (char c : QByteArray("abc"))
            w.character(c, t += 3);
        QVERIFY(!w.enter(t += 3)); // shorter than any code
        for (char c : QByteArray("abcdef"))
            w.character(c, t += 3);
        QVERIFY(!w.enter(t += 500)); // Enter long after the burst: a person pressed it
        WedgeDetector small(WedgeDetector::Options{35, 4, 8});
        for (char c : QByteArray("0123456789abcdef"))
            small.character(c, t += 2);
        QVERIFY(!small.enter(t += 2));
        QCOMPARE(small.pending(), 0);
    }

    void keyEventBurstsBecomeScans()
    {
        qint64 now = 0;
        KeyboardWedge wedge([&] { return now; });
        QObject field; // stands for the focused widget
        field.installEventFilter(&wedge);
        QSignalSpy scanned(&wedge, &KeyboardWedge::scanned);
        auto type = [&](const QByteArray &text, int gapMs) {
            for (char c : text) {
                now += gapMs;
                QKeyEvent press(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, QString(QLatin1Char(c)));
                QCoreApplication::sendEvent(&field, &press);
            }
            now += gapMs;
            QKeyEvent enter(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
            return QCoreApplication::sendEvent(&field, &enter);
        };
        type("order_xyz_qr", 3); // a USB scanner
        QCOMPARE(scanned.size(), 1);
        QCOMPARE(scanned.first().first().toByteArray(), QByteArray("order_xyz_qr"));
        now += 1000;
        type("order_xyz_qr", 110); // a person typing the same thing
        QCOMPARE(scanned.size(), 1);
    }

    void decodesOffTheCallersThread()
    {
        ScanWorker worker;
        std::atomic<QThread *> decodedOn{nullptr};
        connect(
            &worker, &ScanWorker::codeScanned, &worker,
            [&](const ScanResult &) { decodedOn = QThread::currentThread(); }, Qt::DirectConnection);
        QSignalSpy spy(&worker, &ScanWorker::codeScanned);
        QVERIFY(worker.submit(frameOf(m_codes[0])));
        // The spy records from the worker thread: poll its count rather than wait for "the next" signal.
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 5000);
        QVERIFY(decodedOn.load() != nullptr);
        QVERIFY(decodedOn.load() != QThread::currentThread());
        const auto result = spy.first().first().value<ScanResult>();
        QCOMPARE(result.text, m_codes[0].expected.first());
        QCOMPARE(result.corners.size(), 4);
        QVERIFY(result.decodeMs > 0);
    }

    void framesArrivingWhileBusyAreDropped()
    {
        ScanWorker worker;
        worker.setArtificialDelayMs(300);
        QSignalSpy done(&worker, &ScanWorker::frameDecoded);
        QVERIFY(worker.submit(frameOf(m_codes[0])));
        int dropped = 0;
        for (int i = 0; i < 9; ++i)
            dropped += worker.submit(frameOf(m_codes[1])) ? 0 : 1;
        QCOMPARE(dropped, 9);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 5000);
        QTest::qWait(100);
        QCOMPARE(done.size(), 1); // nothing was queued behind the busy frame
        const ScanMetrics m = worker.metrics();
        QCOMPARE(m.framesSeen, 10);
        QCOMPARE(m.framesDropped, 9);
        QCOMPARE(m.framesDecoded, 1);
        worker.setArtificialDelayMs(0);
        QVERIFY(worker.submit(frameOf(m_codes[1]))); // free again
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 5000);
    }

    void debounceUsesTheInjectedClock()
    {
        std::atomic<qint64> now{0};
        ScanWorker worker([&] { return now.load(); });
        QSignalSpy scanned(&worker, &ScanWorker::codeScanned);
        QSignalSpy done(&worker, &ScanWorker::frameDecoded);
        auto feed = [&](const GreyFrame &f, qint64 at) {
            now = at;
            const int before = int(done.size());
            QVERIFY(worker.submit(frameOf(f)));
            QVERIFY(QTest::qWaitFor([&] { return done.size() > before; }, 5000));
        };
        for (qint64 t = 0; t < 1000; t += 100)
            feed(m_codes[0], t); // ten frames of the same code within a second
        QCOMPARE(scanned.size(), 1);
        feed(m_empty, 1100); // nothing in view
        feed(m_codes[1], 1200); // another guest's code: at once
        QCOMPARE(scanned.size(), 2);
        feed(m_codes[1], 4300); // held past 3 s: reported again
        QCOMPARE(scanned.size(), 3);
        const ScanMetrics m = worker.metrics();
        QCOMPARE(m.codesReported, 3);
        QCOMPARE(m.framesDecoded, 12);
        qint64 histogram = 0;
        for (qint64 n : m.decodeMsHistogram)
            histogram += n;
        QCOMPARE(histogram, 13);
        QCOMPARE(m.readByStep.value(QStringLiteral("fast")), 12);
    }

    void framesWithoutCodeYieldNothing()
    {
        ScanWorker worker;
        QSignalSpy scanned(&worker, &ScanWorker::codeScanned);
        QSignalSpy done(&worker, &ScanWorker::frameDecoded);
        for (int i = 0; i < 8; ++i) {
            QVERIFY(worker.submit(frameOf(m_empty)));
            QVERIFY(QTest::qWaitFor([&] { return done.size() == i + 1; }, 5000));
        }
        QCOMPARE(scanned.size(), 0);
        QCOMPARE(worker.metrics().framesDecoded, 0);
    }
};

QTEST_GUILESS_MAIN(TestScanWorker)
#include "tst_scanworker.moc"
