#pragma once
// `kioskctl restore`: put a backup back in place of the kiosk's database without losing what
// the kiosk did since the backup was taken.
//
// The backup is checked (a Club Kiosk database, intact, of this venue, not from a newer
// version), copied beside the database and migrated there. Unless told otherwise, every local
// ledger row the live database holds and the backup does not (redemptions and voids made since
// the backup, sent or not) is carried over with its upload state, so nothing unsent is lost and
// nothing sent is sent as new; upload states of rows in both come from the live database,
// which is newer. The cloud pairing (`carryMeta`) comes from the live database too, since
// refresh tokens rotate. The sequence numbers continue after the highest the live database
// used, and idempotency keys carry random bits, so new redemptions can never reuse a key the
// cloud has seen. The live database is kept in backups/ (nothing is deleted); the swap is a
// rename. Needs the kiosk stopped (RunLock).

#include "result.h"

#include <QString>
#include <QStringList>

namespace kiosk {

class Clock;

struct RestoreOptions
{
    // Meta keys taken from the live database when it is readable (pairing, device identity).
    QStringList carryMeta;
    // Restore the backup exactly: rows made since it are dropped (they stay in the kept copy).
    bool discardSinceBackup = false;
    // Restore a backup of another venue (refused otherwise).
    bool allowOtherVenue = false;
};

struct RestoreReport
{
    QString keptLiveCopy; // where the replaced database went (empty when there was none)
    QString liveProblem; // why the live database could not be read (then nothing was carried)
    int backupSchema = 0; // the backup's schema before migration
    qint64 carriedRows = 0; // ledger rows carried from the live database
    qint64 carriedUnsent = 0; // of those and the shared rows: still to upload
    qint64 updatedStates = 0; // upload states of shared rows taken from the live database
    qint64 droppedRows = 0; // with discardSinceBackup: local rows made since the backup
    qint64 ledgerRows = 0; // in the restored database
    qint64 outboxPending = 0;
};

Result<RestoreReport> restoreDatabase(
    const QString &dbPath, const QString &backupFile, const RestoreOptions &options, const Clock &clock);

} // namespace kiosk
