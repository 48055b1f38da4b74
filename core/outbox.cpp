#include "outbox.h"

#include "sqlite_p.h"
#include "store.h"

namespace kiosk {

namespace {
// Oldest first; ?2 narrows it to one redemption.
constexpr const char *kPendingSql = "SELECT l.seq, coalesce(o.upload_key, l.idempotency_key), l.order_id, l.jti, "
                                    "l.qr_code, l.staff_id, l.at_ms, l.verified_by, "
                                    "o.attempts FROM outbox o JOIN ledger l ON l.seq = o.seq WHERE o.state = 'pending' "
                                    "AND (?2 IS NULL OR o.seq = ?2) ORDER BY o.seq LIMIT ?1";

OutboxItem readItem(const SqlQuery &q)
{
    OutboxItem i;
    i.seq = q.int64(0);
    i.idempotencyKey = q.text(1);
    i.orderId = q.text(2);
    i.jti = q.text(3);
    i.qrCode = q.text(4);
    i.staffId = q.text(5);
    i.atMs = q.int64(6);
    i.verifiedBy = verifiedByFromCode(q.text(7)).value_or(VerifiedBy::None);
    i.attempts = static_cast<int>(q.int64(8));
    return i;
}
} // namespace

QString uploadStatusCode(UploadStatus s)
{
    switch (s) {
    case UploadStatus::Accepted:
        return QStringLiteral("accepted");
    case UploadStatus::Duplicate:
        return QStringLiteral("duplicate");
    case UploadStatus::Conflict:
        return QStringLiteral("conflict");
    case UploadStatus::Rejected:
        break;
    }
    return QStringLiteral("rejected");
}

std::optional<UploadStatus> uploadStatusFromCode(QStringView code)
{
    for (auto s : {UploadStatus::Accepted, UploadStatus::Duplicate, UploadStatus::Conflict, UploadStatus::Rejected}) {
        if (code == uploadStatusCode(s))
            return s;
    }
    return std::nullopt;
}

Outbox::Outbox(Store &store)
    : m_store(store)
{ }

Result<QList<OutboxItem>> Outbox::pendingImpl(int limit, std::optional<qint64> seq)
{
    auto q = m_store.db().prepare(kPendingSql);
    if (!q)
        return q.error();
    q->bind(1, limit).bind(2, seq);
    QList<OutboxItem> items;
    if (auto st = q->forEachRow([&](const SqlQuery &r) { items.append(readItem(r)); }); !st)
        return st.error();
    return items;
}

Result<QList<OutboxItem>> Outbox::pending(int limit)
{
    return pendingImpl(limit, std::nullopt);
}

Result<std::optional<OutboxItem>> Outbox::pendingItem(qint64 seq)
{
    auto items = pendingImpl(1, seq);
    if (!items)
        return items.error();
    return items->isEmpty() ? std::nullopt : std::optional<OutboxItem>(items->first());
}

Result<UploadSummary> Outbox::applyResults(const QList<UploadResult> &results, qint64 nowMs, bool confirmedOnline)
{
    auto &db = m_store.db();
    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    UploadSummary summary;
    for (const auto &r : results) {
        std::optional<qint64> seq;
        QString previousState;
        {
            // The key a requeued item was sent under, or the ledger row's own.
            auto find = db.prepare("SELECT seq, state FROM outbox WHERE upload_key = ?1 UNION ALL "
                                   "SELECT o.seq, o.state FROM ledger l JOIN outbox o ON o.seq = l.seq "
                                   "WHERE l.idempotency_key = ?1 LIMIT 1");
            if (!find)
                return find.error();
            find->bind(1, r.idempotencyKey);
            auto row = find->next();
            if (!row)
                return row.error();
            if (*row) {
                seq = find->int64(0);
                previousState = find->text(1);
            }
        }
        if (!seq) {
            summary.unknown++;
            continue;
        }
        const bool ok = r.status == UploadStatus::Accepted || r.status == UploadStatus::Duplicate;
        // Only an accepted redemption is ours in the cloud. A conflict answer names the winner's
        // redemption: linking that id here would hide the winner's row when the feed brings it.
        const QString remoteId = ok ? r.redemptionId : QString();
        if (!remoteId.isEmpty()) {
            // The upload answer is authoritative for the cloud id; a feed echo may have linked it
            // to another row of the same order.
            auto unlink = db.prepare("UPDATE outbox SET remote_id = NULL WHERE remote_id = ?1 AND seq <> ?2");
            if (!unlink)
                return unlink.error();
            if (auto st = unlink->bind(1, remoteId).bind(2, *seq).exec(); !st)
                return st.error();
        }
        auto upd = db.prepare(
            "UPDATE outbox SET state = ?2, remote_id = coalesce(?3, remote_id), uploaded_ms = ?4, server_at_ms = ?5, "
            "winner_device = ?6, winner_staff = ?7, winner_at_ms = ?8, reason = ?9, attempts = attempts + 1, "
            "last_error = NULL, confirmed_online = max(confirmed_online, ?10) WHERE seq = ?1");
        if (!upd)
            return upd.error();
        upd->bind(1, *seq)
            .bind(2, uploadStatusCode(r.status))
            .bind(3, remoteId)
            .bind(4, nowMs)
            .bind(5, r.serverAtMs)
            .bind(6, r.winnerDevice.isEmpty() ? QString() : r.winnerDevice)
            .bind(7, r.winnerStaff.isEmpty() ? QString() : r.winnerStaff)
            .bind(8, r.winnerAtMs)
            .bind(9, r.reason.isEmpty() ? QString() : r.reason)
            .bind(10, confirmedOnline && ok);
        if (auto st = upd->exec(); !st)
            return st.error();
        if (ok && previousState == QLatin1String("voided")) {
            // Voided while its upload was in flight, and the cloud took it: the void must follow.
            auto send = db.prepare("INSERT OR IGNORE INTO void_outbox (void_seq, target_seq) "
                                   "SELECT seq, target_seq FROM ledger WHERE entry = 'void' AND target_seq = ?1");
            if (!send)
                return send.error();
            if (auto st = send->bind(1, *seq).exec(); !st)
                return st.error();
        }
        if (ok)
            summary.accepted++;
        else if (r.status == UploadStatus::Conflict)
            summary.conflicts++;
        else
            summary.rejected++;
    }
    if (auto st = txn->commit(); !st)
        return st.error();
    return summary;
}

Status Outbox::recordAttempt(const QList<qint64> &seqs, const QString &error)
{
    auto &db = m_store.db();
    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    for (qint64 seq : seqs) {
        auto q = db.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1");
        if (!q)
            return q.error();
        if (auto st = q->bind(1, seq).bind(2, error).exec(); !st)
            return st;
    }
    return txn->commit();
}

Result<QList<qint64>> Outbox::requeueRejected(
    const QList<qint64> &seqs, const QString &actor, const QString &note, qint64 nowMs)
{
    auto &db = m_store.db();
    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    QList<qint64> targets = seqs;
    if (targets.isEmpty()) {
        auto all = db.prepare("SELECT seq FROM outbox WHERE state = 'rejected' ORDER BY seq");
        if (!all)
            return all.error();
        if (auto st = all->forEachRow([&](const SqlQuery &r) { targets.append(r.int64(0)); }); !st)
            return st.error();
    }
    QList<qint64> done;
    for (qint64 seq : targets) {
        auto state = db.prepare("SELECT state FROM outbox WHERE seq = ?1");
        if (!state)
            return state.error();
        state->bind(1, seq);
        auto row = state->next();
        if (!row)
            return row.error();
        if (!*row)
            return makeError(
                ErrorCode::NotFound, QStringLiteral("#%1 is not a redemption made on this kiosk").arg(seq));
        const QString from = state->text(0);
        if (from != QLatin1String("rejected"))
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("redemption #%1 is %2, not rejected; only rejected ones can be requeued")
                    .arg(seq)
                    .arg(from));
        auto log = db.prepare("INSERT INTO outbox_log (at_ms, seq, action, from_state, actor, note) "
                              "VALUES (?1, ?2, 'requeue', ?3, ?4, ?5)");
        if (!log)
            return log.error();
        if (auto st = log->bind(1, nowMs)
                          .bind(2, seq)
                          .bind(3, from)
                          .bind(4, actor.isEmpty() ? QString() : actor)
                          .bind(5, note.isEmpty() ? QString() : note)
                          .exec();
            !st)
            return st.error();
        // A fresh key: the cloud would answer the old one "rejected" for ever.
        auto upd = db.prepare("UPDATE outbox SET state = 'pending', reason = NULL, last_error = NULL, "
                              "upload_key = (SELECT l.idempotency_key || ':r' || (SELECT count(*) FROM outbox_log g "
                              "WHERE g.seq = ?1 AND g.action = 'requeue') FROM ledger l WHERE l.seq = ?1) "
                              "WHERE seq = ?1 AND state = 'rejected'");
        if (!upd)
            return upd.error();
        if (auto st = upd->bind(1, seq).exec(); !st)
            return st.error();
        done.append(seq);
    }
    if (auto st = txn->commit(); !st)
        return st.error();
    return done;
}

Result<qint64> Outbox::rejectedCount()
{
    return m_store.db().scalar("SELECT count(*) FROM outbox WHERE state = 'rejected'");
}

std::optional<VoidStatus> voidStatusFromCode(QStringView code)
{
    if (code == u"accepted")
        return VoidStatus::Accepted;
    if (code == u"duplicate")
        return VoidStatus::Duplicate;
    if (code == u"unknown_target")
        return VoidStatus::UnknownTarget;
    if (code == u"rejected")
        return VoidStatus::Rejected;
    return std::nullopt;
}

Result<QList<VoidItem>> Outbox::pendingVoids(int limit)
{
    auto q = m_store.db().prepare(
        "SELECT v.seq, v.idempotency_key, coalesce(o.upload_key, t.idempotency_key), v.reason, v.staff_id, v.at_ms, "
        "vo.attempts FROM void_outbox vo JOIN ledger v ON v.seq = vo.void_seq JOIN ledger t ON t.seq = vo.target_seq "
        "JOIN outbox o ON o.seq = vo.target_seq "
        "WHERE vo.state = 'pending' ORDER BY vo.void_seq LIMIT ?1");
    if (!q)
        return q.error();
    q->bind(1, limit);
    QList<VoidItem> items;
    if (auto st = q->forEachRow([&](const SqlQuery &r) {
            VoidItem v;
            v.voidSeq = r.int64(0);
            v.idempotencyKey = r.text(1);
            v.target = r.text(2);
            v.reason = r.text(3);
            v.staffId = r.text(4);
            v.voidedAtMs = r.int64(5);
            v.attempts = static_cast<int>(r.int64(6));
            items.append(v);
        });
        !st)
        return st.error();
    return items;
}

Result<VoidSummary> Outbox::applyVoidResults(const QList<VoidResult> &results, qint64 nowMs)
{
    auto &db = m_store.db();
    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    VoidSummary summary;
    for (const auto &r : results) {
        const bool retry = r.status == VoidStatus::UnknownTarget;
        const char *state = r.status == VoidStatus::Accepted ? "accepted"
            : r.status == VoidStatus::Duplicate              ? "duplicate"
            : r.status == VoidStatus::Rejected               ? "rejected"
                                                             : "pending";
        auto upd = db.prepare("UPDATE void_outbox SET state = ?2, attempts = attempts + 1, answered_ms = ?3, "
                              "reason = ?4, last_error = ?5 WHERE state = 'pending' AND void_seq = "
                              "(SELECT seq FROM ledger WHERE idempotency_key = ?1 AND entry = 'void')");
        if (!upd)
            return upd.error();
        upd->bind(1, r.idempotencyKey)
            .bindUtf8(2, state)
            .bind(3, nowMs)
            .bind(4, r.status == VoidStatus::Rejected ? r.reason : QString())
            .bind(5, retry ? QStringLiteral("the cloud does not have the redemption yet") : QString());
        if (auto st = upd->exec(); !st)
            return st.error();
        if (db.changes() == 0)
            continue;
        if (retry)
            summary.unknownTarget++;
        else if (r.status == VoidStatus::Rejected)
            summary.rejected++;
        else
            summary.accepted++;
    }
    if (auto st = txn->commit(); !st)
        return st.error();
    return summary;
}

Status Outbox::recordVoidAttempt(const QList<qint64> &voidSeqs, const QString &error)
{
    auto &db = m_store.db();
    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    for (qint64 seq : voidSeqs) {
        auto q = db.prepare("UPDATE void_outbox SET attempts = attempts + 1, last_error = ?2 WHERE void_seq = ?1");
        if (!q)
            return q.error();
        if (auto st = q->bind(1, seq).bind(2, error).exec(); !st)
            return st;
    }
    return txn->commit();
}

Result<UploadResult> Outbox::resultFor(qint64 seq)
{
    auto q = m_store.db().prepare(
        "SELECT coalesce(o.upload_key, l.idempotency_key), o.state, o.remote_id, o.server_at_ms, o.reason, "
        "o.winner_device, o.winner_staff, o.winner_at_ms FROM outbox o "
        "JOIN ledger l ON l.seq = o.seq WHERE o.seq = ?1");
    if (!q)
        return q.error();
    q->bind(1, seq);
    auto row = q->next();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::NotFound, QStringLiteral("no outbox entry for redemption #%1").arg(seq));
    UploadResult r;
    r.idempotencyKey = q->text(0);
    const QString state = q->text(1);
    if (state == QLatin1String("pending"))
        return makeError(ErrorCode::NotFound, QStringLiteral("redemption #%1 has no answer yet").arg(seq));
    if (state == QLatin1String("voided"))
        return makeError(
            ErrorCode::NotFound, QStringLiteral("redemption #%1 was voided before it was uploaded").arg(seq));
    r.status = uploadStatusFromCode(state).value_or(UploadStatus::Rejected);
    r.redemptionId = q->text(2);
    r.serverAtMs = q->optInt64(3);
    r.reason = q->text(4);
    r.winnerDevice = q->text(5);
    r.winnerStaff = q->text(6);
    r.winnerAtMs = q->optInt64(7);
    return r;
}

} // namespace kiosk
