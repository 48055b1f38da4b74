#include "demoframesource.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

namespace kiosk::scanner {

DemoFrameSource::DemoFrameSource(const QList<QByteArray> &codes, ScanWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    // Rendered once: the source then costs a pointer copy per frame, like a mapped camera frame.
    for (int i = 0; i < codes.size(); ++i)
        m_codeImages.append(render(codes.at(i), i % 3 == 2));
    m_empty = render(QByteArray(), false);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DemoFrameSource::tick);
    setTiming(15, 30, 12);
}

void DemoFrameSource::setTiming(int fps, int codeFrames, int gapFrames)
{
    m_timer.setInterval(1000 / std::max(1, fps));
    m_codeFrames = std::max(1, codeFrames);
    m_gapFrames = std::max(1, gapFrames);
}

void DemoFrameSource::start()
{
    m_timer.start();
}

void DemoFrameSource::stop()
{
    m_timer.stop();
}

std::shared_ptr<const OwnedFrame> DemoFrameSource::frameFor(int index) const
{
    return index >= 0 && index < m_codeImages.size() ? m_codeImages.at(index) : m_empty;
}

void DemoFrameSource::tick()
{
    const int perCode = m_codeFrames + m_gapFrames;
    const int total = std::max<int>(1, int(m_codeImages.size())) * perCode;
    const int index = m_position / perCode;
    const bool showing = m_position % perCode < m_codeFrames && index < m_codeImages.size();
    const auto frame = showing ? m_codeImages.at(index) : m_empty;
    ++m_frames;
    if (m_worker)
        m_worker->submit(frame);
    Q_EMIT frameShown(imageOf(frame));
    if (++m_position >= total) {
        m_position = 0;
        Q_EMIT cycleFinished(++m_cycle);
    }
}

QImage DemoFrameSource::imageOf(const std::shared_ptr<const OwnedFrame> &frame) const
{
    // The image shares the frame's pixels and keeps the frame alive: no copy per frame.
    const LumaView v = frame->luma();
    auto *keep = new std::shared_ptr<const OwnedFrame>(frame);
    return QImage(
        v.data, v.width, v.height, v.stride, QImage::Format_Grayscale8,
        [](void *p) { delete static_cast<std::shared_ptr<const OwnedFrame> *>(p); }, keep);
}

std::shared_ptr<const OwnedFrame> DemoFrameSource::render(const QByteArray &text, bool darkMode) const
{
    std::vector<unsigned char> px(size_t(Width) * Height);
    // A dim bar counter with a soft gradient, and a phone held in front of the camera.
    for (int y = 0; y < Height; ++y)
        for (int x = 0; x < Width; ++x)
            px[size_t(y) * Width + size_t(x)] = static_cast<unsigned char>(34 + (x + y) * 30 / (Width + Height));
    const int phoneW = 360;
    const int phoneH = 640;
    const int phoneX = (Width - phoneW) / 2;
    const int phoneY = (Height - phoneH) / 2;
    auto fill = [&](int x0, int y0, int w, int h, unsigned char value) {
        for (int y = std::max(0, y0); y < std::min(Height, y0 + h); ++y)
            std::fill_n(
                px.begin() + std::ptrdiff_t(y) * Width + std::max(0, x0), std::max(0, std::min(w, Width - x0)), value);
    };
    fill(phoneX, phoneY, phoneW, phoneH, 12); // the phone's body
    const unsigned char paper = darkMode ? 20 : 238;
    const unsigned char ink = darkMode ? 225 : 16;
    fill(phoneX + 12, phoneY + 40, phoneW - 24, phoneH - 80, paper); // its screen
    if (!text.isEmpty()) {
        const auto matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                .setMargin(0)
                                .encode(std::string(text.constData(), size_t(text.size())), 0, 0);
        const int module = std::max(2, (phoneW - 24 - 8 * 4) / matrix.width());
        const int size = matrix.width() * module;
        const int ox = phoneX + (phoneW - size) / 2;
        const int oy = phoneY + (phoneH - size) / 2;
        for (int my = 0; my < matrix.height(); ++my)
            for (int mx = 0; mx < matrix.width(); ++mx)
                if (matrix.get(mx, my))
                    fill(ox + mx * module, oy + my * module, module, module, ink);
    }
    return std::make_shared<const OwnedFrame>(Width, Height, std::move(px));
}

} // namespace kiosk::scanner
