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
    static const QStringList known{QStringLiteral("kiosk/database"), QStringLiteral("kiosk/clockSkewSeconds"),
        QStringLiteral("kiosk/confirmTimeoutMs")};
    for (const QString &key : settings.allKeys()) {
        if (!known.contains(key))
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: unknown setting '%2' (known: %3)")
                    .arg(path, key, known.join(QLatin1String(", "))));
    }
    const QString db = settings.value(QStringLiteral("kiosk/database")).toString();
    if (!db.isEmpty())
        config.databasePath = QFileInfo(db).isRelative() ? fi.absoluteDir().filePath(db) : db;
    const struct
    {
        const char *key;
        int min;
        int max;
        int *target;
    } integers[] = {{"clockSkewSeconds", 0, 3600, &config.clockSkewSeconds},
        {"confirmTimeoutMs", 0, 10000, &config.confirmTimeoutMs}};
    for (const auto &setting : integers) {
        const QString key = QStringLiteral("kiosk/") + QLatin1String(setting.key);
        if (!settings.contains(key))
            continue;
        bool ok = false;
        const int value = settings.value(key).toString().toInt(&ok);
        if (!ok || value < setting.min || value > setting.max)
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: %2 must be %3 to %4")
                    .arg(path, QLatin1String(setting.key))
                    .arg(setting.min)
                    .arg(setting.max));
        *setting.target = value;
    }
    return config;
}

} // namespace kiosk
