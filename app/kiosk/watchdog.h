#pragma once
// The GUI thread's watchdog: the GUI thread beats (a timer) and a thread of its own watches.
// When no beat arrives for longer than the allowed stall, the stall is logged and `onStall`
// runs on the watching thread; by default it ends the process, so that the service manager
// starts a fresh kiosk instead of leaving a frozen screen at the bar.

#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace kiosk::app {

class Watchdog : public QObject
{
    Q_OBJECT
public:
    // `stallMs`: the longest the GUI thread may go without a beat. `onStall` gets how long it
    // has been; empty: log and end the process (exit code 70).
    explicit Watchdog(int stallMs, std::function<void(qint64 stalledMs)> onStall = {}, QObject *parent = nullptr);
    ~Watchdog() override;

    // Beats from the thread this object lives in (the GUI thread), every stallMs / 4.
    void start();
    void stop();
    // An extra beat (a frame the scene rendered).
    void beat();

private:
    static qint64 nowMs();
    void watch();

    int m_stallMs;
    std::function<void(qint64)> m_onStall;
    QTimer m_beat;
    std::unique_ptr<QThread> m_watcher;
    std::atomic<qint64> m_lastBeatMs{0};
    std::atomic<bool> m_running{false};
};

} // namespace kiosk::app
