// The camera watch with real OpenCV capture sources: a folder of camera frames stands in for the
// camera. Renaming the folder away is the unplug (the source's files vanish mid-stream, as a
// V4L2 device node does), renaming it back the replug. The watch must report the loss at once,
// keep the kiosk's scanner fed again within its backoff once the camera is back, close a
// camera that stops delivering, and retry quietly for a camera that was never there.

#include "camerawatch.h"
#include "capturesource.h"
#include "hardframes.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kiosk::scanner;
using namespace kiosk::test;

namespace {
CameraWatch::Options fastOptions()
{
    CameraWatch::Options o;
    o.checkMs = 20;
    o.stallMs = 600;
    o.firstRetryMs = 50;
    o.maxRetryMs = 400;
    return o;
}
} // namespace

class TestCameraWatch : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_camera;
    QByteArray m_code;

    CameraWatch::Opener folderCamera(const QString &path, bool loop = true)
    {
        return [path, loop](QString *error) -> std::unique_ptr<FrameSource> {
            CaptureSource::Options o;
            o.loop = loop;
            o.fps = 30;
            return CaptureSource::open(path, o, error);
        };
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_camera = m_dir.filePath(QStringLiteral("video0"));
        QVERIFY(QDir().mkpath(m_camera));
        const auto frames = generateFrames(FrameCategory::Clean, 3, 640, 480, 61);
        for (int i = 0; i < frames.size(); ++i)
            QVERIFY(writeFrame(frames[i], QStringLiteral("%1/%2.png").arg(m_camera).arg(i)));
        m_code = frames.first().expected.first();
    }

    // Unplugged mid-shift: lost at once, with why; back: the scanner reads codes again.
    void unpluggedCameraIsReportedAtOnceAndReopened()
    {
        ScanWorker worker;
        QList<QByteArray> read;
        // The worker as context: its queued reports die with it, never reaching a later test.
        connect(&worker, &ScanWorker::codeScanned, &worker, [&](const ScanResult &r) { read.append(r.text); });
        CameraWatch watch(folderCamera(m_camera), fastOptions());
        // The kiosk routes each newly opened camera's frames to its scanner.
        connect(&watch, &CameraWatch::sourceChanged, &worker, [&](FrameSource *source) {
            if (auto *capture = qobject_cast<CaptureSource *>(source))
                connect(
                    capture, &CaptureSource::frameCaptured, &worker,
                    [&](std::shared_ptr<const FrameData> f, qint64) { worker.submit(std::move(f)); },
                    Qt::DirectConnection);
        });
        QSignalSpy changes(&watch, &CameraWatch::stateChanged);
        QVERIFY(watch.start());
        QCOMPARE(watch.state(), CameraWatch::State::Waiting);
        QTRY_COMPARE_WITH_TIMEOUT(watch.state(), CameraWatch::State::Working, 3000);
        QTRY_VERIFY_WITH_TIMEOUT(read.contains(m_code), 5000);

        // The unplug.
        const QString away = m_camera + QStringLiteral(".unplugged");
        QElapsedTimer t;
        t.start();
        QVERIFY(QDir().rename(m_camera, away));
        QTRY_COMPARE_WITH_TIMEOUT(watch.state(), CameraWatch::State::Lost, 2000);
        const qint64 reportedAfterMs = t.elapsed();
        qInfo("lost reported %lld ms after the unplug", reportedAfterMs);
        QVERIFY2(reportedAfterMs < 500, "a failing camera must be reported at once, not after the stall timeout");
        QVERIFY2(watch.detail().contains(QLatin1String("video0")), qPrintable(watch.detail()));
        QVERIFY(watch.source() == nullptr);
        QCOMPARE(watch.losses(), 1);
        // While it is away, each attempt fails and says why; the state stays lost.
        const int opensWhileAway = watch.opens();
        QTest::qWait(500);
        QCOMPARE(watch.state(), CameraWatch::State::Lost);
        QCOMPARE(watch.opens(), opensWhileAway);
        QVERIFY2(watch.detail().contains(QLatin1String("no such file, folder or camera")), qPrintable(watch.detail()));

        // The replug: reopened within the backoff, no restart, and the scanner reads again.
        read.clear();
        t.restart();
        QVERIFY(QDir().rename(away, m_camera));
        QTRY_COMPARE_WITH_TIMEOUT(watch.state(), CameraWatch::State::Working, 3000);
        qInfo("working again %lld ms after the replug", t.elapsed());
        QVERIFY(t.elapsed() < 400 + 1000); // the longest backoff, the first frame
        QCOMPARE(watch.opens(), opensWhileAway + 1);
        QVERIFY(watch.detail().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(read.contains(m_code), 5000);
        QVERIFY(changes.size() >= 4); // waiting, working, lost, (lost: reopened), working
        watch.stop();
        QCOMPARE(watch.state(), CameraWatch::State::Off);
    }

    // A camera that opens but stops sending pictures (here: a folder that is played once) is
    // closed after the stall time and opened again.
    void stalledCameraIsReopened()
    {
        CameraWatch watch(folderCamera(m_camera, false), fastOptions());
        QVERIFY(watch.start());
        QTRY_COMPARE_WITH_TIMEOUT(watch.state(), CameraWatch::State::Working, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(watch.state(), CameraWatch::State::Lost, 3000);
        QVERIFY2(watch.detail().startsWith(QLatin1String("no picture for")), qPrintable(watch.detail()));
        QTRY_VERIFY_WITH_TIMEOUT(watch.opens() >= 2, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(watch.state(), CameraWatch::State::Working, 3000);
    }

    // No camera at start: "absent", retried with a bounded backoff; plugged in later, it works
    // without a restart. A change in the system's camera list retries at once.
    void cameraPluggedInLaterJustWorks()
    {
        const QString later = m_dir.filePath(QStringLiteral("video1"));
        int attempts = 0;
        CameraWatch::Opener open = folderCamera(later);
        CameraWatch watch(
            [&](QString *error) {
                ++attempts;
                return open(error);
            },
            fastOptions());
        QVERIFY(!watch.start());
        QCOMPARE(watch.state(), CameraWatch::State::Absent);
        QVERIFY(!watch.detail().isEmpty());
        QTest::qWait(1500);
        QCOMPARE(watch.state(), CameraWatch::State::Absent);
        // 50, 100, 200, 400, 400, ... ms: a handful of attempts, not one per check.
        QVERIFY2(attempts >= 4 && attempts <= 9, qPrintable(QString::number(attempts)));

        QVERIFY(QDir().mkpath(later));
        QVERIFY(QFile::copy(m_camera + QStringLiteral("/0.png"), later + QStringLiteral("/0.png")));
        const int before = attempts;
        watch.retryNow(); // the system's camera list changed
        QCOMPARE(attempts, before + 1);
        QVERIFY(watch.source() != nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(watch.state(), CameraWatch::State::Working, 3000);
        QCOMPARE(watch.losses(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCameraWatch)
#include "tst_camerawatch.moc"
