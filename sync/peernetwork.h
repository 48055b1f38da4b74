#pragma once
// The kiosks of a venue, talking directly over the LAN with no hub: every pair has one TLS link
// (peerlink.h). Peers are found in the roster's addresses and a static list from the
// configuration; either is enough. Over the links each kiosk pushes its new records at once and
// fills any gap on connect (version vectors), so every connected kiosk holds the union of the
// shared ledger. A new pour is announced and answered by every connected peer within a short
// window; when two kiosks claim one order inside it, one rule picks the same winner everywhere.

#include "peerlink.h"

#include "sharedledger.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

class QSslServer;

namespace kiosk::sync {
class PeerDiscovery;
}

namespace kiosk {
class Clock;
class Store;
} // namespace kiosk

namespace kiosk::sync {

struct PeerOptions
{
    QHostAddress listenAddress = QHostAddress::Any;
    int listenPort = 47800; // 0: any free port (tests); -1: do not listen (dial only)
    QStringList staticPeers; // "host:port" from the configuration
    bool useRoster = true; // dial the addresses the roster lists
    bool useDnsSd = true; // publish and browse `_clubkiosk._tcp` through Avahi, where it runs
    // How long a new pour waits for every connected peer's answer (0: announce, never wait).
    int windowMs = 150;
    int redialMinMs = 250;
    int redialMaxMs = 1000; // a healed link is back within about a second
    int rosterCheckMs = 1000;
    // Every linked peer is sent this kiosk's version vector this often, and answers with what
    // it holds that this kiosk lacks: a record lost on the way (or never sent) arrives within
    // this long even when no later record shows the gap.
    int vectorEveryMs = 5000;
    PeerLinkOptions link;
};

// How a kiosk sees one of its peers (the operator's view).
struct PeerState
{
    QString deviceId; // empty for a static address nobody answered on yet
    QString name; // from the roster
    QString address;
    bool connected = false;
    QString lastProblem; // why the last link closed or the last dial failed
};

// What the peers said about a new pour.
struct AnnounceOutcome
{
    int asked = 0; // connected peers when it was announced
    int answered = 0;
    // Another redemption of the same order that the winner rule keeps: this pour lost.
    QString winnerKey;
    QString winnerDevice;
    std::optional<qint64> winnerAtMs;
    bool lost() const { return !winnerKey.isEmpty(); }
};

// The winner rule, the same on every kiosk: of two live redemptions of one order, the earlier
// (the maker's clock) wins; at the same millisecond, the smaller idempotency key.
bool firstRedemptionWins(qint64 atMsA, const QString &keyA, qint64 atMsB, const QString &keyB);

class PeerNetwork : public QObject
{
    Q_OBJECT
public:
    PeerNetwork(const QString &dbPath, const Clock &clock, const PeerOptions &options, QObject *parent = nullptr);
    ~PeerNetwork() override;

    // Opens its own connection to the database, loads the device key (a kiosk that was never
    // paired has none: an error saying so), makes its TLS identity, listens and starts dialing.
    Status start();
    void stop();

    quint16 listenPort() const;
    // Where peers can reach this kiosk, for the device report: the listen address, or every
    // address of the machine's interfaces that are up when listening on all of them.
    QStringList lanAddresses() const;
    QString deviceId() const { return m_device; }

    // A pour was just recorded (ledger row `seq`): push its record to every connected peer and
    // wait at most the window for all of them to answer. `done` runs once, at the latest after
    // the window; at once when no peer is connected.
    void announce(qint64 seq, std::function<void(AnnounceOutcome)> done);
    // A void (or anything else new) was recorded: push it, without waiting.
    void push(qint64 seq);

    // Active roster devices other than this one: the bars this kiosk should reach.
    int knownPeers() const;
    int connectedPeers() const;
    QList<PeerState> peers() const;
    // Every address to dial was tried once at least: linked, or failed (a short-lived process
    // waits for this before it announces).
    bool settled() const;
    // Every address to dial has an established link now (a short-lived process waits for this,
    // up to its budget, before it announces).
    bool allLinked() const;
    // Whether `deviceId` has an established link now.
    bool isConnected(const QString &deviceId) const;

    // DNS-SD's state: empty when Avahi publishes and browses for this kiosk; else why not.
    QString discoveryProblem() const;
    // Whether DNS-SD is browsing (Avahi runs and answered).
    bool discovering() const;

    // Tests: transport faults, applied to every link (also ones made later).
    void setFaults(const PeerFaults &faults);

Q_SIGNALS:
    void peersChanged();
    // A peer's record became part of this kiosk's ledger.
    void recordApplied(const kiosk::AcceptedRecord &record);
    // A peer's record met a live redemption of ours that could no longer be withdrawn: a double
    // pour, found now (after a split, or past the window).
    void doublePour(const kiosk::AcceptedRecord &record);

private:
    struct Target
    {
        QString address; // host:port
        QString knownDevice; // learned from a hello, or from the roster
        bool fromRoster = false;
        bool fromConfig = false;
        bool fromDnsSd = false;
        QPointer<PeerLink> link;
        int failures = 0;
        qint64 nextAttemptMs = 0; // on m_uptime
        QString lastProblem;
    };
    struct Pending
    {
        qint64 seq = 0;
        qint64 n = 0;
        QString key;
        QString orderId;
        qint64 atMs = 0;
        QSet<QString> waitingFor;
        AnnounceOutcome outcome;
        std::function<void(AnnounceOutcome)> done;
        std::unique_ptr<QTimer> timer;
    };

    void refreshTargets();
    void pushNewOwnRecords();
    void dial(Target &target);
    void adopt(PeerLink *link, Target *target);
    void onEstablished(PeerLink *link);
    void onMessage(PeerLink *link, const PeerMessage &message);
    void onRecords(PeerLink *link, const PeerMessage &message);
    void onAck(PeerLink *link, const PeerMessage &message);
    void onClosed(PeerLink *link, const QString &why);
    void sendMissing(PeerLink *link, const VersionVector &theirs);
    void finish(qint64 n);
    QByteArray rosterKey(const QString &deviceId) const;
    QList<PeerLink *> establishedLinks() const;
    std::optional<SignedPeerRecord> recordOfSeq(qint64 seq, qint64 *n);

    QString m_dbPath;
    const Clock &m_clock;
    PeerOptions m_options;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SharedLedger> m_shared;
    QString m_venue;
    QString m_device;
    QByteArray m_hello;
    QSslConfiguration m_tls;
    QSslServer *m_server = nullptr;
    std::map<QString, Target> m_targets; // by address
    QList<QPointer<PeerLink>> m_links; // every link, established or not
    std::map<qint64, Pending> m_pending; // our announced records, by number
    std::shared_ptr<PeerFaults> m_faults;
    QTimer m_rosterTimer;
    QTimer m_vectorTimer;
    PeerDiscovery *m_discovery = nullptr;
    // Redial times run on this, never on the kiosk's clock (which tests and `--now` may fix).
    QElapsedTimer m_uptime;
    bool m_running = false;
    // This kiosk's records up to this number went to every linked peer (or were offered to it
    // on connect); newer ones, made by another process on the database, are pushed by the poll.
    qint64 m_pushedOwn = 0;
};

} // namespace kiosk::sync
