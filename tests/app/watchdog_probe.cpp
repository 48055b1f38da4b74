// Test helper for tst_watchdog: a process whose main thread gets stuck under the default
// watchdog (300 ms), which must end it with exit code 70.

#include "watchdog.h"

#include <QCoreApplication>
#include <QThread>
#include <QTimer>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    kiosk::app::Watchdog dog(300);
    dog.start();
    QTimer::singleShot(100, &app, [] { QThread::sleep(10); }); // stuck for far longer than allowed
    QTimer::singleShot(20000, &app, [] { QCoreApplication::exit(0); });
    return app.exec();
}
