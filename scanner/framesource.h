#pragma once
// A camera-like source of frames that can fail: Qt Multimedia's camera (CameraSource) or
// OpenCV's capture of a V4L2 device, a video or a folder (CaptureSource). CameraWatch keeps
// one open, reopening it when it fails or stops delivering.

#include <QObject>
#include <QString>

#include <atomic>

namespace kiosk::scanner {

class FrameSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void start() = 0;
    virtual void stop() = 0;
    virtual QString description() const = 0;
    // Frames delivered since it was opened; safe from any thread.
    qint64 framesDelivered() const { return m_frames.load(std::memory_order_relaxed); }

Q_SIGNALS:
    // The source cannot go on (unplugged, driver error, gone from disk). May come from any
    // thread; once is enough, more may follow.
    void failed(const QString &message);

protected:
    void countFrame() { m_frames.fetch_add(1, std::memory_order_relaxed); }

private:
    std::atomic<qint64> m_frames{0};
};

} // namespace kiosk::scanner
