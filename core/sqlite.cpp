#include "sqlite_p.h"
#include "store.h" // foldForSearch

#include <sqlite3.h>

#include <QFile>
#include <QMutex>

#include <map>
#include <sys/stat.h>

namespace kiosk {

SqlQuery::SqlQuery(SqliteDb *db, sqlite3_stmt *stmt)
    : m_db(db)
    , m_stmt(stmt)
{ }

SqlQuery::SqlQuery(SqlQuery &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(std::exchange(other.m_stmt, nullptr))
{ }

SqlQuery::~SqlQuery()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

SqlQuery &SqlQuery::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

SqlQuery &SqlQuery::bind(int index, const QString &text)
{
    if (text.isNull())
        return bindNull(index);
    return bindUtf8(index, text.toUtf8());
}

SqlQuery &SqlQuery::bindUtf8(int index, QByteArrayView utf8)
{
    sqlite3_bind_text64(m_stmt, index, utf8.data() ? utf8.data() : "", static_cast<sqlite3_uint64>(utf8.size()),
        SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

SqlQuery &SqlQuery::bindBlob(int index, QByteArrayView blob)
{
    sqlite3_bind_blob64(
        m_stmt, index, blob.data() ? blob.data() : "", static_cast<sqlite3_uint64>(blob.size()), SQLITE_TRANSIENT);
    return *this;
}

SqlQuery &SqlQuery::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

SqlQuery &SqlQuery::bind(int index, std::optional<qint64> value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Result<bool> SqlQuery::next()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return m_db->error(rc, QStringLiteral("running a query"));
}

Status SqlQuery::exec()
{
    return forEachRow([](const SqlQuery &) {});
}

bool SqlQuery::isNull(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

qint64 SqlQuery::int64(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

std::optional<qint64> SqlQuery::optInt64(int col) const
{
    if (isNull(col))
        return std::nullopt;
    return int64(col);
}

QString SqlQuery::text(int col) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    if (!data)
        return {};
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, col));
}

QByteArray SqlQuery::blob(int col) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, col));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, col));
}

namespace {

// The database files this process has open through SQLite, by device and inode, with how many
// connections each. SQLite's locks are POSIX locks, which the kernel drops for the whole
// process when any descriptor of the file is closed: code outside SQLite must not open such a
// file at all (see isOpenInThisProcess).
struct OpenFiles
{
    QMutex mutex;
    std::map<std::pair<dev_t, ino_t>, int> count;
};

OpenFiles &openFiles()
{
    static OpenFiles files;
    return files;
}

std::optional<std::pair<dev_t, ino_t>> fileId(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return std::pair{st.st_dev, st.st_ino};
}

} // namespace

bool isOpenInThisProcess(const QString &path)
{
    const auto id = fileId(path);
    if (!id)
        return false;
    QMutexLocker lock(&openFiles().mutex);
    return openFiles().count.contains(*id);
}

SqliteDb::SqliteDb(sqlite3 *db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{ }

SqliteDb::~SqliteDb()
{
    for (auto &[sql, stmt] : m_cache)
        sqlite3_finalize(stmt);
    sqlite3_close_v2(m_db);
    if (m_fileId) {
        QMutexLocker lock(&openFiles().mutex);
        auto it = openFiles().count.find(*m_fileId);
        if (it != openFiles().count.end() && --it->second <= 0)
            openFiles().count.erase(it);
    }
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const QString &path, OpenFlag flag)
{
    int flags = (flag == OpenFlag::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (flag == OpenFlag::ReadWriteCreate)
        flags |= SQLITE_OPEN_CREATE;
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
    if (rc != SQLITE_OK)
        return db->error(rc, QStringLiteral("opening the database"));
    if (const auto id = fileId(path)) {
        db->m_fileId = *id;
        QMutexLocker lock(&openFiles().mutex);
        openFiles().count[*id]++;
    }
    sqlite3_extended_result_codes(raw, 1);
    // kiosk_fold(text): the text as manual entry compares names (foldForSearch).
    sqlite3_create_function_v2(
        raw, "kiosk_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
        [](sqlite3_context *ctx, int, sqlite3_value **argv) {
            const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
            if (!text) {
                sqlite3_result_null(ctx);
                return;
            }
            const int size = sqlite3_value_bytes(argv[0]);
            // Most names are plain ASCII: lower-casing the bytes is all folding does to them,
            // and it is several times cheaper than Unicode normalisation (docs/BENCHMARKS.md).
            bool ascii = true;
            for (int i = 0; i < size && ascii; ++i)
                ascii = (static_cast<unsigned char>(text[i]) & 0x80) == 0;
            if (ascii) {
                auto *lower = static_cast<char *>(sqlite3_malloc(size + 1));
                if (!lower) {
                    sqlite3_result_error_nomem(ctx);
                    return;
                }
                for (int i = 0; i < size; ++i)
                    lower[i] = text[i] >= 'A' && text[i] <= 'Z' ? char(text[i] + ('a' - 'A')) : text[i];
                sqlite3_result_text(ctx, lower, size, sqlite3_free);
                return;
            }
            const QByteArray folded = foldForSearch(QString::fromUtf8(text, size)).toUtf8();
            sqlite3_result_text(ctx, folded.constData(), int(folded.size()), SQLITE_TRANSIENT);
        },
        nullptr, nullptr, nullptr);
    return db;
}

QString foldForSearch(const QString &text)
{
    // Canonical decomposition splits "ü" into "u" and a combining mark; the marks go, the case
    // folds, and the German sharp s matches "ss" (Müller = muller, Straße = strasse).
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        if (c == QChar(0x00DF) || c == QChar(0x1E9E)) {
            out += QLatin1String("ss");
            continue;
        }
        out += c;
    }
    return out.toCaseFolded();
}

Result<SqlQuery> SqliteDb::prepare(const char *sql)
{
    auto it = m_cache.find(sql);
    if (it != m_cache.end())
        return SqlQuery(this, it->second);
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return error(rc, QStringLiteral("preparing a statement"));
    m_cache.emplace(sql, stmt);
    return SqlQuery(this, stmt);
}

Result<qint64> SqliteDb::scalar(const char *sql)
{
    auto q = prepare(sql);
    if (!q)
        return q.error();
    auto row = q->next();
    if (!row)
        return row.error();
    return *row ? q->int64(0) : 0;
}

Status SqliteDb::execScript(const char *sql, const QString &what)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *stmt = nullptr;
        int rc = sqlite3_prepare_v2(m_db, tail, -1, &stmt, &tail);
        if (rc != SQLITE_OK)
            return error(rc, what);
        if (!stmt)
            continue; // whitespace or comment
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) { }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE)
            return error(rc, what);
    }
    return {};
}

Error SqliteDb::error(int rc, const QString &what) const
{
    const QString detail = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(rc));
    ErrorCode code = ErrorCode::Internal;
    QString message;
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        code = ErrorCode::NotADatabase;
        message = QStringLiteral("%1 is not a SQLite database; it was left untouched").arg(m_path);
        break;
    case SQLITE_CORRUPT:
        code = ErrorCode::Corrupt;
        message = QStringLiteral("the database %1 is corrupt (%2); it was left untouched, restore it from a backup "
                                 "or move it aside and re-pair the kiosk")
                      .arg(m_path, detail);
        break;
    case SQLITE_FULL:
        code = ErrorCode::DiskFull;
        message
            = QStringLiteral("the disk holding %1 is full; nothing was written. Free some space and retry").arg(m_path);
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = ErrorCode::Busy;
        message = QStringLiteral("the database %1 stayed locked by another process; retry").arg(m_path);
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_AUTH:
        code = ErrorCode::Io;
        message = QStringLiteral("cannot access the database %1 (%2)").arg(m_path, detail);
        break;
    case SQLITE_CONSTRAINT:
        code = ErrorCode::InvalidArgument;
        message = QStringLiteral("%1 (%2)").arg(what, detail);
        return Error{code, message};
    default:
        message = QStringLiteral("database error in %1 (%2)").arg(m_path, detail);
        break;
    }
    return Error{code, what.isEmpty() ? message : QStringLiteral("%1: %2").arg(what, message)};
}

qint64 SqliteDb::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int SqliteDb::changes() const
{
    return sqlite3_changes(m_db);
}

Result<SqlTransaction> SqlTransaction::begin(SqliteDb &db, Mode mode)
{
    auto q = mode == Mode::Immediate ? db.prepare("BEGIN IMMEDIATE") : db.prepare("BEGIN DEFERRED");
    if (!q)
        return q.error();
    if (auto st = q->exec(); !st)
        return st.error();
    return SqlTransaction(&db);
}

SqlTransaction::SqlTransaction(SqlTransaction &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{ }

SqlTransaction::~SqlTransaction()
{
    rollback();
}

Status SqlTransaction::commit()
{
    if (!m_db)
        return makeError(ErrorCode::Internal, QStringLiteral("commit without a transaction"));
    auto q = m_db->prepare("COMMIT");
    if (!q)
        return q.error();
    auto st = q->exec();
    if (!st)
        return st; // still open: the destructor rolls back
    m_db = nullptr;
    return {};
}

void SqlTransaction::rollback()
{
    if (!m_db)
        return;
    if (sqlite3_get_autocommit(m_db->handle()) == 0) {
        if (auto q = m_db->prepare("ROLLBACK"))
            (void)q->exec();
    }
    m_db = nullptr;
}

} // namespace kiosk
