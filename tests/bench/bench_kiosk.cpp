// Kiosk benchmark: does the touch UI keep its frame rate while the scanner decodes? Runs the
// real kiosk (demo venue, Main.qml in a window, offscreen software renderer) fed generated
// 1280×720 frames at 30 fps, once as shipped (decoding on the scan worker's thread) and once
// with the naive alternative (the same decode cascade called on the GUI thread as each frame
// arrives). For each it prints:
//   - GUI-thread lag: how late a 10 ms timer fires (any work on the GUI thread shows here);
//   - window frame intervals (QQuickWindow::frameSwapped);
//   - decode time per frame, frames dropped;
//   - resident memory (VmRSS) and its peak (VmHWM).
//
//   bench_kiosk [--seconds N] [--fps N]

#include "benchstats.h"

#include "decodecascade.h"
#include "demoframesource.h"
#include "kioskapp.h"
#include "scanworker.h"
#include "session.h"
#include "verdictcontroller.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QMutex>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTimer>

#include <cstdio>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::bench::Stats;
using kiosk::bench::summarize;

namespace {

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench_kiosk: %s\n", qPrintable(why));
    std::exit(2);
}

void row(const char *what, const Stats &s, const char *unit)
{
    std::printf("  %-40s n=%-6zu median %7.2f %s   p99 %7.2f %s   mean %7.2f %s\n", what, s.n, s.median, unit, s.p99,
        unit, s.mean, unit);
}

struct Samples
{
    std::vector<double> lagMs;
    std::vector<double> frameIntervalMs;
    std::vector<double> decodeMs;
    qint64 framesShown = 0;
    qint64 verdicts = 0;
};

// Runs the event loop for `seconds`, sampling GUI-thread lag and window frame intervals.
void sample(QQuickWindow *window, int seconds, Samples &out)
{
    QMutex mutex; // frameSwapped may come from a render thread
    QElapsedTimer sinceFrame;
    const auto swapped = QObject::connect(
        window, &QQuickWindow::frameSwapped, window,
        [&] {
            QMutexLocker lock(&mutex);
            if (sinceFrame.isValid())
                out.frameIntervalMs.push_back(double(sinceFrame.nsecsElapsed()) / 1e6);
            sinceFrame.start();
        },
        Qt::DirectConnection);
    QTimer lag;
    lag.setTimerType(Qt::PreciseTimer);
    lag.setInterval(10);
    QElapsedTimer sinceTick;
    QObject::connect(&lag, &QTimer::timeout, [&] {
        out.lagMs.push_back(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - 10.0));
        sinceTick.start();
    });
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
    sinceTick.start();
    lag.start();
    loop.exec();
    lag.stop();
    QObject::disconnect(swapped);
}

void report(const char *title, const Samples &s, qint64 rssBeforeKb)
{
    std::printf("%s\n", title);
    row("GUI-thread lag (10 ms timer)", summarize(s.lagMs), "ms");
    row("window frame interval", summarize(s.frameIntervalMs), "ms");
    row("decode per frame", summarize(s.decodeMs), "ms");
    std::printf("  frames shown %lld, verdicts %lld, resident %lld → %lld KiB (peak %lld KiB)\n\n", s.framesShown,
        s.verdicts, rssBeforeKb, processStatusKb("VmRSS:"), processStatusKb("VmHWM:"));
}

// The demo's timing at the bar: each code held for 30 frames, then 12 empty ones.
constexpr int CodeFrames = 30;
constexpr int GapFrames = 12;

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND"))
        qputenv("QT_QUICK_BACKEND", "software");
    QGuiApplication app(argc, argv);
    int seconds = 20;
    int fps = 30;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        bool ok = i + 1 < args.size();
        if (args[i] == QLatin1String("--seconds") && ok)
            seconds = args[++i].toInt(&ok);
        else if (args[i] == QLatin1String("--fps") && ok)
            fps = args[++i].toInt(&ok);
        else
            die(QStringLiteral("unknown argument %1 (use --seconds N --fps N)").arg(args[i]));
        if (!ok || seconds < 1 || fps < 1 || fps > 120)
            die(QStringLiteral("--seconds needs a whole number ≥ 1, --fps 1…120"));
    }

    KioskAppOptions options;
    options.demo = true;
    auto created = KioskApp::create(options);
    if (!created)
        die(created.error().message);
    KioskApp &kiosk = **created;
    QQmlApplicationEngine engine;
    if (auto st = kiosk.load(engine); !st)
        die(st.error().message);
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
    if (!window)
        die(QStringLiteral("Main.qml has no window"));
    VerdictController *controller = kiosk.verdicts();
    if (!kiosk.session()->signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")))
        die(QStringLiteral("demo sign-in failed"));
    scanner::DemoFrameSource *demo = kiosk.demoSource();
    demo->setTiming(fps, CodeFrames, GapFrames);
    std::printf("bench_kiosk: demo kiosk, %d generated 1280x720 frames/s, %d s per run, platform %s\n\n", fps, seconds,
        qPrintable(QGuiApplication::platformName()));

    // As shipped: frames go to the scan worker; the GUI thread only paints.
    Samples worker;
    const qint64 rssWorker = processStatusKb("VmRSS:");
    const auto decoded = QObject::connect(
        kiosk.worker(), &scanner::ScanWorker::frameDecoded, [&](bool, double ms) { worker.decodeMs.push_back(ms); });
    const auto counted = QObject::connect(controller, &VerdictController::verdictShown, [&] { ++worker.verdicts; });
    const qint64 framesBefore = demo->framesEmitted();
    demo->start();
    sample(window, seconds, worker);
    demo->stop();
    worker.framesShown = demo->framesEmitted() - framesBefore;
    QObject::disconnect(decoded);
    QObject::disconnect(counted);
    const scanner::ScanMetrics m = kiosk.worker()->metrics();
    report("kiosk: decode on the scan worker's thread", worker, rssWorker);
    std::printf("  worker: %lld frames seen, %lld dropped while busy\n\n", m.framesSeen, m.framesDropped);

    // Naive: the same frames, each decoded on the GUI thread before it is shown.
    controller->dismissVerdict();
    Samples naive;
    const qint64 rssNaive = processStatusKb("VmRSS:");
    const scanner::DecodeCascade cascade;
    const int codes = int(kiosk.demoCodes().size());
    int position = 0;
    int slot = 0;
    QTimer frames;
    frames.setTimerType(Qt::PreciseTimer);
    frames.setInterval(1000 / fps);
    QObject::connect(&frames, &QTimer::timeout, [&] {
        constexpr int perCode = CodeFrames + GapFrames;
        const int index = position / perCode < codes && position % perCode < CodeFrames ? position / perCode : -1;
        position = (position + 1) % (codes * perCode);
        const auto frame = demo->frameFor(index);
        QElapsedTimer t;
        t.start();
        const scanner::DecodeResult result
            = cascade.decodeLive(frame->luma(), slot++ % (1 + int(scanner::DecodeCascade::fallbacks().size())));
        naive.decodeMs.push_back(double(t.nsecsElapsed()) / 1e6);
        demo->preview(index);
        ++naive.framesShown;
        if (!result.codes.empty())
            controller->submitBytes(result.codes.front().text, QStringLiteral("camera"));
    });
    const auto countedNaive = QObject::connect(controller, &VerdictController::verdictShown, [&] { ++naive.verdicts; });
    frames.start();
    sample(window, seconds, naive);
    frames.stop();
    QObject::disconnect(countedNaive);
    report("naive: decode on the GUI thread as each frame arrives", naive, rssNaive);

    const Stats a = summarize(worker.lagMs), b = summarize(naive.lagMs);
    std::printf(
        "GUI-thread lag p99: kiosk %.2f ms, naive %.2f ms (%.1fx)\n", a.p99, b.p99, a.p99 > 0 ? b.p99 / a.p99 : 0.0);
    return 0;
}
