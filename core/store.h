#pragma once
// The kiosk's local SQLite database: venue and device identity, the cache the verifier reads
// (keys, orders, revocations, staff) and the ledger. One Store is one connection: use one per
// thread; several processes may open the same file (WAL, busy timeout).

#include "records.h"
#include "result.h"

#include <QString>

#include <memory>
#include <optional>

namespace kiosk {

class Clock;
class SqliteDb;

struct StoreOptions
{
    // How long a writer waits for another process's transaction before giving up.
    int busyTimeoutMs = 5000;
    // The most this connection lets the file grow to (0: no limit), so that the kiosk's own
    // database never fills the appliance's disk; past it, writes fail as a full disk does.
    qint64 maxDatabaseBytes = 0;
};

struct CacheCounts
{
    qint64 orders = 0;
    qint64 keys = 0;
    qint64 staff = 0;
    qint64 revocations = 0;
    qint64 ledgerRows = 0;
    qint64 outboxPending = 0;
    std::optional<qint64> oldestPendingMs;
    qint64 scans = 0;
};

// A name as manual entry compares it: accents dropped, case folded, ß as ss, so that "muller"
// finds "Müller" and "ZOË" finds "Zoe". SQL sees it as kiosk_fold(text) on every connection.
QString foldForSearch(const QString &text);

class Store
{
public:
    // Opens an existing kiosk database, migrating it to the latest schema. Refuses (without
    // writing a byte) a missing file, a non-SQLite file, another application's database, a
    // corrupt one, or one written by a newer kiosk.
    static Result<std::unique_ptr<Store>> open(const QString &path, const StoreOptions &options = {});
    // Creates a new database bound to `venueId` (kioskctl init, pairing, demo). Refuses to
    // touch an existing non-empty file.
    static Result<std::unique_ptr<Store>> create(const QString &path, const QString &venueId, const QString &venueName,
        const Clock &clock, const StoreOptions &options = {});
    ~Store();

    const QString &path() const;
    int schemaVersion() const;
    // Read from the database each time: another process (pairing) may change them.
    Result<QString> venueId();
    Result<QString> deviceId();
    Result<QString> meta(const char *key);
    Status setMeta(const char *key, const QString &value);
    // Several values in one transaction: all or none (rotated credentials, pairing).
    Status setMetas(const QList<std::pair<const char *, QString>> &values);
    // A lease kept in `meta` under `key`, shared by every process on this database: true when
    // `owner` holds it now (it was free, expired, or already ours) until `untilMs`.
    Result<bool> acquireLease(const char *key, const QString &owner, qint64 nowMs, qint64 untilMs);
    // Frees the lease if `owner` holds it.
    Status releaseLease(const char *key, const QString &owner);

    Result<std::optional<KeyRecord>> key(const QString &kid);
    Result<QList<KeyRecord>> keys();
    Result<bool> isTokenRevoked(const QString &jti);
    Result<std::optional<OrderRecord>> orderById(const QString &id);
    Result<std::optional<OrderRecord>> orderByQrCode(const QString &qrCode);
    Result<std::optional<StaffRecord>> staff(const QString &id);
    // The staff member if known and active; InvalidArgument naming the id otherwise.
    Result<StaffRecord> activeStaff(const QString &id);
    // Active staff, by name (the sign-in screen's list).
    Result<QList<StaffRecord>> activeStaffList();
    // A device's name from the venue's roster ("Right bar"); empty when the roster does not list
    // it. Screens name devices, never show their ids.
    Result<QString> deviceName(const QString &id);
    // The roster's Ed25519 public key of `id` when it is an active device with a key; empty
    // otherwise. What a peer's hello and records are checked against.
    Result<QByteArray> activeDeviceKey(const QString &id);
    // Paid (PAID or ACCEPTED), unexpired orders whose recipient has a word starting with `query` (any case) or
    // whose phone ends in `query` (four digits): manual entry's lookup. Redeemed orders are
    // filtered by the caller (the verifier decides); at most `limit` rows, by recipient.
    Result<QList<OrderRecord>> findOrders(const QString &query, qint64 nowMs, int limit);
    // Manual entry's search: every order the name or phone digits match, whatever its state
    // (paid, redeemed, pending, expired...), so the bartender sees why one cannot be poured.
    Result<QList<OrderRecord>> findEveryOrder(const QString &query, int limit);
    Result<CacheCounts> counts();
    // A consistent copy of the database at `file` (VACUUM INTO, 0600), taken while others may
    // write; refuses an existing file.
    Status backup(const QString &file);

    SqliteDb &db();

private:
    explicit Store(std::unique_ptr<SqliteDb> db);
    struct NewVenue
    {
        QString venueId;
        QString venueName;
        qint64 createdMs = 0;
    };
    // `create` set: make a new database and record the venue in the same transaction as the
    // schema, so an interrupted init leaves an empty file, never a database without a venue.
    static Result<std::unique_ptr<Store>> openImpl(
        const QString &path, const NewVenue *create, const StoreOptions &options);
    Result<std::optional<OrderRecord>> readOrder(const char *sql, const QString &value);

    std::unique_ptr<SqliteDb> m_db;
    int m_schemaVersion = 0;
};

// Creates `folder` (with its parents) when it is missing; a folder made here is its owner's
// alone (0700), as the kiosk's database folder and its backups/ are. An existing one is left as
// it is. Io error naming the folder when it cannot be made.
Status ensurePrivateFolder(const QString &folder);

// Meta keys (the `meta` table).
namespace MetaKey {
inline constexpr char VenueId[] = "venue_id";
inline constexpr char VenueName[] = "venue_name";
inline constexpr char DeviceId[] = "device_id";
inline constexpr char CreatedMs[] = "created_ms";
inline constexpr char FeedCursor[] = "feed_cursor";
inline constexpr char FeedServerTimeMs[] = "feed_server_time_ms";
inline constexpr char LastPullMs[] = "last_pull_ms";
// Local clock minus the feed's serverTime when the last page arrived (milliseconds).
inline constexpr char ClockDriftMs[] = "clock_drift_ms";
// The generation of the last snapshot started, and "1" while its pages are still arriving.
inline constexpr char SnapshotGen[] = "snapshot_gen";
inline constexpr char SnapshotActive[] = "snapshot_active";
} // namespace MetaKey

} // namespace kiosk
