#include "backend.h"

#include "clock.h"
#include "ledger.h"
#include "store.h"
#include "verifier.h"
#include <QCoreApplication>

#include <QMetaObject>
#include <QTimer>

namespace kiosk::app {

Backend::Backend(const QString &dbPath, const Clock &clock, const sync::OnlineRedeemOptions &options, QObject *parent)
    : QObject(parent)
    , m_dbPath(dbPath)
    , m_clock(clock)
    , m_options(options)
{
    m_thread.setObjectName(QStringLiteral("kiosk-backend"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

Backend::~Backend()
{
    stop();
    m_thread.quit();
    m_thread.wait();
}

template <typename F> void Backend::onWorker(F &&f)
{
    QMetaObject::invokeMethod(m_context, std::forward<F>(f), Qt::QueuedConnection);
}

template <typename F> void Backend::onGui(F &&f)
{
    QMetaObject::invokeMethod(this, std::forward<F>(f), Qt::QueuedConnection);
}

Status Backend::start(bool withSync)
{
    Status result;
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            auto opened = Store::open(m_dbPath, m_storeOptions);
            if (!opened) {
                result = opened.error();
                return;
            }
            m_store = std::move(*opened);
            if (withSync && !m_store->meta(sync::SyncMeta::ServerUrl).value_or(QString()).isEmpty()) {
                sync::SyncOptions syncOptions;
                syncOptions.pollIntervalMs = m_pollIntervalMs;
                syncOptions.appVersion = QCoreApplication::applicationVersion();
                if (m_peerOptions) {
                    // Before the engine: the device report tells the cloud where peers reach us.
                    auto peers = std::make_unique<sync::PeerNetwork>(m_dbPath, m_clock, *m_peerOptions);
                    if (auto st = peers->start(); !st) {
                        qWarning().noquote() << "not talking to the other bars:" << st.error().message;
                    } else {
                        m_peers = std::move(peers);
                        sync::PeerNetwork *net = m_peers.get();
                        syncOptions.lanAddresses = [net] { return net->lanAddresses(); };
                        auto publishPeers = [this] {
                            {
                                QMutexLocker lock(&m_statusMutex);
                                m_peerCounts = PeerCounts{m_peers->knownPeers(), m_peers->connectedPeers(),
                                    m_peers->peers(), m_peers->discoveryProblem()};
                            }
                            Q_EMIT syncStatusChanged();
                        };
                        connect(m_peers.get(), &sync::PeerNetwork::peersChanged, m_context, publishPeers);
                        // The roster grows with the feed: count again after each pull. A failed dial
                        // changes no count but tells why a bar is away: look again now and then.
                        connect(this, &Backend::pulled, m_context, publishPeers);
                        auto *again = new QTimer(m_peers.get());
                        connect(again, &QTimer::timeout, m_peers.get(), publishPeers);
                        again->start(2000);
                        publishPeers();
                    }
                }
                auto engine = std::make_unique<sync::SyncEngine>(m_dbPath, m_clock, syncOptions);
                if (engine->open()) {
                    m_engine = std::move(engine);
                    auto publish = [this] {
                        {
                            QMutexLocker lock(&m_statusMutex);
                            m_status = m_engine->status();
                        }
                        Q_EMIT syncStatusChanged();
                    };
                    connect(m_engine.get(), &sync::SyncEngine::statusChanged, m_context, publish);
                    connect(m_engine.get(), &sync::SyncEngine::pulled, m_context, [this] { Q_EMIT pulled(); });
                    m_engine->start();
                    m_syncing = true;
                    publish();
                } else {
                    QMutexLocker lock(&m_statusMutex);
                    m_status.connectivity = sync::Connectivity::NeedsPairing;
                }
            }
            m_redeemer = std::make_unique<sync::OnlineRedeemer>(*m_store, m_clock, m_engine.get(), m_options);
            m_redeemer->setPeers(m_peers.get());
        },
        Qt::BlockingQueuedConnection);
    return result;
}

void Backend::stop()
{
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            m_redeemer.reset();
            if (m_engine)
                m_engine->stop();
            m_engine.reset();
            if (m_peers)
                m_peers->stop();
            m_peers.reset();
            m_store.reset();
        },
        Qt::BlockingQueuedConnection);
    m_syncing = false;
}

Backend::PeerCounts Backend::peerCounts() const
{
    QMutexLocker lock(&m_statusMutex);
    return m_peerCounts;
}

Backend::Done Backend::answerOnGui(Done done)
{
    // Runs on the worker: the answer goes to the GUI thread, a recorded redemption uploads soon.
    return [this, done = std::move(done)](Result<RedeemOutcome> r) mutable {
        onGui([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
        if (m_engine)
            m_engine->nudgePush();
    };
}

void Backend::redeem(const QByteArray &text, const QString &staffId, const QString &source, Done done)
{
    onWorker([this, text, staffId, source, done = std::move(done)]() mutable {
        m_redeemer->redeem(text, staffId, source, answerOnGui(std::move(done)));
    });
}

void Backend::redeemOrder(const QString &orderId, const QString &staffId, Done done)
{
    onWorker([this, orderId, staffId, done = std::move(done)]() mutable {
        m_redeemer->redeemOrder(orderId, staffId, answerOnGui(std::move(done)));
    });
}

void Backend::voidRedemption(
    qint64 seq, const QString &staffId, const QString &reason, std::function<void(Result<qint64>)> done)
{
    onWorker([this, seq, staffId, reason, done = std::move(done)]() mutable {
        Ledger ledger(*m_store);
        auto r = ledger.voidRedemption(seq, staffId, reason, m_clock.nowMs());
        onGui([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
    });
}

void Backend::findOrders(const QString &query, int limit, std::function<void(Result<QList<FoundOrder>>)> done)
{
    onWorker([this, query, limit, done = std::move(done)]() mutable {
        Result<QList<FoundOrder>> result = QList<FoundOrder>();
        auto found = m_store->findEveryOrder(query, limit);
        if (!found) {
            result = found.error();
        } else {
            Verifier verifier(*m_store, m_clock, m_options.verifier);
            const qint64 now = m_clock.nowMs();
            for (const OrderRecord &o : std::as_const(*found)) {
                auto v = verifier.evaluateOrder(o.id, now);
                if (!v) {
                    result = v.error();
                    break;
                }
                result->append(FoundOrder{o, *v});
            }
            if (result)
                std::stable_partition(
                    result->begin(), result->end(), [](const FoundOrder &f) { return f.verdict.ok(); });
        }
        onGui([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
    });
}

void Backend::syncNow()
{
    onWorker([this] {
        if (m_engine)
            m_engine->syncNow();
    });
}

sync::SyncStatus Backend::syncStatus() const
{
    QMutexLocker lock(&m_statusMutex);
    return m_status;
}

} // namespace kiosk::app
