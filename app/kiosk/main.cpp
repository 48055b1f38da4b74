// club-kiosk: the bar-side kiosk. main() only reads flags and picks a mode; KioskApp builds it.
//
//   club-kiosk [--db PATH] [--config FILE] [--camera ID | --frames VIDEO|FOLDER] [--lang en|de]
//              [--fullscreen | --size WxH]
//   club-kiosk --demo [--cycles N] [--db PATH]     demo venue, generated frames; no camera, no cloud
//   (no database at the configured path: "Scan the setup code" pairs the kiosk, then it restarts)
//   club-kiosk --demo --self-test                  load every screen, scan a code, quit (ctest)
//   club-kiosk --self-test [--db PATH]             the installed kiosk's health check; changes nothing
//   club-kiosk --demo --screenshots DIR            every screen and verdict as PNGs, 1280×800 and 800×1280
//   club-kiosk … --measure [--quit-after SECONDS]  start-up time and memory
//   club-kiosk … --watchdog SECONDS               exit 70 when the screen stops responding (the service restarts it)

#include "config.h"
#include "demoframesource.h"
#include "kioskapp.h"
#include "logformat.h"
#include "session.h"
#include "setupcontroller.h"
#include "tour.h"
#include "verdictcontroller.h"
#include "watchdog.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QHostAddress>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QScreen>
#include <QTimer>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;

namespace {

// No display at all: run offscreen, on the software renderer, and say so.
bool chooseHeadless()
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return qgetenv("QT_QPA_PLATFORM") == "offscreen";
    if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return false;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}

QString verdictLine(const QVariantMap &v)
{
    QStringList drinks;
    for (const QVariant &d : v.value(QStringLiteral("drinks")).toList()) {
        const QVariantMap m = d.toMap();
        drinks << QStringLiteral("%1 × %2")
                      .arg(m.value(QStringLiteral("qty")).toInt())
                      .arg(m.value(QStringLiteral("name")).toString());
    }
    QString line = QStringLiteral("%1  %2").arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
        v.value(QStringLiteral("reason")).toString().leftJustified(17));
    if (v.value(QStringLiteral("kind")) == QLatin1String("undone"))
        line += QStringLiteral("UNDONE ");
    if (!drinks.isEmpty())
        line += drinks.join(QStringLiteral(", "));
    if (!v.value(QStringLiteral("recipient")).toString().isEmpty())
        line += QStringLiteral(" for ") + v.value(QStringLiteral("recipient")).toString();
    if (v.value(QStringLiteral("pending")).toBool())
        line += QStringLiteral(" (waiting for Pour)");
    else if (v.value(QStringLiteral("recorded")).toBool())
        line += QStringLiteral(" (recorded)");
    if (!v.value(QStringLiteral("kind")).toString().startsWith(QLatin1String("ok")))
        line += QStringLiteral(" (") + v.value(QStringLiteral("detail")).toString() + QStringLiteral(")");
    return line;
}

// The window: the whole screen on a mounted kiosk; otherwise the size asked for, or Main.qml's
// own (1280×800) turned upright on an upright screen and never larger than the screen. Main.qml lays every
// screen out for the orientation it gets.
void placeWindow(QQuickWindow &window, QSize asked, bool fullscreen, bool headless)
{
    if (fullscreen) {
        window.showFullScreen();
        return;
    }
    QSize size = asked.isValid() ? asked : window.size();
    if (!asked.isValid() && !headless && window.screen()) {
        const QSize room = window.screen()->availableGeometry().size();
        if (room.height() > room.width())
            size.transpose();
        size = size.boundedTo(room);
    }
    window.resize(size);
}

} // namespace

namespace {
// SetupController paired the kiosk: main() starts the program again as the kiosk proper.
constexpr int kRestartIntoKiosk = 75;
} // namespace

int main(int argc, char **argv)
{
    // For the restart after pairing (QGuiApplication may take its own arguments out of argv).
    std::vector<std::string> argStore(argv, argv + argc);
    std::vector<char *> originalArgv;
    for (std::string &a : argStore)
        originalArgv.push_back(a.data());
    originalArgv.push_back(nullptr);

    QElapsedTimer startup;
    startup.start();
    // Under the service: every log line with its priority and module for the journal.
    kiosk::installLogFormat();
    const bool headless = chooseHeadless();
    if (headless && qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND"))
        qputenv("QT_QUICK_BACKEND", "software");
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("club-kiosk"));
    QGuiApplication::setApplicationVersion(QStringLiteral(KIOSK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Club Kiosk: scan drink codes at the bar."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
        QStringLiteral("Run a demo venue in a fresh database, fed by generated frames (no camera, no cloud)."));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The kiosk database."), QStringLiteral("PATH"));
    const QCommandLineOption config(
        QStringLiteral("config"), QStringLiteral("Configuration file (INI)."), QStringLiteral("FILE"));
    const QCommandLineOption camera(QStringLiteral("camera"), QStringLiteral("Camera id."), QStringLiteral("ID"));
    const QCommandLineOption frames(QStringLiteral("frames"),
        QStringLiteral("Scan a video file or a folder of images instead of the camera."), QStringLiteral("PATH"));
    const QCommandLineOption lang(
        QStringLiteral("lang"), QStringLiteral("Language: en or de."), QStringLiteral("LANG"));
    const QCommandLineOption cycles(QStringLiteral("cycles"),
        QStringLiteral("Demo: quit after N passes through the codes (default: 1 without a display, else never)."),
        QStringLiteral("N"));
    const QCommandLineOption fast(QStringLiteral("fast"), QStringLiteral("Demo: show the codes at 4× speed."));
    const QCommandLineOption selfTest(QStringLiteral("self-test"),
        QStringLiteral("With --demo: load every screen, scan one code, check the verdict and quit. Without: "
                       "check the configured database and the screens, changing nothing."));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
        QStringLiteral(
            "Render every screen and verdict at 1280×800, and the screens upright at 800×1280, into DIR and quit."),
        QStringLiteral("DIR"));
    const QCommandLineOption fullscreen(QStringLiteral("fullscreen"),
        QStringLiteral("Fill the screen, as a mounted kiosk does; an upright screen gets the upright layout."));
    const QCommandLineOption size(QStringLiteral("size"),
        QStringLiteral("Window size, e.g. 800x1280 for the upright layout (default 1280x800, turned upright on an "
                       "upright screen)."),
        QStringLiteral("WxH"));
    const QCommandLineOption measure(
        QStringLiteral("measure"), QStringLiteral("Print start-up time and memory use (also at each demo cycle)."));
    const QCommandLineOption quitAfter(QStringLiteral("quit-after"),
        QStringLiteral("Quit after SECONDS (measurements, scripts)."), QStringLiteral("SECONDS"));
    const QCommandLineOption watchdog(QStringLiteral("watchdog"),
        QStringLiteral("End the process (exit 70) when the screen stops responding for SECONDS, so that the service "
                       "restarts it (off by default)."),
        QStringLiteral("SECONDS"));
    parser.addOptions({demo, db, config, camera, frames, lang, cycles, fast, selfTest, screenshots, fullscreen, size,
        measure, quitAfter, watchdog});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "club-kiosk: unexpected argument '%s' (see --help)\n",
            qPrintable(parser.positionalArguments().constFirst()));
        return 2;
    }
    bool cyclesOk = true;
    const int cycleLimit = parser.isSet(cycles) ? parser.value(cycles).toInt(&cyclesOk) : (headless ? 1 : 0);
    if (!cyclesOk || cycleLimit < 0) {
        std::fprintf(stderr, "club-kiosk: --cycles needs a whole number ≥ 0\n");
        return 2;
    }
    bool quitOk = true;
    const int quitSeconds = parser.isSet(quitAfter) ? parser.value(quitAfter).toInt(&quitOk) : 0;
    if (!quitOk || quitSeconds < 0) {
        std::fprintf(stderr, "club-kiosk: --quit-after needs a whole number of seconds ≥ 0\n");
        return 2;
    }
    bool watchdogOk = true;
    int watchdogSeconds = parser.isSet(watchdog) ? parser.value(watchdog).toInt(&watchdogOk) : 0;
    if (!watchdogOk || watchdogSeconds < 0 || watchdogSeconds > 3600) {
        std::fprintf(stderr, "club-kiosk: --watchdog needs a whole number of seconds from 0 (off) to 3600\n");
        return 2;
    }
    if (!parser.isSet(demo) && (parser.isSet(screenshots) || parser.isSet(cycles))) {
        std::fprintf(stderr, "club-kiosk: --screenshots and --cycles run on the demo venue: add --demo\n");
        return 2;
    }
    if (parser.isSet(lang) && parser.value(lang) != QLatin1String("en") && parser.value(lang) != QLatin1String("de")) {
        std::fprintf(stderr, "club-kiosk: --lang must be en or de\n");
        return 2;
    }

    QSize windowSize;
    if (parser.isSet(size)) {
        static const QRegularExpression wxh(QStringLiteral("^([0-9]{3,5})x([0-9]{3,5})$"));
        const QRegularExpressionMatch m = wxh.match(parser.value(size));
        if (m.hasMatch())
            windowSize = QSize(m.captured(1).toInt(), m.captured(2).toInt());
        if (!m.hasMatch() || windowSize.width() < 480 || windowSize.height() < 480) {
            std::fprintf(stderr, "club-kiosk: --size needs WIDTHxHEIGHT, each at least 480, e.g. 800x1280\n");
            return 2;
        }
        if (parser.isSet(fullscreen)) {
            std::fprintf(stderr, "club-kiosk: --size and --fullscreen exclude each other\n");
            return 2;
        }
    }

    KioskAppOptions options;
    // The screenshot tour moves time on (a Pour never tapped, a camera gone quiet).
    OffsetClock tourClock;
    if (parser.isSet(screenshots))
        options.clock = &tourClock;
    options.demo = parser.isSet(demo);
    options.fastDemo = parser.isSet(fast);
    options.framesPath = parser.value(frames);
    options.cameraId = parser.value(camera);
    options.language = parser.value(lang);
    if (options.demo) {
        if (parser.isSet(db) && QFile::exists(parser.value(db))) {
            std::fprintf(stderr, "club-kiosk: --demo creates a fresh database; %s already exists\n",
                qPrintable(parser.value(db)));
            return 2;
        }
        options.dbPath = parser.value(db);
    } else {
        const QString configPath = parser.isSet(config) ? parser.value(config) : KioskConfig::defaultConfigPath();
        auto loaded = KioskConfig::load(configPath, parser.isSet(config));
        if (!loaded) {
            std::fprintf(stderr, "club-kiosk: %s\n", qPrintable(loaded.error().message));
            return 2;
        }
        options.dbPath = parser.isSet(db) ? parser.value(db) : loaded->databasePath;
        options.clockSkewSeconds = loaded->clockSkewSeconds;
        options.confirmTimeoutMs = loaded->confirmTimeoutMs;
        options.pollSeconds = loaded->pollSeconds;
        options.confirmModeDefault = loaded->confirmMode;
        options.shiftStart = loaded->shiftStart;
        if (loaded->peersEnabled) {
            sync::PeerOptions peers;
            peers.listenPort = loaded->peerPort == 0 ? -1 : loaded->peerPort;
            if (!loaded->peerListen.isEmpty())
                peers.listenAddress = QHostAddress(loaded->peerListen);
            peers.staticPeers = loaded->staticPeers;
            peers.useRoster = loaded->peersFromRoster;
            peers.useDnsSd = loaded->peersDnsSd;
            peers.windowMs = loaded->peerWindowMs;
            options.peers = peers;
            options.peersStrict = loaded->peersStrict;
        }
        if (!parser.isSet(camera))
            options.cameraId = loaded->camera;
        if (!parser.isSet(lang))
            options.language = loaded->language;
        if (!parser.isSet(watchdog))
            watchdogSeconds = loaded->watchdogSeconds;
        if (parser.isSet(selfTest))
            return runInstalledSelfTest(
                options, QFile::exists(configPath) ? configPath : QString(), QCoreApplication::applicationVersion());
        if (!QFile::exists(options.dbPath)) {
            // A new kiosk: the setup screen pairs it (and creates the database), then the kiosk
            // starts again as itself.
            options.setup = true;
            std::printf("club-kiosk: no kiosk database at %s yet: showing \"Scan the setup code\".\n"
                        "  Or pair from a shell: kioskctl --db %s pair URL CODE; or try the demo: club-kiosk --demo\n",
                qPrintable(options.dbPath), qPrintable(options.dbPath));
            std::fflush(stdout);
        }
    }

    auto created = KioskApp::create(options);
    if (!created) {
        std::fprintf(stderr, "club-kiosk: %s\n", qPrintable(created.error().message));
        return 2;
    }
    KioskApp &kiosk = **created;
    auto enginePtr = std::make_unique<QQmlApplicationEngine>();
    QQmlApplicationEngine &engine = *enginePtr;
    if (auto st = kiosk.load(engine); !st) {
        std::fprintf(stderr, "club-kiosk: %s\n", qPrintable(st.error().message));
        return 1;
    }
    if (auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
        window && !parser.isSet(screenshots))
        placeWindow(*window, windowSize, parser.isSet(fullscreen), headless);
    if (parser.isSet(selfTest))
        return runSelfTest(kiosk, engine);
    if (parser.isSet(screenshots))
        return runScreenshots(kiosk, engine, parser.value(screenshots), tourClock);

    if (SetupController *setup = kiosk.setup()) {
        QObject::connect(setup, &SetupController::changed, setup, [setup] {
            if (!setup->message().isEmpty())
                std::printf("setup: %s\n", qPrintable(setup->message()));
            std::fflush(stdout);
        });
        QObject::connect(setup, &SetupController::paired, &app, [setup] {
            std::printf("setup: paired with %s; starting the kiosk\n", qPrintable(setup->venueName()));
            std::fflush(stdout);
            // A moment to read "Paired", then the kiosk proper.
            QTimer::singleShot(1500, qApp, [] { QCoreApplication::exit(kRestartIntoKiosk); });
        });
        if (setup->virtualKeyboard()) {
            auto *keyboard = engine.rootObjects().value(0)->findChild<QObject *>(QStringLiteral("keyboardLoader"));
            const bool loaded = keyboard && keyboard->property("item").value<QObject *>();
            std::printf("setup: the on-screen keyboard %s\n", loaded ? "is ready" : "DID NOT LOAD");
            std::fflush(stdout);
        }
        kiosk.startScanning();
        if (quitSeconds > 0)
            QTimer::singleShot(quitSeconds * 1000, &app, &QCoreApplication::quit);
        std::unique_ptr<kiosk::app::Watchdog> setupDog;
        if (watchdogSeconds > 0) {
            setupDog = std::make_unique<kiosk::app::Watchdog>(watchdogSeconds * 1000);
            setupDog->start();
        }
        const int rc = app.exec();
        if (rc != kRestartIntoKiosk)
            return rc;
        // Everything closed (camera, database, lock), then this program again, now with a
        // database: the same arguments, the same process id for the service.
        // By its real path, not /proc/self/exe: the process keeps its name (the journal, pkill).
        const QByteArray self = QFile::encodeName(QCoreApplication::applicationFilePath());
        setupDog.reset();
        enginePtr.reset();
        created->reset();
        ::execv(self.constData(), originalArgv.data());
        std::fprintf(
            stderr, "club-kiosk: paired, but cannot restart itself (%s); start it again\n", std::strerror(errno));
        return 1;
    }

    if (options.demo) {
        // A newcomer sees the kiosk working at once: the demo starts with Sam on duty.
        kiosk.session()->signIn(QStringLiteral("stf_sam"), QStringLiteral("1111"));
        std::printf("Club Kiosk demo: %s, database %s\n  staff: %s\n  scanning %s\n",
            qPrintable(kiosk.session()->venueName()), qPrintable(kiosk.dbPath()), qPrintable(kiosk.demoHint()),
            qPrintable(kiosk.sourceDescription()));
        if (headless)
            std::printf("  no display: running offscreen; one line per verdict\n");
        std::fflush(stdout);
    }
    QObject::connect(kiosk.verdicts(), &VerdictController::verdictShown, [headless](const QVariantMap &v) {
        if (!headless)
            return;
        std::printf("%s\n", qPrintable(verdictLine(v)));
        std::fflush(stdout);
    });
    kiosk.startScanning();
    const qint64 readyMs = startup.elapsed();
    if (parser.isSet(measure)) {
        std::printf("measure: scanning after %lld ms, resident %lld KiB\n", readyMs, processStatusKb("VmRSS:"));
        std::fflush(stdout);
        // Ready for the bartender when the first frame of the window is on screen.
        if (auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0))) {
            auto first = std::make_shared<QMetaObject::Connection>();
            *first = QObject::connect(window, &QQuickWindow::frameSwapped, &app, [first, &startup] {
                QObject::disconnect(*first);
                std::printf("measure: first frame on screen after %lld ms\n", startup.elapsed());
                std::fflush(stdout);
            });
        }
    }
    if (quitSeconds > 0) {
        QTimer::singleShot(quitSeconds * 1000, &app, [&] {
            if (parser.isSet(measure))
                std::printf("measure: quitting after %d s, resident %lld KiB, peak %lld KiB\n", quitSeconds,
                    processStatusKb("VmRSS:"), processStatusKb("VmHWM:"));
            QCoreApplication::quit();
        });
    }
    if (auto *demoSource = kiosk.demoSource()) {
        QObject::connect(demoSource, &scanner::DemoFrameSource::cycleFinished, &app, [&, cycleLimit](int cycle) {
            if (parser.isSet(measure))
                std::printf("measure: cycle %d, %lld frames, resident %lld KiB\n", cycle, demoSource->framesEmitted(),
                    processStatusKb("VmRSS:"));
            if (cycleLimit > 0 && cycle >= cycleLimit) {
                std::printf("demo: %d pass(es) through %lld codes done\n", cycle, qint64(kiosk.demoCodes().size()));
                std::fflush(stdout);
                QTimer::singleShot(300, &app, &QCoreApplication::quit);
            }
        });
    }
    // Started once the scene is up: loading it is not a stall.
    std::unique_ptr<kiosk::app::Watchdog> dog;
    if (watchdogSeconds > 0) {
        dog = std::make_unique<kiosk::app::Watchdog>(watchdogSeconds * 1000);
        if (auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0)))
            QObject::connect(window, &QQuickWindow::frameSwapped, dog.get(), &kiosk::app::Watchdog::beat);
        dog->start();
    }
    return app.exec();
}
