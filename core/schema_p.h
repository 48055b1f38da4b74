#pragma once
// Private to core: the numbered schema migrations. Migration N takes a database at
// user_version N-1 to N; each runs inside the caller's transaction.

#include "result.h"

#include <QString>

namespace kiosk {

class SqliteDb;

// "CKI1": marks a SQLite file as a Club Kiosk database, so that another application's
// database is refused instead of being migrated.
constexpr int kApplicationId = 0x434B4931;

int latestSchemaVersion();

// Before a migration the store writes a consistent copy of the database (VACUUM INTO) to
// backups/ beside it, named <name>-schema<from>-<UTC time>.db, and keeps the newest five; a
// database it cannot copy is not migrated.
QString migrationBackupFolder(const QString &dbPath);
Status backupBeforeMigration(SqliteDb &db, const QString &path, int fromVersion);
// VACUUM INTO `file`: a consistent, compact copy, even while other connections write. The file
// is created 0600 first (it must not exist) and removed again when the copy fails.
Status vacuumInto(SqliteDb &db, const QString &file);
// Applies migrations (from, to] in order. The caller holds a write transaction.
Status applyMigrations(SqliteDb &db, int from, int to);

} // namespace kiosk
