#pragma once
// Turns frames from a camera, a video file or an image folder into viewfinder images, at most
// `maxFps` per second, so the preview never costs the scanner or the screen more than it must.
#include "scanworker.h"

#include <QElapsedTimer>
#include <QImage>
#include <QMutex>
#include <QObject>

class QVideoFrame;

namespace kiosk::app {

class FramePreview : public QObject
{
    Q_OBJECT
public:
    explicit FramePreview(int maxFps = 15, QObject *parent = nullptr);
    // Thread-safe; frameShown is delivered on this object's thread.
    void offerLuma(const std::shared_ptr<const scanner::FrameData> &frame);
    void offerVideoFrame(const QVideoFrame &frame);

Q_SIGNALS:
    void frameShown(const QImage &image);

private:
    bool due();
    int m_intervalMs;
    QMutex m_mutex;
    QElapsedTimer m_last;
};

} // namespace kiosk::app
