#pragma once
// What an operator's health check needs to know about a kiosk database, read without writing
// a byte (a read-only connection, no migration): `club-kiosk --self-test` and `kioskctl
// doctor` judge it (app/report/health.h).

#include "result.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace kiosk {

struct DatabaseFacts
{
    QString path;
    qint64 bytes = 0; // the file and its WAL
    int schemaVersion = 0;
    int latestSchemaVersion = 0;
    QStringList integrityProblems; // empty: PRAGMA quick_check said ok
    // The meta table, except values of keys ending in "_token" (never read here).
    QMap<QString, QString> meta;
    qint64 orders = 0;
    qint64 staffAbleToSignIn = 0; // active, with a PIN
    qint64 keysValidNow = 0; // neither revoked, retired nor outside their window
    qint64 keys = 0;
    qint64 ledgerRows = 0;
    qint64 outboxPending = 0;
    qint64 outboxRejected = 0;
    qint64 voidsPending = 0;
    std::optional<qint64> oldestPendingMs;
    qint64 quarantined = 0;
    QStringList backups; // in backups/ beside the database, newest first
};

// NotFound for a missing file, NotADatabase/TooNew/Corrupt as Store::open says them; a
// database that opens but fails the integrity check is a result, not an error.
Result<DatabaseFacts> inspectDatabase(const QString &path, qint64 nowMs);

// A consistent copy of `path` at `file` through a read-only connection (VACUUM INTO), for a
// self-test that must not change the real database.
Status snapshotDatabase(const QString &path, const QString &file);

} // namespace kiosk
