#pragma once
// The sync engine: local-first. Pull (the change feed, paged, resumable, restarting with a
// snapshot on 410) and push (the outbox, in batches of at most 500) run as independent loops
// with their own backoff, so a failing upload never blocks fresh data. The optional live
// channel (WebSocket) triggers a pull at once. The scan path never waits on any of this,
// except for the bounded online confirmation.

#include "backoff.h"
#include "cloudclient.h"

#include "feed.h"
#include "outbox.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QWebSocket;

namespace kiosk {
class Clock;
class Store;
} // namespace kiosk

namespace kiosk::sync {

struct SyncOptions
{
    int pollIntervalMs = 15000;
    int pageLimit = 5000;
    int batchSize = 500;
    int backoffBaseMs = 1000;
    int backoffCapMs = 60000;
    int idlePushCheckMs = 2000; // how often an idle engine looks for new redemptions to upload
    bool liveChannel = true;
    // Told to the cloud (PUT /v1/devices/me) with the device key and the LAN addresses: after
    // pairing, after an upgrade, when an address changes. Empty: nothing is reported (tests that
    // count requests).
    QString appVersion;
    // Where this kiosk's peers can reach it ("192.168.1.23:47800"); none when it listens for none.
    std::function<QStringList()> lanAddresses;
    ClientOptions client;
};

enum class Connectivity { NeedsPairing, Offline, Degraded, Online };
QString connectivityCode(Connectivity c);

struct SyncStatus
{
    Connectivity connectivity = Connectivity::Offline;
    qint64 outboxDepth = 0;
    std::optional<qint64> oldestUnsentMs; // wall-clock time of the oldest unsent redemption
    std::optional<qint64> lastPullMs; // wall clock of the last successful pull
    std::optional<qint64> lastPushMs;
    QString lastError;
    bool liveConnected = false;
    QString pushProblem; // why uploads fail as a whole; empty when they work
    std::optional<qint64> pushProblemSinceMs;
    std::optional<qint64> clockDriftMs; // local clock minus the cloud's, at the last pull
};

// Meta keys the engine keeps in the store.
namespace SyncMeta {
inline constexpr char ServerUrl[] = "cloud_url";
inline constexpr char AccessToken[] = "access_token";
inline constexpr char RefreshToken[] = "refresh_token";
inline constexpr char NeedsPairing[] = "needs_pairing";
inline constexpr char LastPushMs[] = "last_push_ms";
inline constexpr char LastState[] = "sync_state"; // last known connectivity, for other processes
// Why uploads are failing as a whole (empty when the last upload went through), and since when:
// what `kioskctl status` and the kiosk's status strip show.
inline constexpr char PushProblem[] = "push_problem";
inline constexpr char RefreshLease[] = "refresh_lease"; // "owner|until_ms": who may refresh now
inline constexpr char PushProblemSinceMs[] = "push_problem_since_ms";
// The software version the cloud last acknowledged for this device (PUT /v1/devices/me).
inline constexpr char ReportedVersion[] = "reported_version";
// The whole report the cloud last acknowledged (version, key, addresses), as sent.
inline constexpr char ReportedDevice[] = "reported_device";
} // namespace SyncMeta

class SyncEngine : public QObject
{
    Q_OBJECT
public:
    // The engine takes its own connection to the database at `dbPath`.
    SyncEngine(const QString &dbPath, const Clock &clock, const SyncOptions &options = {}, QObject *parent = nullptr);
    ~SyncEngine() override;

    // Opens the store and loads the pairing. Fails when the database is unusable or the kiosk
    // was never paired (the message says what to do).
    Status open(const QUrl &serverOverride = QUrl());

    void start();
    void stop();
    // Pulls until the feed has no more pages and pushes until the outbox is empty (or a
    // failure), then calls `done` with the first error, if any. For `kioskctl sync --once`.
    void runOnce(std::function<void(std::optional<ApiError>)> done);
    // A redemption was just recorded: upload soon, not at the next idle check.
    void nudgePush();
    // "Sync now" on the kiosk: pull and push at once instead of at the next poll or backoff.
    void syncNow();
    // Online confirmation: upload redemption `seq` now and report the cloud's answer, or
    // nullopt when none arrives within `timeoutMs` (the local verdict then stands).
    void confirm(qint64 seq, int timeoutMs, std::function<void(std::optional<UploadResult>)> done);

    // The full picture, outbox counts included (queries the store).
    SyncStatus status();
    // Only the connection state: cheap, no store access.
    Connectivity connectivity() const;
    QString lastError() const { return m_lastError; }
    // True while the cloud cannot be reached (network, timeout, 5xx, 429 on the last request):
    // a scan then does not wait for it. A feed page the kiosk could not use, or a 4xx, does not
    // count: the cloud answered, so online confirmation stays on. A fresh engine tries.
    bool knownOffline() const { return m_needsPairing || m_unreachable; }
    // Why uploads are failing as a whole ("the cloud refuses uploads: …"), empty when they work.
    QString pushProblem() const { return m_pushProblem; }
    CloudClient *client() const { return m_client.get(); }
    Store *store() const { return m_store.get(); }

    // Totals since start, for tests and `kioskctl sync`.
    struct Counters
    {
        int pulledPages = 0;
        int pulledChanges = 0;
        int uploaded = 0;
        int conflicts = 0;
        int rejected = 0;
        int pullFailures = 0;
        int pushFailures = 0;
        int snapshotsRestarted = 0;
        int voidsSent = 0;
        int relayed = 0; // other kiosks' redemptions relayed to the cloud and answered
    };
    const Counters &counters() const { return m_counters; }

Q_SIGNALS:
    void statusChanged();
    void pulled(const kiosk::IngestSummary &summary);
    void pushed(const kiosk::UploadSummary &summary);
    void idle(); // both loops caught up

private:
    void reportDevice();
    bool relayRecords();
    void pull();
    void onPage(std::optional<QByteArray> body, std::optional<ApiError> error);
    void push();
    void onPushed(
        const QList<OutboxItem> &items, std::optional<QList<UploadResult>> results, std::optional<ApiError> error);
    void schedulePull(int delayMs);
    void schedulePush(int delayMs);
    void connectLive();
    void setError(const QString &message);
    void lostPairing(const QString &why);
    void checkIdle();
    void recordState();
    void noteReachability(const std::optional<ApiError> &error);
    void pushFailed(const QList<qint64> &seqs, const ApiError &error, bool voids);
    void pushVoids();
    void onVoidsPushed(
        const QList<VoidItem> &items, std::optional<QList<VoidResult>> results, std::optional<ApiError> error);

    QString m_dbPath;
    const Clock &m_clock;
    SyncOptions m_options;
    Backoff m_backoff;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<CloudClient> m_client;
    QString m_venue;
    bool m_running = false;
    bool m_needsPairing = false;

    QTimer m_pullTimer;
    QTimer m_pushTimer;
    QTimer m_liveTimer;
    bool m_pulling = false;
    bool m_reportingDevice = false;
    bool m_deviceReportRefused = false;
    QJsonObject m_publicKey; // this device's key, as reported
    bool m_pullAgain = false;
    bool m_pushing = false;
    int m_pullFailures = 0;
    int m_pushFailures = 0;
    int m_liveFailures = 0;
    int m_goneRestarts = 0;
    bool m_unreachable = false;
    int m_voidRetries = 0; // voids the cloud could not match yet (unknown_target): retried slowly
    QString m_pushProblem;
    bool m_pullCaughtUp = false;
    bool m_pushCaughtUp = false;
    std::optional<qint64> m_lastPullMs;
    std::optional<qint64> m_lastPushMs;
    QString m_lastError;
    QString m_recordedState;
    QPointer<QWebSocket> m_live;
    bool m_liveConnected = false;
    Counters m_counters;

    std::function<void(std::optional<ApiError>)> m_onceDone;
    std::optional<ApiError> m_onceError;
};

} // namespace kiosk::sync
