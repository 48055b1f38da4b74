#include "ledger.h"

#include "sharedledger.h"

#include "sqlite_p.h"
#include "store.h"

#include <QRandomGenerator>

namespace kiosk {

namespace {

LedgerEntry readEntry(const SqlQuery &q, int first = 0)
{
    LedgerEntry e;
    e.seq = q.int64(first + 0);
    e.kind = q.text(first + 1) == QLatin1String("void") ? LedgerEntryKind::Void : LedgerEntryKind::Redeem;
    e.origin = q.text(first + 2) == QLatin1String("foreign") ? LedgerOrigin::Foreign : LedgerOrigin::Local;
    e.idempotencyKey = q.text(first + 3);
    e.remoteId = q.text(first + 4);
    e.targetSeq = q.optInt64(first + 5);
    e.orderId = q.text(first + 6);
    e.jti = q.text(first + 7);
    e.qrCode = q.text(first + 8);
    e.deviceId = q.text(first + 9);
    e.staffId = q.text(first + 10);
    e.atMs = q.int64(first + 11);
    e.recordedMs = q.int64(first + 12);
    e.verifiedBy = verifiedByFromCode(q.text(first + 13)).value_or(VerifiedBy::None);
    e.offline = q.int64(first + 14) != 0;
    e.recipient = q.text(first + 15);
    e.drinks = drinksFromJson(q.blob(first + 16));
    e.amount = q.optInt64(first + 17);
    e.currency = q.text(first + 18);
    e.reason = q.text(first + 19);
    return e;
}

QString originCode(LedgerOrigin o)
{
    return o == LedgerOrigin::Foreign ? QStringLiteral("foreign") : QStringLiteral("local");
}

Result<qint64> nextSeq(SqliteDb &db)
{
    // What AUTOINCREMENT will pick (the larger of the highest row and the highest number ever
    // used, which a restore raises past the replaced database's); we need it before the insert
    // to build the idempotency key.
    return db.scalar("SELECT max(coalesce((SELECT max(seq) FROM ledger), 0), "
                     "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ledger'), 0)) + 1");
}

} // namespace

QString formatIdempotencyKey(const QString &deviceId, qint64 seq, IdempotencyKind kind)
{
    // The sequence number makes keys readable; the random part (64 bits from the system's
    // generator) makes them unique for ever: a database restored from a backup, or copied to
    // another device, numbers new redemptions again from where the copy stopped.
    const quint64 r = QRandomGenerator::system()->generate64();
    return QStringLiteral("%1:%2%3-%4")
        .arg(deviceId, kind == IdempotencyKind::Void ? QStringLiteral("v:") : QString())
        .arg(seq, 6, 10, QLatin1Char('0'))
        .arg(r, 16, 16, QLatin1Char('0'));
}

Ledger::Ledger(Store &store)
    : m_store(store)
{ }

const QStringList &Ledger::historyStatuses()
{
    static const QStringList statuses{QStringLiteral("redeemed"), QStringLiteral("voided"), QStringLiteral("conflict"),
        QStringLiteral("rejected"), QStringLiteral("offline"), QStringLiteral("unsent"), QStringLiteral("local"),
        QStringLiteral("foreign"), QStringLiteral("typed"), QStringLiteral("scanned")};
    return statuses;
}

Result<std::optional<PreviousRedemption>> Ledger::liveRedemption(const QString &orderId, const QString &jti)
{
    auto &db = m_store.db();
    // Two indexed probes instead of one OR: each uses its own index.
    const char *byOrder = "SELECT r.seq, r.at_ms, r.device_id, r.staff_id, s.name, r.origin, d.name FROM ledger r "
                          "LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN devices d ON d.id = r.device_id "
                          "WHERE r.entry = 'redeem' AND r.order_id = ?1 AND NOT EXISTS "
                          "(SELECT 1 FROM ledger v WHERE v.entry = 'void' AND v.target_seq = r.seq) "
                          "ORDER BY r.at_ms, r.seq LIMIT 1";
    const char *byJti = "SELECT r.seq, r.at_ms, r.device_id, r.staff_id, s.name, r.origin, d.name FROM ledger r "
                        "LEFT JOIN staff s ON s.id = r.staff_id LEFT JOIN devices d ON d.id = r.device_id "
                        "WHERE r.entry = 'redeem' AND r.jti = ?1 AND NOT EXISTS "
                        "(SELECT 1 FROM ledger v WHERE v.entry = 'void' AND v.target_seq = r.seq) "
                        "ORDER BY r.at_ms, r.seq LIMIT 1";
    for (const auto &[sql, value] : {std::pair{byOrder, orderId}, std::pair{byJti, jti}}) {
        if (value.isEmpty())
            continue;
        auto q = db.prepare(sql);
        if (!q)
            return q.error();
        q->bind(1, value);
        auto row = q->next();
        if (!row)
            return row.error();
        if (*row) {
            PreviousRedemption p;
            p.seq = q->int64(0);
            p.atMs = q->int64(1);
            p.deviceId = q->text(2);
            p.staffId = q->text(3);
            p.staffName = q->text(4);
            p.local = q->text(5) == QLatin1String("local");
            p.deviceName = q->text(6);
            return std::optional<PreviousRedemption>(p);
        }
    }
    return std::optional<PreviousRedemption>();
}

Result<LedgerEntry> Ledger::appendLocalRedemption(const RedemptionDraft &d, const QString &deviceId, qint64 recordedMs)
{
    auto &db = m_store.db();
    auto seq = nextSeq(db);
    if (!seq)
        return seq.error();
    auto gen = db.prepare("SELECT count(*) FROM ledger WHERE entry = 'redeem' AND origin = 'local' AND order_id = ?1");
    if (!gen)
        return gen.error();
    gen->bind(1, d.orderId);
    if (auto row = gen->next(); !row)
        return row.error();
    const qint64 generation = gen->int64(0);

    LedgerEntry e;
    e.seq = *seq;
    e.kind = LedgerEntryKind::Redeem;
    e.origin = LedgerOrigin::Local;
    e.idempotencyKey = formatIdempotencyKey(deviceId, *seq);
    e.orderId = d.orderId;
    e.jti = d.jti;
    e.qrCode = d.qrCode;
    e.deviceId = deviceId;
    e.staffId = d.staffId;
    e.atMs = d.atMs;
    e.recordedMs = recordedMs;
    e.verifiedBy = d.verifiedBy;
    e.offline = true; // until the cloud confirms it (outbox.confirmed_online)
    e.recipient = d.recipient;
    e.drinks = d.drinks;
    e.amount = d.amount;
    e.currency = d.currency;

    auto ins = db.prepare("INSERT INTO ledger (seq, entry, origin, idempotency_key, order_id, jti, qr_code, "
                          "device_id, staff_id, at_ms, recorded_ms, verified_by, generation, recipient, "
                          "drinks, amount, currency) VALUES (?1, 'redeem', 'local', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                          "?10, ?11, ?12, ?13, ?14, ?15)");
    if (!ins)
        return ins.error();
    ins->bind(1, e.seq)
        .bind(2, e.idempotencyKey)
        .bind(3, e.orderId)
        .bind(4, e.jti.isEmpty() ? QString() : e.jti)
        .bind(5, e.qrCode.isEmpty() ? QString() : e.qrCode)
        .bind(6, e.deviceId)
        .bind(7, e.staffId.isEmpty() ? QString() : e.staffId)
        .bind(8, e.atMs)
        .bind(9, e.recordedMs)
        .bind(10, verifiedByCode(e.verifiedBy))
        .bind(11, generation)
        .bind(12, e.recipient)
        .bindUtf8(13, drinksToJson(e.drinks))
        .bind(14, e.amount)
        .bind(15, e.currency);
    if (auto st = ins->exec(); !st)
        return st.error();
    auto out = db.prepare("INSERT INTO outbox (seq, state) VALUES (?1, 'pending')");
    if (!out)
        return out.error();
    if (auto st = out->bind(1, e.seq).exec(); !st)
        return st.error();
    // Signed for the venue's other kiosks in the same transaction: a pour is never recorded
    // without its record.
    if (auto shared = SharedLedger(m_store).shareLocal(e, QString(), QString(), recordedMs); !shared)
        return shared.error();
    return e;
}

Result<LedgerEntry> Ledger::appendForeignRedemption(const LedgerEntry &in, qint64 recordedMs)
{
    auto &db = m_store.db();
    auto seq = nextSeq(db);
    if (!seq)
        return seq.error();
    LedgerEntry e = in;
    e.seq = *seq;
    e.kind = LedgerEntryKind::Redeem;
    e.origin = LedgerOrigin::Foreign;
    // A row from the cloud's feed is known by its remote id; one a peer sent, by the key its
    // maker gave it.
    e.idempotencyKey = in.remoteId.isEmpty() ? in.idempotencyKey : QStringLiteral("foreign:") + in.remoteId;
    if (e.idempotencyKey.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a foreign redemption needs its id or its key"));
    e.recordedMs = recordedMs;
    auto ins = db.prepare("INSERT INTO ledger (seq, entry, origin, idempotency_key, remote_id, order_id, jti, "
                          "device_id, staff_id, at_ms, recorded_ms) "
                          "VALUES (?1, 'redeem', 'foreign', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!ins)
        return ins.error();
    ins->bind(1, e.seq)
        .bind(2, e.idempotencyKey)
        .bind(3, e.remoteId.isEmpty() ? QString() : e.remoteId)
        .bind(4, e.orderId)
        .bind(5, e.jti.isEmpty() ? QString() : e.jti)
        .bind(6, e.deviceId)
        .bind(7, e.staffId.isEmpty() ? QString() : e.staffId)
        .bind(8, e.atMs)
        .bind(9, e.recordedMs);
    if (auto st = ins->exec(); !st)
        return st.error();
    return e;
}

Result<qint64> Ledger::appendVoid(qint64 targetSeq, LedgerOrigin origin, const QString &idempotencyKey,
    const QString &deviceId, const QString &staffId, const QString &reason, qint64 atMs, qint64 recordedMs)
{
    auto &db = m_store.db();
    auto seq = nextSeq(db);
    if (!seq)
        return seq.error();
    auto target = entry(targetSeq);
    if (!target)
        return target.error();
    if (!*target || (*target)->kind != LedgerEntryKind::Redeem)
        return makeError(ErrorCode::NotFound, QStringLiteral("no redemption #%1 to void").arg(targetSeq));
    auto ins = db.prepare("INSERT INTO ledger (seq, entry, origin, idempotency_key, target_seq, order_id, jti, "
                          "device_id, staff_id, at_ms, recorded_ms, reason) "
                          "VALUES (?1, 'void', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!ins)
        return ins.error();
    const QString key
        = idempotencyKey.isEmpty() ? formatIdempotencyKey(deviceId, *seq, IdempotencyKind::Void) : idempotencyKey;
    ins->bind(1, *seq)
        .bind(2, originCode(origin))
        .bind(3, key)
        .bind(4, targetSeq)
        .bind(5, (*target)->orderId)
        .bind(6, (*target)->jti.isEmpty() ? QString() : (*target)->jti)
        .bind(7, deviceId)
        .bind(8, staffId.isEmpty() ? QString() : staffId)
        .bind(9, atMs)
        .bind(10, recordedMs)
        .bind(11, reason);
    if (auto st = ins->exec(); !st)
        return st.error();
    return *seq;
}

Result<qint64> Ledger::voidRedemption(qint64 seq, const QString &staffId, const QString &reason, qint64 nowMs)
{
    if (reason.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a void needs a reason"));
    auto &db = m_store.db();
    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    auto existing = voidOf(seq);
    if (!existing)
        return existing.error();
    if (*existing)
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("redemption #%1 is already voided").arg(seq));
    auto device = m_store.deviceId();
    if (!device)
        return device.error();
    auto voidSeq = appendVoid(seq, LedgerOrigin::Local, QString(), *device, staffId, reason.trimmed(), nowMs, nowMs);
    if (!voidSeq)
        return voidSeq.error();
    {
        auto made = entry(*voidSeq);
        auto target = entry(seq);
        if (!made || !target)
            return !made ? made.error() : target.error();
        if (auto shared = SharedLedger(m_store).shareLocal(**made, (*target)->idempotencyKey, reason.trimmed(), nowMs);
            !shared)
            return shared.error();
    }
    // Where the redemption stands decides what the void does upstream, in the same transaction:
    // one that has not left the kiosk is never uploaded ('voided' is terminal); one the cloud
    // accepted gets a void to send; one it refused (conflict, rejected) needs nothing.
    auto stop = db.prepare("UPDATE outbox SET state = 'voided' WHERE seq = ?1 AND state = 'pending'");
    if (!stop)
        return stop.error();
    if (auto st = stop->bind(1, seq).exec(); !st)
        return st.error();
    auto send = db.prepare("INSERT INTO void_outbox (void_seq, target_seq) SELECT ?1, seq FROM outbox "
                           "WHERE seq = ?2 AND state IN ('accepted', 'duplicate')");
    if (!send)
        return send.error();
    if (auto st = send->bind(1, *voidSeq).bind(2, seq).exec(); !st)
        return st.error();
    if (auto st = txn->commit(); !st)
        return st.error();
    return *voidSeq;
}

Status Ledger::appendScan(const ScanRecord &s, const QString &deviceId)
{
    auto q = m_store.db().prepare("INSERT INTO scan_log (at_ms, device_id, staff_id, source, form, fingerprint, "
                                  "reason, detail, order_id, jti, ledger_seq) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!q)
        return q.error();
    return q->bind(1, s.atMs)
        .bind(2, deviceId)
        .bind(3, s.staffId.isEmpty() ? QString() : s.staffId)
        .bind(4, s.source)
        .bind(5, s.form)
        .bind(6, s.fingerprint)
        .bind(7, s.reason)
        .bind(8, s.detail.isEmpty() ? QString() : s.detail)
        .bind(9, s.orderId.isEmpty() ? QString() : s.orderId)
        .bind(10, s.jti.isEmpty() ? QString() : s.jti)
        .bind(11, s.ledgerSeq)
        .exec();
}

Result<std::optional<LedgerEntry>> Ledger::entry(qint64 seq)
{
    auto q = m_store.db().prepare(
        "SELECT seq, entry, origin, idempotency_key, remote_id, target_seq, order_id, jti, "
        "qr_code, device_id, staff_id, at_ms, recorded_ms, verified_by, "
        "CASE WHEN origin = 'local' AND entry = 'redeem' THEN coalesce((SELECT 1 - o.confirmed_online FROM "
        "outbox o WHERE o.seq = ledger.seq), 1) ELSE 0 END, "
        "recipient, drinks, amount, currency, reason FROM ledger WHERE seq = ?1");
    if (!q)
        return q.error();
    q->bind(1, seq);
    auto row = q->next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<LedgerEntry>();
    return std::optional<LedgerEntry>(readEntry(*q));
}

Result<QList<LedgerEntry>> Ledger::liveRedemptions(const QString &orderId, const QString &jti)
{
    auto q = m_store.db().prepare(
        "SELECT r.seq FROM ledger r WHERE r.entry = 'redeem' AND (r.order_id = ?1 OR (?2 <> '' AND r.jti = ?2)) "
        "AND NOT EXISTS (SELECT 1 FROM ledger v WHERE v.entry = 'void' AND v.target_seq = r.seq) ORDER BY r.seq");
    if (!q)
        return q.error();
    q->bind(1, orderId).bind(2, jti.isNull() ? QStringLiteral("") : jti);
    QList<qint64> seqs;
    if (auto st = q->forEachRow([&](const SqlQuery &row) { seqs.append(row.int64(0)); }); !st)
        return st.error();
    QList<LedgerEntry> out;
    for (qint64 seq : seqs) {
        auto e = entry(seq);
        if (!e)
            return e.error();
        if (*e)
            out.append(**e);
    }
    return out;
}

Result<std::optional<qint64>> Ledger::voidOf(qint64 seq)
{
    auto q = m_store.db().prepare("SELECT seq FROM ledger WHERE entry = 'void' AND target_seq = ?1");
    if (!q)
        return q.error();
    q->bind(1, seq);
    auto row = q->next();
    if (!row)
        return row.error();
    return *row ? std::optional<qint64>(q->int64(0)) : std::nullopt;
}

Result<QList<HistoryRow>> Ledger::history(const HistoryFilter &f)
{
    if (!f.status.isEmpty() && !historyStatuses().contains(f.status))
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("unknown status '%1' (expected one of: %2)")
                .arg(f.status, historyStatuses().join(QLatin1String(", "))));
    auto q = m_store.db().prepare(
        "SELECT * FROM ("
        " SELECT r.seq, r.entry, r.origin, r.idempotency_key, r.remote_id, r.target_seq, r.order_id, r.jti, "
        "  r.qr_code, r.device_id, r.staff_id, r.at_ms, r.recorded_ms, r.verified_by, "
        "  CASE WHEN r.origin = 'local' THEN 1 - coalesce(o.confirmed_online, 0) ELSE 0 END AS offline, "
        // Other kiosks' redemptions arrive without order details: take them from the cache.
        "  coalesce(r.recipient, ord.recipient), coalesce(r.drinks, ord.drinks), coalesce(r.amount, ord.amount), "
        "  coalesce(r.currency, ord.currency), r.reason, "
        "  s.name, v.at_ms, v.reason, v.staff_id, o.state, o.uploaded_ms, o.winner_device, o.winner_staff, "
        "  o.winner_at_ms, o.reason, "
        "  CASE WHEN v.seq IS NOT NULL THEN 'voided' WHEN o.state = 'conflict' THEN 'conflict' "
        "       WHEN o.state = 'rejected' THEN 'rejected' ELSE 'redeemed' END AS status, "
        "  CASE WHEN v.seq IS NULL OR v.origin = 'foreign' THEN NULL WHEN o.state = 'voided' THEN 'not-uploaded' "
        "       WHEN vo.state = 'pending' THEN 'pending' WHEN vo.state IN ('accepted', 'duplicate') THEN 'sent' "
        "       WHEN vo.state = 'rejected' THEN 'refused' ELSE NULL END AS void_sync, vo.reason, vo.last_error, "
        "  EXISTS (SELECT 1 FROM scan_log sl WHERE sl.ledger_seq = r.seq AND sl.source = 'manual') AS typed, "
        "  cr.note, cr.staff_id, cr.at_ms, dv.name "
        " FROM ledger r "
        " LEFT JOIN ledger v ON v.entry = 'void' AND v.target_seq = r.seq "
        " LEFT JOIN void_outbox vo ON vo.void_seq = v.seq "
        " LEFT JOIN outbox o ON o.seq = r.seq "
        " LEFT JOIN staff s ON s.id = r.staff_id "
        " LEFT JOIN devices dv ON dv.id = r.device_id "
        " LEFT JOIN orders ord ON ord.id = r.order_id "
        " LEFT JOIN conflict_reviews cr ON cr.id = (SELECT max(id) FROM conflict_reviews WHERE seq = r.seq) "
        " WHERE r.entry = 'redeem' AND (?1 IS NULL OR r.at_ms >= ?1) AND (?2 IS NULL OR r.at_ms < ?2)"
        ") WHERE ?3 IS NULL OR status = ?3 OR (?3 = 'offline' AND offline = 1) "
        "   OR (?3 = 'unsent' AND state = 'pending') OR (?3 = 'local' AND origin = 'local') "
        "   OR (?3 = 'foreign' AND origin = 'foreign') OR (?3 = 'typed' AND typed = 1) "
        "   OR (?3 = 'scanned' AND typed = 0 AND origin = 'local') "
        "ORDER BY at_ms DESC, seq DESC LIMIT ?4");
    if (!q)
        return q.error();
    q->bind(1, f.fromMs).bind(2, f.toMs).bind(3, f.status.isEmpty() ? QString() : f.status).bind(4, f.limit);
    QList<HistoryRow> rows;
    const Status st = q->forEachRow([&](const SqlQuery &r) {
        HistoryRow h;
        h.entry = readEntry(r);
        h.staffName = r.text(20);
        h.voidedAtMs = r.optInt64(21);
        h.voidReason = r.text(22);
        h.voidedBy = r.text(23);
        h.syncState = r.text(24);
        h.uploadedMs = r.optInt64(25);
        h.winnerDevice = r.text(26);
        h.winnerStaff = r.text(27);
        h.winnerAtMs = r.optInt64(28);
        h.rejectReason = r.text(29);
        h.status = r.text(30);
        h.voidSync = r.text(31);
        h.voidSyncReason = r.isNull(32) ? r.text(33) : r.text(32);
        h.typed = r.int64(34) != 0;
        h.reviewNote = r.text(35);
        h.reviewedBy = r.text(36);
        h.reviewedAtMs = r.optInt64(37);
        h.deviceName = r.text(38);
        rows.append(std::move(h));
    });
    if (!st)
        return st.error();
    return rows;
}

Status Ledger::reviewConflict(qint64 seq, const QString &staffId, const QString &note, qint64 atMs)
{
    const QString text = note.trimmed();
    if (text.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a review needs a note"));
    if (text.size() > 500)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a review note is at most 500 characters"));
    auto q = m_store.db().prepare("SELECT o.state FROM ledger r JOIN outbox o ON o.seq = r.seq "
                                  "WHERE r.seq = ?1 AND r.entry = 'redeem'");
    if (!q)
        return q.error();
    q->bind(1, seq);
    auto row = q->next();
    if (!row)
        return row.error();
    if (!*row || q->text(0) != QLatin1String("conflict"))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("redemption %1 is not a double pour").arg(seq));
    auto insert
        = m_store.db().prepare("INSERT INTO conflict_reviews (seq, at_ms, staff_id, note) VALUES (?1, ?2, ?3, ?4)");
    if (!insert)
        return insert.error();
    insert->bind(1, seq).bind(2, atMs).bind(3, staffId).bind(4, text);
    return insert->exec();
}

Result<QList<ScanLogRow>> Ledger::scans(std::optional<qint64> fromMs, std::optional<qint64> toMs, int limit)
{
    auto q = m_store.db().prepare("SELECT id, at_ms, device_id, staff_id, source, form, fingerprint, reason, detail, "
                                  "order_id, jti, ledger_seq FROM scan_log "
                                  "WHERE (?1 IS NULL OR at_ms >= ?1) AND (?2 IS NULL OR at_ms < ?2) "
                                  "ORDER BY at_ms DESC, id DESC LIMIT ?3");
    if (!q)
        return q.error();
    q->bind(1, fromMs).bind(2, toMs).bind(3, limit);
    QList<ScanLogRow> rows;
    const Status st = q->forEachRow([&](const SqlQuery &r) {
        ScanLogRow row;
        row.id = r.int64(0);
        row.scan.atMs = r.int64(1);
        row.deviceId = r.text(2);
        row.scan.staffId = r.text(3);
        row.scan.source = r.text(4);
        row.scan.form = r.text(5);
        row.scan.fingerprint = r.text(6);
        row.scan.reason = r.text(7);
        row.scan.detail = r.text(8);
        row.scan.orderId = r.text(9);
        row.scan.jti = r.text(10);
        row.scan.ledgerSeq = r.optInt64(11);
        rows.append(std::move(row));
    });
    if (!st)
        return st.error();
    return rows;
}

} // namespace kiosk
