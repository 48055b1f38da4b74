#pragma once
// Test-only: kiosks of one venue linked directly over TLS on 127.0.0.1, each with its own
// database, device key and roster, in one process (tst_peers, bench_peers). Every bar runs in
// the calling thread: wait by spinning the event loop (waitFor), never by blocking it.

#include "fixture.h"

#include "devicekey.h"
#include "ledger.h"
#include "peernetwork.h"
#include "redeemer.h"
#include "sharedledger.h"
#include "sqlite_p.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

namespace kiosk::test {

using sync::AnnounceOutcome;
using sync::PeerNetwork;
using sync::PeerOptions;

struct Bar
{
    std::unique_ptr<VenueFixture> fx = std::make_unique<VenueFixture>();
    QString device;
    DeviceKey key;
    std::unique_ptr<PeerNetwork> net;

    Bar()
    {
        device = fx->store->deviceId().value();
        key = ensureDeviceKey(*fx->store, device, fx->clock.nowMs()).value();
        fx->import(FeedBuilder().staff(QStringLiteral("stf_sam"), QStringLiteral("Sam"), QStringLiteral("bartender")));
    }
    bool start(PeerOptions o = fastOptions())
    {
        net = std::make_unique<PeerNetwork>(fx->dbPath, fx->clock, o);
        auto st = net->start();
        if (!st)
            qWarning() << st.error().message;
        return st.ok();
    }
    static PeerOptions fastOptions()
    {
        PeerOptions o;
        o.listenAddress = QHostAddress::LocalHost;
        o.listenPort = 0;
        o.rosterCheckMs = 50;
        o.useDnsSd = false; // hermetic: nothing announced on the machine's network
        o.vectorEveryMs = 300;
        o.redialMinMs = 50;
        o.redialMaxMs = 400;
        o.link.heartbeatMs = 200;
        o.link.silentAfterMs = 1500;
        return o;
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(net->listenPort()); }
    void knows(const Bar &other, const QString &name)
    {
        knowsAt(other.device, other.key, name, other.net ? other.address() : QString());
    }
    // The roster entry of `device` as the feed would bring it, reachable at `address` (none: empty).
    void knowsAt(const QString &other, const DeviceKey &otherKey, const QString &name, const QString &address)
    {
        QJsonArray lan;
        if (!address.isEmpty())
            lan.append(address);
        fx->import(FeedBuilder().raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("device")},
            {QStringLiteral("data"),
                QJsonObject{{QStringLiteral("id"), other}, {QStringLiteral("name"), name},
                    {QStringLiteral("active"), true}, {QStringLiteral("key"), otherKey.publicJwk()},
                    {QStringLiteral("lan"), lan}}}}));
    }
    Result<RedeemOutcome> pour(const QString &order, const QString &jti)
    {
        return Redeemer(*fx->store, fx->clock)
            .redeem(fx->token(order, jti), QStringLiteral("stf_sam"), QStringLiteral("camera"));
    }
    // What a kiosk does with a pour: record it, announce it, withdraw it if it lost.
    std::optional<AnnounceOutcome> pourAndAnnounce(const QString &order, const QString &jti, bool *ok)
    {
        auto out = pour(order, jti);
        *ok = out && out->verdict.ok();
        if (!*ok)
            return std::nullopt;
        std::optional<AnnounceOutcome> result;
        net->announce(out->recorded->seq, [&](AnnounceOutcome o) { result = o; });
        QElapsedTimer waited;
        waited.start();
        while (!result && waited.elapsed() < 5000)
            QTest::qWait(1);
        if (result && result->lost()) {
            (void)Ledger(*fx->store)
                .voidRedemption(out->recorded->seq, QStringLiteral("stf_sam"),
                    QStringLiteral("another bar poured it at the same moment"), fx->clock.nowMs());
            *ok = false;
        }
        return result;
    }
    qint64 liveRedemptions(const QString &order)
    {
        auto q = fx->store->db().prepare("SELECT count(*) FROM ledger r WHERE r.entry = 'redeem' AND r.order_id = ?1 "
                                         "AND NOT EXISTS (SELECT 1 FROM ledger v WHERE v.target_seq = r.seq)");
        q->bind(1, order);
        (void)q->next();
        return q->int64(0);
    }
    VersionVector vector() { return SharedLedger(*fx->store).versionVector().value(); }
};

// Every bar knows every other, with their real addresses.
[[nodiscard]] inline bool mesh(std::vector<std::unique_ptr<Bar>> &bars)
{
    for (auto &a : bars) {
        if (!a->start())
            return false;
    }
    for (auto &a : bars) {
        for (auto &b : bars) {
            if (a != b)
                a->knows(*b, QStringLiteral("Bar ") + b->device.right(4));
        }
    }
    return true;
}

// Spins the event loop (both bars run in this thread) until `done`, at most `ms`.
template <typename F> bool waitFor(F done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QTest::qWait(1);
    return done();
}

inline bool allLinked(std::vector<std::unique_ptr<Bar>> &bars)
{
    return std::all_of(
        bars.begin(), bars.end(), [&](auto &b) { return b->net->connectedPeers() == int(bars.size()) - 1; });
}

// `n` bars, each knowing every other and linked to it within `ms`; none when they did not link.
inline std::vector<std::unique_ptr<Bar>> linkedBars(int n, int ms = 5000)
{
    std::vector<std::unique_ptr<Bar>> bars;
    for (int i = 0; i < n; ++i)
        bars.push_back(std::make_unique<Bar>());
    if (!mesh(bars) || !QTest::qWaitFor([&] { return allLinked(bars); }, ms))
        return {};
    return bars;
}

} // namespace kiosk::test
