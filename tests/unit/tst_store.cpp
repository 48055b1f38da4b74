// Opening, creating and migrating the store; refusing (without writing a byte) files that are
// missing, empty, not SQLite, another application's, corrupt, or from a newer kiosk.

#include "fixture.h"

#include "schema_p.h"
#include "sqlite_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/stat.h>

using namespace kiosk;
using namespace kiosk::test;

namespace {
QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Runs SQL on a database with the raw SQLite API, outside the store.
void rawExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    QVERIFY2(rc == SQLITE_OK, err ? err : "");
    sqlite3_close(db);
}

qint64 pragma(Store &store, const char *sql)
{
    auto q = store.db().prepare(sql);
    if (!q || !q->next().value())
        return -1;
    return q->int64(0);
}
} // namespace

class TestStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createThenReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/dir/kiosk.db"));
        ManualClock clock(1000);
        QString device;
        {
            auto store = Store::create(path, QStringLiteral("ven_1"), QStringLiteral("The Bar"), clock);
            QVERIFY2(store, store ? "" : qPrintable(store.error().message));
            device = (*store)->deviceId().value();
            QVERIFY(device.startsWith(QLatin1String("dev_local_")));
        }
        auto store = Store::open(path);
        QVERIFY(store);
        QCOMPARE((*store)->venueId().value(), QStringLiteral("ven_1"));
        QCOMPARE((*store)->meta(MetaKey::VenueName).value(), QStringLiteral("The Bar"));
        QCOMPARE((*store)->deviceId().value(), device);
        QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
        QCOMPARE(pragma(**store, "PRAGMA user_version"), qint64(latestSchemaVersion()));
        QCOMPARE(pragma(**store, "PRAGMA application_id"), qint64(kApplicationId));
        QCOMPARE(pragma(**store, "PRAGMA synchronous"), 2); // FULL: an OK survives a power cut
        QCOMPARE(pragma(**store, "PRAGMA foreign_keys"), 1);
        auto mode = (*store)->db().prepare("PRAGMA journal_mode");
        QVERIFY(mode && mode->next().value());
        QCOMPARE(mode->text(0), QStringLiteral("wal"));
    }

    void twoKiosksGetDistinctDeviceIds()
    {
        QTemporaryDir dir;
        ManualClock clock(0);
        auto a = Store::create(dir.filePath(QStringLiteral("a.db")), QStringLiteral("v"), QString(), clock);
        auto b = Store::create(dir.filePath(QStringLiteral("b.db")), QStringLiteral("v"), QString(), clock);
        QVERIFY((*a)->deviceId().value() != (*b)->deviceId().value());
    }

    void missingFileIsNotCreated()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("nope.db"));
        auto store = Store::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().code, ErrorCode::NotFound);
        QVERIFY(store.error().message.contains(QLatin1String("kioskctl init")));
        QVERIFY(!QFile::exists(path));
    }

    void refusesWithoutWriting_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("text file") << QByteArray("hello, this is not a database\n") << int(ErrorCode::NotADatabase)
                                   << "not a SQLite database";
        QTest::newRow("short garbage") << QByteArray("SQLite") << int(ErrorCode::NotADatabase)
                                       << "not a SQLite database";
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n0000000000000000") << int(ErrorCode::NotADatabase)
                             << "not a SQLite database";
        QTest::newRow("empty") << QByteArray() << int(ErrorCode::NotFound) << "empty";
    }
    void refusesWithoutWriting()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, code);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kiosk.db"));
        writeFile(path, content);
        auto store = Store::open(path);
        QVERIFY(!store);
        QCOMPARE(int(store.error().code), code);
        QVERIFY2(store.error().message.contains(message), qPrintable(store.error().message));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void refusesAnotherApplicationsDatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.db"));
        rawExec(
            path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('x');");
        const QByteArray before = fileHash(path);
        auto store = Store::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().code, ErrorCode::NotADatabase);
        QVERIFY(store.error().message.contains(QLatin1String("another application")));
        QCOMPARE(fileHash(path), before);
        // Nor will init overwrite it.
        ManualClock clock(0);
        QCOMPARE(Store::create(path, QStringLiteral("v"), QString(), clock).error().code, ErrorCode::AlreadyExists);
        QCOMPARE(fileHash(path), before);
    }

    void refusesNewerSchema()
    {
        VenueFixture fx;
        QVERIFY(fx.ok());
        fx.store.reset();
        rawExec(fx.dbPath, "PRAGMA user_version = 99");
        const QByteArray before = fileHash(fx.dbPath);
        auto store = Store::open(fx.dbPath);
        QVERIFY(!store);
        QCOMPARE(store.error().code, ErrorCode::TooNew);
        QVERIFY(store.error().message.contains(QLatin1String("newer Club Kiosk")));
        QVERIFY(store.error().message.contains(QLatin1String("99")));
        QCOMPARE(fileHash(fx.dbPath), before);
    }

    void createRefusesExistingDatabase()
    {
        VenueFixture fx;
        fx.store.reset();
        const QByteArray before = fileHash(fx.dbPath);
        auto again = Store::create(fx.dbPath, QStringLiteral("ven_x"), QString(), fx.clock);
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::AlreadyExists);
        QCOMPARE(fileHash(fx.dbPath), before);
    }

    void createAfterInterruptedInit()
    {
        // A crash right after the file was created leaves it empty: init may take it over.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kiosk.db"));
        writeFile(path, QByteArray());
        ManualClock clock(0);
        QVERIFY(Store::create(path, QStringLiteral("v"), QString(), clock));
    }

    void databaseWithoutVenueIsNotInitialised()
    {
        // Schema present, identity missing (not producible by init, which writes both in one
        // transaction, but possible from tampering): refused, never silently used.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kiosk.db"));
        {
            auto db = SqliteDb::open(path, SqliteDb::OpenFlag::ReadWriteCreate);
            QVERIFY(db);
            QVERIFY((*db)->execScript("BEGIN", {}));
            QVERIFY(applyMigrations(**db, 0, latestSchemaVersion()));
            QVERIFY((*db)->execScript("COMMIT", {}));
        }
        auto store = Store::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().code, ErrorCode::NotFound);
        QVERIFY(store.error().message.contains(QLatin1String("not initialised")));
    }

    void corruptionIsReportedNeverRepaired()
    {
        VenueFixture fx;
        FeedBuilder feed;
        for (int i = 0; i < 2000; ++i)
            feed.order(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i), QStringLiteral("PAID"),
                fx.nowSeconds());
        QVERIFY(fx.import(feed));
        fx.store.reset();
        QFile f(fx.dbPath);
        QVERIFY(f.size() > 64 * 4096);
        // Scribble over every page but the first: the header and schema are intact, the b-trees are not.
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(4096);
        f.write(QByteArray(f.size() - 4096, '\xA5'));
        f.close();
        const QByteArray before = fileHash(fx.dbPath);

        bool reported = false;
        auto store = Store::open(fx.dbPath);
        if (!store) {
            reported = store.error().code == ErrorCode::Corrupt || store.error().code == ErrorCode::NotADatabase;
            QVERIFY2(reported, qPrintable(store.error().message));
        } else {
            auto order = (*store)->orderById(QStringLiteral("ord_1500"));
            QVERIFY(!order);
            QCOMPARE(order.error().code, ErrorCode::Corrupt);
            QVERIFY(order.error().message.contains(QLatin1String("corrupt")));
            QVERIFY(order.error().message.contains(QLatin1String("left untouched")));
            reported = true;
        }
        QVERIFY(reported);
        store = Result<std::unique_ptr<Store>>(makeError(ErrorCode::Internal, {}));
        QCOMPARE(fileHash(fx.dbPath), before);
    }

    void diskFullLosesNothing()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(
            QStringLiteral("ord_keep"), QStringLiteral("tok_keep"), QStringLiteral("PAID"), fx.nowSeconds())));
        const auto before = fx.store->counts().value();
        // Cap the file at its current size: the next growth fails with SQLITE_FULL, as on a full disk.
        const qint64 pages = pragma(*fx.store, "PRAGMA page_count");
        QVERIFY(fx.store->db().execScript(
            QByteArray("PRAGMA max_page_count = " + QByteArray::number(pages)).constData(), {}));
        FeedBuilder big;
        for (int i = 0; i < 5000; ++i)
            big.order(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i), QStringLiteral("PAID"),
                fx.nowSeconds());
        auto doc = parseFeedDocument(big.toJson(QStringLiteral("c2")));
        QVERIFY(doc);
        auto applied = FeedIngest(*fx.store, fx.clock).apply(*doc);
        QVERIFY(!applied);
        QCOMPARE(applied.error().code, ErrorCode::DiskFull);
        QVERIFY(applied.error().message.contains(QLatin1String("full")));
        const auto after = fx.store->counts().value();
        QCOMPARE(after.orders, before.orders);
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), QStringLiteral("c1"));
        QVERIFY(fx.store->orderById(QStringLiteral("ord_keep")).value().has_value());
    }

    // Every earlier schema version migrates to the latest with its data intact. Version 0 is a
    // fresh file; each later version is built by applying the migrations up to it.
    void migratesFromEveryEarlierVersion_data()
    {
        QTest::addColumn<int>("from");
        for (int v = 0; v < latestSchemaVersion(); ++v)
            QTest::addRow("from v%d", v) << v;
    }
    void migratesFromEveryEarlierVersion()
    {
        QFETCH(int, from);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kiosk.db"));
        ManualClock clock(1790000000000);
        if (from == 0) {
            auto store = Store::create(path, QStringLiteral("ven_test"), QString(), clock);
            QVERIFY(store);
            QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
            return;
        }
        {
            auto db = SqliteDb::open(path, SqliteDb::OpenFlag::ReadWriteCreate);
            QVERIFY(db);
            QVERIFY((*db)->execScript("BEGIN", {}));
            QVERIFY(applyMigrations(**db, 0, from));
            QVERIFY(
                (*db)->execScript("INSERT INTO meta VALUES ('venue_id', 'ven_test'), ('device_id', 'dev_x');"
                                  "INSERT INTO orders (id, status, recipient, drinks, amount, currency) "
                                  "VALUES ('ord_1', 'PAID', 'Alex', '[]', 1400, 'USD');"
                                  "INSERT INTO ledger (entry, origin, idempotency_key, order_id, device_id, at_ms, "
                                  "recorded_ms) VALUES ('redeem', 'local', 'dev_x:000001', 'ord_1', 'dev_x', 1, 1);"
                                  "INSERT INTO outbox (seq, state, reason) VALUES (1, 'rejected', 'order refunded');"
                                  "COMMIT",
                    {}));
        }
        auto store = Store::open(path);
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
        QCOMPARE(pragma(**store, "PRAGMA user_version"), qint64(latestSchemaVersion()));
        QCOMPARE((*store)->deviceId().value(), QStringLiteral("dev_x"));
        QVERIFY((*store)->orderById(QStringLiteral("ord_1")).value().has_value());
        // Rebuilt tables keep their rows.
        QCOMPARE(
            pragma(**store, "SELECT count(*) FROM outbox WHERE state = 'rejected' AND reason = 'order refunded'"), 1);
        QCOMPARE(pragma(**store, "SELECT count(*) FROM ledger"), 1);
        // A consistent copy of the database as it was came first, private, in backups/.
        const QDir backups(migrationBackupFolder(path));
        const QStringList copies = backups.entryList({QStringLiteral("kiosk-schema%1-*.db").arg(from)}, QDir::Files);
        QCOMPARE(copies.size(), 1);
        auto copy = SqliteDb::open(backups.filePath(copies.first()), SqliteDb::OpenFlag::ReadWrite);
        QVERIFY(copy);
        QCOMPARE((*copy)->scalar("PRAGMA user_version").value(), qint64(from));
        QCOMPARE((*copy)->scalar("SELECT count(*) FROM ledger").value(), 1);
        QVERIFY(!(
            QFile::permissions(backups.filePath(copies.first())) & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
    }

    // The backups before upgrades are bounded: the newest five stay.
    void migrationBackupsKeepTheNewestFive()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kiosk.db"));
        {
            auto db = SqliteDb::open(path, SqliteDb::OpenFlag::ReadWriteCreate);
            QVERIFY(db);
            QVERIFY((*db)->execScript("BEGIN", {}));
            QVERIFY(applyMigrations(**db, 0, 1));
            QVERIFY((*db)->execScript(
                "INSERT INTO meta VALUES ('venue_id', 'ven_test'), ('device_id', 'dev_x'); COMMIT", {}));
        }
        QVERIFY(QDir().mkpath(migrationBackupFolder(path)));
        for (int i = 0; i < 6; ++i)
            writeFile(
                migrationBackupFolder(path) + QStringLiteral("/kiosk-schema1-2020010%1-000000-000.db").arg(i), "old");
        QVERIFY(Store::open(path));
        const QStringList left = QDir(migrationBackupFolder(path)).entryList(QDir::Files, QDir::Name);
        QCOMPARE(left.size(), 5);
        QVERIFY(!left.contains(QStringLiteral("kiosk-schema1-20200100-000000-000.db"))); // the oldest went
        QVERIFY(!left.contains(QStringLiteral("kiosk-schema1-20200101-000000-000.db")));
        QVERIFY(left.last().startsWith(QLatin1String("kiosk-schema1-20"))
            && !left.last().startsWith(QLatin1String("kiosk-schema1-2020")));
    }

    // `Store::backup` (kioskctl backup): a copy that opens as the same kiosk, never over a file.
    void backupIsAConsistentCopy()
    {
        VenueFixture fx;
        QVERIFY(fx.import(
            FeedBuilder().order(QStringLiteral("ord_1"), QString(), QStringLiteral("PAID"), fx.nowSeconds())));
        const QString file = fx.dir.filePath(QStringLiteral("copy.db"));
        QVERIFY(fx.store->backup(file));
        auto copy = Store::open(file);
        QVERIFY(copy);
        QCOMPARE((*copy)->deviceId().value(), fx.store->deviceId().value());
        QVERIFY((*copy)->orderById(QStringLiteral("ord_1")).value());
        QCOMPARE(fx.store->backup(file).error().code, ErrorCode::AlreadyExists);
    }

    // The database holds tokens and PIN hashes: 0600 in a 0700 folder the store makes, also
    // under a permissive umask; one that others can read is fixed when opened.
    void databaseFilesArePrivate()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("state"));
        const QString path = folder + QStringLiteral("/kiosk.db");
        const mode_t old = ::umask(0);
        ManualClock clock(1790000000000);
        auto store = Store::create(path, QStringLiteral("ven_test"), QString(), clock);
        ::umask(old);
        QVERIFY(store);
        QVERIFY((*store)->setMeta(MetaKey::FeedCursor, QStringLiteral("c1"))); // the WAL exists now
        const auto priv = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
            | QFileDevice::WriteOther | QFileDevice::ExeGroup | QFileDevice::ExeOther;
        QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
        for (const QString &f : QStringList{path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")})
            QVERIFY2(!(QFile::permissions(f) & others), qPrintable(f));
        QVERIFY(!(QFile::permissions(folder) & others));
        store->reset();

        QVERIFY(QFile::setPermissions(path, priv | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("was readable by other users")));
        auto reopened = Store::open(path);
        QVERIFY(reopened);
        QVERIFY(!(QFile::permissions(path) & others));
    }

    void migrationIsAtomic()
    {
        // A migration that fails half-way leaves the file at its old version.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kiosk.db"));
        auto db = SqliteDb::open(path, SqliteDb::OpenFlag::ReadWriteCreate);
        QVERIFY(db);
        // A table the first migration also creates makes it fail part-way through.
        QVERIFY((*db)->execScript("CREATE TABLE staff (x)", {}));
        QVERIFY((*db)->execScript("BEGIN", {}));
        QVERIFY(!applyMigrations(**db, 0, latestSchemaVersion()));
        QVERIFY((*db)->execScript("ROLLBACK", {}));
        auto q = (*db)->prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('meta', 'keys', 'orders')");
        QVERIFY(q && q->next().value());
        QCOMPARE(q->int64(0), 0);
    }

    void countsAndMeta()
    {
        VenueFixture fx;
        QVERIFY(
            fx.import(FeedBuilder()
                          .order(QStringLiteral("o1"), QStringLiteral("t1"), QStringLiteral("PAID"), fx.nowSeconds())
                          .staff(QStringLiteral("s1"), QStringLiteral("Sam"), QStringLiteral("manager"))
                          .revocation(QStringLiteral("t9"))));
        const auto c = fx.store->counts().value();
        QCOMPARE(c.orders, 1);
        QCOMPARE(c.keys, 1);
        QCOMPARE(c.staff, 1);
        QCOMPARE(c.revocations, 1);
        QCOMPARE(c.outboxPending, 0);
        QVERIFY(!c.oldestPendingMs);
        QVERIFY(fx.store->setMeta(MetaKey::FeedCursor, QStringLiteral("abc")));
        QCOMPARE(fx.store->meta(MetaKey::FeedCursor).value(), QStringLiteral("abc"));
        QVERIFY(fx.store->meta("no_such_key").value().isNull());
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
