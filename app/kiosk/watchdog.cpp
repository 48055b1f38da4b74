#include "watchdog.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <cstdlib>

namespace kiosk::app {

namespace {
Q_LOGGING_CATEGORY(lcWatchdog, "kiosk.ui.watchdog")

// Monotonic milliseconds shared by both threads.
const QElapsedTimer &monotonic()
{
    static const QElapsedTimer t = [] {
        QElapsedTimer e;
        e.start();
        return e;
    }();
    return t;
}
} // namespace

Watchdog::Watchdog(int stallMs, std::function<void(qint64)> onStall, QObject *parent)
    : QObject(parent)
    , m_stallMs(std::max(100, stallMs))
    , m_onStall(std::move(onStall))
{
    m_beat.setInterval(std::max(25, m_stallMs / 4));
    connect(&m_beat, &QTimer::timeout, this, &Watchdog::beat);
}

Watchdog::~Watchdog()
{
    stop();
}

qint64 Watchdog::nowMs()
{
    return monotonic().elapsed();
}

void Watchdog::beat()
{
    m_lastBeatMs.store(nowMs(), std::memory_order_relaxed);
}

void Watchdog::start()
{
    if (m_running.exchange(true))
        return;
    beat();
    m_beat.start();
    qCInfo(lcWatchdog) << "watching the screen: a stall of more than" << m_stallMs << "ms ends the process";
    // A plain loop on its own thread: it must keep looking when every event loop is stuck.
    m_watcher.reset(QThread::create([this] { watch(); }));
    m_watcher->setObjectName(QStringLiteral("watchdog"));
    m_watcher->start();
}

void Watchdog::stop()
{
    if (!m_running.exchange(false))
        return;
    m_beat.stop();
    if (m_watcher) {
        m_watcher->wait();
        m_watcher.reset();
    }
}

void Watchdog::watch()
{
    const int step = std::max(10, m_stallMs / 10);
    while (m_running.load()) {
        QThread::msleep(static_cast<unsigned long>(step));
        const qint64 stalled = nowMs() - m_lastBeatMs.load(std::memory_order_relaxed);
        if (stalled <= m_stallMs)
            continue;
        qCCritical(lcWatchdog) << "the screen has not responded for" << stalled << "ms (allowed" << m_stallMs
                               << "ms); ending the process so that it is restarted";
        if (m_onStall) {
            m_onStall(stalled);
            beat(); // once per stall
            continue;
        }
        std::_Exit(70); // EX_SOFTWARE: no destructors, they may need the stuck thread
    }
}

} // namespace kiosk::app
