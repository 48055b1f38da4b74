#pragma once
// Private to core: a thin RAII layer over the SQLite C API. Every statement is prepared once
// (SQLITE_PREPARE_PERSISTENT), cached per connection and bound with values; SQLite result
// codes become kiosk Errors with a message that names what was being done.

#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <sys/types.h>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk {

class SqliteDb;

// Whether a connection of this process has the database file at `path` open. SQLite's locks are
// POSIX locks, and closing any other descriptor of that file drops them all for the process,
// so that another process may then delete a WAL still in use here: while this is true, nothing
// but SQLite may open the file.
bool isOpenInThisProcess(const QString &path);

// A cached statement in use; resets itself (and clears bindings) when it goes out of scope.
class SqlQuery
{
public:
    SqlQuery(SqliteDb *db, sqlite3_stmt *stmt);
    SqlQuery(SqlQuery &&other) noexcept;
    SqlQuery(const SqlQuery &) = delete;
    SqlQuery &operator=(const SqlQuery &) = delete;
    SqlQuery &operator=(SqlQuery &&) = delete;
    ~SqlQuery();

    SqlQuery &bind(int index, qint64 value);
    SqlQuery &bind(int index, int value) { return bind(index, static_cast<qint64>(value)); }
    SqlQuery &bind(int index, bool value) { return bind(index, static_cast<qint64>(value ? 1 : 0)); }
    SqlQuery &bind(int index, const QString &text); // null QString binds NULL
    SqlQuery &bind(int index, const char *text) = delete;
    SqlQuery &bindUtf8(int index, QByteArrayView utf8);
    SqlQuery &bindBlob(int index, QByteArrayView blob);
    SqlQuery &bindNull(int index);
    SqlQuery &bind(int index, std::optional<qint64> value);

    // Steps once: true when a row is available, false when done.
    Result<bool> next();
    // Steps to completion (for INSERT/UPDATE/DDL).
    Status exec();
    // Steps through every row, calling `read(*this)` on each; stops at the first error.
    template <typename Read> Status forEachRow(Read &&read)
    {
        for (;;) {
            auto row = next();
            if (!row)
                return row.error();
            if (!*row)
                return {};
            read(*this);
        }
    }

    bool isNull(int col) const;
    qint64 int64(int col) const;
    std::optional<qint64> optInt64(int col) const;
    QString text(int col) const; // NULL → null QString
    QByteArray blob(int col) const;

private:
    SqliteDb *m_db;
    sqlite3_stmt *m_stmt;
};

class SqliteDb
{
public:
    enum class OpenFlag { ReadOnly, ReadWrite, ReadWriteCreate };
    static Result<std::unique_ptr<SqliteDb>> open(const QString &path, OpenFlag flag);
    ~SqliteDb();
    SqliteDb(const SqliteDb &) = delete;
    SqliteDb &operator=(const SqliteDb &) = delete;

    // `sql` must be a string literal: the pointer is the cache key.
    Result<SqlQuery> prepare(const char *sql);
    // The first column of the first row of a statement without parameters (a count, a pragma);
    // 0 when there is no row.
    Result<qint64> scalar(const char *sql);
    // Prepares, runs and finalises each statement of a static script (schema DDL, pragmas).
    Status execScript(const char *sql, const QString &what);

    Error error(int rc, const QString &what) const;
    qint64 lastInsertRowId() const;
    int changes() const;
    sqlite3 *handle() const { return m_db; }
    const QString &path() const { return m_path; }

private:
    SqliteDb(sqlite3 *db, QString path);
    sqlite3 *m_db;
    QString m_path;
    std::optional<std::pair<dev_t, ino_t>> m_fileId; // counted in the process's open files
    std::unordered_map<const char *, sqlite3_stmt *> m_cache;
    friend class SqlQuery;
};

// BEGIN … COMMIT with automatic ROLLBACK when not committed.
class SqlTransaction
{
public:
    enum class Mode { Deferred, Immediate };
    static Result<SqlTransaction> begin(SqliteDb &db, Mode mode);
    SqlTransaction(SqlTransaction &&other) noexcept;
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;
    ~SqlTransaction();
    Status commit();
    void rollback();

private:
    explicit SqlTransaction(SqliteDb *db)
        : m_db(db)
    { }
    SqliteDb *m_db;
};

} // namespace kiosk
