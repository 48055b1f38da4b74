#pragma once
// The redemption ledger, its upload outbox and the scan log, over a Store's connection.
// Append-only: redemptions and voids are new rows; history derives each redemption's status
// (redeemed, voided, conflict, rejected) from the rows that follow it.

#include "records.h"
#include "result.h"

#include <QList>
#include <QString>

#include <optional>

namespace kiosk {

class Store;

// What the redeemer hands the ledger for a new local redemption.
struct RedemptionDraft
{
    QString orderId;
    QString jti;
    QString qrCode;
    QString staffId;
    qint64 atMs = 0;
    VerifiedBy verifiedBy = VerifiedBy::Signature;
    QString recipient;
    QList<Drink> drinks;
    std::optional<qint64> amount;
    QString currency;
};

struct ScanRecord
{
    qint64 atMs = 0;
    QString staffId;
    QString source; // kioskctl, camera, wedge, manual, batch
    QString form; // token, legacy, malformed
    QString fingerprint;
    QString reason;
    QString detail;
    QString orderId;
    QString jti;
    std::optional<qint64> ledgerSeq;
};

struct ScanLogRow
{
    qint64 id = 0;
    ScanRecord scan;
    QString deviceId;
};

struct HistoryFilter
{
    std::optional<qint64> fromMs; // inclusive
    std::optional<qint64> toMs; // exclusive
    // redeemed | voided | conflict | rejected | offline | unsent | local | foreign | typed | scanned
    QString status;
    int limit = -1;
};

struct HistoryRow
{
    LedgerEntry entry;
    QString status; // redeemed | voided | conflict | rejected
    QString staffName;
    QString deviceName; // the roster's name of the kiosk that poured it; empty when unknown
    std::optional<qint64> voidedAtMs;
    QString voidReason;
    QString voidedBy;
    QString syncState; // pending | accepted | duplicate | conflict | rejected; empty for foreign rows
    std::optional<qint64> uploadedMs;
    QString winnerDevice;
    QString winnerStaff;
    std::optional<qint64> winnerAtMs;
    QString rejectReason;
    // Where a void made here stands with the cloud: "not-uploaded" (the redemption never left
    // the kiosk, so nothing is sent), "pending", "sent", "refused"; empty when not voided here.
    QString voidSync;
    QString voidSyncReason; // the cloud's reason for refusing it, or the last upload error
    // Typed by hand at this kiosk (manual entry) rather than scanned; false for other kiosks'.
    bool typed = false;
    // A manager's latest review of a double pour; empty note when not reviewed.
    QString reviewNote;
    QString reviewedBy; // staff id
    std::optional<qint64> reviewedAtMs;
};

class Ledger
{
public:
    explicit Ledger(Store &store);

    static const QStringList &historyStatuses();

    // A manager marks a double pour resolved, with a note (append-only; the newest counts).
    // Refused for a row that is not a double pour, or an empty note.
    Status reviewConflict(qint64 seq, const QString &staffId, const QString &note, qint64 atMs);

    // The first live (not voided) redemption of this order or token, from any device.
    Result<std::optional<PreviousRedemption>> liveRedemption(const QString &orderId, const QString &jti);
    // The ledger rows of every live redemption of this order or token, from any device (the
    // LAN peers' winner rule compares them).
    Result<QList<LedgerEntry>> liveRedemptions(const QString &orderId, const QString &jti);

    // The following appends need the caller's write transaction.
    Result<LedgerEntry> appendLocalRedemption(const RedemptionDraft &draft, const QString &deviceId, qint64 recordedMs);
    Result<LedgerEntry> appendForeignRedemption(const LedgerEntry &entry, qint64 recordedMs);
    Result<qint64> appendVoid(qint64 targetSeq, LedgerOrigin origin, const QString &idempotencyKey,
        const QString &deviceId, const QString &staffId, const QString &reason, qint64 atMs, qint64 recordedMs);
    Status appendScan(const ScanRecord &scan, const QString &deviceId);

    // Voids a live redemption in its own durable transaction (a manager's action).
    Result<qint64> voidRedemption(qint64 seq, const QString &staffId, const QString &reason, qint64 nowMs);

    Result<std::optional<LedgerEntry>> entry(qint64 seq);
    Result<std::optional<qint64>> voidOf(qint64 seq);
    Result<QList<HistoryRow>> history(const HistoryFilter &filter);
    Result<QList<ScanLogRow>> scans(std::optional<qint64> fromMs, std::optional<qint64> toMs, int limit = -1);

private:
    Store &m_store;
};

enum class IdempotencyKind { Redemption, Void };
// "dev_1:000123-<16 hex random>" for a redemption, "dev_1:v:000124-<…>" for a void.
QString formatIdempotencyKey(const QString &deviceId, qint64 seq, IdempotencyKind kind = IdempotencyKind::Redemption);

} // namespace kiosk
