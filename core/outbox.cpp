#include "outbox.h"

#include "sqlite_p.h"
#include "store.h"

namespace kiosk {

namespace {
// Oldest first; ?2 narrows it to one redemption.
constexpr const char *kPendingSql
    = "SELECT l.seq, l.idempotency_key, l.order_id, l.jti, l.qr_code, l.staff_id, l.at_ms, l.verified_by, "
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
        {
            auto find = db.prepare("SELECT o.seq FROM ledger l JOIN outbox o ON o.seq = l.seq "
                                   "WHERE l.idempotency_key = ?1");
            if (!find)
                return find.error();
            find->bind(1, r.idempotencyKey);
            auto row = find->next();
            if (!row)
                return row.error();
            if (*row)
                seq = find->int64(0);
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

Status Outbox::rejectLocally(qint64 seq, const QString &reason, qint64 nowMs)
{
    auto q = m_store.db().prepare("UPDATE outbox SET state = 'rejected', reason = ?2, uploaded_ms = ?3, "
                                  "attempts = attempts + 1 WHERE seq = ?1 AND state = 'pending'");
    if (!q)
        return q.error();
    return q->bind(1, seq).bind(2, reason).bind(3, nowMs).exec();
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

Result<UploadResult> Outbox::resultFor(qint64 seq)
{
    auto q = m_store.db().prepare("SELECT l.idempotency_key, o.state, o.remote_id, o.server_at_ms, o.reason, "
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
