#include "schema_p.h"

#include "sqlite_p.h"

#include <array>

namespace kiosk {

namespace {

// Version 1: the whole offline core. Times are INTEGER milliseconds since the Unix epoch (UTC).
constexpr const char *kMigration1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Venue signing keys (public only), from the feed's JWKS entries.
CREATE TABLE keys (
    kid        TEXT PRIMARY KEY NOT NULL,
    x          BLOB NOT NULL CHECK (length(x) = 32),
    not_before INTEGER,
    not_after  INTEGER,
    revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE orders (
    id         TEXT PRIMARY KEY NOT NULL,
    jti        TEXT,
    qr_code    TEXT,
    status     TEXT NOT NULL CHECK (status IN ('PENDING','PAID','REDEEMED','CANCELLED','REJECTED','EXPIRED','REFUNDED')),
    recipient  TEXT NOT NULL,
    ph4        TEXT,
    drinks     TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    expires_at INTEGER,
    updated_at INTEGER
);
CREATE UNIQUE INDEX orders_by_qr_code ON orders (qr_code) WHERE qr_code IS NOT NULL;
CREATE INDEX orders_by_jti ON orders (jti) WHERE jti IS NOT NULL;

-- Withdrawn token ids (refunds, reissued codes). Sticky: a revocation is never lifted.
CREATE TABLE revocations (
    jti         TEXT PRIMARY KEY NOT NULL,
    reason      TEXT NOT NULL,
    received_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
    id       TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('bartender', 'manager')),
    pin_alg  TEXT NOT NULL,
    pin_iter INTEGER NOT NULL,
    pin_salt TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    active   INTEGER NOT NULL CHECK (active IN (0, 1))
) WITHOUT ROWID;

-- The redemption ledger. Append-only: a void is a new row pointing at the redemption it
-- cancels; the triggers below refuse every UPDATE and DELETE.
-- `generation` counts this kiosk's earlier redemptions of the same order: with the partial
-- unique indexes it guarantees at most one live local redemption per order and per token
-- even if two writers raced past the verifier.
CREATE TABLE ledger (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    entry           TEXT NOT NULL CHECK (entry IN ('redeem', 'void')),
    origin          TEXT NOT NULL CHECK (origin IN ('local', 'foreign')),
    idempotency_key TEXT NOT NULL UNIQUE,
    remote_id       TEXT,
    target_seq      INTEGER REFERENCES ledger (seq),
    order_id        TEXT NOT NULL,
    jti             TEXT,
    qr_code         TEXT,
    device_id       TEXT NOT NULL,
    staff_id        TEXT,
    at_ms           INTEGER NOT NULL,
    recorded_ms     INTEGER NOT NULL,
    verified_by     TEXT CHECK (verified_by IN ('signature', 'cache', 'online')),
    generation      INTEGER NOT NULL DEFAULT 0,
    recipient       TEXT,
    drinks          TEXT,
    amount          INTEGER,
    currency        TEXT,
    reason          TEXT,
    CHECK ((entry = 'void') = (target_seq IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_one_live_local_per_order ON ledger (order_id, generation)
    WHERE entry = 'redeem' AND origin = 'local';
CREATE UNIQUE INDEX ledger_one_live_local_per_jti ON ledger (jti, generation)
    WHERE entry = 'redeem' AND origin = 'local' AND jti IS NOT NULL;
CREATE UNIQUE INDEX ledger_one_void_per_target ON ledger (target_seq) WHERE entry = 'void';
CREATE UNIQUE INDEX ledger_by_remote_id ON ledger (remote_id) WHERE origin = 'foreign' AND entry = 'redeem';
CREATE INDEX ledger_by_order ON ledger (order_id);
CREATE INDEX ledger_by_jti ON ledger (jti) WHERE jti IS NOT NULL;
CREATE INDEX ledger_by_time ON ledger (at_ms);
CREATE TRIGGER ledger_is_append_only_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the redemption ledger is append-only'); END;
CREATE TRIGGER ledger_is_append_only_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the redemption ledger is append-only'); END;

-- Upload state of local redemptions: the outbox is the rows still 'pending'. Kept apart from
-- the ledger because it changes as sync learns the cloud's answer.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY NOT NULL REFERENCES ledger (seq),
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'accepted', 'duplicate', 'conflict', 'rejected')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    remote_id    TEXT,
    uploaded_ms  INTEGER,
    server_at_ms INTEGER,
    winner_device TEXT,
    winner_staff  TEXT,
    winner_at_ms  INTEGER,
    -- 1 once the cloud confirmed this redemption while the bartender waited (online
    -- confirmation); otherwise it was decided offline.
    confirmed_online INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_online IN (0, 1)),
    reason       TEXT
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 'pending';
CREATE UNIQUE INDEX outbox_by_remote_id ON outbox (remote_id) WHERE remote_id IS NOT NULL;

-- Every scan that reached a verdict, rejections included. Holds a fingerprint of the
-- scanned text, never the text itself: a token is a bearer credential.
CREATE TABLE scan_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms       INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    staff_id    TEXT,
    source      TEXT NOT NULL,
    form        TEXT NOT NULL CHECK (form IN ('token', 'legacy', 'malformed')),
    fingerprint TEXT NOT NULL,
    reason      TEXT NOT NULL,
    detail      TEXT,
    order_id    TEXT,
    jti         TEXT,
    ledger_seq  INTEGER REFERENCES ledger (seq)
);
CREATE INDEX scan_log_by_time ON scan_log (at_ms);
CREATE TRIGGER scan_log_is_append_only BEFORE UPDATE ON scan_log
BEGIN SELECT RAISE(ABORT, 'the scan log is append-only'); END;
)sql";

// Version 2: a feed that never stops (cloud-api.md, "Forward compatibility"), voids that reach
// the cloud, and the snapshot that retires what the cloud no longer lists.
// - orders: any status is kept (the verifier refuses statuses it does not know), so the
//   CHECK goes; SQLite cannot drop a CHECK, so the table is rebuilt.
// - outbox: 'voided' is a terminal state (a redemption voided before it left the kiosk is
//   never uploaded); rebuilt for the same reason.
// - snapshot_gen: which snapshot last listed a staff member, key or device; when a snapshot
//   completes, those it did not list stop being live.
// - quarantine: feed entries the kiosk could not use, with the reason, for an operator.
// - void_outbox: voids of redemptions the cloud already holds, until it acknowledges them.
// - outbox_log: manual changes to the upload queue (a manager's requeue), never deleted.
constexpr const char *kMigration2 = R"sql(
CREATE TABLE orders_v2 (
    id         TEXT PRIMARY KEY NOT NULL,
    jti        TEXT,
    qr_code    TEXT,
    status     TEXT NOT NULL CHECK (length(status) > 0),
    recipient  TEXT NOT NULL,
    ph4        TEXT,
    drinks     TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    expires_at INTEGER,
    updated_at INTEGER
);
INSERT INTO orders_v2 SELECT id, jti, qr_code, status, recipient, ph4, drinks, amount, currency, expires_at, updated_at
    FROM orders;
DROP TABLE orders;
ALTER TABLE orders_v2 RENAME TO orders;
CREATE UNIQUE INDEX orders_by_qr_code ON orders (qr_code) WHERE qr_code IS NOT NULL;
CREATE INDEX orders_by_jti ON orders (jti) WHERE jti IS NOT NULL;

CREATE TABLE outbox_v2 (
    seq          INTEGER PRIMARY KEY NOT NULL REFERENCES ledger (seq),
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'accepted', 'duplicate', 'conflict', 'rejected', 'voided')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    remote_id    TEXT,
    uploaded_ms  INTEGER,
    server_at_ms INTEGER,
    winner_device TEXT,
    winner_staff  TEXT,
    winner_at_ms  INTEGER,
    confirmed_online INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_online IN (0, 1)),
    reason       TEXT,
    -- Set when a manager requeues a rejected redemption: the cloud answers a key the same way
    -- for ever, so the new attempt needs a key of its own (the ledger row keeps the original).
    upload_key   TEXT
);
INSERT INTO outbox_v2 (seq, state, attempts, last_error, remote_id, uploaded_ms, server_at_ms, winner_device,
    winner_staff, winner_at_ms, confirmed_online, reason)
    SELECT seq, state, attempts, last_error, remote_id, uploaded_ms, server_at_ms, winner_device,
    winner_staff, winner_at_ms, confirmed_online, reason FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 'pending';
CREATE UNIQUE INDEX outbox_by_remote_id ON outbox (remote_id) WHERE remote_id IS NOT NULL;
CREATE UNIQUE INDEX outbox_by_upload_key ON outbox (upload_key) WHERE upload_key IS NOT NULL;

ALTER TABLE staff ADD COLUMN snapshot_gen INTEGER;
ALTER TABLE keys ADD COLUMN snapshot_gen INTEGER;
-- 1 when the last complete snapshot did not list the key: no longer trusted.
ALTER TABLE keys ADD COLUMN retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1));

-- The venue's device roster (cloud-api.md, "Device roster").
CREATE TABLE devices (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    active       INTEGER NOT NULL CHECK (active IN (0, 1)),
    x            BLOB CHECK (x IS NULL OR length(x) = 32),
    lan          TEXT NOT NULL DEFAULT '[]',
    snapshot_gen INTEGER,
    updated_ms   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    received_ms INTEGER NOT NULL,
    type        TEXT NOT NULL,
    entity_id   TEXT,
    reason      TEXT NOT NULL,
    raw         TEXT NOT NULL
);
CREATE INDEX quarantine_by_time ON quarantine (received_ms);

CREATE TABLE void_outbox (
    void_seq    INTEGER PRIMARY KEY NOT NULL REFERENCES ledger (seq),
    target_seq  INTEGER NOT NULL REFERENCES ledger (seq),
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'accepted', 'duplicate', 'rejected')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    reason      TEXT,
    answered_ms INTEGER
);
CREATE INDEX void_outbox_pending ON void_outbox (void_seq) WHERE state = 'pending';

CREATE TABLE outbox_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms      INTEGER NOT NULL,
    seq        INTEGER NOT NULL REFERENCES ledger (seq),
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL,
    actor      TEXT,
    note       TEXT
);
CREATE TRIGGER outbox_log_is_append_only BEFORE UPDATE ON outbox_log
BEGIN SELECT RAISE(ABORT, 'the outbox log is append-only'); END;
CREATE TRIGGER outbox_log_is_append_only_delete BEFORE DELETE ON outbox_log
BEGIN SELECT RAISE(ABORT, 'the outbox log is append-only'); END;
)sql";

// Version 3: a manager's review of a double pour (resolved, with a note: the History screen and
// the exports), and the scan log found by its ledger row (History shows which pours were typed).
constexpr const char *kMigration3 = R"sql(
CREATE TABLE conflict_reviews (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    seq      INTEGER NOT NULL REFERENCES ledger (seq),
    at_ms    INTEGER NOT NULL,
    staff_id TEXT NOT NULL,
    note     TEXT NOT NULL CHECK (length(trim(note)) > 0)
);
CREATE INDEX conflict_reviews_by_seq ON conflict_reviews (seq);
CREATE TRIGGER conflict_reviews_are_append_only BEFORE UPDATE ON conflict_reviews
BEGIN SELECT RAISE(ABORT, 'conflict reviews are append-only'); END;
CREATE TRIGGER conflict_reviews_are_append_only_delete BEFORE DELETE ON conflict_reviews
BEGIN SELECT RAISE(ABORT, 'conflict reviews are append-only'); END;
CREATE INDEX scan_log_by_ledger_seq ON scan_log (ledger_seq) WHERE ledger_seq IS NOT NULL;
)sql";

// Version 4: kiosks that talk to each other. This kiosk's own Ed25519 keys (cloud-api.md,
// "Device roster"), one per pairing, whose secret half never leaves the database (0600), and
// the signed records it shares with its peers and receives from them.
constexpr const char *kMigration4 = R"sql(
CREATE TABLE device_keys (
    device_id  TEXT PRIMARY KEY NOT NULL,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    secret_key BLOB NOT NULL CHECK (length(secret_key) = 64),
    created_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- Records shared with the venue's other kiosks (LAN peers): every local redemption and void,
-- numbered per device from 1 and signed with the device key, and every record a peer sent. The
-- body is kept byte for byte as signed, so it can be relayed and checked again anywhere.
-- `ledger_seq` is the ledger row the record is (ours) or became (a peer's); NULL for a void
-- whose target this kiosk has not seen.
CREATE TABLE shared_records (
    origin      TEXT NOT NULL,
    n           INTEGER NOT NULL CHECK (n > 0),
    body        BLOB NOT NULL,
    signature   BLOB NOT NULL CHECK (length(signature) = 64),
    record_key  TEXT NOT NULL, -- the idempotency key the record carries
    ledger_seq  INTEGER REFERENCES ledger (seq),
    -- 0: another kiosk's redemption this kiosk still has to relay to the cloud (so that a dead
    -- kiosk's pours arrive through its peers); 1: relayed and answered, or nothing to relay.
    relayed     INTEGER NOT NULL DEFAULT 1 CHECK (relayed IN (0, 1)),
    received_ms INTEGER NOT NULL,
    PRIMARY KEY (origin, n)
) WITHOUT ROWID;
CREATE INDEX shared_records_by_ledger_seq ON shared_records (ledger_seq) WHERE ledger_seq IS NOT NULL;
CREATE INDEX shared_records_by_key ON shared_records (record_key);
CREATE INDEX shared_records_to_relay ON shared_records (origin, n) WHERE relayed = 0;
CREATE TRIGGER shared_records_are_append_only BEFORE UPDATE OF origin, n, body, signature ON shared_records
BEGIN SELECT RAISE(ABORT, 'shared records are append-only'); END;
CREATE TRIGGER shared_records_are_append_only_delete BEFORE DELETE ON shared_records
BEGIN SELECT RAISE(ABORT, 'shared records are append-only'); END;
)sql";

#ifdef KIOSK_SCHEMA_PROBE
// Only in the package built for CI's upgrade test (-DKIOSK_SCHEMA_PROBE=ON): one more schema
// version, so that installing it over the shipped package runs a real migration (with its
// backup) on a database full of redemptions. Never in a shipped package.
constexpr const char *kMigrationProbe = R"sql(
CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
INSERT INTO upgrade_probe (note) VALUES ('schema migrated by the upgrade test package');
)sql";
constexpr std::array<const char *, 5> kMigrations{kMigration1, kMigration2, kMigration3, kMigration4, kMigrationProbe};
#else
constexpr std::array<const char *, 4> kMigrations{kMigration1, kMigration2, kMigration3, kMigration4};
#endif

} // namespace

int latestSchemaVersion()
{
    return static_cast<int>(kMigrations.size());
}

Status applyMigrations(SqliteDb &db, int from, int to)
{
    for (int v = from + 1; v <= to; ++v) {
        if (auto st = db.execScript(
                kMigrations[static_cast<size_t>(v - 1)], QStringLiteral("applying schema migration %1").arg(v));
            !st)
            return st;
    }
    // PRAGMA values cannot be bound; both are integers produced here, never input.
    const QByteArray pragmas = "PRAGMA user_version = " + QByteArray::number(to)
        + ";\nPRAGMA application_id = " + QByteArray::number(kApplicationId) + ";";
    return db.execScript(pragmas.constData(), QStringLiteral("recording the schema version"));
}

} // namespace kiosk
