// The OpenCV capture source: a generated MJPG video and a folder of images through the real
// VideoCapture/imread paths into the scan worker, and the errors for what cannot be opened.

#include "capturesource.h"
#include "hardframes.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kiosk::scanner;
using namespace kiosk::test;

class TestCaptureSource : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // Runs a source into a worker and returns the texts it reported.
    QList<QByteArray> scanAll(CaptureSource &source, int expectedFrames)
    {
        ScanWorker worker;
        QList<QByteArray> texts;
        connect(&worker, &ScanWorker::codeScanned, &worker, [&](const ScanResult &r) { texts.append(r.text); });
        std::atomic<int> captured{0};
        connect(
            &source, &CaptureSource::frameCaptured, &worker,
            [&](std::shared_ptr<const FrameData> frame, qint64) {
                captured++;
                worker.submit(std::move(frame));
            },
            Qt::DirectConnection);
        QSignalSpy finished(&source, &CaptureSource::finished);
        QSignalSpy decoded(&worker, &ScanWorker::frameDecoded);
        source.start();
        // Until the source has ended and every captured frame was decoded or dropped.
        if (!QTest::qWaitFor(
                [&] {
                    const auto m = worker.metrics();
                    return finished.size() == 1 && decoded.size() + m.framesDropped == captured.load();
                },
                20000))
            return {};
        if (captured.load() != expectedFrames || worker.metrics().framesDropped != 0)
            qWarning("captured %d frames (expected %d), %lld dropped", captured.load(), expectedFrames,
                worker.metrics().framesDropped);
        return texts;
    }

private Q_SLOTS:
    void videoFileFramesAreDecoded()
    {
        const auto frames = generateFrames(FrameCategory::Clean, 6, 640, 480, 41);
        const QString avi = m_dir.filePath(QStringLiteral("bar.avi"));
        QVERIFY(writeVideo(frames, avi));
        QString error;
        CaptureSource::Options o;
        o.fps = 10; // paced, so the worker is free for every frame
        auto source = CaptureSource::open(avi, o, &error);
        QVERIFY2(source, qPrintable(error));
        const auto texts = scanAll(*source, 6);
        QCOMPARE(texts.size(), 6);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(texts[i], frames[i].expected.first());
    }

    void imageFolderFramesAreDecoded()
    {
        const QString folder = m_dir.filePath(QStringLiteral("shots"));
        QDir().mkpath(folder);
        const auto frames = generateFrames(FrameCategory::Clean, 3, 1280, 720, 42);
        for (int i = 0; i < frames.size(); ++i)
            QVERIFY(writeFrame(frames[i], QStringLiteral("%1/%2.png").arg(folder).arg(i)));
        QString error;
        CaptureSource::Options o;
        o.fps = 5;
        auto source = CaptureSource::open(folder, o, &error);
        QVERIFY2(source, qPrintable(error));
        QVERIFY(source->description().contains(QLatin1String("3 images")));
        const auto texts = scanAll(*source, 3);
        QCOMPARE(texts.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(texts[i], frames[i].expected.first()); // in file-name order
    }

    void whatCannotBeOpenedSaysWhy()
    {
        QString error;
        QVERIFY(!CaptureSource::open(m_dir.filePath(QStringLiteral("nope.avi")), {}, &error));
        QVERIFY(error.contains(QLatin1String("no such file")));
        const QString empty = m_dir.filePath(QStringLiteral("empty"));
        QDir().mkpath(empty);
        QVERIFY(!CaptureSource::open(empty, {}, &error));
        QVERIFY(error.contains(QLatin1String("no PNG")));
        const QString text = m_dir.filePath(QStringLiteral("notes.avi"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a video");
        f.close();
        QVERIFY(!CaptureSource::open(text, {}, &error));
        QVERIFY(error.contains(QLatin1String("not a video")));
        QVERIFY(!CaptureSource::open(QStringLiteral("/dev/video97"), {}, &error));
        QVERIFY(error.contains(QLatin1String("cannot open camera")));
    }
};

QTEST_GUILESS_MAIN(TestCaptureSource)
#include "tst_capturesource.moc"
