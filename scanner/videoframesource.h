#pragma once
// The Qt Multimedia path: frames from a QVideoSink (a QCamera's, or any producer's) handed to
// the scan worker. A QVideoFrame is implicitly shared, so handing it over copies nothing; the
// worker maps it on its own thread and reads the Y plane of planar formats (NV12, NV21,
// YUV420P, YV12, Y8) in place. Packed YUYV/UYVY and RGB frames are converted once.
//
// With Qt's GStreamer backend, videoFrameChanged arrives on the GUI thread: this class only
// forwards there, it never decodes. Frames are forwarded only while `active` (offscreen
// platforms emit test patterns when no camera runs).

#include "scanworker.h"

#include <QObject>
#include <QPointer>
#include <QSize>
#include <QVideoFrame>

class QVideoSink;

namespace kiosk::scanner {

// A QVideoFrame as FrameData: mapped read-only on first use, unmapped when released.
class VideoFrameData final : public FrameData
{
public:
    explicit VideoFrameData(const QVideoFrame &frame);
    ~VideoFrameData() override;
    LumaView luma() const override;
    // True when luma() reads the mapped plane directly (no conversion).
    bool zeroCopy() const;

private:
    mutable QVideoFrame m_frame;
    mutable bool m_mapped = false;
    mutable std::vector<unsigned char> m_converted;
    mutable LumaView m_view;
    mutable bool m_ready = false;
};

class VideoSinkSource : public QObject
{
    Q_OBJECT
public:
    VideoSinkSource(QVideoSink *sink, ScanWorker *worker, QObject *parent = nullptr);
    void setActive(bool active) { m_active = active; }
    bool isActive() const { return m_active; }

private:
    QPointer<ScanWorker> m_worker;
    bool m_active = true;
};

// Camera format choice, as data so it can be tested without a camera.
struct CameraFormatCandidate
{
    QVideoFrameFormat::PixelFormat pixelFormat = QVideoFrameFormat::Format_Invalid;
    QSize resolution;
    float maxFps = 0;
};
// The index of the best format: YUYV or NV12 (luma without conversion or with a cheap one)
// closest to `target` pixels, at least 15 fps; any format as a last resort; -1 for none.
int chooseCameraFormat(const QList<CameraFormatCandidate> &formats, QSize target = QSize(1280, 720));

} // namespace kiosk::scanner
