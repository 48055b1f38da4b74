#pragma once
// An operator's health report, shared by `kioskctl doctor` and `club-kiosk --self-test`:
// each check is ok, a warning (the kiosk works, someone should look) or a failure (the kiosk
// cannot do its job), with the figure or the next step in words. Reads only.

#include "health.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace kioskctl {

struct HealthCheck
{
    enum class Level { Ok, Warn, Fail };
    QString name;
    Level level = Level::Ok;
    QString detail;
};

struct HealthOptions
{
    qint64 nowMs = 0;
    int clockSkewSeconds = 120;
    QString version; // of the program asking
    QString configPath; // empty: none was read
    bool environment = true; // disk, cameras, a running kiosk: `doctor` (not the self-test of a copy)
};

// The checks for the database at `dbPath` (missing, unreadable or damaged is a failure).
QList<HealthCheck> healthChecks(const QString &dbPath, const HealthOptions &options);
bool healthy(const QList<HealthCheck> &checks); // no failure
QString healthText(const QList<HealthCheck> &checks);
QJsonObject healthJson(const QList<HealthCheck> &checks);
// /dev/videoN with the driver's name, from /sys/class/video4linux.
QStringList videoDevices();

} // namespace kioskctl
