#include "store.h"

#include "clock.h"
#include "logging_p.h"
#include "schema_p.h"
#include "sqlite_p.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace kiosk {

namespace {

constexpr QByteArrayView kSqliteMagic("SQLite format 3\0", 16);

// Checks the file before SQLite sees it, so that a stray file is reported, never written to.
Status checkExistingFile(const QFileInfo &fi)
{
    if (!fi.isFile())
        return makeError(ErrorCode::Io, QStringLiteral("%1 is not a regular file").arg(fi.filePath()));
    // Already open through SQLite here (a second connection: the screen's and the sync's): it is
    // a database, and opening it with another descriptor would drop SQLite's locks on it.
    if (isOpenInThisProcess(fi.filePath()))
        return {};
    QFile f(fi.filePath());
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(fi.filePath(), f.errorString()));
    const QByteArray header = f.read(16);
    if (!header.isEmpty() && header != kSqliteMagic)
        return makeError(ErrorCode::NotADatabase,
            QStringLiteral("%1 is not a SQLite database; it was left untouched").arg(fi.filePath()));
    return {};
}

constexpr QFileDevice::Permissions kPrivate = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// The database holds access and refresh tokens and PIN hashes: readable by the kiosk's user
// only. A new file is made 0600 before SQLite opens it (SQLite gives its -wal and -shm files
// the database's mode); an existing one that others can read is fixed, with a warning.
Status makePrivate(const QString &path, bool creating)
{
    if (path == QLatin1String(":memory:"))
        return {};
    if (creating && !QFileInfo::exists(path)) {
        const QByteArray native = QFile::encodeName(path);
        const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return makeError(ErrorCode::Io,
                QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        ::close(fd);
    }
    for (const QString &file : QStringList{path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
        const QFileInfo fi(file);
        if (!fi.exists())
            continue;
        const auto others
            = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
        if (!(fi.permissions() & others))
            continue;
        if (QFile::setPermissions(file, kPrivate))
            qCWarning(lcStore).noquote() << file << "was readable by other users (it holds credentials and PIN hashes);"
                                         << "made it private (0600)";
        else
            qCWarning(lcStore).noquote() << file << "is readable by other users and cannot be made private";
    }
    return {};
}

KeyRecord readKey(const SqlQuery &q)
{
    return KeyRecord{q.text(0), q.blob(1), q.optInt64(2), q.optInt64(3), q.int64(4) != 0, q.int64(5) != 0};
}

QString newDeviceId()
{
    // Local identity until pairing assigns the cloud's; never reused, so idempotency keys
    // made before pairing stay unique.
    const quint64 r = QRandomGenerator::system()->generate64();
    return QStringLiteral("dev_local_%1").arg(r, 16, 16, QLatin1Char('0'));
}

} // namespace

Store::Store(std::unique_ptr<SqliteDb> db)
    : m_db(std::move(db))
{ }

Store::~Store() = default;

const QString &Store::path() const
{
    return m_db->path();
}

int Store::schemaVersion() const
{
    return m_schemaVersion;
}

SqliteDb &Store::db()
{
    return *m_db;
}

Result<std::unique_ptr<Store>> Store::open(const QString &path, const StoreOptions &options)
{
    return openImpl(path, nullptr, options);
}

Result<std::unique_ptr<Store>> Store::create(const QString &path, const QString &venueId, const QString &venueName,
    const Clock &clock, const StoreOptions &options)
{
    const NewVenue venue{venueId, venueName.isEmpty() ? venueId : venueName, clock.nowMs()};
    auto store = openImpl(path, &venue, options);
    if (store)
        qCInfo(lcStore) << "created kiosk database" << path << "for venue" << venueId;
    return store;
}

Result<std::unique_ptr<Store>> Store::openImpl(const QString &path, const NewVenue *create, const StoreOptions &options)
{
    const QFileInfo fi(path);
    const bool walExists = QFile::exists(path + QStringLiteral("-wal"));
    if (fi.exists()) {
        if (auto st = checkExistingFile(fi); !st)
            return st.error();
        if (create && (fi.size() > 0 || walExists))
            return makeError(
                ErrorCode::AlreadyExists, QStringLiteral("%1 already exists; refusing to overwrite it").arg(path));
        if (!create && fi.size() == 0 && !walExists)
            return makeError(ErrorCode::NotFound,
                QStringLiteral("%1 is empty (an interrupted init?); run `kioskctl init` to set it up").arg(path));
    } else if (!create) {
        return makeError(ErrorCode::NotFound,
            QStringLiteral("no kiosk database at %1; create one with `kioskctl init --venue ID`").arg(path));
    } else if (auto st = ensurePrivateFolder(fi.absolutePath()); !st) {
        return st.error();
    }
    if (auto st = makePrivate(path, create != nullptr); !st)
        return st.error();

    auto opened = SqliteDb::open(path, create ? SqliteDb::OpenFlag::ReadWriteCreate : SqliteDb::OpenFlag::ReadWrite);
    if (!opened)
        return opened.error();
    std::unique_ptr<Store> store(new Store(std::move(*opened)));
    SqliteDb &db = *store->m_db;

    // Read-only checks first: nothing is written until we know this is our database.
    const QByteArray busy = "PRAGMA busy_timeout = " + QByteArray::number(qMax(0, options.busyTimeoutMs));
    if (auto st = db.execScript(busy.constData(), QStringLiteral("configuring the connection")); !st)
        return st.error();
    auto appId = db.scalar("PRAGMA application_id");
    if (!appId)
        return appId.error();
    auto version = db.scalar("PRAGMA user_version");
    if (!version)
        return version.error();
    auto objects = db.scalar("SELECT count(*) FROM sqlite_schema");
    if (!objects)
        return objects.error();
    if (*appId != kApplicationId && (*version != 0 || *objects != 0))
        return makeError(ErrorCode::NotADatabase,
            QStringLiteral("%1 is a SQLite database of another application, not a Club Kiosk "
                           "database; it was left untouched")
                .arg(path));
    if (*version > latestSchemaVersion())
        return makeError(ErrorCode::TooNew,
            QStringLiteral("%1 has schema version %2, written by a newer Club Kiosk (this one knows up "
                           "to version %3); update the kiosk software, the database was left untouched")
                .arg(path)
                .arg(*version)
                .arg(latestSchemaVersion()));
    if (create && *version != 0)
        return makeError(
            ErrorCode::AlreadyExists, QStringLiteral("%1 already exists; refusing to overwrite it").arg(path));
    if (!create && *version == 0)
        return makeError(
            ErrorCode::NotFound, QStringLiteral("%1 is not initialised; run `kioskctl init` to set it up").arg(path));

    if (auto st = db.execScript("PRAGMA journal_mode = WAL;\n"
                                "PRAGMA synchronous = FULL;\n"
                                "PRAGMA foreign_keys = ON;\n"
                                "PRAGMA trusted_schema = OFF;",
            QStringLiteral("configuring the database"));
        !st)
        return st.error();

    if (options.maxDatabaseBytes > 0) {
        auto pageSize = db.scalar("PRAGMA page_size");
        if (!pageSize)
            return pageSize.error();
        // An integer computed here, never input text: PRAGMA values cannot be bound.
        const QByteArray limit = "PRAGMA max_page_count = "
            + QByteArray::number(std::max<qint64>(1, options.maxDatabaseBytes / std::max<qint64>(1, *pageSize)));
        if (auto st = db.execScript(limit.constData(), QStringLiteral("limiting the database size")); !st)
            return st.error();
    }

    if (*version > 0 && *version < latestSchemaVersion()) {
        // An upgrade must not be able to lose a drink: a consistent copy first, and no
        // migration without one.
        if (auto st = backupBeforeMigration(db, path, int(*version)); !st)
            return st.error();
    }

    if (*version < latestSchemaVersion()) {
        auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
        if (!txn)
            return txn.error();
        // Another process may have migrated while we waited for the lock.
        auto current = db.scalar("PRAGMA user_version");
        if (!current)
            return current.error();
        if (*current < latestSchemaVersion()) {
            if (auto st = applyMigrations(db, static_cast<int>(*current), latestSchemaVersion()); !st)
                return st.error();
            if (create) {
                const std::pair<const char *, QString> rows[] = {
                    {MetaKey::VenueId, create->venueId},
                    {MetaKey::VenueName, create->venueName},
                    {MetaKey::DeviceId, newDeviceId()},
                    {MetaKey::CreatedMs, QString::number(create->createdMs)},
                };
                for (const auto &[key, value] : rows) {
                    if (auto st = store->setMeta(key, value); !st)
                        return st.error();
                }
            }
            if (auto st = txn->commit(); !st)
                return st.error();
            qCInfo(lcStore) << "migrated" << path << "from schema" << *current << "to" << latestSchemaVersion();
        }
    }
    auto venue = store->venueId();
    if (!venue)
        return venue.error();
    if (venue->isEmpty())
        return makeError(ErrorCode::NotFound,
            QStringLiteral("%1 has no venue (not initialised); run `kioskctl init` to set it up").arg(path));
    store->m_schemaVersion = latestSchemaVersion();
    return store;
}

Result<QString> Store::meta(const char *key)
{
    auto q = m_db->prepare("SELECT value FROM meta WHERE key = ?1");
    if (!q)
        return q.error();
    q->bindUtf8(1, key);
    auto row = q->next();
    if (!row)
        return row.error();
    return *row ? q->text(0) : QString();
}

Status Store::setMeta(const char *key, const QString &value)
{
    auto q = m_db->prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!q)
        return q.error();
    // Stored values are never NULL: a null QString means "empty" here (a cleared cursor).
    return q->bindUtf8(1, key).bind(2, value.isNull() ? QStringLiteral("") : value).exec();
}

Status Store::setMetas(const QList<std::pair<const char *, QString>> &values)
{
    auto txn = SqlTransaction::begin(*m_db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    for (const auto &[key, value] : values) {
        if (auto st = setMeta(key, value); !st)
            return st;
    }
    return txn->commit();
}

namespace {

constexpr int kKeptMigrationBackups = 5;

} // namespace

Status ensurePrivateFolder(const QString &folder)
{
    if (QFileInfo::exists(folder))
        return {};
    if (!QDir().mkpath(folder))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the folder %1").arg(folder));
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

Status vacuumInto(SqliteDb &db, const QString &file)
{
    // Private from its first byte (it holds credentials and PIN hashes): VACUUM INTO fills an
    // empty file, which is made 0600 here and never over an existing one.
    const int fd = ::open(QFile::encodeName(file).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(ErrorCode::Io,
            QStringLiteral("cannot create %1: %2").arg(file, QString::fromLocal8Bit(std::strerror(errno))));
    ::close(fd);
    auto q = db.prepare("VACUUM INTO ?1");
    if (!q) {
        QFile::remove(file);
        return q.error();
    }
    if (auto st = q->bind(1, file).exec(); !st) {
        QFile::remove(file);
        return st;
    }
    return {};
}

QString migrationBackupFolder(const QString &dbPath)
{
    return QFileInfo(dbPath).absolutePath() + QStringLiteral("/backups");
}

Status backupBeforeMigration(SqliteDb &db, const QString &path, int fromVersion)
{
    const QString folder = migrationBackupFolder(path);
    if (!ensurePrivateFolder(folder))
        return makeError(ErrorCode::Io,
            QStringLiteral("cannot create %1 for the backup before the upgrade; the database was left untouched")
                .arg(folder));
    const QString base = QFileInfo(path).completeBaseName();
    const QString file = QStringLiteral("%1/%2-schema%3-%4.db")
                             .arg(folder, base)
                             .arg(fromVersion)
                             .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    if (auto st = vacuumInto(db, file); !st)
        return makeError(st.error().code,
            QStringLiteral("cannot back up %1 before upgrading it (%2); the database was left untouched")
                .arg(path, st.error().message));
    qCInfo(lcStore).noquote() << "backed up" << path << "to" << file << "before upgrading schema" << fromVersion;
    // Keep the newest few; the names sort by time.
    QStringList backups = QDir(folder).entryList({base + QStringLiteral("-schema*.db")}, QDir::Files, QDir::Name);
    while (backups.size() > kKeptMigrationBackups)
        QFile::remove(folder + QLatin1Char('/') + backups.takeFirst());
    return {};
}

Status Store::backup(const QString &file)
{
    if (QFileInfo::exists(file))
        return makeError(
            ErrorCode::AlreadyExists, QStringLiteral("%1 already exists; refusing to overwrite it").arg(file));
    return vacuumInto(*m_db, file);
}

Result<bool> Store::acquireLease(const char *key, const QString &owner, qint64 nowMs, qint64 untilMs)
{
    auto txn = SqlTransaction::begin(*m_db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    auto current = meta(key);
    if (!current)
        return current.error();
    // "owner|until": free when empty, expired, or already ours.
    const qsizetype bar = current->lastIndexOf(QLatin1Char('|'));
    const QString holder = bar < 0 ? QString() : current->left(bar);
    const qint64 until = bar < 0 ? 0 : current->mid(bar + 1).toLongLong();
    if (!holder.isEmpty() && holder != owner && until > nowMs)
        return false;
    if (auto st = setMeta(key, QStringLiteral("%1|%2").arg(owner).arg(untilMs)); !st)
        return st.error();
    if (auto st = txn->commit(); !st)
        return st.error();
    return true;
}

Status Store::releaseLease(const char *key, const QString &owner)
{
    auto q
        = m_db->prepare("UPDATE meta SET value = '' WHERE key = ?1 AND substr(value, 1, length(?2) + 1) = ?2 || '|'");
    if (!q)
        return q.error();
    return q->bindUtf8(1, key).bind(2, owner).exec();
}

Result<QString> Store::venueId()
{
    return meta(MetaKey::VenueId);
}

Result<QString> Store::deviceId()
{
    return meta(MetaKey::DeviceId);
}

Result<std::optional<KeyRecord>> Store::key(const QString &kid)
{
    auto q = m_db->prepare("SELECT kid, x, not_before, not_after, revoked, retired FROM keys WHERE kid = ?1");
    if (!q)
        return q.error();
    q->bind(1, kid);
    auto row = q->next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<KeyRecord>();
    return std::optional<KeyRecord>(readKey(*q));
}

Result<QList<KeyRecord>> Store::keys()
{
    auto q = m_db->prepare("SELECT kid, x, not_before, not_after, revoked, retired FROM keys ORDER BY kid");
    if (!q)
        return q.error();
    QList<KeyRecord> out;
    if (auto st = q->forEachRow([&](const SqlQuery &r) { out.append(readKey(r)); }); !st)
        return st.error();
    return out;
}

Result<bool> Store::isTokenRevoked(const QString &jti)
{
    auto q = m_db->prepare("SELECT 1 FROM revocations WHERE jti = ?1");
    if (!q)
        return q.error();
    q->bind(1, jti);
    return q->next();
}

Result<std::optional<OrderRecord>> Store::readOrder(const char *sql, const QString &value)
{
    auto q = m_db->prepare(sql);
    if (!q)
        return q.error();
    q->bind(1, value);
    auto row = q->next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<OrderRecord>();
    OrderRecord o;
    o.id = q->text(0);
    o.jti = q->text(1);
    o.qrCode = q->text(2);
    o.status = q->text(3);
    o.recipient = q->text(4);
    o.phone4 = q->text(5);
    o.drinks = drinksFromJson(q->blob(6));
    o.amount = q->int64(7);
    o.currency = q->text(8);
    o.expiresAtMs = q->optInt64(9);
    o.updatedAtMs = q->optInt64(10);
    return std::optional<OrderRecord>(std::move(o));
}

Result<std::optional<OrderRecord>> Store::orderById(const QString &id)
{
    return readOrder("SELECT id, jti, qr_code, status, recipient, ph4, drinks, amount, currency, expires_at, "
                     "updated_at FROM orders WHERE id = ?1",
        id);
}

Result<std::optional<OrderRecord>> Store::orderByQrCode(const QString &qrCode)
{
    return readOrder("SELECT id, jti, qr_code, status, recipient, ph4, drinks, amount, currency, expires_at, "
                     "updated_at FROM orders WHERE qr_code = ?1",
        qrCode);
}

Result<std::optional<StaffRecord>> Store::staff(const QString &id)
{
    auto q = m_db->prepare("SELECT id, name, role, pin_alg, pin_iter, pin_salt, pin_hash, active FROM staff "
                           "WHERE id = ?1");
    if (!q)
        return q.error();
    q->bind(1, id);
    auto row = q->next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<StaffRecord>();
    return std::optional<StaffRecord>(StaffRecord{
        q->text(0), q->text(1), q->text(2), q->text(3), q->int64(4), q->text(5), q->text(6), q->int64(7) != 0});
}

Result<QString> Store::deviceName(const QString &id)
{
    auto q = m_db->prepare("SELECT name FROM devices WHERE id = ?1");
    if (!q)
        return q.error();
    q->bind(1, id);
    auto row = q->next();
    if (!row)
        return row.error();
    return *row ? q->text(0) : QString();
}

Result<QByteArray> Store::activeDeviceKey(const QString &id)
{
    auto q = m_db->prepare("SELECT x FROM devices WHERE id = ?1 AND active = 1 AND x IS NOT NULL");
    if (!q)
        return q.error();
    q->bind(1, id);
    auto row = q->next();
    if (!row)
        return row.error();
    return *row ? q->blob(0) : QByteArray();
}

Result<QList<StaffRecord>> Store::activeStaffList()
{
    auto q = m_db->prepare("SELECT id, name, role, pin_alg, pin_iter, pin_salt, pin_hash, active FROM staff "
                           "WHERE active = 1 AND pin_hash <> '' ORDER BY name COLLATE NOCASE, id");
    if (!q)
        return q.error();
    QList<StaffRecord> out;
    if (auto st = q->forEachRow([&](SqlQuery &r) {
            out.append(StaffRecord{
                r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4), r.text(5), r.text(6), r.int64(7) != 0});
        });
        !st)
        return st.error();
    return out;
}

namespace {
// The LIKE pattern for a name search: the folded query at the start of the name or of any
// later word, its wildcards taken literally; null for a phone search.
QString namePattern(const QString &query)
{
    // The phone's last four digits are a phone search only: no name is four digits, and not
    // folding every name makes it several times faster.
    static const QRegularExpression fourDigits(QStringLiteral("^[0-9]{4}$"));
    if (fourDigits.match(query).hasMatch())
        return QString();
    QString escaped = foldForSearch(query);
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    // Matched against ' ' || kiosk_fold(recipient): the start of the name or of any later word,
    // with one call of the fold per order.
    return QLatin1String("% ") + escaped + QLatin1Char('%');
}

OrderRecord readFoundOrder(SqlQuery &r)
{
    OrderRecord o;
    o.id = r.text(0);
    o.jti = r.text(1);
    o.qrCode = r.text(2);
    o.status = r.text(3);
    o.recipient = r.text(4);
    o.phone4 = r.text(5);
    o.drinks = drinksFromJson(r.blob(6));
    o.amount = r.int64(7);
    o.currency = r.text(8);
    o.expiresAtMs = r.optInt64(9);
    o.updatedAtMs = r.optInt64(10);
    return o;
}
} // namespace

Result<QList<OrderRecord>> Store::findOrders(const QString &query, qint64 nowMs, int limit)
{
    const QString q = query.trimmed();
    QList<OrderRecord> out;
    if (q.isEmpty() || limit <= 0)
        return out;
    auto stmt = m_db->prepare(
        "SELECT id, jti, qr_code, status, recipient, ph4, drinks, amount, currency, expires_at, updated_at "
        "FROM orders WHERE status IN ('PAID', 'ACCEPTED') AND (expires_at IS NULL OR expires_at > ?1) "
        "AND (ph4 = ?2 OR (?3 IS NOT NULL AND ' ' || kiosk_fold(recipient) LIKE ?3 ESCAPE '\\')) "
        "ORDER BY recipient COLLATE NOCASE, id LIMIT ?4");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, nowMs).bind(2, q).bind(3, namePattern(q)).bind(4, qint64(limit));
    if (auto st = stmt->forEachRow([&](SqlQuery &r) { out.append(readFoundOrder(r)); }); !st)
        return st.error();
    return out;
}

Result<QList<OrderRecord>> Store::findEveryOrder(const QString &query, int limit)
{
    const QString q = query.trimmed();
    QList<OrderRecord> out;
    if (q.isEmpty() || limit <= 0)
        return out;
    auto stmt = m_db->prepare(
        "SELECT id, jti, qr_code, status, recipient, ph4, drinks, amount, currency, expires_at, updated_at "
        "FROM orders WHERE ph4 = ?1 OR (?2 IS NOT NULL AND ' ' || kiosk_fold(recipient) LIKE ?2 ESCAPE '\\') "
        "ORDER BY recipient COLLATE NOCASE, id LIMIT ?3");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, q).bind(2, namePattern(q)).bind(3, qint64(limit));
    if (auto st = stmt->forEachRow([&](SqlQuery &r) { out.append(readFoundOrder(r)); }); !st)
        return st.error();
    return out;
}

Result<StaffRecord> Store::activeStaff(const QString &id)
{
    auto found = staff(id);
    if (!found)
        return found.error();
    if (!*found || !(*found)->active)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not active staff at this venue").arg(id));
    return **found;
}

Result<CacheCounts> Store::counts()
{
    auto q = m_db->prepare("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM keys), "
                           "(SELECT count(*) FROM staff), (SELECT count(*) FROM revocations), "
                           "(SELECT count(*) FROM ledger), (SELECT count(*) FROM outbox WHERE state = 'pending'), "
                           "(SELECT min(l.at_ms) FROM outbox o JOIN ledger l ON l.seq = o.seq "
                           " WHERE o.state = 'pending'), (SELECT count(*) FROM scan_log)");
    if (!q)
        return q.error();
    auto row = q->next();
    if (!row)
        return row.error();
    CacheCounts c;
    c.orders = q->int64(0);
    c.keys = q->int64(1);
    c.staff = q->int64(2);
    c.revocations = q->int64(3);
    c.ledgerRows = q->int64(4);
    c.outboxPending = q->int64(5);
    c.oldestPendingMs = q->optInt64(6);
    c.scans = q->int64(7);
    return c;
}

} // namespace kiosk
