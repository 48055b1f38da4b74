#pragma once
// Keeps the kiosk's camera open through a shift. When the camera fails (unplugged, a driver
// reset, a device node that vanished) or stops delivering pictures, the watch says so at once,
// closes it and reopens it as soon as it is back, with a short backoff (and at once when the
// system's list of cameras changes): no restart. A camera that was never there is retried
// quietly, so one plugged in later just starts working.

#include "framesource.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace kiosk::scanner {

class CameraWatch : public QObject
{
    Q_OBJECT
public:
    // Opens the camera, or returns null with `error` saying why not.
    using Opener = std::function<std::unique_ptr<FrameSource>(QString *error)>;

    struct Options
    {
        int checkMs = 100; // how often frames and deadlines are looked at
        int stallMs = 3000; // no picture this long from an open camera: closed and reopened
        int firstRetryMs = 250; // then doubling, up to maxRetryMs
        int maxRetryMs = 4000;
    };

    enum class State {
        Off, // not started
        Absent, // never opened yet (no camera so far): retrying quietly
        Waiting, // open, no picture yet
        Working, // pictures arriving
        Lost, // it worked, then failed or stalled: retrying
    };
    Q_ENUM(State)

    explicit CameraWatch(Opener opener, QObject *parent = nullptr);
    CameraWatch(Opener opener, const Options &options, QObject *parent = nullptr);
    ~CameraWatch() override;

    // Opens the camera now (or starts retrying). Returns whether it opened at the first try.
    bool start();
    void stop();
    // The system's cameras changed: try again at once instead of at the next backoff step.
    void retryNow();

    State state() const { return m_state; }
    // Why the camera is not working (the last failure or open error); empty while it works.
    QString detail() const { return m_detail; }
    FrameSource *source() const { return m_source.get(); }
    // How often it was opened (the first time included) and lost.
    int opens() const { return m_opens; }
    int losses() const { return m_losses; }

Q_SIGNALS:
    void stateChanged();
    // A newly opened camera, before it starts (to route its frames), or null once it is closed.
    void sourceChanged(kiosk::scanner::FrameSource *source);

private:
    void check();
    bool tryOpen();
    void lose(const QString &why);
    void close();
    void setState(State state, const QString &detail);

    Opener m_opener;
    Options m_options;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::unique_ptr<FrameSource> m_source;
    quint64 m_generation = 0; // of m_source: failures of a closed source are ignored
    State m_state = State::Off;
    QString m_detail;
    bool m_everWorked = false;
    qint64 m_framesSeen = 0;
    qint64 m_lastFrameMs = 0;
    qint64 m_nextTryMs = 0;
    int m_backoffMs = 0;
    int m_opens = 0;
    int m_losses = 0;
};

} // namespace kiosk::scanner
