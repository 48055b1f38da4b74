// kioskctl and the venue's other kiosks: `sync` hosts this kiosk's peer links (it is the
// long-running twin of the touch screen), `redeem` consults the linked peers as the screen does,
// and `peers` shows an operator who is reachable.

#include "cli_p.h"

#include "peernetwork.h"

#include "devicekey.h"
#include "store.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QTimer>

#include <algorithm>

using namespace kiosk;
using namespace kiosk::sync;

namespace kioskctl {

std::optional<PeerOptions> peerOptions(Context &ctx, bool listen, QString *error)
{
    if (!ctx.config.peersEnabled || ctx.args.has(QStringLiteral("--no-peers")))
        return std::nullopt;
    PeerOptions o;
    o.windowMs = ctx.config.peerWindowMs;
    o.staticPeers = ctx.config.staticPeers;
    o.useRoster = ctx.config.peersFromRoster;
    o.useDnsSd = ctx.config.peersDnsSd;
    o.listenPort = listen ? ctx.config.peerPort : -1;
    if (!listen) {
        // A short-lived process (redeem, peers) retries a failed dial at once, not in a second.
        o.rosterCheckMs = 50;
        o.redialMinMs = 50;
        o.redialMaxMs = 200;
    }
    if (listen && o.listenPort == 0)
        o.listenPort = -1; // port 0 in the configuration: this kiosk only dials
    if (!ctx.config.peerListen.isEmpty())
        o.listenAddress = QHostAddress(ctx.config.peerListen);
    if (const auto port = ctx.args.value(QStringLiteral("--peer-port"))) {
        bool ok = false;
        const int p = port->toInt(&ok);
        if (!ok || p < 0 || p > 65535) {
            *error = QStringLiteral("--peer-port must be a port number (0: any free port)");
            return std::nullopt;
        }
        o.listenPort = listen ? p : -1;
    }
    if (const auto address = ctx.args.value(QStringLiteral("--peer-listen"))) {
        o.listenAddress = QHostAddress(*address);
        if (o.listenAddress.isNull()) {
            *error = QStringLiteral("--peer-listen must be an IP address, not '%1'").arg(*address);
            return std::nullopt;
        }
    }
    return o;
}

std::unique_ptr<PeerNetwork> startRedeemPeers(Context &ctx, Store &store)
{
    if (ctx.args.has(QStringLiteral("--offline")))
        return nullptr;
    QString error;
    auto options = peerOptions(ctx, false, &error);
    if (!options)
        return nullptr;
    // Only a paired kiosk (it has a device key) with somebody to ask dials at all.
    const auto device = store.deviceId();
    const auto key = device ? loadDeviceKey(store, *device) : Result<std::optional<DeviceKey>>(device.error());
    if (!key || !*key)
        return nullptr;
    auto net = std::make_unique<PeerNetwork>(ctx.dbPath, ctx.clock(), *options);
    if (auto st = net->start(); !st) {
        (void)fail(QStringLiteral("warning: redeeming without the other bars: ") + st.error().message, ExitOk);
        return nullptr;
    }
    // Give the links a moment to come up (one round trip and a TLS handshake each on a LAN,
    // a retry after a failed dial); whoever is not linked by then is not waited for. Through
    // DNS-SD, Avahi answers from its cache within milliseconds: give it a short moment to name
    // bars the other sources do not, unless every bar of the roster is linked already.
    QElapsedTimer t;
    t.start();
    const int budgetMs = ctx.args.value(QStringLiteral("--peer-wait")).value_or(QStringLiteral("1000")).toInt();
    const int discoveryMs = std::min(budgetMs, 250);
    auto ready = [&] {
        if (!net->allLinked())
            return false;
        return !net->discovering() || t.elapsed() >= discoveryMs || net->connectedPeers() >= net->knownPeers();
    };
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (ready() || t.elapsed() >= budgetMs)
            loop.quit();
    });
    poll.start(2);
    if (!ready())
        loop.exec();
    return net;
}

int cmdPeers(Context &ctx)
{
    if (!ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("peers takes no arguments besides its options"));
    auto opened = Store::open(ctx.dbPath);
    if (!opened)
        return fail(opened.error().message);
    QString error;
    auto options = peerOptions(ctx, false, &error);
    if (!error.isEmpty())
        return usageError(error);
    if (!options)
        return fail(QStringLiteral("peers are switched off here ([peers] enabled=false, or --no-peers)"));
    PeerNetwork net(ctx.dbPath, ctx.clock(), *options);
    if (auto st = net.start(); !st)
        return fail(st.error().message);
    // A probe: dial everyone once, and report who answered with a valid hello.
    QElapsedTimer t;
    t.start();
    const int budgetMs = ctx.args.value(QStringLiteral("--peer-wait")).value_or(QStringLiteral("2000")).toInt();
    QEventLoop loop;
    QTimer poll;
    // DNS-SD may name bars the roster does not: while it browses, give it a second (or until
    // every bar of the roster is linked).
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        const bool discovered
            = !net.discovering() || t.elapsed() >= std::min(budgetMs, 1000) || net.connectedPeers() >= net.knownPeers();
        if ((net.settled() && discovered) || t.elapsed() >= budgetMs)
            loop.quit();
    });
    poll.start(5);
    loop.exec();
    const QString dnsSd = net.discoveryProblem();
    const QList<PeerState> peers = net.peers();
    const int reachable = net.connectedPeers();
    if (ctx.json) {
        QJsonArray list;
        for (const PeerState &p : peers)
            list.append(QJsonObject{{QStringLiteral("device"), p.deviceId}, {QStringLiteral("name"), p.name},
                {QStringLiteral("address"), p.address}, {QStringLiteral("reachable"), p.connected},
                {QStringLiteral("problem"), p.lastProblem.isEmpty() ? QJsonValue() : QJsonValue(p.lastProblem)}});
        writeJson(QJsonObject{{QStringLiteral("device"), net.deviceId()}, {QStringLiteral("known"), net.knownPeers()},
            {QStringLiteral("reachable"), reachable}, {QStringLiteral("peers"), list},
            {QStringLiteral("dnssd"),
                QJsonObject{{QStringLiteral("on"), dnsSd.isEmpty()},
                    {QStringLiteral("problem"), dnsSd.isEmpty() ? QJsonValue() : QJsonValue(dnsSd)}}}});
        return ExitOk;
    }
    writeOut(QStringLiteral("%1 of %2 other bar(s) reachable\n").arg(reachable).arg(net.knownPeers()));
    writeOut(dnsSd.isEmpty() ? QStringLiteral("DNS-SD on (Avahi)\n") : QStringLiteral("DNS-SD off: %1\n").arg(dnsSd));
    for (const PeerState &p : peers) {
        writeOut(QStringLiteral("%1  %2  %3  %4\n")
                     .arg(p.connected ? QStringLiteral("ok  ") : QStringLiteral("DOWN"),
                         p.name.isEmpty() ? p.deviceId : p.name, p.address.isEmpty() ? QStringLiteral("-") : p.address,
                         p.connected ? QString() : p.lastProblem));
    }
    return ExitOk;
}

} // namespace kioskctl
