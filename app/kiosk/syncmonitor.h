#pragma once
// What the status band shows: whether the cloud is reachable, how many drinks wait to be sent,
// when the kiosk last synced, why uploads fail and how far the clock drifts from the cloud's,
// plus the wall clock itself (nowMs, a tick per second) for every "n min ago" on screen.
#include <QObject>
#include <QVariantList>

namespace kiosk {
class Clock;
class Store;
} // namespace kiosk

namespace kiosk::app {

class Backend;

class SyncMonitor : public QObject
{
    Q_OBJECT
    // "local" (never paired), "online", "degraded", "offline", "needs_pairing".
    Q_PROPERTY(QString connectivity READ connectivity NOTIFY changed)
    Q_PROPERTY(int unsent READ unsent NOTIFY changed)
    Q_PROPERTY(double lastSyncMs READ lastSyncMs NOTIFY changed)
    // Why uploads fail as a whole (the engine's words, "the cloud refuses uploads: …") and
    // since when; empty and 0 when they work.
    Q_PROPERTY(QString uploadProblem READ uploadProblem NOTIFY changed)
    Q_PROPERTY(double uploadProblemSinceMs READ uploadProblemSinceMs NOTIFY changed)
    // The sync engine's last error, for Settings (the band says the state, this says why).
    Q_PROPERTY(QString lastError READ lastError NOTIFY changed)
    // Local clock minus the cloud's in seconds, and whether that is more than the allowed skew.
    Q_PROPERTY(int clockDriftSeconds READ clockDriftSeconds NOTIFY changed)
    Q_PROPERTY(bool clockDrifting READ clockDrifting NOTIFY changed)
    Q_PROPERTY(double nowMs READ nowMs NOTIFY nowChanged)
    // The venue's bars, this one included, and how many of them this kiosk reaches now (itself
    // counts): "2 of 3 bars reachable". 0 and 0 when the kiosk has no peers.
    Q_PROPERTY(int barsKnown READ barsKnown NOTIFY changed)
    Q_PROPERTY(int barsReachable READ barsReachable NOTIFY changed)
    // The other bars for the managers' view: [{name, address, reachable, problem}], and why
    // DNS-SD is off ("" when it is on, or when the kiosk has no peers).
    Q_PROPERTY(QVariantList bars READ bars NOTIFY changed)
    Q_PROPERTY(QString barsDiscoveryProblem READ barsDiscoveryProblem NOTIFY changed)

public:
    SyncMonitor(Store &store, Backend &backend, const Clock &clock, int clockSkewSeconds, QObject *parent = nullptr);

    QString connectivity() const { return m_connectivity; }
    int unsent() const { return m_unsent; }
    double lastSyncMs() const { return double(m_lastSyncMs); }
    QString uploadProblem() const { return m_uploadProblem; }
    double uploadProblemSinceMs() const { return double(m_uploadProblemSinceMs); }
    QString lastError() const { return m_lastError; }
    int clockDriftSeconds() const { return int(m_clockDriftMs / 1000); }
    bool clockDrifting() const;
    double nowMs() const;
    int barsKnown() const { return m_barsKnown; }
    int barsReachable() const { return m_barsReachable; }
    QVariantList bars() const { return m_bars; }
    QString barsDiscoveryProblem() const { return m_barsDiscoveryProblem; }

    // Managers' "Sync now": pull and push at once.
    Q_INVOKABLE void syncNow();
    // Re-reads the backend's status (it calls this on every change; pairing calls it too).
    void update();
    // nowChanged once per second of the clock.
    void tick();

Q_SIGNALS:
    void changed();
    void nowChanged();

private:
    Store &m_store;
    Backend &m_backend;
    const Clock &m_clock;
    int m_clockSkewSeconds;
    QString m_connectivity = QStringLiteral("local");
    int m_unsent = 0;
    qint64 m_lastSyncMs = 0;
    QString m_uploadProblem;
    qint64 m_uploadProblemSinceMs = 0;
    QString m_lastError;
    qint64 m_clockDriftMs = 0;
    qint64 m_shownSecond = 0;
    int m_barsKnown = 0;
    int m_barsReachable = 0;
    QVariantList m_bars;
    QString m_barsDiscoveryProblem;
};

} // namespace kiosk::app
