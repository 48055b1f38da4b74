#pragma once
// The upload side of the ledger: which local redemptions the cloud has not answered yet, and
// recording its answers (accepted, duplicate, conflict with the winner, rejected with a reason).
// Answers change only the outbox; the ledger rows themselves never change.

#include "records.h"
#include "result.h"

#include <QList>
#include <QString>

#include <optional>

namespace kiosk {

class Store;

struct OutboxItem
{
    qint64 seq = 0;
    QString idempotencyKey;
    QString orderId;
    QString jti;
    QString qrCode;
    QString staffId;
    qint64 atMs = 0; // the device clock when the bartender saw OK: the redemption's time, never the upload's
    VerifiedBy verifiedBy = VerifiedBy::None;
    int attempts = 0;
};

enum class UploadStatus { Accepted, Duplicate, Conflict, Rejected };
QString uploadStatusCode(UploadStatus s);
std::optional<UploadStatus> uploadStatusFromCode(QStringView code);

struct UploadResult
{
    QString idempotencyKey;
    UploadStatus status = UploadStatus::Accepted;
    QString redemptionId;
    std::optional<qint64> serverAtMs;
    QString reason;
    QString winnerDevice;
    QString winnerStaff;
    std::optional<qint64> winnerAtMs;
};

struct UploadSummary
{
    int accepted = 0; // accepted and duplicate
    int conflicts = 0;
    int rejected = 0;
    int unknown = 0; // answers for keys this outbox does not hold (ignored)
};

class Outbox
{
public:
    explicit Outbox(Store &store);

    // Oldest first; at most `limit`.
    Result<QList<OutboxItem>> pending(int limit);
    Result<std::optional<OutboxItem>> pendingItem(qint64 seq);
    // Records the cloud's answers in one transaction. `confirmedOnline` marks answers that
    // arrived while the bartender was waiting (online confirmation).
    Result<UploadSummary> applyResults(const QList<UploadResult> &results, qint64 nowMs, bool confirmedOnline = false);
    // A permanent refusal of one item that the cloud did not answer item by item (a 4xx for a
    // batch of one): the item leaves the queue as rejected, with the reason, instead of
    // blocking the rest forever.
    Status rejectLocally(qint64 seq, const QString &reason, qint64 nowMs);
    // Counts a failed attempt (transient error) for these items.
    Status recordAttempt(const QList<qint64> &seqs, const QString &error);
    Result<UploadResult> resultFor(qint64 seq);

private:
    Result<QList<OutboxItem>> pendingImpl(int limit, std::optional<qint64> seq);

    Store &m_store;
};

} // namespace kiosk
