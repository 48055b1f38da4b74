// Sync benchmark against the reference cloud on 127.0.0.1 (same process, real HTTP):
//  - a snapshot of N orders pulled and ingested (pages of 5000), beside pages of 500;
//  - M queued offline redemptions uploaded (batches of 500), beside batches of 1;
//  - the latency online confirmation adds to a redeem, beside the local redeem alone.
//
//   bench_sync [--orders N] [--uploads M] [--confirms K]

#include "benchstats.h"
#include "kiosksim.h"

#include "onlineredeemer.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace kiosk;
using namespace kiosk::sync;
using namespace kiosk::test;

namespace {
const QString kVenue = QStringLiteral("ven_bench");

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench_sync: %s\n", qPrintable(why));
    std::exit(2);
}

double timedSync(KioskSim &k)
{
    QElapsedTimer t;
    t.start();
    if (!k.syncOnce(600000))
        die(QStringLiteral("sync failed: ") + k.error);
    return double(t.nsecsElapsed()) / 1e9;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int orders = 100000;
    int uploads = 10000;
    int confirms = 300;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--orders"))
            orders = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--uploads"))
            uploads = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--confirms"))
            confirms = args[i + 1].toInt();
        else
            die(QStringLiteral("usage: bench_sync [--orders N] [--uploads M] [--confirms K]"));
    }
    if (uploads + confirms * 2 > orders)
        die(QStringLiteral("--orders must be at least --uploads + 2 × --confirms"));
    SystemClock clock;
    ReferenceCloud cloud;
    if (!cloud.listenLocal())
        die(QStringLiteral("cannot listen on 127.0.0.1"));
    cloud.createVenue(kVenue, QStringLiteral("Bench Bar"));
    std::printf("bench_sync: %d orders, %d uploads, %d confirmations; reference cloud at %s\n\n", orders, uploads,
        confirms, qPrintable(cloud.url().toString()));
    QList<QByteArray> tokens;
    tokens.reserve(orders);
    for (int i = 0; i < orders; ++i) {
        OrderSpec spec;
        spec.id = QStringLiteral("ord_%1").arg(i);
        tokens.append(cloud.createOrder(kVenue, spec).token);
    }

    SyncOptions pages5000 = fastOptions();
    pages5000.pageLimit = 5000;
    pages5000.client.requestTimeoutMs = 60000;
    SyncOptions pages500 = pages5000;
    pages500.pageLimit = 500;

    std::printf(
        "snapshot pull + ingest (%d orders, %s)\n", orders, "gzip, strict validation, one transaction per page");
    KioskSim big;
    if (!big.setUp(cloud, kVenue, pages5000, clock))
        die(big.error);
    const double snapshot = timedSync(big);
    std::printf("  %-44s %6.2f s  (%d pages, %.0f orders/s)\n", "pages of 5000 (kiosk default)", snapshot,
        big.engine->counters().pulledPages, orders / snapshot);
    KioskSim small;
    if (!small.setUp(cloud, kVenue, pages500, clock))
        die(small.error);
    const double snapshotSmall = timedSync(small);
    std::printf(
        "  %-44s %6.2f s  (%d pages)\n", "pages of 500 (naive)", snapshotSmall, small.engine->counters().pulledPages);
    std::printf("  ratio: %.1fx\n\n", snapshotSmall / snapshot);

    std::printf("upload of queued offline redemptions\n");
    for (int i = 0; i < uploads; ++i) {
        if (big.redeem(tokens[i], clock) != Reason::Ok)
            die(QStringLiteral("local redeem %1 failed").arg(i));
    }
    if (big.pending() != uploads)
        die(QStringLiteral("outbox holds %1, expected %2").arg(big.pending()).arg(uploads));
    const int pushedBefore = big.engine->counters().uploaded;
    const double upload = timedSync(big);
    if (big.pending() != 0 || big.engine->counters().uploaded - pushedBefore != uploads)
        die(QStringLiteral("upload incomplete"));
    std::printf("  %-44s %6.2f s  (%.0f redemptions/s; includes pulling their echoes)\n", "batches of 500 (kiosk)",
        upload, uploads / upload);
    const int naiveCount = std::min(1000, uploads);
    SyncOptions one = pages5000;
    one.batchSize = 1;
    KioskSim naive;
    if (!naive.setUp(cloud, kVenue, one, clock) || !naive.syncOnce(600000))
        die(naive.error);
    for (int i = 0; i < naiveCount; ++i)
        naive.redeem(tokens[orders - 1 - i], clock);
    const double naiveUpload = timedSync(naive);
    std::printf("  %-44s %6.2f s  (%d redemptions, %.0f redemptions/s)\n", "batches of 1 (naive)", naiveUpload,
        naiveCount, naiveCount / naiveUpload);
    std::printf("  ratio (per redemption): %.1fx\n\n", (naiveUpload / naiveCount) / (upload / uploads));

    std::printf("redeem latency with online confirmation (the cloud answers promptly)\n");
    std::vector<double> local, online;
    Redeemer plain(*big.store, clock);
    OnlineRedeemer confirming(*big.store, clock, big.engine.get());
    for (int i = 0; i < confirms; ++i) {
        QElapsedTimer t;
        t.start();
        auto out = plain.redeem(tokens[uploads + 2 * i], QString(), QStringLiteral("bench"));
        local.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!out || !out->verdict.ok())
            die(QStringLiteral("local redeem failed"));
        bool done = false;
        bool ok = false;
        t.restart();
        confirming.redeem(
            tokens[uploads + 2 * i + 1], QString(), QStringLiteral("bench"), [&](Result<RedeemOutcome> r) {
                ok = r && r->verdict.ok();
                done = true;
            });
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        online.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!ok)
            die(QStringLiteral("online redeem failed"));
    }
    std::printf("  %-44s median %6.2f ms   p99 %6.2f ms\n", "local redeem only", kiosk::bench::percentile(local, 0.5),
        kiosk::bench::percentile(local, 0.99));
    std::printf("  %-44s median %6.2f ms   p99 %6.2f ms\n", "redeem + online confirmation",
        kiosk::bench::percentile(online, 0.5), kiosk::bench::percentile(online, 0.99));
    std::printf("  added by confirmation (median): %.2f ms\n",
        kiosk::bench::percentile(online, 0.5) - kiosk::bench::percentile(local, 0.5));
    return 0;
}
