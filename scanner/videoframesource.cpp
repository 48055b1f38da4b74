#include "videoframesource.h"

#include <QVideoSink>

#include <cmath>

namespace kiosk::scanner {

namespace {
bool isPlanarYuv(QVideoFrameFormat::PixelFormat f)
{
    switch (f) {
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_NV21:
    case QVideoFrameFormat::Format_YUV420P:
    case QVideoFrameFormat::Format_YUV422P:
    case QVideoFrameFormat::Format_YV12:
    case QVideoFrameFormat::Format_IMC1:
    case QVideoFrameFormat::Format_IMC2:
    case QVideoFrameFormat::Format_IMC3:
    case QVideoFrameFormat::Format_IMC4:
    case QVideoFrameFormat::Format_Y8:
        return true;
    default:
        return false;
    }
}
} // namespace

VideoFrameData::VideoFrameData(const QVideoFrame &frame)
    : m_frame(frame)
{ }

VideoFrameData::~VideoFrameData()
{
    if (m_mapped)
        m_frame.unmap();
}

bool VideoFrameData::zeroCopy() const
{
    return isPlanarYuv(m_frame.pixelFormat());
}

LumaView VideoFrameData::luma() const
{
    if (m_ready)
        return m_view;
    m_ready = true;
    if (!m_frame.isValid() || !m_frame.map(QVideoFrame::ReadOnly))
        return m_view;
    m_mapped = true;
    const int w = m_frame.width();
    const int h = m_frame.height();
    const auto format = m_frame.pixelFormat();
    if (isPlanarYuv(format)) {
        // The Y plane comes first in every planar YUV layout: read it where it lies.
        m_view = LumaView{m_frame.bits(0), w, h, m_frame.bytesPerLine(0)};
        return m_view;
    }
    const uchar *src = m_frame.bits(0);
    const int stride = m_frame.bytesPerLine(0);
    m_converted.resize(size_t(w) * size_t(h));
    auto rowAt = [&](int y) { return src + size_t(y) * size_t(stride); };
    switch (format) {
    case QVideoFrameFormat::Format_YUYV:
    case QVideoFrameFormat::Format_UYVY: {
        const int offset = format == QVideoFrameFormat::Format_YUYV ? 0 : 1;
        for (int y = 0; y < h; ++y) {
            const uchar *row = rowAt(y);
            for (int x = 0; x < w; ++x)
                m_converted[size_t(y) * size_t(w) + size_t(x)] = row[2 * x + offset];
        }
        break;
    }
    case QVideoFrameFormat::Format_Y16:
        for (int y = 0; y < h; ++y) {
            const auto *row = reinterpret_cast<const quint16 *>(rowAt(y));
            for (int x = 0; x < w; ++x)
                m_converted[size_t(y) * size_t(w) + size_t(x)] = uchar(row[x] >> 8);
        }
        break;
    default: {
        // 32-bit RGB layouts: find where R, G and B sit, then the usual luma weights.
        int r = 0, g = 1, b = 2;
        switch (format) {
        case QVideoFrameFormat::Format_ARGB8888:
        case QVideoFrameFormat::Format_ARGB8888_Premultiplied:
        case QVideoFrameFormat::Format_XRGB8888:
            r = 1, g = 2, b = 3;
            break;
        case QVideoFrameFormat::Format_BGRA8888:
        case QVideoFrameFormat::Format_BGRA8888_Premultiplied:
        case QVideoFrameFormat::Format_BGRX8888:
            r = 2, g = 1, b = 0;
            break;
        case QVideoFrameFormat::Format_ABGR8888:
        case QVideoFrameFormat::Format_XBGR8888:
            r = 3, g = 2, b = 1;
            break;
        case QVideoFrameFormat::Format_RGBA8888:
        case QVideoFrameFormat::Format_RGBX8888:
            break;
        default:
            m_converted.clear(); // compressed or exotic: nothing to read
            return m_view;
        }
        for (int y = 0; y < h; ++y) {
            const uchar *row = rowAt(y);
            for (int x = 0; x < w; ++x) {
                const uchar *p = row + 4 * x;
                m_converted[size_t(y) * size_t(w) + size_t(x)] = uchar((77 * p[r] + 150 * p[g] + 29 * p[b]) >> 8);
            }
        }
        break;
    }
    }
    m_frame.unmap();
    m_mapped = false;
    m_view = LumaView{m_converted.data(), w, h, w};
    return m_view;
}

VideoSinkSource::VideoSinkSource(QVideoSink *sink, ScanWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    // Runs wherever the sink emits (often the GUI thread): it only hands the frame over, which
    // copies nothing; the worker drops it if it is busy.
    connect(sink, &QVideoSink::videoFrameChanged, this, [this](const QVideoFrame &frame) {
        if (m_active && m_worker && frame.isValid())
            m_worker->submit(std::make_shared<VideoFrameData>(frame));
    });
}

int chooseCameraFormat(const QList<CameraFormatCandidate> &formats, QSize target)
{
    auto score = [&](const CameraFormatCandidate &c) {
        const bool cheapLuma = c.pixelFormat == QVideoFrameFormat::Format_YUYV
            || c.pixelFormat == QVideoFrameFormat::Format_NV12 || c.pixelFormat == QVideoFrameFormat::Format_NV21;
        const double area = double(c.resolution.width()) * c.resolution.height();
        const double distance = std::abs(std::log(std::max(1.0, area) / (double(target.width()) * target.height())));
        // Lower is better: a cheap luma format first, then enough frames per second, then size.
        return (cheapLuma ? 0.0 : 100.0) + (c.maxFps >= 15 ? 0.0 : 10.0) + distance;
    };
    int best = -1;
    for (int i = 0; i < formats.size(); ++i) {
        if (formats[i].resolution.isEmpty() || formats[i].pixelFormat == QVideoFrameFormat::Format_Invalid)
            continue;
        if (best < 0 || score(formats[i]) < score(formats[best]))
            best = i;
    }
    return best;
}

} // namespace kiosk::scanner
