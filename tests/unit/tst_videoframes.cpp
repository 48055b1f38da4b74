// The Qt Multimedia path: QVideoFrames in the formats cameras deliver (Y8, NV12, YUYV, RGBX),
// built here and mapped write-only as the house style notes (no QVideoFrame(QImage) in 6.4),
// through VideoFrameData and a real QVideoSink into the scan worker; and the camera format choice.

#include "camerasource.h"
#include "hardframes.h"
#include "videoframesource.h"

#include <QCameraDevice>
#include <QMediaDevices>
#include <QSignalSpy>
#include <QTest>
#include <QVideoSink>

using namespace kiosk::scanner;
using namespace kiosk::test;

namespace {
QVideoFrame makeFrame(const GreyFrame &g, QVideoFrameFormat::PixelFormat format)
{
    QVideoFrame frame(QVideoFrameFormat(QSize(g.width, g.height), format));
    if (!frame.map(QVideoFrame::WriteOnly))
        return {};
    for (int y = 0; y < g.height; ++y) {
        const unsigned char *luma = g.pixels.data() + size_t(y) * size_t(g.width);
        uchar *row = frame.bits(0) + size_t(y) * size_t(frame.bytesPerLine(0));
        switch (format) {
        case QVideoFrameFormat::Format_Y8:
        case QVideoFrameFormat::Format_NV12:
            std::copy_n(luma, g.width, row);
            break;
        case QVideoFrameFormat::Format_YUYV:
            for (int x = 0; x < g.width; ++x) {
                row[2 * x] = luma[x];
                row[2 * x + 1] = 128;
            }
            break;
        case QVideoFrameFormat::Format_RGBX8888:
            for (int x = 0; x < g.width; ++x) {
                row[4 * x] = row[4 * x + 1] = row[4 * x + 2] = luma[x];
                row[4 * x + 3] = 255;
            }
            break;
        default:
            break;
        }
    }
    if (format == QVideoFrameFormat::Format_NV12) {
        for (int y = 0; y < g.height / 2; ++y)
            std::fill_n(frame.bits(1) + size_t(y) * size_t(frame.bytesPerLine(1)), g.width, uchar(128));
    }
    frame.unmap();
    return frame;
}
} // namespace

class TestVideoFrames : public QObject
{
    Q_OBJECT

    GreyFrame m_code = generateFrames(FrameCategory::Clean, 1, 1280, 720, 51).first();

private Q_SLOTS:
    void formatsAreReadAsLuma_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("zeroCopy");
        QTest::newRow("Y8") << int(QVideoFrameFormat::Format_Y8) << true;
        QTest::newRow("NV12") << int(QVideoFrameFormat::Format_NV12) << true;
        QTest::newRow("YUYV") << int(QVideoFrameFormat::Format_YUYV) << false;
        QTest::newRow("RGBX8888") << int(QVideoFrameFormat::Format_RGBX8888) << false;
    }
    void formatsAreReadAsLuma()
    {
        QFETCH(int, format);
        QFETCH(bool, zeroCopy);
        const QVideoFrame frame = makeFrame(m_code, QVideoFrameFormat::PixelFormat(format));
        QVERIFY(frame.isValid());
        auto data = std::make_shared<VideoFrameData>(frame);
        QCOMPARE(data->zeroCopy(), zeroCopy);
        const LumaView luma = data->luma();
        QCOMPARE(luma.width, 1280);
        QCOMPARE(luma.height, 720);
        // The luma read back is the frame's luma, pixel for pixel.
        for (int y : {0, 360, 719})
            for (int x : {0, 640, 1279})
                QCOMPARE(int(luma.data[size_t(y) * size_t(luma.stride) + size_t(x)]),
                    int(m_code.pixels[size_t(y) * 1280 + size_t(x)]));
        ScanWorker worker;
        QSignalSpy scanned(&worker, &ScanWorker::codeScanned);
        QVERIFY(worker.submit(data));
        QTRY_COMPARE_WITH_TIMEOUT(scanned.size(), 1, 5000);
        QCOMPARE(scanned.first().first().value<ScanResult>().text, m_code.expected.first());
    }

    void sinkFramesReachTheWorkerOnlyWhileActive()
    {
        ScanWorker worker;
        QVideoSink sink;
        VideoSinkSource source(&sink, &worker);
        QSignalSpy scanned(&worker, &ScanWorker::codeScanned);
        QSignalSpy decoded(&worker, &ScanWorker::frameDecoded);
        source.setActive(false); // e.g. the offscreen test pattern before the camera runs
        sink.setVideoFrame(makeFrame(m_code, QVideoFrameFormat::Format_NV12));
        QTest::qWait(100);
        QCOMPARE(worker.metrics().framesSeen, 0);
        source.setActive(true);
        sink.setVideoFrame(makeFrame(m_code, QVideoFrameFormat::Format_NV12));
        QTRY_COMPARE_WITH_TIMEOUT(scanned.size(), 1, 5000);
        QCOMPARE(worker.metrics().framesSeen, 1);
    }

    void cameraAbsenceIsReported()
    {
        if (!QMediaDevices::videoInputs().isEmpty())
            QSKIP("this machine has a camera; the no-camera message cannot be checked here");
        ScanWorker worker;
        QString error;
        QVERIFY(!CameraSource::open(QByteArray(), &worker, &error));
        QCOMPARE(error, QStringLiteral("no camera is connected"));
    }

    void cameraFormatChoice()
    {
        using F = QVideoFrameFormat;
        const QList<CameraFormatCandidate> formats{
            {F::Format_Jpeg, QSize(1920, 1080), 30},
            {F::Format_YUYV, QSize(640, 480), 30},
            {F::Format_YUYV, QSize(1280, 720), 10}, // too slow
            {F::Format_NV12, QSize(1280, 720), 30}, // the one
            {F::Format_YUYV, QSize(1920, 1080), 5},
        };
        QCOMPARE(chooseCameraFormat(formats), 3);
        QCOMPARE(
            chooseCameraFormat({{F::Format_Jpeg, QSize(640, 480), 30}, {F::Format_Jpeg, QSize(1280, 720), 30}}), 1);
        QCOMPARE(chooseCameraFormat({}), -1);
        QCOMPARE(chooseCameraFormat({{F::Format_Invalid, QSize(1280, 720), 30}}), -1);
    }
};

QTEST_MAIN(TestVideoFrames)
#include "tst_videoframes.moc"
