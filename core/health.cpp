#include "health.h"

#include "schema_p.h"
#include "sqlite_p.h"

#include <QDir>
#include <QFileInfo>

namespace kiosk {

Result<DatabaseFacts> inspectDatabase(const QString &path, qint64 nowMs)
{
    DatabaseFacts f;
    f.path = path;
    f.latestSchemaVersion = latestSchemaVersion();
    const QFileInfo fi(path);
    if (!fi.exists())
        return makeError(ErrorCode::NotFound, QStringLiteral("no kiosk database at %1").arg(path));
    f.bytes = fi.size() + QFileInfo(path + QStringLiteral("-wal")).size();
    auto opened = SqliteDb::open(path, SqliteDb::OpenFlag::ReadOnly);
    if (!opened)
        return opened.error();
    SqliteDb &db = **opened;
    if (auto st = db.execScript("PRAGMA busy_timeout = 3000; PRAGMA query_only = ON;", QStringLiteral("configuring"));
        !st)
        return st.error();
    auto appId = db.scalar("PRAGMA application_id");
    if (!appId)
        return appId.error();
    if (*appId != kApplicationId)
        return makeError(ErrorCode::NotADatabase, QStringLiteral("%1 is not a Club Kiosk database").arg(path));
    auto version = db.scalar("PRAGMA user_version");
    if (!version)
        return version.error();
    f.schemaVersion = static_cast<int>(*version);
    auto check = db.prepare("PRAGMA quick_check(5)");
    if (!check)
        return check.error();
    if (auto st = check->forEachRow([&](const SqlQuery &q) {
            if (q.text(0) != QLatin1String("ok"))
                f.integrityProblems << q.text(0);
        });
        !st) {
        // Pages so damaged that the check itself cannot walk them: that is its answer.
        if (st.error().code != ErrorCode::Corrupt)
            return st.error();
        f.integrityProblems << st.error().message;
    }
    // Another schema (older: the kiosk upgrades it at its next start) or damaged pages: the
    // rest cannot be read reliably.
    if (f.schemaVersion != f.latestSchemaVersion || !f.integrityProblems.isEmpty())
        return f;

    auto meta = db.prepare("SELECT key, value FROM meta WHERE key NOT LIKE '%\\_token' ESCAPE '\\'");
    if (!meta)
        return meta.error();
    if (auto st = meta->forEachRow([&](const SqlQuery &q) { f.meta.insert(q.text(0), q.text(1)); }); !st)
        return st.error();
    auto counts
        = db.prepare("SELECT (SELECT count(*) FROM orders), "
                     " (SELECT count(*) FROM staff WHERE active = 1 AND pin_hash <> ''), "
                     " (SELECT count(*) FROM keys WHERE revoked = 0 AND retired = 0 AND coalesce(not_before, ?1) <= ?1 "
                     "   AND coalesce(not_after, ?1) >= ?1), "
                     " (SELECT count(*) FROM keys), (SELECT count(*) FROM ledger), "
                     " (SELECT count(*) FROM outbox WHERE state = 'pending'), (SELECT count(*) FROM outbox WHERE state "
                     "= 'rejected'), "
                     " (SELECT count(*) FROM void_outbox WHERE state = 'pending'), "
                     " (SELECT min(l.at_ms) FROM outbox o JOIN ledger l ON l.seq = o.seq WHERE o.state = 'pending'), "
                     " (SELECT count(*) FROM quarantine)");
    if (!counts)
        return counts.error();
    counts->bind(1, nowMs);
    auto row = counts->next();
    if (!row)
        return row.error();
    if (*row) {
        f.orders = counts->int64(0);
        f.staffAbleToSignIn = counts->int64(1);
        f.keysValidNow = counts->int64(2);
        f.keys = counts->int64(3);
        f.ledgerRows = counts->int64(4);
        f.outboxPending = counts->int64(5);
        f.outboxRejected = counts->int64(6);
        f.voidsPending = counts->int64(7);
        f.oldestPendingMs = counts->optInt64(8);
        f.quarantined = counts->int64(9);
    }
    const QDir backups(migrationBackupFolder(path));
    f.backups = backups.entryList({QStringLiteral("*.db")}, QDir::Files, QDir::Time);
    for (QString &b : f.backups)
        b = backups.filePath(b);
    return f;
}

} // namespace kiosk

namespace kiosk {

Status snapshotDatabase(const QString &path, const QString &file)
{
    auto opened = SqliteDb::open(path, SqliteDb::OpenFlag::ReadOnly);
    if (!opened)
        return opened.error();
    if (auto st = (*opened)->execScript("PRAGMA busy_timeout = 3000;", QStringLiteral("configuring")); !st)
        return st;
    return vacuumInto(**opened, file);
}

} // namespace kiosk
