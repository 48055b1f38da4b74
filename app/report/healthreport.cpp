#include "healthreport.h"

#include "runlock.h"
#include "store.h"
#include "syncengine.h"
#include "timeutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QStorageInfo>

#include <algorithm>

namespace kioskctl {

using Level = HealthCheck::Level;

namespace {

QString ago(qint64 nowMs, qint64 thenMs)
{
    const qint64 s = qMax<qint64>(0, (nowMs - thenMs) / 1000);
    if (s < 120)
        return QStringLiteral("%1 s ago").arg(s);
    if (s < 7200)
        return QStringLiteral("%1 min ago").arg(s / 60);
    if (s < 172800)
        return QStringLiteral("%1 h ago").arg(s / 3600);
    return QStringLiteral("%1 days ago").arg(s / 86400);
}

QString mib(qint64 bytes)
{
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

const char *levelName(Level l)
{
    return l == Level::Ok ? "ok" : l == Level::Warn ? "warn" : "FAIL";
}

} // namespace

QStringList videoDevices()
{
    QStringList list;
    const QDir sys(QStringLiteral("/sys/class/video4linux"));
    for (const QString &dev : sys.entryList({QStringLiteral("video*")}, QDir::Dirs | QDir::System, QDir::Name)) {
        QFile name(sys.filePath(dev + QStringLiteral("/name")));
        const QString label = name.open(QIODevice::ReadOnly) ? QString::fromUtf8(name.readAll()).trimmed() : QString();
        list << QStringLiteral("/dev/%1%2").arg(dev, label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(label));
    }
    return list;
}

QList<HealthCheck> healthChecks(const QString &dbPath, const HealthOptions &o)
{
    QList<HealthCheck> checks;
    const auto add = [&](const char *name, Level level, const QString &detail) {
        checks.append(HealthCheck{QString::fromLatin1(name), level, detail});
    };
    add("version", Level::Ok, o.version);
    add("config", Level::Ok, o.configPath.isEmpty() ? QStringLiteral("none (defaults)") : o.configPath);

    if (o.environment) {
        const QString folder = QFileInfo(dbPath).absolutePath();
        const QStorageInfo disk(QFileInfo::exists(folder) ? folder : QDir::rootPath());
        const qint64 free = disk.bytesAvailable();
        add("disk",
            free < 20LL * 1024 * 1024        ? Level::Fail
                : free < 200LL * 1024 * 1024 ? Level::Warn
                                             : Level::Ok,
            QStringLiteral("%1 free of %2 on %3").arg(mib(free), mib(disk.bytesTotal()), disk.rootPath()));
        const QStringList cameras = videoDevices();
        add("cameras", cameras.isEmpty() ? Level::Warn : Level::Ok,
            cameras.isEmpty() ? QStringLiteral("none found: scan with a hand scanner or type codes")
                              : cameras.join(QStringLiteral(", ")));
        const qint64 pid = kiosk::RunLock::holder(dbPath);
        add("kiosk", Level::Ok,
            pid > 0 ? QStringLiteral("running on this database (process %1)").arg(pid) : QStringLiteral("not running"));
    }

    auto facts = kiosk::inspectDatabase(dbPath, o.nowMs);
    if (!facts) {
        add("database", Level::Fail,
            facts.error().code == kiosk::ErrorCode::NotFound
                ? QStringLiteral("%1: pair this kiosk (scan the setup code, or kioskctl pair URL CODE)")
                      .arg(facts.error().message)
                : facts.error().message);
        return checks;
    }
    const kiosk::DatabaseFacts &f = *facts;
    if (f.schemaVersion > f.latestSchemaVersion) {
        add("database", Level::Fail,
            QStringLiteral("%1 has schema %2, from a newer Club Kiosk (this one knows %3): update the kiosk")
                .arg(f.path)
                .arg(f.schemaVersion)
                .arg(f.latestSchemaVersion));
        return checks;
    }
    add("database", f.schemaVersion < f.latestSchemaVersion ? Level::Warn : Level::Ok,
        QStringLiteral("%1, %2, schema %3%4")
            .arg(f.path, mib(f.bytes))
            .arg(f.schemaVersion)
            .arg(f.schemaVersion < f.latestSchemaVersion
                    ? QStringLiteral(" (upgraded to %1 at the kiosk's next start, after a backup)")
                          .arg(f.latestSchemaVersion)
                    : QString()));
    add("integrity", f.integrityProblems.isEmpty() ? Level::Ok : Level::Fail,
        f.integrityProblems.isEmpty() ? QStringLiteral("ok")
                                      : QStringLiteral("DAMAGED: %1. Restore a backup (kioskctl restore)")
                                            .arg(f.integrityProblems.join(QStringLiteral("; "))));
    if (!f.integrityProblems.isEmpty() || f.schemaVersion != f.latestSchemaVersion)
        return checks;

    add("backups", Level::Ok,
        f.backups.isEmpty() ? QStringLiteral("none yet (one is written before every upgrade; kioskctl backup FILE)")
                            : QStringLiteral("%1, newest %2").arg(f.backups.size()).arg(f.backups.first()));
    add("venue", Level::Ok,
        QStringLiteral("%1 (%2), device %3")
            .arg(f.meta.value(QStringLiteral("venue_name")), f.meta.value(QStringLiteral("venue_id")),
                f.meta.value(QStringLiteral("device_id"))));
    const QString server = f.meta.value(QString::fromLatin1(kiosk::sync::SyncMeta::ServerUrl));
    const bool lost = f.meta.value(QString::fromLatin1(kiosk::sync::SyncMeta::NeedsPairing)) == QLatin1String("1");
    add("pairing", server.isEmpty() || lost ? Level::Warn : Level::Ok,
        server.isEmpty() ? QStringLiteral("not paired: works on its own; scan the setup code to pair")
            : lost       ? QStringLiteral("LOST with %1: the cloud refused the credentials; pair again").arg(server)
                         : QStringLiteral("paired with %1").arg(server));
    if (!server.isEmpty()) {
        const qint64 lastPull = f.meta.value(QString::fromLatin1(kiosk::MetaKey::LastPullMs)).toLongLong();
        add("last sync", lastPull == 0 || o.nowMs - lastPull > 10 * 60 * 1000 ? Level::Warn : Level::Ok,
            lastPull == 0 ? QStringLiteral("never")
                          : QStringLiteral("%1 (%2)").arg(ago(o.nowMs, lastPull), kiosk::formatRfc3339Ms(lastPull)));
        const QString problem = f.meta.value(QString::fromLatin1(kiosk::sync::SyncMeta::PushProblem));
        if (!problem.isEmpty())
            add("uploads", Level::Warn, QStringLiteral("failing: %1").arg(problem));
    }
    add("upload queue", f.outboxRejected > 0 ? Level::Warn : Level::Ok,
        QStringLiteral("%1 redemption(s) and %2 void(s) waiting%3%4")
            .arg(f.outboxPending)
            .arg(f.voidsPending)
            .arg(f.oldestPendingMs ? QStringLiteral(", oldest %1").arg(ago(o.nowMs, *f.oldestPendingMs)) : QString())
            .arg(f.outboxRejected > 0
                    ? QStringLiteral("; %1 rejected by the cloud (kioskctl outbox)").arg(f.outboxRejected)
                    : QString()));
    add("keys", f.keysValidNow == 0 ? Level::Fail : Level::Ok,
        f.keysValidNow == 0
            ? QStringLiteral("no signing key valid now (%1 known): every code would be refused; sync").arg(f.keys)
            : QStringLiteral("%1 valid now, %2 known").arg(f.keysValidNow).arg(f.keys));
    add("staff", f.staffAbleToSignIn == 0 ? Level::Fail : Level::Ok,
        f.staffAbleToSignIn == 0 ? QStringLiteral("nobody can sign in (no active staff with a PIN): sync")
                                 : QStringLiteral("%1 can sign in").arg(f.staffAbleToSignIn));
    add("orders", Level::Ok,
        QStringLiteral("%1 cached, %2 ledger rows%3")
            .arg(f.orders)
            .arg(f.ledgerRows)
            .arg(f.quarantined > 0 ? QStringLiteral(", %1 feed entries set aside").arg(f.quarantined) : QString()));
    const QString drift = f.meta.value(QString::fromLatin1(kiosk::MetaKey::ClockDriftMs));
    if (!drift.isEmpty()) {
        const double seconds = drift.toLongLong() / 1000.0;
        const bool off = qAbs(seconds) > o.clockSkewSeconds;
        add("clock", off ? Level::Warn : Level::Ok,
            QStringLiteral("%1 s %2 the cloud's%3")
                .arg(qAbs(seconds), 0, 'f', 1)
                .arg(seconds >= 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"))
                .arg(off ? QStringLiteral(": more than the allowed %1 s, fix the time (timedatectl)")
                               .arg(o.clockSkewSeconds)
                         : QString()));
    } else {
        add("clock", Level::Ok, QStringLiteral("not compared with the cloud yet"));
    }
    return checks;
}

bool healthy(const QList<HealthCheck> &checks)
{
    return std::none_of(checks.begin(), checks.end(), [](const HealthCheck &c) { return c.level == Level::Fail; });
}

QString healthText(const QList<HealthCheck> &checks)
{
    QString text;
    for (const HealthCheck &c : checks)
        text += QStringLiteral("%1 %2 %3\n")
                    .arg(QString::fromLatin1(levelName(c.level)).leftJustified(4), c.name.leftJustified(12), c.detail);
    return text;
}

QJsonObject healthJson(const QList<HealthCheck> &checks)
{
    QJsonArray array;
    for (const HealthCheck &c : checks)
        array.append(QJsonObject{{QStringLiteral("check"), c.name},
            {QStringLiteral("level"), QString::fromLatin1(levelName(c.level)).toLower()},
            {QStringLiteral("detail"), c.detail}});
    return QJsonObject{{QStringLiteral("healthy"), healthy(checks)}, {QStringLiteral("checks"), array}};
}

} // namespace kioskctl
