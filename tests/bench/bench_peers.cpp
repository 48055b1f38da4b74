// LAN peers benchmark, in one process over real TLS on 127.0.0.1 (the bars' databases are real
// SQLite files):
//  - what consulting the other bars adds to a pour: the redeem path (record, announce, wait for
//    every linked bar's answer) with 0 (the kiosk as before), 1 and 4 linked bars;
//  - how long a returning bar takes to hold what it missed: N records from version vectors.
//
//   bench_peers [--pours N] [--missed M]

#include "benchstats.h"
#include "peerbars.h"

#include "onlineredeemer.h"

#include <QCoreApplication>

#include <cstdio>

using namespace kiosk;
using namespace kiosk::sync;
using namespace kiosk::test;

namespace {

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench_peers: %s\n", qPrintable(why));
    std::exit(2);
}

// `pours` redeems through the online redeemer at the first of `barCount` linked bars (no cloud):
// milliseconds from the scan to the verdict.
bench::Stats timedPours(int barCount, int pours, const QString &label)
{
    auto bars = linkedBars(barCount, 15000);
    if (bars.empty())
        die(QStringLiteral("the bars did not link"));
    Bar &at = *bars.front();
    OnlineRedeemer redeemer(*at.fx->store, at.fx->clock, nullptr);
    if (barCount > 1)
        redeemer.setPeers(at.net.get());
    std::vector<double> ms;
    ms.reserve(size_t(pours));
    for (int i = 0; i < pours; ++i) {
        std::optional<Result<RedeemOutcome>> r;
        QElapsedTimer t;
        t.start();
        redeemer.redeem(at.fx->token(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i)),
            QStringLiteral("stf_sam"), QStringLiteral("camera"),
            [&](Result<RedeemOutcome> out) { r = std::move(out); });
        if (!waitFor([&] { return r.has_value(); }, 10000))
            die(QStringLiteral("no verdict"));
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!*r || !(*r)->verdict.ok() || (*r)->peersAnswered != barCount - 1)
            die(QStringLiteral("pour %1: not poured, or not every bar answered").arg(i));
    }
    const bench::Stats s = bench::summarize(ms);
    std::printf("  %-40s median %6.2f ms   p99 %6.2f ms   (%zu pours)\n", qPrintable(label), s.median, s.p99, s.n);
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int pours = 500;
    int missed = 5000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--pours"))
            pours = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--missed"))
            missed = args[i + 1].toInt();
        else
            die(QStringLiteral("usage: bench_peers [--pours N] [--missed M]"));
    }
    if (pours < 1 || missed < 1)
        die(QStringLiteral("--pours and --missed must be at least 1"));
    std::printf("bench_peers: %d pours per line, %d missed records; TLS on 127.0.0.1, one process\n\n", pours, missed);

    std::printf("a pour at the bar, scan to verdict (durable commit; announce and every answer)\n");
    const bench::Stats alone = timedPours(1, pours, QStringLiteral("no other bar (the kiosk without peers)"));
    const bench::Stats one = timedPours(2, pours, QStringLiteral("1 linked bar"));
    const bench::Stats four = timedPours(5, pours, QStringLiteral("4 linked bars"));
    std::printf("  added by the bars, median: %+.2f ms (1), %+.2f ms (4); the window allows 150 ms\n\n",
        one.median - alone.median, four.median - alone.median);

    std::printf("a bar back after missing %d records (version vectors, frames of 100 records)\n", missed);
    auto bars = linkedBars(2, 15000);
    if (bars.empty())
        die(QStringLiteral("the bars did not link"));
    Bar &maker = *bars[0];
    Bar &away = *bars[1];
    away.net->stop();
    for (int i = 0; i < missed; ++i) {
        auto out = maker.pour(QStringLiteral("ord_m%1").arg(i), QStringLiteral("tok_m%1").arg(i));
        if (!out || !out->verdict.ok())
            die(QStringLiteral("pour %1 failed").arg(i));
    }
    QElapsedTimer back;
    back.start();
    if (!away.start())
        die(QStringLiteral("the bar did not start again"));
    maker.knows(away, QStringLiteral("Bar back"));
    if (!waitFor([&] { return away.vector().value(maker.device) == missed; }, 120000))
        die(QStringLiteral("the bar did not catch up"));
    const double s = double(back.nsecsElapsed()) / 1e9;
    std::printf(
        "  %-40s %6.2f s   (%.0f records/s, each checked and applied)\n", "held all of them after", s, missed / s);
    return 0;
}
