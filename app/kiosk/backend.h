#pragma once
// The kiosk's write side on a thread of its own: a store connection, the online redeemer and,
// when the kiosk is paired, the sync engine. The GUI thread hands work over and gets answers
// back through queued calls, so a slow network or a big snapshot never freezes the screen.
#include "onlineredeemer.h"
#include "store.h"
#include "syncengine.h"

#include <QMutex>
#include <QObject>
#include <QThread>

namespace kiosk::app {

// An order manual entry found, with the verdict it would get now (the same checks as a scan,
// read-only): OK, ALREADY_REDEEMED with where and when, NOT_PAID, EXPIRED...
struct FoundOrder
{
    OrderRecord order;
    Verdict verdict;
};

class Backend : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(Result<RedeemOutcome>)>;

    Backend(
        const QString &dbPath, const Clock &clock, const sync::OnlineRedeemOptions &options, QObject *parent = nullptr);
    ~Backend() override;

    // Opens the worker's store and, if the database is paired, starts syncing. Blocks until the
    // worker is ready. An unpaired database works locally (no error).
    Status start(bool withSync);
    // How the worker's store connection is opened (set before start).
    void setStoreOptions(const StoreOptions &options) { m_storeOptions = options; }
    // How often sync pulls the feed (before start).
    void setPollInterval(int ms) { m_pollIntervalMs = ms; }
    // The venue's other kiosks (before start; none: this kiosk talks to no peer). Used only by a
    // paired kiosk that syncs: it has the device key the links need.
    void setPeerOptions(std::optional<sync::PeerOptions> options) { m_peerOptions = std::move(options); }
    void stop();
    bool syncing() const { return m_syncing; }

    // Answers arrive on the caller's (GUI) thread.
    void redeem(const QByteArray &text, const QString &staffId, const QString &source, Done done);
    void redeemOrder(const QString &orderId, const QString &staffId, Done done);
    void voidRedemption(
        qint64 seq, const QString &staffId, const QString &reason, std::function<void(Result<qint64>)> done);
    // Manual entry's lookup (Store::findEveryOrder): every match with its verdict, the
    // redeemable ones first. A name search scans the order cache, so it runs here, not on the
    // GUI thread.
    void findOrders(const QString &query, int limit, std::function<void(Result<QList<FoundOrder>>)> done);
    // Pull and push now (a manager's "Sync now"); nothing when the kiosk does not sync.
    void syncNow();
    // Latest known sync state (copied from the worker thread on every change).
    sync::SyncStatus syncStatus() const;
    // The other bars: how many the roster lists and how many are linked now (0 and 0 without
    // peers), each bar's state for the managers' view, and why DNS-SD is off (empty: on).
    struct PeerCounts
    {
        int known = 0;
        int linked = 0;
        QList<sync::PeerState> bars;
        QString discoveryProblem;
    };
    PeerCounts peerCounts() const;

Q_SIGNALS:
    void syncStatusChanged();
    void pulled(); // new data from the cloud: screens re-read what they show

private:
    Done answerOnGui(Done done);
    template <typename F> void onWorker(F &&f);
    template <typename F> void onGui(F &&f);

    QString m_dbPath;
    const Clock &m_clock;
    sync::OnlineRedeemOptions m_options;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread
    // Owned by the worker thread; created and destroyed there.
    std::unique_ptr<Store> m_store;
    std::unique_ptr<sync::PeerNetwork> m_peers;
    std::unique_ptr<sync::SyncEngine> m_engine;
    std::unique_ptr<sync::OnlineRedeemer> m_redeemer;
    bool m_syncing = false;
    mutable QMutex m_statusMutex;
    sync::SyncStatus m_status;
    PeerCounts m_peerCounts;
    std::optional<sync::PeerOptions> m_peerOptions;
    StoreOptions m_storeOptions;
    int m_pollIntervalMs = 15000;
};

} // namespace kiosk::app
