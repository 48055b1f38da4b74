#include "restore.h"

#include "clock.h"
#include "logging_p.h"
#include "runlock.h"
#include "schema_p.h"
#include "sqlite_p.h"
#include "store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>

#include <fcntl.h>
#include <unistd.h>

namespace kiosk {

namespace {

const QStringList kSidecars{QStringLiteral("-wal"), QStringLiteral("-shm")};

void removeWithSidecars(const QString &path)
{
    QFile::remove(path);
    for (const QString &s : kSidecars)
        QFile::remove(path + s);
}

void syncFolder(const QString &folder)
{
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

Error inBackup(const QString &backupFile, const Error &e)
{
    return Error{e.code, QStringLiteral("the backup %1 cannot be restored: %2").arg(backupFile, e.message)};
}

// The staged copy, checked before the store opens (and migrates) it: intact, and its schema.
Result<int> checkStaged(const QString &staged)
{
    auto db = SqliteDb::open(staged, SqliteDb::OpenFlag::ReadWrite);
    if (!db)
        return db.error();
    auto q = (*db)->prepare("PRAGMA integrity_check(5)");
    if (!q)
        return q.error();
    QStringList problems;
    if (auto st = q->forEachRow([&](const SqlQuery &row) {
            if (row.text(0) != QLatin1String("ok"))
                problems << row.text(0);
        });
        !st)
        return st.error();
    if (!problems.isEmpty())
        return makeError(
            ErrorCode::Corrupt, QStringLiteral("it is damaged (%1)").arg(problems.join(QStringLiteral("; "))));
    auto version = (*db)->scalar("PRAGMA user_version");
    if (!version)
        return version.error();
    return static_cast<int>(*version);
}

Status upsertMeta(SqliteDb &db, const QString &key, const QString &value)
{
    auto q = db.prepare(
        "INSERT INTO main.meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!q)
        return q.error();
    return q->bind(1, key).bind(2, value.isNull() ? QStringLiteral("") : value).exec();
}

// The live row `liveSeq` of the ledger, under its own key, with a new number; then its upload
// state. Voids point at their target's number in the restored database.
Status carryRow(SqliteDb &db, qint64 liveSeq)
{
    auto ins = db.prepare(
        "INSERT INTO main.ledger (entry, origin, idempotency_key, remote_id, target_seq, order_id, jti, qr_code, "
        "device_id, staff_id, at_ms, recorded_ms, verified_by, generation, recipient, drinks, amount, currency, "
        "reason) "
        "SELECT l.entry, l.origin, l.idempotency_key, l.remote_id, "
        "  (SELECT m.seq FROM main.ledger m JOIN live.ledger t ON t.idempotency_key = m.idempotency_key "
        "   WHERE t.seq = l.target_seq), "
        "  l.order_id, l.jti, l.qr_code, l.device_id, l.staff_id, l.at_ms, l.recorded_ms, l.verified_by, "
        "  l.generation, l.recipient, l.drinks, l.amount, l.currency, l.reason "
        "FROM live.ledger l WHERE l.seq = ?1");
    if (!ins)
        return ins.error();
    if (auto st = ins->bind(1, liveSeq).exec(); !st)
        return st;
    const qint64 newSeq = db.lastInsertRowId();
    auto outbox = db.prepare(
        "INSERT INTO main.outbox (seq, state, attempts, last_error, remote_id, uploaded_ms, server_at_ms, "
        "winner_device, winner_staff, winner_at_ms, confirmed_online, reason, upload_key) "
        "SELECT ?2, state, attempts, last_error, remote_id, uploaded_ms, server_at_ms, winner_device, winner_staff, "
        "winner_at_ms, confirmed_online, reason, upload_key FROM live.outbox WHERE seq = ?1");
    if (!outbox)
        return outbox.error();
    if (auto st = outbox->bind(1, liveSeq).bind(2, newSeq).exec(); !st)
        return st;
    auto voids = db.prepare(
        "INSERT INTO main.void_outbox (void_seq, target_seq, state, attempts, last_error, reason, answered_ms) "
        "SELECT ?2, (SELECT m.seq FROM main.ledger m JOIN live.ledger t ON t.idempotency_key = m.idempotency_key "
        "            WHERE t.seq = v.target_seq), "
        "  v.state, v.attempts, v.last_error, v.reason, v.answered_ms FROM live.void_outbox v WHERE v.void_seq = ?1");
    if (!voids)
        return voids.error();
    return voids->bind(1, liveSeq).bind(2, newSeq).exec();
}

// Everything the live database knows and the backup does not; `report` counts it.
Status carryFromLive(SqliteDb &db, RestoreReport &report)
{
    auto rows = db.prepare("SELECT l.seq, l.idempotency_key FROM live.ledger l WHERE l.origin = 'local' "
                           "AND NOT EXISTS (SELECT 1 FROM main.ledger m WHERE m.idempotency_key = l.idempotency_key) "
                           "ORDER BY l.seq");
    if (!rows)
        return rows.error();
    QList<std::pair<qint64, QString>> missing;
    if (auto st = rows->forEachRow([&](const SqlQuery &q) { missing.append({q.int64(0), q.text(1)}); }); !st)
        return st;
    for (const auto &[seq, key] : missing) {
        if (auto st = carryRow(db, seq); !st)
            return makeError(st.error().code,
                QStringLiteral("cannot carry %1 over from the live database (%2)").arg(key, st.error().message));
        ++report.carriedRows;
    }
    // Rows in both: the live database's upload state is the newer one.
    auto states = db.prepare(
        "UPDATE main.outbox SET (state, attempts, last_error, remote_id, uploaded_ms, server_at_ms, winner_device, "
        "  winner_staff, winner_at_ms, confirmed_online, reason, upload_key) = "
        " (SELECT lo.state, lo.attempts, lo.last_error, lo.remote_id, lo.uploaded_ms, lo.server_at_ms, "
        "  lo.winner_device, lo.winner_staff, lo.winner_at_ms, lo.confirmed_online, lo.reason, lo.upload_key "
        "  FROM live.outbox lo JOIN live.ledger ll ON ll.seq = lo.seq JOIN main.ledger ml "
        "  ON ml.idempotency_key = ll.idempotency_key WHERE ml.seq = main.outbox.seq) "
        "WHERE EXISTS (SELECT 1 FROM live.outbox lo JOIN live.ledger ll ON ll.seq = lo.seq JOIN main.ledger ml "
        "  ON ml.idempotency_key = ll.idempotency_key WHERE ml.seq = main.outbox.seq "
        "  AND (lo.state IS NOT main.outbox.state OR lo.upload_key IS NOT main.outbox.upload_key "
        "       OR lo.attempts IS NOT main.outbox.attempts))");
    if (!states)
        return states.error();
    if (auto st = states->exec(); !st)
        return st;
    report.updatedStates += db.changes();
    auto voidStates = db.prepare(
        "UPDATE main.void_outbox SET (state, attempts, last_error, reason, answered_ms) = "
        " (SELECT lv.state, lv.attempts, lv.last_error, lv.reason, lv.answered_ms FROM live.void_outbox lv "
        "  JOIN live.ledger ll ON ll.seq = lv.void_seq JOIN main.ledger ml ON ml.idempotency_key = ll.idempotency_key "
        "  WHERE ml.seq = main.void_outbox.void_seq) "
        "WHERE EXISTS (SELECT 1 FROM live.void_outbox lv JOIN live.ledger ll ON ll.seq = lv.void_seq "
        "  JOIN main.ledger ml ON ml.idempotency_key = ll.idempotency_key WHERE ml.seq = main.void_outbox.void_seq "
        "  AND (lv.state IS NOT main.void_outbox.state OR lv.attempts IS NOT main.void_outbox.attempts))");
    if (!voidStates)
        return voidStates.error();
    if (auto st = voidStates->exec(); !st)
        return st;
    report.updatedStates += db.changes();
    // The requeue log (append-only) and the scan log, for what they hold beyond the backup.
    auto log = db.prepare(
        "INSERT INTO main.outbox_log (at_ms, seq, action, from_state, actor, note) "
        "SELECT g.at_ms, ml.seq, g.action, g.from_state, g.actor, g.note FROM live.outbox_log g "
        "JOIN live.ledger ll ON ll.seq = g.seq JOIN main.ledger ml ON ml.idempotency_key = ll.idempotency_key "
        "WHERE NOT EXISTS (SELECT 1 FROM main.outbox_log x WHERE x.seq = ml.seq AND x.at_ms = g.at_ms "
        "  AND x.action = g.action) ORDER BY g.id");
    if (!log)
        return log.error();
    if (auto st = log->exec(); !st)
        return st;
    auto scans = db.prepare(
        "INSERT INTO main.scan_log (at_ms, device_id, staff_id, source, form, fingerprint, reason, detail, order_id, "
        "  jti, ledger_seq) "
        "SELECT s.at_ms, s.device_id, s.staff_id, s.source, s.form, s.fingerprint, s.reason, s.detail, s.order_id, "
        "  s.jti, (SELECT ml.seq FROM main.ledger ml JOIN live.ledger ll ON ll.idempotency_key = ml.idempotency_key "
        "          WHERE ll.seq = s.ledger_seq) "
        "FROM live.scan_log s WHERE s.at_ms > (SELECT coalesce(max(at_ms), 0) FROM main.scan_log) ORDER BY s.id");
    if (!scans)
        return scans.error();
    if (auto st = scans->exec(); !st)
        return st;
    auto unsent = db.scalar("SELECT count(*) FROM main.outbox WHERE state = 'pending'");
    if (!unsent)
        return unsent.error();
    report.carriedUnsent = *unsent;
    return {};
}

// New ledger rows are numbered after every number the live database used.
Status continueNumbering(SqliteDb &db)
{
    auto liveMax = db.scalar("SELECT coalesce((SELECT seq FROM live.sqlite_sequence WHERE name = 'ledger'), 0)");
    if (!liveMax)
        return liveMax.error();
    auto has = db.scalar("SELECT count(*) FROM main.sqlite_sequence WHERE name = 'ledger'");
    if (!has)
        return has.error();
    auto q = db.prepare(*has > 0 ? "UPDATE main.sqlite_sequence SET seq = max(seq, ?1) WHERE name = 'ledger'"
                                 : "INSERT INTO main.sqlite_sequence (name, seq) VALUES ('ledger', ?1)");
    if (!q)
        return q.error();
    return q->bind(1, *liveMax).exec();
}

} // namespace

Result<RestoreReport> restoreDatabase(
    const QString &dbPath, const QString &backupFile, const RestoreOptions &options, const Clock &clock)
{
    const QFileInfo bf(backupFile);
    if (!bf.exists())
        return makeError(ErrorCode::NotFound, QStringLiteral("the backup %1 does not exist").arg(backupFile));
    if (!bf.isFile() || !bf.isReadable())
        return makeError(ErrorCode::Io, QStringLiteral("the backup %1 is not a readable file").arg(backupFile));
    const QFileInfo live(dbPath);
    if (live.exists() && bf.canonicalFilePath() == live.canonicalFilePath())
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("%1 is the kiosk's database itself, not a backup of it").arg(backupFile));
    for (const QString &s : kSidecars) {
        if (QFileInfo::exists(backupFile + s))
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("%1 has a %2 file beside it: it is a database in use, not a backup. Make a backup "
                               "of it with `kioskctl --db %1 backup FILE` and restore that")
                    .arg(backupFile, s));
    }
    // A new box restoring an old kiosk's backup: the database's folder may not exist yet.
    if (auto st = ensurePrivateFolder(live.absolutePath()); !st)
        return st.error();
    auto lock = RunLock::acquire(dbPath);
    if (!lock)
        return lock.error();

    RestoreReport report;
    const QString folder = live.absolutePath();
    const QString stamp
        = QDateTime::fromMSecsSinceEpoch(clock.nowMs(), Qt::UTC).toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    const QString base = live.completeBaseName();
    const QString staged = QStringLiteral("%1/.%2-restoring-%3.db").arg(folder, base, stamp);
    auto cleanup = qScopeGuard([&] { removeWithSidecars(staged); });
    {
        QFile::remove(staged);
        if (!QFile::copy(backupFile, staged))
            return makeError(ErrorCode::Io, QStringLiteral("cannot copy %1 to %2").arg(backupFile, staged));
        QFile::setPermissions(staged, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    auto schema = checkStaged(staged);
    if (!schema)
        return inBackup(backupFile, schema.error());
    report.backupSchema = *schema;

    auto restored = Store::open(staged);
    if (!restored)
        return inBackup(backupFile,
            Error{restored.error().code, QString(restored.error().message).replace(staged, QStringLiteral("it"))});
    auto backupVenue = (*restored)->venueId();
    if (!backupVenue)
        return inBackup(backupFile, backupVenue.error());

    // The live database: read what must survive, then close it (its WAL is folded in).
    QList<std::pair<QString, QString>> carried;
    bool liveReadable = false;
    if (live.exists()) {
        auto current = Store::open(dbPath);
        if (!current) {
            report.liveProblem = current.error().message;
        } else {
            auto venue = (*current)->venueId();
            if (venue && *venue != *backupVenue && !options.allowOtherVenue)
                return makeError(ErrorCode::WrongVenue,
                    QStringLiteral("the backup %1 is of venue %2, this kiosk's database is of venue %3; nothing was "
                                   "changed")
                        .arg(backupFile, *backupVenue, *venue));
            for (const QString &key : options.carryMeta) {
                auto value = (*current)->meta(key.toUtf8().constData());
                if (!value) {
                    report.liveProblem = value.error().message;
                    break;
                }
                carried.append({key, *value});
            }
            liveReadable = report.liveProblem.isEmpty();
        }
    }

    SqliteDb &db = (*restored)->db();
    if (liveReadable) {
        auto attach = db.prepare("ATTACH DATABASE ?1 AS live");
        if (!attach)
            return attach.error();
        if (auto st = attach->bind(1, dbPath).exec(); !st)
            return st.error();
    }
    {
        auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
        if (!txn)
            return txn.error();
        if (liveReadable && !options.discardSinceBackup) {
            if (auto st = carryFromLive(db, report); !st)
                return makeError(st.error().code,
                    QStringLiteral("%1. Nothing was changed; `restore --discard-since-backup` restores the backup "
                                   "alone (the live database is kept beside it)")
                        .arg(st.error().message));
        } else if (liveReadable) {
            auto dropped = db.scalar("SELECT count(*) FROM live.ledger l WHERE l.origin = 'local' AND NOT EXISTS "
                                     "(SELECT 1 FROM main.ledger m WHERE m.idempotency_key = l.idempotency_key)");
            if (!dropped)
                return dropped.error();
            report.droppedRows = *dropped;
        }
        if (liveReadable) {
            if (auto st = continueNumbering(db); !st)
                return st.error();
        }
        for (const auto &[key, value] : carried) {
            if (auto st = upsertMeta(db, key, value); !st)
                return st.error();
        }
        // The cloud's feed from the start: a full snapshot brings back everything the cloud
        // knows and the backup missed (other bars' redemptions, staff, keys).
        const QList<std::pair<QString, QString>> reset{{QString::fromLatin1(MetaKey::FeedCursor), QString()},
            {QString::fromLatin1(MetaKey::SnapshotActive), QStringLiteral("0")},
            {QStringLiteral("restored_ms"), QString::number(clock.nowMs())},
            {QStringLiteral("restored_from"), bf.fileName()}};
        for (const auto &[key, value] : reset) {
            if (auto st = upsertMeta(db, key, value); !st)
                return st.error();
        }
        if (auto st = txn->commit(); !st)
            return st.error();
    }
    if (liveReadable) {
        if (auto st = db.execScript("DETACH DATABASE live", QStringLiteral("detaching the live database")); !st)
            return st.error();
    }
    auto counts = (*restored)->counts();
    if (!counts)
        return counts.error();
    report.ledgerRows = counts->ledgerRows;
    report.outboxPending = counts->outboxPending;
    restored->reset(); // closes: the staged copy is one file again

    // The swap: the live database (and any sidecar it left) goes to backups/, the copy takes
    // its place. Both are renames within one folder.
    if (live.exists()) {
        const QString keep = migrationBackupFolder(dbPath);
        if (!ensurePrivateFolder(keep))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1; nothing was changed").arg(keep));
        QFile::setPermissions(keep, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        report.keptLiveCopy = QStringLiteral("%1/%2-before-restore-%3.db").arg(keep, base, stamp);
        if (!QFile::rename(dbPath, report.keptLiveCopy))
            return makeError(ErrorCode::Io,
                QStringLiteral("cannot move %1 to %2; nothing was changed").arg(dbPath, report.keptLiveCopy));
        for (const QString &s : kSidecars) {
            if (QFileInfo::exists(dbPath + s))
                QFile::rename(dbPath + s, report.keptLiveCopy + s);
        }
    }
    if (!QFile::rename(staged, dbPath)) {
        if (!report.keptLiveCopy.isEmpty())
            QFile::rename(report.keptLiveCopy, dbPath);
        return makeError(ErrorCode::Io, QStringLiteral("cannot move the restored copy to %1").arg(dbPath));
    }
    cleanup.dismiss();
    syncFolder(folder);
    qCInfo(lcStore).noquote() << "restored" << dbPath << "from" << backupFile << "carried" << report.carriedRows
                              << "rows; the replaced database is" << report.keptLiveCopy;
    return report;
}

} // namespace kiosk
