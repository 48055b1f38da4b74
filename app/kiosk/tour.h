#pragma once
// Scripted runs of the real kiosk: the self-test (load every screen, sign in, scan a code,
// check the verdict, quit) and the screenshot tour (every screen and every verdict to PNG).
#include <QString>

class QQmlApplicationEngine;

namespace kiosk {
class OffsetClock;
}

namespace kiosk::app {

class KioskApp;

// 0 when every step passed; failures are printed to stderr.
int runSelfTest(KioskApp &app, QQmlApplicationEngine &engine);
// `clock` is the app's: the tour moves it past deadlines (a Pour not tapped, a stalled camera).
int runScreenshots(KioskApp &app, QQmlApplicationEngine &engine, const QString &directory, OffsetClock &clock);
// The operator's self-test of an installed kiosk: the health report of `options.dbPath`
// (app/report/healthreport.h), then the screens loaded on a snapshot of it, without sync or
// camera. The database itself is only read. 0 when healthy.
struct KioskAppOptions;
int runInstalledSelfTest(const KioskAppOptions &options, const QString &configPath, const QString &version);

} // namespace kiosk::app
