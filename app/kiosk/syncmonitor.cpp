#include "syncmonitor.h"
#include "backend.h"
#include "clock.h"
#include "store.h"

namespace kiosk::app {

SyncMonitor::SyncMonitor(Store &store, Backend &backend, const Clock &clock, int clockSkewSeconds, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_backend(backend)
    , m_clock(clock)
    , m_clockSkewSeconds(clockSkewSeconds)
{
    connect(&m_backend, &Backend::syncStatusChanged, this, &SyncMonitor::update);
    update();
}

bool SyncMonitor::clockDrifting() const
{
    return std::abs(m_clockDriftMs) > qint64(m_clockSkewSeconds) * 1000;
}

double SyncMonitor::nowMs() const
{
    return double(m_clock.nowMs());
}

void SyncMonitor::syncNow()
{
    m_backend.syncNow();
}

void SyncMonitor::update()
{
    QString state = QStringLiteral("local");
    int unsent = 0;
    qint64 last = 0;
    QString problem;
    qint64 problemSince = 0;
    qint64 drift = 0;
    QString lastError;
    if (m_backend.syncing() || !m_store.meta(sync::SyncMeta::ServerUrl).value_or(QString()).isEmpty()) {
        const sync::SyncStatus s = m_backend.syncStatus();
        state = sync::connectivityCode(s.connectivity);
        unsent = int(s.outboxDepth);
        last = std::max(s.lastPullMs.value_or(0), s.lastPushMs.value_or(0));
        problem = s.pushProblem;
        problemSince = s.pushProblemSinceMs.value_or(0);
        drift = s.clockDriftMs.value_or(0);
        lastError = s.lastError;
    }
    const Backend::PeerCounts peers = m_backend.peerCounts();
    const int barsKnown = peers.known > 0 ? peers.known + 1 : 0;
    const int barsReachable = peers.known > 0 ? peers.linked + 1 : 0;
    QVariantList bars;
    for (const sync::PeerState &p : peers.bars) {
        bars.append(QVariantMap{{QStringLiteral("name"), p.name.isEmpty() ? p.deviceId : p.name},
            {QStringLiteral("address"), p.address}, {QStringLiteral("reachable"), p.connected},
            {QStringLiteral("problem"), p.connected ? QString() : p.lastProblem}});
    }
    if (state != m_connectivity || unsent != m_unsent || last != m_lastSyncMs || problem != m_uploadProblem
        || problemSince != m_uploadProblemSinceMs || drift != m_clockDriftMs || lastError != m_lastError
        || barsKnown != m_barsKnown || barsReachable != m_barsReachable || bars != m_bars
        || peers.discoveryProblem != m_barsDiscoveryProblem) {
        m_barsKnown = barsKnown;
        m_barsReachable = barsReachable;
        m_bars = bars;
        m_barsDiscoveryProblem = peers.discoveryProblem;
        m_uploadProblemSinceMs = problemSince;
        m_connectivity = state;
        m_unsent = unsent;
        m_lastSyncMs = last;
        m_uploadProblem = problem;
        m_clockDriftMs = drift;
        m_lastError = lastError;
        Q_EMIT changed();
    }
}

void SyncMonitor::tick()
{
    const qint64 second = m_clock.nowMs() / 1000;
    if (second != m_shownSecond) {
        m_shownSecond = second;
        Q_EMIT nowChanged();
    }
}

} // namespace kiosk::app
