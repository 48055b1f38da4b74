#include "sharedledger.h"

#include "devicekey.h"
#include "sqlite_p.h"
#include "store.h"

namespace kiosk {

namespace {

Error refused(const QString &why)
{
    return Error{ErrorCode::InvalidArgument, QStringLiteral("peer record refused: %1").arg(why)};
}

Result<qint64> highestHeld(SqliteDb &db, const QString &origin)
{
    auto q = db.prepare("SELECT coalesce(max(n), 0) FROM shared_records WHERE origin = ?1");
    if (!q)
        return q.error();
    q->bind(1, origin);
    if (auto row = q->next(); !row)
        return row.error();
    return q->int64(0);
}

Status storeRecord(SqliteDb &db, const PeerRecord &record, const SignedPeerRecord &r, std::optional<qint64> ledgerSeq,
    qint64 nowMs, bool toRelay = false)
{
    auto ins
        = db.prepare("INSERT INTO shared_records (origin, n, body, signature, record_key, ledger_seq, received_ms, "
                     "relayed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!ins)
        return ins.error();
    return ins->bind(1, record.deviceId)
        .bind(2, record.n)
        .bindBlob(3, r.body)
        .bindBlob(4, r.signature)
        .bind(5, record.key)
        .bind(6, ledgerSeq)
        .bind(7, nowMs)
        .bind(8, toRelay ? 0 : 1)
        .exec();
}

// The ledger row a redemption's key stands for: a row with that key (made here, or a peer's),
// or the row a held record of that key became (the cloud's copy of a peer's redemption).
Result<std::optional<qint64>> ledgerSeqOfKey(SqliteDb &db, const QString &key)
{
    auto q
        = db.prepare("SELECT seq FROM ledger WHERE idempotency_key = ?1 UNION ALL "
                     "SELECT ledger_seq FROM shared_records WHERE record_key = ?1 AND ledger_seq IS NOT NULL LIMIT 1");
    if (!q)
        return q.error();
    q->bind(1, key);
    auto row = q->next();
    if (!row)
        return row.error();
    return *row ? std::optional<qint64>(q->int64(0)) : std::nullopt;
}

// The cloud's copy of a redemption a peer made (the feed delivers it as the maker's row, known by
// the cloud's id): the same device, order and time.
Result<std::optional<qint64>> cloudCopyOf(SqliteDb &db, const PeerRecord &r)
{
    auto q
        = db.prepare("SELECT seq FROM ledger WHERE origin = 'foreign' AND entry = 'redeem' AND remote_id IS NOT NULL "
                     "AND device_id = ?1 AND order_id = ?2 AND at_ms = ?3 LIMIT 1");
    if (!q)
        return q.error();
    q->bind(1, r.deviceId).bind(2, r.orderId).bind(3, r.atMs);
    auto row = q->next();
    if (!row)
        return row.error();
    return *row ? std::optional<qint64>(q->int64(0)) : std::nullopt;
}

} // namespace

SharedLedger::SharedLedger(Store &store)
    : m_store(store)
    , m_ledger(store)
{ }

Result<std::optional<SignedPeerRecord>> SharedLedger::shareLocal(
    const LedgerEntry &entry, const QString &targetKey, const QString &reason, qint64 nowMs)
{
    auto key = loadDeviceKey(m_store, entry.deviceId);
    if (!key)
        return key.error();
    if (!*key)
        return std::optional<SignedPeerRecord>();
    auto venue = m_store.venueId();
    if (!venue)
        return venue.error();
    auto &db = m_store.db();
    auto have = highestHeld(db, entry.deviceId);
    if (!have)
        return have.error();
    PeerRecord r;
    r.venueId = *venue;
    r.deviceId = entry.deviceId;
    r.n = *have + 1;
    r.kind = entry.kind == LedgerEntryKind::Void ? PeerRecord::Kind::Void : PeerRecord::Kind::Redeem;
    r.key = entry.idempotencyKey;
    r.orderId = entry.orderId;
    r.jti = entry.jti;
    r.atMs = entry.atMs;
    r.staffId = entry.staffId;
    if (r.kind == PeerRecord::Kind::Void) {
        r.target = targetKey;
        r.reason = reason.left(kMaxVoidReasonChars);
    }
    const SignedPeerRecord signedRecord = signPeerRecord(r, **key);
    if (auto st = storeRecord(db, r, signedRecord, entry.seq, nowMs); !st)
        return st.error();
    return std::optional<SignedPeerRecord>(signedRecord);
}

Result<QList<HeldRecord>> SharedLedger::toRelay(int limit)
{
    auto q = m_store.db().prepare(
        "SELECT origin, n, body, signature FROM shared_records WHERE relayed = 0 ORDER BY origin, n");
    if (!q)
        return q.error();
    struct Pending
    {
        HeldRecord held;
        PeerRecord record;
        bool withdrawn = false;
    };
    QList<Pending> pending;
    QHash<QString, qsizetype> byKey; // a redemption's key -> its index in `pending`
    if (auto st = q->forEachRow([&](const SqlQuery &row) {
            HeldRecord h{row.text(0), row.int64(1), SignedPeerRecord{row.blob(2), row.blob(3)}};
            auto r = decodePeerRecord(h.record.body); // stored after its check: always decodes
            if (!r)
                return;
            if (r->kind == PeerRecord::Kind::Redeem)
                byKey.insert(r->key, pending.size());
            pending.append(Pending{std::move(h), *r});
        });
        !st)
        return st.error();
    // A redemption whose void is here too, neither yet relayed: the redemption is not sent. Its
    // maker withdrew it, and sends neither if the cloud never had it (cloud-api.md, "Voids").
    // The void is sent all the same: if another kiosk relayed the redemption before the void was
    // made, the cloud voids it; if nobody did, the cloud answers unknown_target, which is final
    // for a relay. Sending the redemption first would credit a withdrawn pour for a moment, or
    // flag a race that was settled on the spot as a conflict.
    for (const Pending &p : pending) {
        if (p.record.kind != PeerRecord::Kind::Void)
            continue;
        const auto it = byKey.constFind(p.record.target);
        if (it != byKey.cend())
            pending[*it].withdrawn = true;
    }
    QList<HeldRecord> out;
    QList<const HeldRecord *> withdrawn;
    for (const Pending &p : pending) {
        if (p.withdrawn)
            withdrawn.append(&p.held);
        else if (out.size() < limit)
            out.append(p.held);
    }
    if (withdrawn.isEmpty())
        return out;
    auto txn = SqlTransaction::begin(m_store.db(), SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    for (const HeldRecord *h : std::as_const(withdrawn)) {
        if (auto st = markRelayed(h->origin, h->n); !st)
            return st.error();
    }
    if (auto st = txn->commit(); !st)
        return st.error();
    return out;
}

Status SharedLedger::markRelayed(const QString &origin, qint64 n)
{
    auto q = m_store.db().prepare("UPDATE shared_records SET relayed = 1 WHERE origin = ?1 AND n = ?2");
    if (!q)
        return q.error();
    return q->bind(1, origin).bind(2, n).exec();
}

Result<VersionVector> SharedLedger::versionVector()
{
    auto q = m_store.db().prepare("SELECT origin, max(n) FROM shared_records GROUP BY origin");
    if (!q)
        return q.error();
    VersionVector v;
    if (auto st = q->forEachRow([&](const SqlQuery &row) { v.insert(row.text(0), row.int64(1)); }); !st)
        return st.error();
    return v;
}

Result<QList<HeldRecord>> SharedLedger::recordsAfter(const QString &origin, qint64 afterN, int limit)
{
    auto q = m_store.db().prepare(
        "SELECT n, body, signature FROM shared_records WHERE origin = ?1 AND n > ?2 ORDER BY n LIMIT ?3");
    if (!q)
        return q.error();
    q->bind(1, origin).bind(2, afterN).bind(3, limit);
    QList<HeldRecord> out;
    if (auto st = q->forEachRow([&](const SqlQuery &row) {
            out.append(HeldRecord{origin, row.int64(0), SignedPeerRecord{row.blob(1), row.blob(2)}});
        });
        !st)
        return st.error();
    return out;
}

Result<QList<HeldRecord>> SharedLedger::missingFrom(const VersionVector &theirs, int limit)
{
    auto mine = versionVector();
    if (!mine)
        return mine.error();
    QList<HeldRecord> out;
    for (auto it = mine->cbegin(); it != mine->cend() && out.size() < limit; ++it) {
        const qint64 known = theirs.value(it.key(), 0);
        if (known >= it.value())
            continue;
        auto more = recordsAfter(it.key(), known, limit - int(out.size()));
        if (!more)
            return more.error();
        out.append(*more);
    }
    return out;
}

Result<AcceptedRecord> SharedLedger::accept(const SignedPeerRecord &signedRecord, qint64 nowMs)
{
    // Who claims to have made it, before any work on the signature.
    auto claimed = decodePeerRecord(signedRecord.body);
    if (!claimed)
        return claimed.error();
    auto venue = m_store.venueId();
    auto self = m_store.deviceId();
    if (!venue)
        return venue.error();
    if (!self)
        return self.error();
    if (claimed->venueId != *venue)
        return refused(QStringLiteral("it belongs to venue %1, this kiosk to %2").arg(claimed->venueId, *venue));

    auto &db = m_store.db();
    QByteArray publicKey;
    if (claimed->deviceId == *self) {
        auto own = loadDeviceKey(m_store, *self);
        if (!own)
            return own.error();
        if (*own)
            publicKey = (*own)->publicKey;
    } else {
        auto roster = m_store.activeDeviceKey(claimed->deviceId);
        if (!roster)
            return roster.error();
        publicKey = *roster;
    }
    if (publicKey.isEmpty())
        return refused(
            QStringLiteral("%1 is not an active device of this venue with a known key").arg(claimed->deviceId));
    auto verified = verifyPeerRecord(signedRecord, publicKey);
    if (!verified)
        return verified.error();
    const PeerRecord &r = *verified;

    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    AcceptedRecord out;
    out.record = r;
    auto have = highestHeld(db, r.deviceId);
    if (!have)
        return have.error();
    out.have = *have;
    if (r.n <= *have) {
        auto q = db.prepare("SELECT body, signature, ledger_seq FROM shared_records WHERE origin = ?1 AND n = ?2");
        if (!q)
            return q.error();
        q->bind(1, r.deviceId).bind(2, r.n);
        if (auto row = q->next(); !row)
            return row.error();
        if (q->blob(0) != signedRecord.body)
            return refused(QStringLiteral("%1 already signed another record number %2 (a forger, or a kiosk "
                                          "restored from an old backup)")
                               .arg(r.deviceId)
                               .arg(r.n));
        out.outcome = AcceptedRecord::Outcome::AlreadyHeld;
        out.ledgerSeq = q->optInt64(2);
        return out;
    }
    if (r.n > *have + 1) {
        out.outcome = AcceptedRecord::Outcome::Gap;
        return out;
    }

    if (r.kind == PeerRecord::Kind::Redeem) {
        auto known = ledgerSeqOfKey(db, r.key);
        if (!known)
            return known.error();
        auto copy = *known ? Result<std::optional<qint64>>(std::nullopt) : cloudCopyOf(db, r);
        if (!copy)
            return copy.error();
        if (*known) {
            out.ledgerSeq = *known; // already in the ledger (our own row, restored)
        } else if (*copy) {
            out.ledgerSeq = *copy; // the feed brought it first: one redemption, one row
        } else {
            auto clash = m_ledger.liveRedemption(r.orderId, r.jti);
            if (!clash)
                return clash.error();
            if (*clash && (*clash)->deviceId != r.deviceId)
                out.clash = *clash;
            LedgerEntry e;
            e.idempotencyKey = r.key;
            e.orderId = r.orderId;
            e.jti = r.jti;
            e.deviceId = r.deviceId;
            e.staffId = r.staffId;
            e.atMs = r.atMs;
            auto row = m_ledger.appendForeignRedemption(e, nowMs);
            if (!row)
                return row.error();
            out.ledgerSeq = row->seq;
        }
    } else {
        auto target = ledgerSeqOfKey(db, r.target);
        if (!target)
            return target.error();
        auto already = ledgerSeqOfKey(db, r.key);
        if (!already)
            return already.error();
        if (*already) {
            out.ledgerSeq = *already;
        } else if (*target) {
            auto voided = m_ledger.voidOf(**target);
            if (!voided)
                return voided.error();
            if (!*voided) {
                auto v = m_ledger.appendVoid(
                    **target, LedgerOrigin::Foreign, r.key, r.deviceId, r.staffId, r.reason, r.atMs, nowMs);
                if (!v)
                    return v.error();
                out.ledgerSeq = *v;
            }
        }
    }
    // Another kiosk's redemptions and voids go to the cloud from here too: its maker may be gone.
    const bool toRelay = r.deviceId != *self;
    if (auto st = storeRecord(db, r, signedRecord, out.ledgerSeq, nowMs, toRelay); !st)
        return st.error();
    if (auto st = txn->commit(); !st)
        return st.error();
    out.outcome = AcceptedRecord::Outcome::Applied;
    out.have = r.n;
    return out;
}

} // namespace kiosk
