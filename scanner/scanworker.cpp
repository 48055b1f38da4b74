#include "scanworker.h"

#include <QMetaObject>

namespace kiosk::scanner {

ScanWorker::ScanWorker(MonotonicClock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    qRegisterMetaType<kiosk::scanner::ScanResult>();
    m_elapsed.start();
    if (!m_clock)
        m_clock = [this] { return m_elapsed.elapsed(); };
    m_thread.setObjectName(QStringLiteral("kiosk-scan-worker"));
    m_context.moveToThread(&m_thread);
    m_thread.start();
}

ScanWorker::~ScanWorker()
{
    m_thread.quit();
    m_thread.wait();
}

void ScanWorker::setHoldMs(int ms)
{
    QMetaObject::invokeMethod(
        &m_context, [this, ms] { m_debouncer.setHoldMs(ms); }, Qt::QueuedConnection);
}

bool ScanWorker::submit(std::shared_ptr<const FrameData> frame)
{
    {
        QMutexLocker lock(&m_metricsMutex);
        m_metrics.framesSeen++;
    }
    bool expected = false;
    if (!m_busy.compare_exchange_strong(expected, true)) {
        QMutexLocker lock(&m_metricsMutex);
        m_metrics.framesDropped++;
        return false;
    }
    const qint64 arrived = m_clock();
    QMetaObject::invokeMethod(
        &m_context, [this, frame, arrived] { process(frame, arrived); }, Qt::QueuedConnection);
    return true;
}

void ScanWorker::process(std::shared_ptr<const FrameData> frame, qint64 arrivedMs)
{
    if (const int delay = m_artificialDelayMs.load(); delay > 0)
        QThread::msleep(static_cast<unsigned long>(delay));
    // One fallback per frame, rotating: the cascade spreads its cost over successive frames.
    const DecodeResult r = m_cascade.decodeLive(frame->luma(), m_slot++);
    const qint64 now = m_clock();
    QList<ScanResult> reports;
    for (const auto &code : r.codes) {
        if (m_debouncer.seen(code.text, now))
            reports.append(ScanResult{code.text, code.corners, r.ms, r.step, arrivedMs});
    }
    {
        QMutexLocker lock(&m_metricsMutex);
        if (!r.codes.isEmpty()) {
            m_metrics.framesDecoded++;
            m_metrics.readByStep[decodeStepName(r.step)]++;
        }
        static constexpr double bounds[] = {2, 5, 10, 20, 50};
        size_t bucket = 0;
        while (bucket < std::size(bounds) && r.ms > bounds[bucket])
            ++bucket;
        m_metrics.decodeMsHistogram[bucket]++;
        m_metrics.codesReported += reports.size();
    }
    m_busy.store(false);
    Q_EMIT frameDecoded(!r.codes.isEmpty(), r.ms);
    for (const auto &report : reports)
        Q_EMIT codeScanned(report);
}

ScanMetrics ScanWorker::metrics() const
{
    QMutexLocker lock(&m_metricsMutex);
    return m_metrics;
}

} // namespace kiosk::scanner
