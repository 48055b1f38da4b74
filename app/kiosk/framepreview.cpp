#include "framepreview.h"

#include <QMetaObject>
#include <QVideoFrame>

namespace kiosk::app {

FramePreview::FramePreview(int maxFps, QObject *parent)
    : QObject(parent)
    , m_intervalMs(1000 / std::max(1, maxFps))
{ }

bool FramePreview::due()
{
    QMutexLocker lock(&m_mutex);
    if (m_last.isValid() && m_last.elapsed() < m_intervalMs)
        return false;
    m_last.start();
    return true;
}

void FramePreview::offerLuma(const std::shared_ptr<const scanner::FrameData> &frame)
{
    if (!frame || !due())
        return;
    const scanner::LumaView v = frame->luma();
    // A copy: the source reuses its buffers once the worker is done with them.
    QImage image = QImage(v.data, v.width, v.height, v.stride, QImage::Format_Grayscale8).copy();
    QMetaObject::invokeMethod(
        this, [this, image = std::move(image)] { Q_EMIT frameShown(image); }, Qt::QueuedConnection);
}

void FramePreview::offerVideoFrame(const QVideoFrame &frame)
{
    if (!frame.isValid() || !due())
        return;
    Q_EMIT frameShown(frame.toImage());
}

} // namespace kiosk::app
