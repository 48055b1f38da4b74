#include "config.h"

#include <QTime>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QStandardPaths>

namespace kiosk {

namespace {

// The file's settings as "section/key" → value. Comments start with # or ; (QSettings would
// read "#camera=" as a key); values are trimmed; quotes are not interpreted.
struct IniValues
{
    QMap<QString, QString> map;
    bool contains(const QString &key) const { return map.contains(key); }
    QString value(const QString &key) const { return map.value(key); }
    QStringList allKeys() const { return map.keys(); }
};

Result<IniValues> readIni(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read config file %1: %2").arg(path, f.errorString()));
    if (f.size() > 64 * 1024)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("config file %1 is larger than 64 KiB").arg(path));
    IniValues ini;
    QString section;
    int lineNo = 0;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        ++lineNo;
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            if (!line.endsWith(QLatin1Char(']')) || line.size() < 3)
                return makeError(ErrorCode::InvalidArgument,
                    QStringLiteral("config file %1, line %2: a section header looks like [kiosk]")
                        .arg(path)
                        .arg(lineNo));
            section = line.mid(1, line.size() - 2).trimmed();
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1, line %2: expected key=value, a [section] or a # comment")
                    .arg(path)
                    .arg(lineNo));
        const QString key = (section.isEmpty() ? QString() : section + QLatin1Char('/')) + line.left(eq).trimmed();
        if (ini.map.contains(key))
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1, line %2: '%3' is set twice").arg(path).arg(lineNo).arg(key));
        ini.map.insert(key, line.mid(eq + 1).trimmed());
    }
    return ini;
}

} // namespace

QString KioskConfig::defaultConfigPath()
{
    const QString env = qEnvironmentVariable("CLUB_KIOSK_CONFIG");
    if (!env.isEmpty())
        return env;
    const QString user = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
                             .filePath(QStringLiteral("club-kiosk/kiosk.conf"));
    if (QFileInfo::exists(user))
        return user;
    const QString system = QStringLiteral("/etc/club-kiosk/club-kiosk.conf");
    return QFileInfo::exists(system) ? system : user;
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
    auto parsed = readIni(path);
    if (!parsed)
        return parsed.error();
    const IniValues &settings = *parsed;
    static const QStringList known{QStringLiteral("kiosk/database"), QStringLiteral("kiosk/clockSkewSeconds"),
        QStringLiteral("kiosk/confirmTimeoutMs"), QStringLiteral("kiosk/camera"), QStringLiteral("kiosk/language"),
        QStringLiteral("kiosk/pollSeconds"), QStringLiteral("kiosk/confirmMode"),
        QStringLiteral("kiosk/watchdogSeconds"), QStringLiteral("kiosk/shiftStart"), QStringLiteral("peers/enabled"),
        QStringLiteral("peers/listen"), QStringLiteral("peers/port"), QStringLiteral("peers/static"),
        QStringLiteral("peers/windowMs"), QStringLiteral("peers/strict"), QStringLiteral("peers/roster"),
        QStringLiteral("peers/dnssd")};
    for (const QString &key : settings.allKeys()) {
        if (!known.contains(key))
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: unknown setting '%2' (known: %3)")
                    .arg(path, key, known.join(QLatin1String(", "))));
    }
    const QString db = settings.value(QStringLiteral("kiosk/database"));
    if (!db.isEmpty())
        config.databasePath = QFileInfo(db).isRelative() ? fi.absoluteDir().filePath(db) : db;
    const struct
    {
        const char *key;
        int min;
        int max;
        int *target;
    } integers[] = {{"clockSkewSeconds", 0, 3600, &config.clockSkewSeconds},
        {"confirmTimeoutMs", 0, 10000, &config.confirmTimeoutMs}, {"pollSeconds", 2, 3600, &config.pollSeconds},
        {"watchdogSeconds", 0, 3600, &config.watchdogSeconds}, {"peers/port", 0, 65535, &config.peerPort},
        {"peers/windowMs", 0, 2000, &config.peerWindowMs}};
    for (const auto &setting : integers) {
        const QString key = QLatin1String(setting.key).contains(QLatin1Char('/'))
            ? QString(QLatin1String(setting.key))
            : QString(QStringLiteral("kiosk/") + QLatin1String(setting.key));
        if (!settings.contains(key))
            continue;
        bool ok = false;
        const int value = settings.value(key).toInt(&ok);
        if (!ok || value < setting.min || value > setting.max)
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: %2 must be %3 to %4")
                    .arg(path, QLatin1String(setting.key))
                    .arg(setting.min)
                    .arg(setting.max));
        *setting.target = value;
    }
    config.camera = settings.value(QStringLiteral("kiosk/camera"));
    config.language = settings.value(QStringLiteral("kiosk/language"));
    if (!config.language.isEmpty() && config.language != QLatin1String("en") && config.language != QLatin1String("de"))
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("config file %1: language must be en or de, not '%2'").arg(path, config.language));
    if (settings.contains(QStringLiteral("kiosk/shiftStart"))) {
        const QString v = settings.value(QStringLiteral("kiosk/shiftStart"));
        if (!QTime::fromString(v, QStringLiteral("HH:mm")).isValid())
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: shiftStart must be a time like 16:00, not '%2'").arg(path, v));
        config.shiftStart = v;
    }
    std::optional<bool> peersEnabled;
    std::optional<bool> peersStrict;
    std::optional<bool> peersRoster;
    std::optional<bool> peersDnsSd;
    // true/on/1 or false/off/0; nullopt with `error` set for anything else.
    auto boolean = [&](const QString &key, const QString &name, QString *error) -> std::optional<bool> {
        const QString v = settings.value(key).toLower();
        if (v == QLatin1String("true") || v == QLatin1String("on") || v == QLatin1String("1"))
            return true;
        if (v == QLatin1String("false") || v == QLatin1String("off") || v == QLatin1String("0"))
            return false;
        *error = QStringLiteral("config file %1: %2 must be true or false, not '%3'").arg(path, name, v);
        return std::nullopt;
    };
    for (const auto &[key, name, target] :
        {std::tuple{QStringLiteral("kiosk/confirmMode"), QStringLiteral("confirmMode"), &config.confirmMode},
            std::tuple{QStringLiteral("peers/enabled"), QStringLiteral("peers/enabled"), &peersEnabled},
            std::tuple{QStringLiteral("peers/strict"), QStringLiteral("peers/strict"), &peersStrict},
            std::tuple{QStringLiteral("peers/roster"), QStringLiteral("peers/roster"), &peersRoster},
            std::tuple{QStringLiteral("peers/dnssd"), QStringLiteral("peers/dnssd"), &peersDnsSd}}) {
        if (!settings.contains(key))
            continue;
        QString error;
        const auto value = boolean(key, name, &error);
        if (!value)
            return makeError(ErrorCode::InvalidArgument, error);
        *target = *value;
    }
    if (peersEnabled)
        config.peersEnabled = *peersEnabled;
    if (peersStrict)
        config.peersStrict = *peersStrict;
    config.peersFromRoster = peersRoster.value_or(true);
    config.peersDnsSd = peersDnsSd.value_or(true);
    config.peerListen = settings.value(QStringLiteral("peers/listen")).trimmed();
    // core has no network library: an IPv4 dotted quad or an IPv6 literal, checked by shape.
    static const QRegularExpression ipv4(
        QStringLiteral("^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)$"));
    static const QRegularExpression ipv6(QStringLiteral("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$"));
    if (!config.peerListen.isEmpty() && !ipv4.match(config.peerListen).hasMatch()
        && !ipv6.match(config.peerListen).hasMatch())
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("config file %1: peers/listen must be an IP address, not '%2'")
                .arg(path, config.peerListen));
    for (const QString &part :
        settings.value(QStringLiteral("peers/static")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString peer = part.trimmed();
        const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const int port = colon > 0 ? peer.mid(colon + 1).toInt(&ok) : 0;
        if (!ok || port < 1 || port > 65535)
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("config file %1: peers/static must list host:port entries separated by commas; "
                               "'%2' is not one")
                    .arg(path, peer));
        config.staticPeers.append(peer);
    }
    return config;
}

} // namespace kiosk
