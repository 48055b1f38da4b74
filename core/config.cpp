#include "config.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace kiosk {

QString KioskConfig::defaultConfigPath()
{
    const QString env = qEnvironmentVariable("CLUB_KIOSK_CONFIG");
    if (!env.isEmpty())
        return env;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("club-kiosk/kiosk.conf"));
}

QString KioskConfig::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("club-kiosk/kiosk.db"));
}

Result<KioskConfig> KioskConfig::load(const QString &path, bool explicitlyRequested)
{
    KioskConfig config;
    config.databasePath = defaultDatabasePath();
    const QFileInfo fi(path);
    if (!fi.exists()) {
        if (explicitlyRequested)
            return makeError(ErrorCode::NotFound, QStringLiteral("config file %1 does not exist").arg(path));
        return config;
    }
    if (!fi.isFile() || !fi.isReadable())
        return makeError(ErrorCode::Io, QStringLiteral("config file %1 is not a readable file").arg(path));
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("config file %1 is not valid INI").arg(path));
    static const QStringList known{QStringLiteral("kiosk/database"), QStringLiteral("kiosk/clockSkewSeconds")};
    for (const QString &key : settings.allKeys()) {
        if (!known.contains(key))
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: unknown setting '%2' (known: %3)")
                    .arg(path, key, known.join(QLatin1String(", "))));
    }
    const QString db = settings.value(QStringLiteral("kiosk/database")).toString();
    if (!db.isEmpty())
        config.databasePath = QFileInfo(db).isRelative() ? fi.absoluteDir().filePath(db) : db;
    if (settings.contains(QStringLiteral("kiosk/clockSkewSeconds"))) {
        bool ok = false;
        const int skew = settings.value(QStringLiteral("kiosk/clockSkewSeconds")).toString().toInt(&ok);
        if (!ok || skew < 0 || skew > 3600)
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: clockSkewSeconds must be 0 to 3600").arg(path));
        config.clockSkewSeconds = skew;
    }
    return config;
}

} // namespace kiosk
