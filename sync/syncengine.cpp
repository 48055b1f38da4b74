#include "syncengine.h"

#include "synclogging_p.h"

#include "clock.h"
#include "devicekey.h"
#include "sharedledger.h"
#include "store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QWebSocket>

namespace kiosk::sync {

QString connectivityCode(Connectivity c)
{
    switch (c) {
    case Connectivity::NeedsPairing:
        return QStringLiteral("needs pairing");
    case Connectivity::Offline:
        return QStringLiteral("offline");
    case Connectivity::Degraded:
        return QStringLiteral("degraded");
    case Connectivity::Online:
        break;
    }
    return QStringLiteral("online");
}

SyncEngine::SyncEngine(const QString &dbPath, const Clock &clock, const SyncOptions &options, QObject *parent)
    : QObject(parent)
    , m_dbPath(dbPath)
    , m_clock(clock)
    , m_options(options)
    , m_backoff(options.backoffBaseMs, options.backoffCapMs)
{
    for (QTimer *t : {&m_pullTimer, &m_pushTimer, &m_liveTimer})
        t->setSingleShot(true);
    // Timers count on the monotonic clock: a wall-clock jump does not move them.
    connect(&m_pullTimer, &QTimer::timeout, this, &SyncEngine::pull);
    connect(&m_pushTimer, &QTimer::timeout, this, &SyncEngine::push);
    connect(&m_liveTimer, &QTimer::timeout, this, &SyncEngine::connectLive);
    connect(this, &SyncEngine::statusChanged, this, &SyncEngine::recordState);
}

void SyncEngine::recordState()
{
    // Written only when it changes: `kioskctl status` in another process reads it.
    const QString state = connectivityCode(connectivity());
    if (!m_store || state == m_recordedState)
        return;
    m_recordedState = state;
    (void)m_store->setMeta(SyncMeta::LastState, state);
}

SyncEngine::~SyncEngine()
{
    stop();
}

Status SyncEngine::open(const QUrl &serverOverride)
{
    auto store = Store::open(m_dbPath);
    if (!store)
        return store.error();
    m_store = std::move(*store);
    auto venue = m_store->venueId();
    auto url = m_store->meta(SyncMeta::ServerUrl);
    auto access = m_store->meta(SyncMeta::AccessToken);
    auto refresh = m_store->meta(SyncMeta::RefreshToken);
    auto device = m_store->deviceId();
    auto needsPairing = m_store->meta(SyncMeta::NeedsPairing);
    auto pushProblem = m_store->meta(SyncMeta::PushProblem);
    for (const auto *r : {&venue, &url, &access, &refresh, &device, &needsPairing, &pushProblem}) {
        if (!*r)
            return r->error();
    }
    m_venue = *venue;
    // A kiosk paired before device keys existed gets its key now; a paired one already has it.
    if (!device->isEmpty()) {
        auto key = ensureDeviceKey(*m_store, *device, m_clock.nowMs());
        if (!key)
            return key.error();
        m_publicKey = key->publicJwk();
    }
    m_pushProblem = *pushProblem; // left by an earlier run: cleared by the next upload that works
    const QUrl server = serverOverride.isEmpty() ? QUrl(*url) : serverOverride;
    if (refresh->isEmpty() || server.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("this kiosk is not paired with a cloud; run `kioskctl pair URL CODE` first"));
    if (auto problem = CloudClient::urlProblem(server, m_options.client.allowInsecureHttp))
        return makeError(ErrorCode::InvalidArgument, *problem);
    m_needsPairing = *needsPairing == QLatin1String("1");
    m_client = std::make_unique<CloudClient>(server, m_options.client);
    m_client->setCredentials(Credentials{*device, *access, *refresh});
    // The database is the one truth for the rotating credentials: every process on it re-reads
    // them before refreshing, and refreshes only under the lease.
    Store *db = m_store.get();
    const QString deviceId = *device;
    m_client->setCredentialStore(CredentialStore{
        [db, deviceId]() -> std::optional<Credentials> {
            auto a = db->meta(SyncMeta::AccessToken);
            auto r = db->meta(SyncMeta::RefreshToken);
            if (!a || !r)
                return std::nullopt;
            return Credentials{deviceId, *a, *r};
        },
        [this, db](const QString &owner, int leaseMs) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            auto got = db->acquireLease(SyncMeta::RefreshLease, owner, now, now + leaseMs);
            if (!got)
                setError(QStringLiteral("cannot take the refresh lease: ") + got.error().message);
            return got && *got;
        },
        [this, db](const QString &, const Credentials &c) {
            // Both tokens and the lease in one transaction: a lost rotated token would strand
            // the kiosk, a kept lease would stall the other processes.
            auto st = db->setMetas({{SyncMeta::AccessToken, c.accessToken}, {SyncMeta::RefreshToken, c.refreshToken},
                {SyncMeta::RefreshLease, QString()}});
            if (!st)
                setError(QStringLiteral("cannot save refreshed credentials: ") + st.error().message);
            return st.ok();
        },
        [db](const QString &owner) { (void)db->releaseLease(SyncMeta::RefreshLease, owner); },
    });
    connect(m_client.get(), &CloudClient::pairingLost, this, &SyncEngine::lostPairing);
    if (m_needsPairing) {
        auto counts = m_store->counts();
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("the cloud no longer accepts this kiosk; pair it again with `kioskctl pair URL "
                           "CODE` (its %1 unsent redemption(s) are kept and will be uploaded)")
                .arg(counts ? counts->outboxPending : 0));
    }
    return {};
}

void SyncEngine::start()
{
    if (!m_store || m_needsPairing)
        return;
    m_running = true;
    schedulePull(0);
    schedulePush(0);
    if (m_options.liveChannel)
        connectLive();
}

void SyncEngine::stop()
{
    m_running = false;
    m_pullTimer.stop();
    m_pushTimer.stop();
    m_liveTimer.stop();
    if (m_live) {
        m_live->disconnect(this);
        m_live->abort();
        m_live->deleteLater();
    }
    m_liveConnected = false;
}

void SyncEngine::runOnce(std::function<void(std::optional<ApiError>)> done)
{
    m_onceDone = std::move(done);
    m_onceError.reset();
    m_pullCaughtUp = false;
    m_pushCaughtUp = false;
    pull();
    push();
}

void SyncEngine::nudgePush()
{
    if (m_running && !m_pushing)
        schedulePush(0);
}

void SyncEngine::syncNow()
{
    schedulePull(0);
    if (!m_pushing)
        schedulePush(0);
}

Connectivity SyncEngine::connectivity() const
{
    const bool pullOk = m_lastPullMs && m_pullFailures == 0;
    const bool pushOk = m_pushFailures == 0;
    if (m_needsPairing)
        return Connectivity::NeedsPairing;
    if (pullOk && pushOk)
        return Connectivity::Online;
    if (!pullOk && (!pushOk || !m_lastPushMs))
        return Connectivity::Offline;
    return Connectivity::Degraded;
}

SyncStatus SyncEngine::status()
{
    SyncStatus s;
    s.connectivity = connectivity();
    if (m_store) {
        if (auto c = m_store->counts()) {
            s.outboxDepth = c->outboxPending;
            s.oldestUnsentMs = c->oldestPendingMs;
        }
        if (auto since = m_store->meta(SyncMeta::PushProblemSinceMs); since && !since->isEmpty())
            s.pushProblemSinceMs = since->toLongLong();
        if (auto drift = m_store->meta(MetaKey::ClockDriftMs); drift && !drift->isEmpty())
            s.clockDriftMs = drift->toLongLong();
    }
    s.pushProblem = m_pushProblem;
    s.lastPullMs = m_lastPullMs;
    s.lastPushMs = m_lastPushMs;
    s.lastError = m_lastError;
    s.liveConnected = m_liveConnected;
    return s;
}

void SyncEngine::setError(const QString &message)
{
    m_lastError = message;
    qCWarning(lcSync).noquote() << message;
}

void SyncEngine::lostPairing(const QString &why)
{
    if (m_needsPairing)
        return;
    // Another process on this database may have rotated the tokens: then nothing is lost.
    if (m_client && m_client->adoptStoredCredentials()) {
        qCInfo(lcSync) << "a refused request used stale credentials; continuing with the stored ones";
        if (m_onceDone || m_running) {
            pull(); // one in flight just notes to pull again
            push();
        }
        return;
    }
    m_needsPairing = true;
    if (m_store)
        (void)m_store->setMeta(SyncMeta::NeedsPairing, QStringLiteral("1"));
    setError(QStringLiteral("this kiosk needs pairing again: ") + why);
    stop();
    if (m_onceDone) {
        m_onceError = ApiError{ApiError::Kind::Unauthorized, 401, {}, why, {}};
        m_pullCaughtUp = m_pushCaughtUp = true;
        checkIdle();
    }
    Q_EMIT statusChanged();
}

void SyncEngine::noteReachability(const std::optional<ApiError> &error)
{
    if (!error)
        m_unreachable = false;
    else if (error->unreachable())
        m_unreachable = true;
    else if (error->httpStatus >= 400 || error->kind == ApiError::Kind::BadResponse)
        m_unreachable = false; // it answered: the cloud is there
}

void SyncEngine::checkIdle()
{
    // The version report counts as work: `sync --once` does not end with it on the wire.
    if (!m_pullCaughtUp || !m_pushCaughtUp || m_reportingDevice)
        return;
    Q_EMIT idle();
    if (m_onceDone) {
        auto done = std::exchange(m_onceDone, {});
        done(m_onceError);
    }
}

void SyncEngine::schedulePull(int delayMs)
{
    if (m_running)
        m_pullTimer.start(std::max(0, delayMs));
}

void SyncEngine::schedulePush(int delayMs)
{
    if (m_running)
        m_pushTimer.start(std::max(0, delayMs));
}

// --- pull ---------------------------------------------------------------------------------------

void SyncEngine::pull()
{
    if (!m_store || m_needsPairing || (!m_running && !m_onceDone))
        return;
    if (m_pulling) {
        m_pullAgain = true;
        return;
    }
    auto cursor = m_store->meta(MetaKey::FeedCursor);
    if (!cursor) {
        onPage(std::nullopt, ApiError{ApiError::Kind::Config, 0, {}, cursor.error().message, {}});
        return;
    }
    m_pulling = true;
    m_pullCaughtUp = false;
    m_client->changes(m_venue, *cursor, m_options.pageLimit,
        [this](std::optional<QByteArray> body, std::optional<ApiError> error) { onPage(body, error); });
}

void SyncEngine::onPage(std::optional<QByteArray> body, std::optional<ApiError> error)
{
    m_pulling = false;
    noteReachability(error);
    IngestSummary summary;
    qsizetype changeCount = 0;
    if (!error) {
        auto doc = parseFeedDocument(*body);
        if (!doc) {
            error = ApiError{ApiError::Kind::BadResponse, 200, {}, doc.error().message, {}};
        } else {
            changeCount = doc->changes.size();
            auto applied = FeedIngest(*m_store, m_clock).apply(*doc);
            if (!applied)
                error = ApiError{
                    ApiError::Kind::Config, 0, {}, QStringLiteral("applying the feed: ") + applied.error().message, {}};
            else
                summary = *applied;
        }
    }
    if (error) {
        if (error->kind == ApiError::Kind::Unauthorized) {
            lostPairing(error->describe());
            return;
        }
        if (error->kind == ApiError::Kind::Gone && m_goneRestarts < 3) {
            // The cursor is older than the cloud keeps: start over with a snapshot.
            ++m_goneRestarts;
            m_counters.snapshotsRestarted++;
            qCInfo(lcSync) << "feed cursor expired; starting a fresh snapshot";
            if (auto st = m_store->setMeta(MetaKey::FeedCursor, QString()); st) {
                pull();
                return;
            }
        }
        ++m_pullFailures;
        m_counters.pullFailures++;
        setError(QStringLiteral("pull failed: ") + error->describe());
        if (m_onceDone) {
            m_onceError = error;
            m_pullCaughtUp = true;
            checkIdle();
        } else {
            schedulePull(m_backoff.delayMs(m_pullFailures, error->retryAfterMs));
        }
        Q_EMIT statusChanged();
        return;
    }
    const bool wasFailing = m_pullFailures > 0;
    m_pullFailures = 0;
    m_goneRestarts = 0;
    m_lastPullMs = m_clock.nowMs();
    m_counters.pulledPages++;
    m_counters.pulledChanges += int(changeCount);
    Q_EMIT pulled(summary);
    if (summary.hasMore) {
        pull();
        return;
    }
    if (m_pullAgain) {
        m_pullAgain = false;
        pull();
        return;
    }
    m_pullCaughtUp = true;
    reportDevice();
    if (!m_onceDone)
        schedulePull(m_options.pollIntervalMs);
    if (wasFailing && m_pushFailures > 0 && !m_onceDone)
        schedulePush(0); // the network is back: do not wait out the push backoff
    checkIdle();
    Q_EMIT statusChanged();
}

// What the cloud should know of this kiosk (PUT /v1/devices/me): its software version, its
// device key's public half and where its peers can reach it. Sent after pairing, after an
// upgrade and whenever an address changes, once the cloud answers; a failure is retried after the
// next good pull and never blocks sync.
void SyncEngine::reportDevice()
{
    if (m_options.appVersion.isEmpty() || m_reportingDevice || m_deviceReportRefused)
        return;
    QJsonObject fields{{QStringLiteral("version"), m_options.appVersion}};
    if (!m_publicKey.isEmpty())
        fields.insert(QStringLiteral("key"), m_publicKey);
    // Only a process that hosts the peer links knows the addresses; another one (`sync --once`
    // beside the running kiosk) leaves them as they are.
    if (m_options.lanAddresses) {
        QStringList lan = m_options.lanAddresses();
        lan.sort();
        fields.insert(QStringLiteral("lan"), QJsonArray::fromStringList(lan));
    }
    const QString report = QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    if (m_store->meta(SyncMeta::ReportedDevice).value_or(QString()) == report)
        return;
    m_reportingDevice = true;
    const QString version = m_options.appVersion;
    m_client->reportDevice(fields, [this, version, report](std::optional<bool>, std::optional<ApiError> error) {
        m_reportingDevice = false;
        if (error) {
            // A cloud that does not take the report (an older one: 404, 405) is not asked again
            // until the next start; a network failure is retried after the next pull.
            m_deviceReportRefused = !error->transient();
            qCInfo(lcSync).noquote() << "could not report this device to the cloud:" << error->describe();
        } else {
            (void)m_store->setMetas({{SyncMeta::ReportedVersion, version}, {SyncMeta::ReportedDevice, report}});
            qCInfo(lcSync).noquote() << "reported this device to the cloud: version" << version << "key"
                                     << m_publicKey.value(QLatin1String("x")).toString().left(8) + QStringLiteral("…");
        }
        checkIdle();
    });
}

// --- push ---------------------------------------------------------------------------------------

void SyncEngine::push()
{
    if (!m_store || m_needsPairing || (!m_running && !m_onceDone) || m_pushing)
        return;
    auto items = Outbox(*m_store).pending(std::clamp(m_options.batchSize, 1, 500));
    if (!items) {
        pushFailed({}, ApiError{ApiError::Kind::Config, 0, {}, items.error().message, {}}, false);
        return;
    }
    if (items->isEmpty()) {
        pushVoids();
        return;
    }
    m_pushing = true;
    m_pushCaughtUp = false;
    const QList<OutboxItem> batch = *items;
    m_client->uploadBatch(
        batch, true, [this, batch](std::optional<QList<UploadResult>> results, std::optional<ApiError> error) {
            onPushed(batch, results, error);
        });
}

void SyncEngine::pushFailed(const QList<qint64> &seqs, const ApiError &error, bool voids)
{
    // A failure of the request says nothing about its items: they all stay queued, with the
    // reason, and are tried again after a backoff. Only an item's own answer settles it.
    const qint64 now = m_clock.nowMs();
    if (!seqs.isEmpty()) {
        if (voids)
            (void)Outbox(*m_store).recordVoidAttempt(seqs, error.describe());
        else
            (void)Outbox(*m_store).recordAttempt(seqs, error.describe());
    }
    const QString problem = error.unreachable()
        ? QStringLiteral("the cloud cannot be reached for uploads: %1").arg(error.describe())
        : error.kind == ApiError::Kind::Config && error.httpStatus >= 300 && error.httpStatus < 400
        ? QStringLiteral("uploads go to the wrong address: %1").arg(error.describe())
        : QStringLiteral("the cloud refuses uploads: %1").arg(error.describe());
    if (problem != m_pushProblem) {
        // The "since" stays that of the first failure in a row, whatever its reason.
        QList<std::pair<const char *, QString>> values{{SyncMeta::PushProblem, problem}};
        if (m_pushProblem.isEmpty())
            values.append({SyncMeta::PushProblemSinceMs, QString::number(now)});
        (void)m_store->setMetas(values);
        m_pushProblem = problem;
    }
    ++m_pushFailures;
    m_counters.pushFailures++;
    setError(problem);
    if (m_onceDone) {
        m_onceError = error;
        m_pushCaughtUp = true;
        checkIdle();
    } else {
        schedulePush(m_backoff.delayMs(m_pushFailures, error.retryAfterMs));
    }
    Q_EMIT statusChanged();
}

void SyncEngine::onPushed(
    const QList<OutboxItem> &items, std::optional<QList<UploadResult>> results, std::optional<ApiError> error)
{
    m_pushing = false;
    noteReachability(error);
    const qint64 now = m_clock.nowMs();
    if (error && error->kind == ApiError::Kind::Unauthorized) {
        lostPairing(error->describe());
        return;
    }
    std::optional<UploadSummary> summary;
    if (!error) {
        auto applied = Outbox(*m_store).applyResults(*results, now);
        if (!applied)
            error = ApiError{ApiError::Kind::Config, 0, {},
                QStringLiteral("recording upload results: ") + applied.error().message, {}};
        else
            summary = *applied;
    }
    if (!error && summary->accepted + summary->conflicts + summary->rejected == 0)
        error = ApiError{ApiError::Kind::BadResponse, 200, {},
            QStringLiteral("the cloud answered none of %1 item(s)").arg(items.size()), {}};
    if (error) {
        QList<qint64> seqs;
        for (const auto &i : items)
            seqs.append(i.seq);
        pushFailed(seqs, *error, false);
        return;
    }
    m_pushFailures = 0;
    m_lastPushMs = now;
    QList<std::pair<const char *, QString>> values{{SyncMeta::LastPushMs, QString::number(now)}};
    if (!m_pushProblem.isEmpty()) {
        values.append({SyncMeta::PushProblem, QString()});
        values.append({SyncMeta::PushProblemSinceMs, QString()});
        m_pushProblem.clear();
    }
    (void)m_store->setMetas(values);
    m_counters.uploaded += summary->accepted;
    m_counters.conflicts += summary->conflicts;
    m_counters.rejected += summary->rejected;
    Q_EMIT pushed(*summary);
    Q_EMIT statusChanged();
    push(); // more may be waiting
}

// Other kiosks' redemptions this kiosk holds (LAN peers) go to the cloud from here too, signed by
// their makers: a kiosk that died with unsent pours still has them arrive. The cloud checks each
// maker's signature and accepts a record once, whoever brings it; any answer settles it here.
bool SyncEngine::relayRecords()
{
    SharedLedger shared(*m_store);
    auto held = shared.toRelay(std::clamp(m_options.batchSize, 1, 500));
    if (!held || held->isEmpty())
        return false;
    QList<OutboxItem> items;
    QList<VoidItem> voids;
    QHash<QString, std::pair<QString, qint64>> byKey;
    for (const HeldRecord &h : *held) {
        auto r = decodePeerRecord(h.record.body);
        if (!r) {
            (void)shared.markRelayed(h.origin, h.n); // stored after its check: cannot happen
            continue;
        }
        if (r->kind == PeerRecord::Kind::Redeem) {
            OutboxItem i;
            i.idempotencyKey = r->key;
            i.orderId = r->orderId;
            i.jti = r->jti;
            i.staffId = r->staffId;
            i.atMs = r->atMs;
            i.verifiedBy = VerifiedBy::Signature;
            i.recordBody = h.record.body;
            i.recordSignature = h.record.signature;
            items.append(i);
        } else {
            VoidItem v;
            v.idempotencyKey = r->key;
            v.target = r->target;
            v.reason = r->reason;
            v.staffId = r->staffId;
            v.voidedAtMs = r->atMs;
            v.recordBody = h.record.body;
            v.recordSignature = h.record.signature;
            voids.append(v);
        }
        byKey.insert(r->key, {h.origin, h.n});
    }
    if (items.isEmpty() && voids.isEmpty())
        return false;
    // Every answer is final for a relay: the maker, if it lives, still sends its own.
    auto settle = [this, byKey](const QStringList &answeredKeys) {
        m_pushing = false;
        SharedLedger ledger(*m_store);
        int answered = 0;
        for (const QString &key : answeredKeys) {
            const auto it = byKey.constFind(key);
            if (it != byKey.cend() && ledger.markRelayed(it->first, it->second))
                ++answered;
        }
        m_counters.relayed += answered;
        if (answered == 0) {
            pushFailed({},
                ApiError{ApiError::Kind::BadResponse, 200, {},
                    QStringLiteral("the cloud answered none of the relayed records"), {}},
                false);
            return;
        }
        push();
    };
    m_pushing = true;
    m_pushCaughtUp = false;
    // The cloud's answers, redemptions' or voids': the keys it answered settle.
    auto answered = [this, settle](const auto &results, std::optional<ApiError> error) {
        noteReachability(error);
        if (error) {
            m_pushing = false;
            pushFailed({}, *error, false);
            return;
        }
        QStringList keys;
        for (const auto &r : *results)
            keys.append(r.idempotencyKey);
        settle(keys);
    };
    // Redemptions first, voids in a round of their own after them.
    if (!items.isEmpty())
        m_client->uploadBatch(items, true, answered);
    else
        m_client->uploadVoids(voids, answered);
    return true;
}

void SyncEngine::pushVoids()
{
    auto voids = Outbox(*m_store).pendingVoids(std::clamp(m_options.batchSize, 1, 500));
    if (!voids || voids->isEmpty()) {
        if (relayRecords())
            return;
        m_pushCaughtUp = true;
        if (!m_onceDone)
            schedulePush(m_options.idlePushCheckMs);
        checkIdle();
        return;
    }
    m_pushing = true;
    m_pushCaughtUp = false;
    const QList<VoidItem> batch = *voids;
    m_client->uploadVoids(
        batch, [this, batch](std::optional<QList<VoidResult>> results, std::optional<ApiError> error) {
            onVoidsPushed(batch, results, error);
        });
}

void SyncEngine::onVoidsPushed(
    const QList<VoidItem> &items, std::optional<QList<VoidResult>> results, std::optional<ApiError> error)
{
    m_pushing = false;
    noteReachability(error);
    if (error && error->kind == ApiError::Kind::Unauthorized) {
        lostPairing(error->describe());
        return;
    }
    std::optional<VoidSummary> summary;
    if (!error) {
        auto applied = Outbox(*m_store).applyVoidResults(*results, m_clock.nowMs());
        if (!applied)
            error = ApiError{ApiError::Kind::Config, 0, {},
                QStringLiteral("recording void results: ") + applied.error().message, {}};
        else
            summary = *applied;
    }
    if (error) {
        QList<qint64> seqs;
        for (const auto &i : items)
            seqs.append(i.voidSeq);
        pushFailed(seqs, *error, true);
        return;
    }
    m_pushFailures = 0;
    m_counters.voidsSent += summary->accepted;
    Q_EMIT statusChanged();
    if (summary->accepted + summary->rejected == 0) {
        // Only voids whose redemption the cloud has not matched yet: try again later, slowly,
        // without calling the cloud unreachable.
        ++m_voidRetries;
        m_pushCaughtUp = true;
        if (!m_onceDone)
            schedulePush(m_backoff.delayMs(m_voidRetries));
        checkIdle();
        return;
    }
    m_voidRetries = 0;
    push();
}

// --- online confirmation -----------------------------------------------------------------------

void SyncEngine::confirm(qint64 seq, int timeoutMs, std::function<void(std::optional<UploadResult>)> done)
{
    if (!m_store || m_needsPairing) {
        done(std::nullopt);
        return;
    }
    auto item = Outbox(*m_store).pendingItem(seq);
    if (!item || !*item) {
        auto known = Outbox(*m_store).resultFor(seq);
        done(known ? std::optional<UploadResult>(*known) : std::nullopt);
        return;
    }
    struct Waiter
    {
        std::function<void(std::optional<UploadResult>)> done;
        bool answered = false;
    };
    auto waiter = std::make_shared<Waiter>(Waiter{std::move(done)});
    QTimer::singleShot(timeoutMs, this, [waiter] {
        if (!std::exchange(waiter->answered, true))
            waiter->done(std::nullopt);
    });
    const OutboxItem one = **item;
    m_client->uploadBatch(
        {one}, false, [this, waiter, one](std::optional<QList<UploadResult>> results, std::optional<ApiError> error) {
            const bool inTime = !waiter->answered;
            std::optional<UploadResult> mine;
            if (!error && results) {
                for (const auto &r : *results) {
                    if (r.idempotencyKey == one.idempotencyKey)
                        mine = r;
                }
                if (mine)
                    (void)Outbox(*m_store).applyResults({*mine}, m_clock.nowMs(), inTime);
            }
            if (inTime && mine) {
                waiter->answered = true;
                waiter->done(mine);
            }
            noteReachability(error);
            if (error) {
                // Later scans should not wait on a cloud that cannot be reached; the push loop
                // retries the upload either way.
                setError(QStringLiteral("online confirmation failed: ") + error->describe());
                Q_EMIT statusChanged();
                nudgePush();
            }
        });
}

// --- live channel -------------------------------------------------------------------------------

void SyncEngine::connectLive()
{
    if (!m_running || !m_options.liveChannel || m_needsPairing || m_live)
        return;
    m_live = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_live, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        const QJsonObject o = QJsonDocument::fromJson(message.toUtf8()).object();
        if (o.value(QLatin1String("type")).toString() == QLatin1String("changed"))
            pull();
    });
    connect(m_live, &QWebSocket::connected, this, [this] {
        m_liveConnected = true;
        m_liveFailures = 0;
        Q_EMIT statusChanged();
    });
    connect(m_live, &QWebSocket::disconnected, this, [this] {
        m_liveConnected = false;
        if (m_live)
            m_live->deleteLater();
        m_live = nullptr;
        if (m_running) {
            ++m_liveFailures;
            m_liveTimer.start(m_backoff.delayMs(m_liveFailures));
        }
        Q_EMIT statusChanged();
    });
    QNetworkRequest request(m_client->liveUrl(m_venue));
    request.setRawHeader("Authorization", "Bearer " + m_client->credentials().accessToken.toUtf8());
    m_live->open(request);
}

} // namespace kiosk::sync
