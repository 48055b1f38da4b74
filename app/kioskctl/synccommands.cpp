// kioskctl pair / sync: the cloud side of the command-line twin.

#include "cli_p.h"

#include <QCoreApplication>

#include "cloudclient.h"
#include "pairing.h"
#include "peernetwork.h"
#include "syncengine.h"

#include "store.h"
#include "timeutil.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHostInfo>
#include <QTimer>

#include <csignal>

using namespace kiosk;
using namespace kiosk::sync;

namespace kioskctl {

namespace {

volatile std::sig_atomic_t g_stopRequested = 0;

void requestStop(int)
{
    g_stopRequested = 1;
}

ClientOptions clientOptions(const Context &ctx)
{
    ClientOptions o;
    o.allowInsecureHttp = ctx.args.has(QStringLiteral("--allow-insecure-http"));
    return o;
}

} // namespace

int cmdPair(Context &ctx)
{
    if (ctx.args.positionals.size() != 2)
        return usageError(QStringLiteral("pair needs the cloud's URL and a pairing CODE"));
    const QUrl url(ctx.args.positionals.at(0));
    const QString code = ctx.args.positionals.at(1).trimmed();
    if (auto problem = CloudClient::urlProblem(url, ctx.args.has(QStringLiteral("--allow-insecure-http"))))
        return usageError(*problem);
    const QString name
        = ctx.args.value(QStringLiteral("--name")).value_or(QStringLiteral("Kiosk on ") + QHostInfo::localHostName());

    // Check the database before spending the one-time code on it.
    std::unique_ptr<Store> store;
    if (QFileInfo::exists(ctx.dbPath)) {
        auto opened = Store::open(ctx.dbPath);
        if (!opened)
            return fail(opened.error().message);
        store = std::move(*opened);
    }

    CloudClient client(url, clientOptions(ctx));
    std::optional<PairResult> result;
    std::optional<ApiError> error;
    QEventLoop loop;
    client.pair(code, name, [&](std::optional<PairResult> r, std::optional<ApiError> e) {
        result = r;
        error = e;
        loop.quit();
    });
    loop.exec();
    if (error)
        return fail(QStringLiteral("pairing with %1 failed: %2").arg(url.toString(), error->describe()));

    auto adopted = adoptPairing(std::move(store), ctx.dbPath, url, *result, ctx.clock());
    if (!adopted)
        return fail(adopted.error().message);
    if (ctx.json) {
        writeJson(QJsonObject{{QStringLiteral("deviceId"), result->deviceId},
            {QStringLiteral("venueId"), result->venueId}, {QStringLiteral("venueName"), result->venueName},
            {QStringLiteral("server"), url.toString()}, {QStringLiteral("database"), ctx.dbPath}});
    } else {
        writeOut(QStringLiteral("paired with %1 as %2 for venue %3 (%4); run `kioskctl sync` to download its data\n")
                     .arg(url.toString(), result->deviceId, result->venueId, result->venueName));
    }
    return ExitOk;
}

int cmdSync(Context &ctx)
{
    if (!ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("sync takes no arguments besides its options"));
    SyncOptions options;
    options.appVersion = QCoreApplication::applicationVersion();
    options.client = clientOptions(ctx);
    QUrl server;
    if (const auto s = ctx.args.value(QStringLiteral("--server"))) {
        server = QUrl(*s);
        if (auto problem = CloudClient::urlProblem(server, options.client.allowInsecureHttp))
            return usageError(*problem);
    }
    if (const auto interval = ctx.args.value(QStringLiteral("--interval"))) {
        bool ok = false;
        options.pollIntervalMs = interval->toInt(&ok) * 1000;
        if (!ok || options.pollIntervalMs < 1000)
            return usageError(QStringLiteral("--interval must be a number of seconds, at least 1"));
    }
    // The long-running sync also hosts this kiosk's links with the venue's other kiosks (unless
    // --once, or peers are off), and tells the cloud where they can reach it.
    std::unique_ptr<PeerNetwork> peers;
    if (!ctx.args.has(QStringLiteral("--once"))) {
        QString error;
        auto peerOpts = peerOptions(ctx, true, &error);
        if (!error.isEmpty())
            return usageError(error);
        if (peerOpts) {
            peers = std::make_unique<PeerNetwork>(ctx.dbPath, ctx.clock(), *peerOpts);
            // Tests: transport faults on every link this process keeps (as club-cloud --faults).
            if (const auto faults = ctx.args.value(QStringLiteral("--peer-faults"))) {
                QString why;
                const auto parsed = PeerFaults::fromJson(faults->toUtf8(), &why);
                if (!parsed)
                    return usageError(why);
                peers->setFaults(*parsed);
            }
            if (auto st = peers->start(); !st) {
                (void)fail(QStringLiteral("warning: not talking to the other bars: ") + st.error().message, ExitOk);
                peers.reset();
            } else {
                PeerNetwork *net = peers.get();
                options.lanAddresses = [net] { return net->lanAddresses(); };
            }
        }
    }
    SyncEngine engine(ctx.dbPath, ctx.clock(), options);
    if (auto st = engine.open(server); !st)
        return fail(st.error().message);

    auto report = [&](std::optional<ApiError> error) {
        const auto &c = engine.counters();
        const SyncStatus s = engine.status();
        if (ctx.json) {
            writeJson(QJsonObject{
                {QStringLiteral("ok"), !error},
                {QStringLiteral("error"), error ? QJsonValue(error->describe()) : QJsonValue()},
                {QStringLiteral("status"), connectivityCode(s.connectivity)},
                {QStringLiteral("pulledPages"), c.pulledPages},
                {QStringLiteral("pulledChanges"), c.pulledChanges},
                {QStringLiteral("uploaded"), c.uploaded},
                {QStringLiteral("conflicts"), c.conflicts},
                {QStringLiteral("rejected"), c.rejected},
                {QStringLiteral("snapshotsRestarted"), c.snapshotsRestarted},
                {QStringLiteral("outboxPending"), s.outboxDepth},
            });
        } else {
            writeOut(QStringLiteral("pulled %1 change(s) in %2 page(s); uploaded %3, %4 conflict(s), %5 rejected; "
                                    "%6 unsent; %7\n")
                         .arg(c.pulledChanges)
                         .arg(c.pulledPages)
                         .arg(c.uploaded)
                         .arg(c.conflicts)
                         .arg(c.rejected)
                         .arg(s.outboxDepth)
                         .arg(connectivityCode(s.connectivity)));
        }
    };

    // Ctrl-C or a stop from systemd ends the run at once: nothing new is sent and every request
    // on the wire is abandoned, except a token refresh: the rotated refresh token exists only in
    // its reply until it is saved. That one is waited for, bounded by the request timeout (and
    // a margin, in case a server drips bytes to keep it alive).
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTimer stopCheck;
    stopCheck.start(100);
    QElapsedTimer stopping;
    auto stopNow = [&] {
        if (!g_stopRequested)
            return false;
        if (!stopping.isValid()) {
            stopping.start();
            engine.stop();
            engine.client()->shutDown();
        }
        if (!engine.client()->refreshing())
            return true;
        if (stopping.elapsed() > options.client.requestTimeoutMs + 2000) {
            (void)fail(QStringLiteral("stopping without the answer to a token refresh still on the wire; if the "
                                      "cloud rotated the token, the kiosk may need pairing again"));
            return true;
        }
        return false;
    };

    if (ctx.args.has(QStringLiteral("--once"))) {
        std::optional<ApiError> error;
        QEventLoop loop;
        bool interrupted = false;
        engine.runOnce([&](std::optional<ApiError> e) {
            error = e;
            loop.quit();
        });
        QObject::connect(&stopCheck, &QTimer::timeout, &loop, [&] {
            if (stopNow()) {
                interrupted = true;
                loop.quit();
            }
        });
        loop.exec();
        if (interrupted)
            return fail(QStringLiteral("interrupted; nothing half-written (the next sync continues from here)"));
        report(error);
        if (error)
            return fail(QStringLiteral("sync did not complete: %1").arg(error->describe()));
        return ExitOk;
    }

    // Until interrupted: a line whenever something moved or the connection state changed.
    QEventLoop loop;
    QObject::connect(&stopCheck, &QTimer::timeout, &loop, [&] {
        if (stopNow())
            loop.quit();
    });
    QString lastState;
    QObject::connect(&engine, &SyncEngine::statusChanged, &loop, [&] {
        const Connectivity now = engine.connectivity();
        const QString state = connectivityCode(now);
        if (state != lastState) {
            lastState = state;
            const QString error = engine.lastError();
            writeOut(QStringLiteral("%1 %2%3\n")
                         .arg(formatRfc3339Ms(ctx.clock().nowMs()), state,
                             error.isEmpty() || now == Connectivity::Online
                                 ? QString()
                                 : QStringLiteral(" (") + error + QLatin1Char(')')));
        }
        if (now == Connectivity::NeedsPairing)
            loop.quit();
    });
    QObject::connect(&engine, &SyncEngine::pulled, &loop, [&](const IngestSummary &sum) {
        if (sum.orders + sum.redemptions + sum.keys + sum.staff + sum.revocations > 0)
            writeOut(
                QStringLiteral("%1 pulled: %2 order(s), %3 redemption row(s), %4 key(s), %5 staff, %6 revocation(s)\n")
                    .arg(formatRfc3339Ms(ctx.clock().nowMs()))
                    .arg(sum.orders)
                    .arg(sum.redemptions)
                    .arg(sum.keys)
                    .arg(sum.staff)
                    .arg(sum.revocations));
    });
    QObject::connect(&engine, &SyncEngine::pushed, &loop, [&](const UploadSummary &sum) {
        writeOut(QStringLiteral("%1 pushed: %2 accepted, %3 conflict(s), %4 rejected\n")
                     .arg(formatRfc3339Ms(ctx.clock().nowMs()))
                     .arg(sum.accepted)
                     .arg(sum.conflicts)
                     .arg(sum.rejected));
    });
    if (peers) {
        QString lastPeers;
        QObject::connect(peers.get(), &PeerNetwork::peersChanged, &loop, [&] {
            const QString now = QStringLiteral("%1 of %2").arg(peers->connectedPeers()).arg(peers->knownPeers());
            if (now != lastPeers) {
                lastPeers = now;
                writeOut(QStringLiteral("%1 peers: %2 other bar(s) linked\n")
                             .arg(formatRfc3339Ms(ctx.clock().nowMs()), now));
            }
        });
        QObject::connect(peers.get(), &PeerNetwork::doublePour, &loop, [&](const AcceptedRecord &r) {
            writeOut(QStringLiteral("%1 peers: double pour of order %2 (%3 and this kiosk or another)\n")
                         .arg(formatRfc3339Ms(ctx.clock().nowMs()), r.record.orderId, r.record.deviceId));
        });
        writeOut(QStringLiteral("%1 peers: listening on %2\n")
                     .arg(formatRfc3339Ms(ctx.clock().nowMs()),
                         peers->lanAddresses().isEmpty() ? QStringLiteral("(dialing only)")
                                                         : peers->lanAddresses().join(QLatin1String(", "))));
    }
    engine.start();
    loop.exec();
    if (peers)
        peers->stop();
    engine.stop();
    report(std::nullopt);
    return engine.connectivity() == Connectivity::NeedsPairing ? ExitError : ExitOk;
}

} // namespace kioskctl
