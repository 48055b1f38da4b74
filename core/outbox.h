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
    // Another kiosk's redemption this one relays (cloud-api.md, "Device roster"): the record as
    // its maker signed it, which the cloud checks against the maker's key.
    QByteArray recordBody;
    QByteArray recordSignature;
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

// A void of a redemption the cloud holds, waiting to be sent (POST /v1/redemptions/voids).
struct VoidItem
{
    qint64 voidSeq = 0;
    QString idempotencyKey; // the void's own key
    QString target; // the voided redemption's idempotency key
    QString reason;
    QString staffId;
    qint64 voidedAtMs = 0;
    int attempts = 0;
    // Relayed: another kiosk's void, as its maker signed it (see OutboxItem::recordBody).
    QByteArray recordBody;
    QByteArray recordSignature;
};

enum class VoidStatus { Accepted, Duplicate, UnknownTarget, Rejected };
std::optional<VoidStatus> voidStatusFromCode(QStringView code);

struct VoidResult
{
    QString idempotencyKey;
    VoidStatus status = VoidStatus::Accepted;
    QString reason;
};

struct VoidSummary
{
    int accepted = 0; // accepted and duplicate
    int rejected = 0;
    int unknownTarget = 0; // the cloud has not got the redemption yet: retried later
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
    // Counts a failed attempt for these items; they stay queued. Only an item's own
    // `rejected` answer ever takes it out of the queue.
    Status recordAttempt(const QList<qint64> &seqs, const QString &error);
    // A manager puts rejected redemptions back in the queue (all of them when `seqs` is empty);
    // each requeue is recorded in outbox_log with who did it and why. Returns the seqs requeued.
    Result<QList<qint64>> requeueRejected(
        const QList<qint64> &seqs, const QString &actor, const QString &note, qint64 nowMs);
    Result<qint64> rejectedCount();

    // Voids to send, oldest first; their answers; failed attempts.
    Result<QList<VoidItem>> pendingVoids(int limit);
    Result<VoidSummary> applyVoidResults(const QList<VoidResult> &results, qint64 nowMs);
    Status recordVoidAttempt(const QList<qint64> &voidSeqs, const QString &error);
    Result<UploadResult> resultFor(qint64 seq);

private:
    Result<QList<OutboxItem>> pendingImpl(int limit, std::optional<qint64> seq);

    Store &m_store;
};

} // namespace kiosk
