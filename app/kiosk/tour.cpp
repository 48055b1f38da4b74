#include "tour.h"
#include "backend.h"
#include "clock.h"
#include "demoframesource.h"
#include "health.h"
#include "healthreport.h"
#include "historymodel.h"
#include "kioskapp.h"
#include "kiosksettings.h"
#include "ordersearch.h"
#include "pairing.h"
#include "scannerstate.h"
#include "session.h"
#include "setupcontroller.h"
#include "store.h"
#include "syncmonitor.h"
#include "verdictcontroller.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <functional>

namespace kiosk::app {

namespace {

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 5000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(2);
    }
    return true;
}

void settle(int ms = 150)
{
    // Lets animations finish and the scene render before a check or a grab.
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

QQuickWindow *windowOf(QQmlApplicationEngine &engine)
{
    return engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
}

class Tour
{
public:
    Tour(KioskApp &app, QQmlApplicationEngine &engine)
        : m_app(app)
        , m_window(windowOf(engine))
    { }

    bool check(bool ok, const char *what)
    {
        if (!ok) {
            std::fprintf(stderr, "FAIL: %s\n", what);
            ++m_failures;
        }
        return ok;
    }
    int failures() const { return m_failures; }
    QQuickWindow *window() const { return m_window; }
    KioskApp &app() { return m_app; }

    void go(const char *screen)
    {
        m_window->setProperty("screen", QString::fromLatin1(screen));
        settle();
    }
    QString screen() const { return m_window->property("screen").toString(); }
    // A control of the screen on show (a screen left earlier may not be deleted yet).
    QObject *control(const char *name) const
    {
        auto *page = m_window->findChild<QObject *>(QStringLiteral("page"));
        auto *item = page ? page->property("item").value<QObject *>() : nullptr;
        return item ? item->findChild<QObject *>(QString::fromLatin1(name)) : nullptr;
    }

    // Scans the demo code at `index` and waits for its verdict.
    bool scan(int index) { return scanText(m_app.demoCodes().value(index)); }
    bool scanText(const QByteArray &code)
    {
        // As the camera reads it; "Scan again" first, so a code just shown is judged anew.
        m_app.verdicts()->scanAgain();
        m_app.verdicts()->submitBytes(code, QStringLiteral("camera"));
        return waitFor([&] { return m_app.verdicts()->verdictVisible() && !m_app.verdicts()->busy(); });
    }

    bool grab(const QString &dir, const QString &name)
    {
        settle(250);
        const QImage image = m_window->grabWindow();
        const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
        const bool ok = !image.isNull() && image.save(path);
        if (ok)
            std::printf("screenshot %s (%dx%d)\n", qPrintable(path), image.width(), image.height());
        return check(ok, "window grab saved");
    }

private:
    KioskApp &m_app;
    QQuickWindow *m_window;
    int m_failures = 0;
};

// A new kiosk's first screen, "Scan the setup code" (no camera here), on its side and upright,
// after a setup code of a newer format was shown to it.
bool grabSetupScreens(const QString &directory)
{
    QTemporaryDir dir;
    KioskAppOptions o;
    o.setup = true;
    o.withCamera = false;
    o.dbPath = dir.filePath(QStringLiteral("kiosk.db"));
    auto created = KioskApp::create(o);
    if (!created)
        return false;
    QQmlApplicationEngine engine;
    if (!(*created)->load(engine))
        return false;
    QQuickWindow *w = windowOf(engine);
    if (!w)
        return false;
    (*created)->setup()->submitText(QByteArrayLiteral(
        "{\"type\":\"club-kiosk-setup\",\"v\":2,\"url\":\"https://cloud.example\",\"code\":\"1234\"}"));
    bool ok = true;
    for (const auto &[size, name] : {std::pair{QSize(1280, 800), QStringLiteral("70-setup")},
             std::pair{QSize(800, 1280), QStringLiteral("p70-portrait-setup")}}) {
        w->resize(size);
        settle(300);
        const QImage image = w->grabWindow();
        const QString path = QDir(directory).filePath(name + QStringLiteral(".png"));
        ok = ok && !image.isNull() && image.save(path);
        if (ok)
            std::printf("screenshot %s (%dx%d)\n", qPrintable(path), image.width(), image.height());
    }
    return ok;
}

// The scan screen with one still frame in the viewfinder (the first code held up), without
// the scanner reading it.
void grabScanScreen(Tour &t, const QString &directory, const QString &name)
{
    if (auto *demo = t.app().demoSource()) {
        demo->preview(0);
        // The tour shows stills, so no frame reaches the scanner: the camera counts as just
        // attached (working), not as gone quiet.
        t.app().scanner()->setFrameSource(demo, t.app().sourceDescription());
    }
    t.grab(directory, name);
}

// The scan screen when the camera has sent nothing for more than two seconds.
void grabCameraLost(Tour &t, OffsetClock &clock, const QString &directory, const QString &name)
{
    grabScanScreen(t, directory, QStringLiteral("03-scan"));
    clock.advanceMs(ScannerState::LostAfterMs + 1000);
    t.app().tick();
    t.check(t.app().scanner()->camera() == QLatin1String("lost"), "a camera with no frames is reported lost");
    t.grab(directory, name);
}

// Confirm mode, Pour never tapped: the pending OK becomes "not used, nothing recorded".
void grabUnused(Tour &t, OffsetClock &clock, const QString &orderId, const QString &directory, const QString &name)
{
    t.app().settings()->setConfirmMode(true);
    t.app().verdicts()->redeemOrder(orderId);
    waitFor([&] { return t.app().verdicts()->verdictVisible(); });
    clock.advanceMs(VerdictController::Options{}.confirmSeconds * 1000 + 500);
    t.app().tick();
    t.check(t.app().verdicts()->verdict().value(QStringLiteral("kind")) == QLatin1String("unused"),
        "an OK nobody poured says it was not used");
    t.grab(directory, name);
    t.app().verdicts()->dismissVerdict();
    t.app().settings()->setConfirmMode(false);
}

// The demo kiosk bound to a cloud that cannot be reached (nothing listens on 127.0.0.1:9):
// the band says OFFLINE and how many drinks wait, a verdict says it was checked offline.
void grabOffline(Tour &t, const QString &directory)
{
    Store &store = t.app().store();
    sync::PairResult fake;
    fake.venueId = store.venueId().value_or(QString());
    fake.venueName = store.meta(MetaKey::VenueName).value_or(QString());
    fake.deviceId = store.deviceId().value_or(QString());
    fake.credentials = sync::Credentials{fake.deviceId, QStringLiteral("tour-access"), QStringLiteral("tour-refresh")};
    if (!t.check(sync::bindToCloud(store, QUrl(QStringLiteral("http://127.0.0.1:9")), fake).ok(),
            "the demo database takes an unreachable cloud"))
        return;
    t.app().backend()->stop();
    t.check(t.app().backend()->start(true).ok(), "the backend syncs with the unreachable cloud");
    t.app().syncMonitor()->update();
    t.check(waitFor([&] { return t.app().syncMonitor()->connectivity() == QLatin1String("offline"); }, 10000),
        "the kiosk sees the cloud offline");
    t.go("scan");
    t.check(t.scanText("order_m2_qr"), "a code is judged offline");
    t.grab(directory, QStringLiteral("80-verdict-ok-offline"));
    t.app().verdicts()->dismissVerdict();
    waitFor([&] { return t.app().syncMonitor()->unsent() > 0; });
    grabScanScreen(t, directory, QStringLiteral("81-scan-offline"));
    t.app().session()->signOut();
    t.go("signin");
    t.grab(directory, QStringLiteral("82-sign-in-offline"));
}

// Confirm mode: the order's OK waiting for Pour, then poured with Undo offered.
void grabPour(Tour &t, const QString &orderId, const QString &directory, const QString &waiting, const QString &poured)
{
    t.app().settings()->setConfirmMode(true);
    t.app().verdicts()->redeemOrder(orderId);
    waitFor([&] { return t.app().verdicts()->verdictVisible(); });
    t.grab(directory, waiting);
    t.app().verdicts()->confirmPour();
    waitFor([&] { return t.app().verdicts()->verdict().value(QStringLiteral("recorded")).toBool(); });
    t.grab(directory, poured);
    t.app().settings()->setConfirmMode(false);
}

// Manual entry with the matches for `query`, then (with `checkName`) the identity step for the
// first match.
void grabManualSearch(
    Tour &t, const QString &query, const QString &directory, const QString &name, const QString &checkName = {})
{
    t.go("manual");
    t.window()->setProperty("manualQuery", query);
    waitFor([&] { return !t.app().orders()->searchingOrders() && !t.app().orders()->orderMatches().isEmpty(); });
    t.grab(directory, name);
    if (checkName.isEmpty())
        return;
    auto *page = t.window()->findChild<QObject *>(QStringLiteral("page"));
    QObject *screen = page ? page->property("item").value<QObject *>() : nullptr;
    if (!t.check(screen != nullptr, "manual entry is on screen"))
        return;
    screen->setProperty("checking", t.app().orders()->orderMatches().constFirst());
    t.grab(directory, checkName);
    screen->setProperty("checking", QVariant());
}

// History's first double pour, both sides open for review.
void grabConflictReview(Tour &t, const QString &directory, const QString &name)
{
    t.app().history()->setStatus(QStringLiteral("conflict"));
    t.window()->setProperty("reviewFirstConflict", true);
    t.grab(directory, name);
    t.window()->setProperty("reviewFirstConflict", false);
    t.app().history()->setStatus(QString());
}

// Opens the history screen's export dialog, grabs it and closes it again.
void grabExportDialog(Tour &t, const QString &directory, const QString &name)
{
    QObject *open = t.control("exportButton");
    QObject *panel = t.control("exportPanel");
    if (!t.check(open && panel, "the history screen has its export button and dialog"))
        return;
    QMetaObject::invokeMethod(open, "clicked");
    t.check(panel->property("visible").toBool(), "the export dialog opens");
    t.grab(directory, name);
    if (QObject *close = t.control("closeExport"))
        QMetaObject::invokeMethod(close, "clicked");
}

} // namespace

int runSelfTest(KioskApp &app, QQmlApplicationEngine &engine)
{
    Tour t(app, engine);
    if (!t.check(t.window() != nullptr, "Main.qml made a window"))
        return 1;
    QQuickWindow *w = t.window();
    const bool upright = w->height() > w->width();
    t.check(waitFor([&] { return w->property("portrait").toBool() == upright; }),
        "the screens are laid out for the window's orientation");
    t.check(t.screen() == QLatin1String("signin"), "starts on the sign-in screen");
    t.check(!t.app().session()->signIn(QStringLiteral("stf_sam"), QStringLiteral("0000")), "a wrong PIN is refused");
    t.check(t.app().session()->signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")), "Sam signs in");
    t.check(waitFor([&] { return t.screen() == QLatin1String("scan"); }), "signing in opens the scan screen");
    // Every screen loads (a manager sees them all).
    t.app().session()->signOut();
    t.check(t.app().session()->signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")), "Morgan signs in");
    for (const char *screen : {"manual", "history", "settings", "scan"}) {
        t.go(screen);
        t.check(t.screen() == QLatin1String(screen), screen);
    }
    // A scripted scan through the real redeem path.
    t.check(t.scan(0), "the first demo code reaches a verdict");
    t.check(t.app().verdicts()->verdict().value(QStringLiteral("reason")) == QLatin1String("OK"),
        "the first demo code is OK");
    t.check(t.window()->property("verdictShown").toBool(), "the verdict is on screen");
    t.check(
        t.scan(1) && t.app().verdicts()->verdict().value(QStringLiteral("reason")) == QLatin1String("ALREADY_REDEEMED"),
        "the same code again is ALREADY_REDEEMED");
    // The demo camera is read by the scanner too.
    app.startScanning();
    t.check(
        waitFor([&] { return t.app().scanner()->scanStats().value(QStringLiteral("framesSeen")).toInt() > 0; }, 4000),
        "the scanner receives frames");
    if (t.failures() == 0)
        std::printf("self-test passed (%d×%d, %s)\n", w->width(), w->height(), upright ? "upright" : "on its side");
    std::fflush(stdout);
    return t.failures() == 0 ? 0 : 1;
}

int runInstalledSelfTest(const KioskAppOptions &options, const QString &configPath, const QString &version)
{
    kioskctl::HealthOptions health;
    health.nowMs = QDateTime::currentMSecsSinceEpoch();
    health.clockSkewSeconds = options.clockSkewSeconds;
    health.version = QStringLiteral("club-kiosk %1").arg(version);
    health.configPath = configPath;
    const QList<kioskctl::HealthCheck> checks = kioskctl::healthChecks(options.dbPath, health);
    std::printf("%s", qPrintable(kioskctl::healthText(checks)));
    std::fflush(stdout);
    if (!kioskctl::healthy(checks)) {
        std::fprintf(stderr, "self-test FAILED: see the checks marked FAIL\n");
        return 1;
    }
    // The screens, on a snapshot: the real database is never opened for writing.
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/club-kiosk-self-test-XXXXXX"));
    const QString copy = dir.filePath(QStringLiteral("snapshot.db"));
    if (auto st = snapshotDatabase(options.dbPath, copy); !dir.isValid() || !st) {
        std::fprintf(stderr, "self-test FAILED: cannot take a snapshot of %s: %s\n", qPrintable(options.dbPath),
            st ? "no temporary folder" : qPrintable(st.error().message));
        return 1;
    }
    KioskAppOptions o = options;
    o.dbPath = copy;
    o.withSync = false;
    o.withCamera = false;
    auto created = KioskApp::create(o);
    if (!created) {
        std::fprintf(stderr, "self-test FAILED: %s\n", qPrintable(created.error().message));
        return 1;
    }
    QQmlApplicationEngine engine;
    if (auto st = (*created)->load(engine); !st) {
        std::fprintf(stderr, "self-test FAILED: the screens do not load: %s\n", qPrintable(st.error().message));
        return 1;
    }
    Tour t(**created, engine);
    if (!t.check(t.window() != nullptr, "Main.qml made a window"))
        return 1;
    t.check(t.screen() == QLatin1String("signin"), "starts on the sign-in screen");
    t.check(!t.app().session()->staffList().isEmpty(), "the sign-in screen lists the staff");
    t.check(!t.app().session()->venueName().isEmpty(), "the venue is named");
    settle();
    t.check(!t.window()->grabWindow().isNull(), "the scene renders");
    if (t.failures() == 0)
        std::printf("self-test passed: %s, %lld staff can sign in; nothing was changed\n",
            qPrintable(t.app().session()->venueName()), static_cast<long long>(t.app().session()->staffList().size()));
    std::fflush(stdout);
    return t.failures() == 0 ? 0 : 1;
}

int runScreenshots(KioskApp &app, QQmlApplicationEngine &engine, const QString &directory, OffsetClock &clock)
{
    Tour t(app, engine);
    if (!t.check(t.window() != nullptr, "Main.qml made a window") || !QDir().mkpath(directory))
        return 1;
    QQuickWindow *w = t.window();
    w->resize(1280, 800);
    t.grab(directory, QStringLiteral("01-sign-in"));
    t.app().verdicts()->submitCode(QString::fromLatin1(app.demoCodes().value(0)), QStringLiteral("camera"));
    t.grab(directory, QStringLiteral("01a-sign-in-scan-while-locked"));
    t.app().session()->clearNotice();
    t.app().session()->signIn(QStringLiteral("stf_sam"), QStringLiteral("0000"));
    t.grab(directory, QStringLiteral("02-sign-in-wrong-pin"));
    t.app().session()->signIn(QStringLiteral("stf_sam"), QStringLiteral("1111"));
    waitFor([&] { return t.screen() == QLatin1String("scan"); });
    grabCameraLost(t, clock, directory, QStringLiteral("04-scan-camera-lost"));
    // Every verdict of the demo codes, in order.
    for (int i = 0; i < app.demoCodes().size(); ++i) {
        if (!t.check(t.scan(i), "a demo code reaches a verdict"))
            continue;
        QString reason = t.app().verdicts()->verdict().value(QStringLiteral("reason")).toString().toLower();
        t.grab(directory, QStringLiteral("1%1-verdict-%2").arg(QChar(u'a' + i)).arg(reason.replace(u'_', u'-')));
    }
    t.app().verdicts()->dismissVerdict();
    t.app().session()->signOut();
    t.app().session()->signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468"));
    grabPour(t, QStringLiteral("ord_m1"), directory, QStringLiteral("20-verdict-confirm-mode"),
        QStringLiteral("21-verdict-poured-undo"));
    t.app().verdicts()->dismissVerdict();
    grabScanScreen(t, directory, QStringLiteral("22-scan-undo-last-pour"));
    grabUnused(t, clock, QStringLiteral("ord_m2"), directory, QStringLiteral("23-verdict-not-used"));
    if (t.scan(6)) {
        t.app().verdicts()->holdForManager();
        t.grab(directory, QStringLiteral("24-verdict-manager-called"));
        t.app().verdicts()->dismissVerdict();
    }
    grabManualSearch(t, QStringLiteral("alex"), directory, QStringLiteral("30-manual-entry"),
        QStringLiteral("31-manual-entry-check-guest"));
    grabManualSearch(t, QStringLiteral("muller"), directory, QStringLiteral("32-manual-entry-folded-name"));
    app.history()->setPeriod(QStringLiteral("24h"));
    t.go("history");
    t.grab(directory, QStringLiteral("40-history"));
    grabConflictReview(t, directory, QStringLiteral("41-history-conflict-review"));
    grabExportDialog(t, directory, QStringLiteral("42-history-export"));
    t.go("settings");
    t.grab(directory, QStringLiteral("50-settings"));
    t.app().settings()->setLanguage(QStringLiteral("de"));
    t.go("scan");
    if (t.scanText("order_m4_qr")) // an order nobody has poured yet: Zoë Müller's Weißbier
        t.grab(directory, QStringLiteral("60-verdict-ok-german"));
    if (t.scan(4))
        t.grab(directory, QStringLiteral("61-verdict-expired-german"));
    t.app().verdicts()->dismissVerdict();
    t.go("history");
    t.grab(directory, QStringLiteral("62-history-german"));
    t.app().settings()->setLanguage(QStringLiteral("en"));

    // The same kiosk mounted upright: 800×1280.
    w->resize(800, 1280);
    t.app().session()->signOut();
    t.go("signin");
    t.grab(directory, QStringLiteral("p01-portrait-sign-in"));
    t.app().session()->signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468"));
    waitFor([&] { return t.screen() == QLatin1String("scan"); });
    grabScanScreen(t, directory, QStringLiteral("p03-portrait-scan"));
    grabPour(t, QStringLiteral("ord_m3"), directory, QStringLiteral("p20-portrait-verdict-confirm-mode"),
        QStringLiteral("p21-portrait-verdict-poured-undo"));
    if (t.scan(1))
        t.grab(directory, QStringLiteral("p1b-portrait-verdict-already-redeemed"));
    if (t.scan(4))
        t.grab(directory, QStringLiteral("p1e-portrait-verdict-expired"));
    t.app().verdicts()->dismissVerdict();
    grabManualSearch(t, QStringLiteral("to"), directory, QStringLiteral("p30-portrait-manual-entry"));
    t.go("history");
    t.grab(directory, QStringLiteral("p40-portrait-history"));
    grabConflictReview(t, directory, QStringLiteral("p41-portrait-history-conflict-review"));
    grabExportDialog(t, directory, QStringLiteral("p42-portrait-history-export"));
    t.go("settings");
    t.grab(directory, QStringLiteral("p50-portrait-settings"));
    w->resize(1280, 800);
    t.app().session()->signOut();
    t.app().session()->signIn(QStringLiteral("stf_sam"), QStringLiteral("1111"));
    grabOffline(t, directory);
    t.check(grabSetupScreens(directory), "the setup screen renders");
    return t.failures() == 0 ? 0 : 1;
}

} // namespace kiosk::app
