#pragma once
// Scripted runs of the real kiosk: the self-test (load every screen, sign in, scan a code,
// check the verdict, quit) and the screenshot tour (every screen and every verdict to PNG).
#include <QString>

class QQmlApplicationEngine;

namespace kiosk::app {

class KioskApp;

// 0 when every step passed; failures are printed to stderr.
int runSelfTest(KioskApp &app, QQmlApplicationEngine &engine);
int runScreenshots(KioskApp &app, QQmlApplicationEngine &engine, const QString &directory);

} // namespace kiosk::app
