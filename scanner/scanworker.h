#pragma once
// The decode worker: frames are handed over from any thread and decoded on the worker's own
// thread. While it is busy, arriving frames are dropped, not queued (KDE Prison's approach):
// the camera never waits and the screen never stutters. Results are debounced and come back
// as a queued signal; metrics count frames seen, decoded and dropped, decode times and the
// cascade step that read.

#include "debouncer.h"
#include "decodecascade.h"

#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QThread>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace kiosk::scanner {

// A frame's luminance, kept alive until the worker is done with it. Implementations wrap a
// mapped camera frame (no copy) or own a buffer.
class FrameData
{
public:
    virtual ~FrameData() = default;
    virtual LumaView luma() const = 0;
};

// A frame that owns its pixels (video files, image folders, tests).
class OwnedFrame final : public FrameData
{
public:
    OwnedFrame(int width, int height, std::vector<unsigned char> pixels)
        : m_width(width)
        , m_height(height)
        , m_pixels(std::move(pixels))
    { }
    LumaView luma() const override { return LumaView{m_pixels.data(), m_width, m_height, m_width}; }

private:
    int m_width;
    int m_height;
    std::vector<unsigned char> m_pixels;
};

struct ScanMetrics
{
    qint64 framesSeen = 0;
    qint64 framesDecoded = 0; // frames in which at least one code was read
    qint64 framesDropped = 0; // arrived while the worker was busy
    qint64 codesReported = 0; // after debounce
    // Decode time histogram, upper bounds in ms: 2, 5, 10, 20, 50, and above.
    std::array<qint64, 6> decodeMsHistogram{};
    QMap<QString, qint64> readByStep;
};

struct ScanResult
{
    QByteArray text;
    QList<QPointF> corners;
    double decodeMs = 0;
    DecodeStep step = DecodeStep::None;
    qint64 frameTimestampMs = 0;
};

class ScanWorker : public QObject
{
    Q_OBJECT
public:
    using MonotonicClock = std::function<qint64()>;
    // `clock` is monotonic milliseconds (default: a QElapsedTimer); tests inject their own.
    explicit ScanWorker(MonotonicClock clock = {}, QObject *parent = nullptr);
    ~ScanWorker() override;

    // Thread-safe. Returns false when the frame was dropped because the worker was busy.
    bool submit(std::shared_ptr<const FrameData> frame);
    ScanMetrics metrics() const;
    void setHoldMs(int ms);
    // For tests: extra work per frame, to make the worker slow on purpose.
    void setArtificialDelayMs(int ms) { m_artificialDelayMs = ms; }

Q_SIGNALS:
    // Emitted on the worker's thread; connect with a queued connection (the default across threads).
    void codeScanned(const kiosk::scanner::ScanResult &result);
    void frameDecoded(bool anyCode, double ms);

private:
    void process(std::shared_ptr<const FrameData> frame, qint64 arrivedMs);

    MonotonicClock m_clock;
    QElapsedTimer m_elapsed;
    QThread m_thread;
    QObject m_context; // lives on m_thread: queued work runs there
    DecodeCascade m_cascade;
    Debouncer m_debouncer;
    std::atomic<bool> m_busy{false};
    std::atomic<int> m_artificialDelayMs{0};
    int m_slot = 0;
    mutable QMutex m_metricsMutex;
    ScanMetrics m_metrics;
};

} // namespace kiosk::scanner

Q_DECLARE_METATYPE(kiosk::scanner::ScanResult)
