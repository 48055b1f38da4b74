#pragma once
// The change feed (cloud-api.md, GET …/changes). Each entry is validated on its own: one the
// kiosk cannot use (unknown type, a value outside what it supports, a conflict it cannot
// resolve) is set aside in the quarantine table with its reason, and the rest of the page is
// applied together with the cursor in one transaction. One entry never stops a venue's feed.
// Only a document that is not a feed page at all (not JSON, no cursor, no changes array) is
// refused whole; storage failures roll the page back so that it is fetched again.

#include "records.h"
#include "result.h"

#include <QJsonValue>
#include <QList>
#include <QString>

#include <variant>

namespace kiosk {

class Clock;
class Store;

struct FeedRedemption
{
    QString id; // the cloud's redemption id
    QString orderId;
    QString jti;
    QString deviceId;
    QString staffId;
    qint64 redeemedAtMs = 0;
    bool voided = false;
};

struct FeedRevocation
{
    QString jti;
    QString reason;
};

using FeedChange = std::variant<OrderRecord, FeedRedemption, KeyRecord, StaffRecord, FeedRevocation, DeviceRecord>;

// An entry the kiosk could not use, kept for an operator (`kioskctl quarantine`).
struct QuarantinedEntry
{
    QString type; // as sent ("?" when missing)
    QString entityId; // when readable
    QString reason;
    QByteArray raw; // the entry as compact JSON, cut at kMaxQuarantinedBytes
};

struct QuarantineRow
{
    qint64 id = 0;
    qint64 receivedMs = 0;
    QuarantinedEntry entry;
};

struct FeedDocument
{
    QList<FeedChange> changes;
    QList<QJsonValue> sources; // each change as received (shared, not copied): quarantined as is
    QList<QuarantinedEntry> quarantined; // entries that failed validation
    QString cursor;
    bool hasMore = false;
    std::optional<qint64> serverTimeMs;
};

// Largest document accepted (a page is at most 5000 changes; this leaves a wide margin).
inline constexpr qsizetype kMaxFeedDocumentBytes = 256 * 1024 * 1024;
// Cursors are opaque strings of up to 4096 bytes (cloud-api.md); a longer one is still taken
// (up to this bound), because refusing it would stop the feed for good.
inline constexpr qsizetype kMaxCursorBytes = 64 * 1024;
// An order (a round) may carry many drinks; a token still carries 1 to 20.
inline constexpr qsizetype kMaxOrderDrinks = 500;
inline constexpr qsizetype kMaxQuarantinedBytes = 16 * 1024;

Result<FeedDocument> parseFeedDocument(QByteArrayView json);
// One {"type": …, "data": {…}} entry, validated exactly as inside a document.
Result<FeedChange> parseFeedChange(const QJsonValue &entry);

struct IngestSummary
{
    int orders = 0;
    int redemptions = 0; // ledger rows appended for other devices' redemptions and voids
    int keys = 0;
    int staff = 0;
    int revocations = 0;
    int devices = 0;
    int superseded = 0; // older than what the cache holds, skipped
    int unchanged = 0; // already known (re-delivered), nothing to do
    int quarantined = 0; // set aside (see the quarantine table)
    int legacyCodesTaken = 0; // legacy codes a newer order took from an older one
    bool snapshotCompleted = false; // this page completed a snapshot
    int retired = 0; // staff, keys and devices the completed snapshot did not list
    QString cursor;
    bool hasMore = false;
};

class FeedIngest
{
public:
    FeedIngest(Store &store, const Clock &clock);
    Result<IngestSummary> apply(const FeedDocument &document);
    // Changes learnt outside the feed (an online lookup): applied the same way, in one
    // transaction, without moving the feed cursor.
    Result<IngestSummary> applyChanges(const QList<FeedChange> &changes);

    // Quarantined entries, newest first; and how many there are.
    static Result<QList<QuarantineRow>> quarantine(Store &store, int limit = -1);
    static Result<qint64> quarantineCount(Store &store);

private:
    Result<IngestSummary> applyImpl(const QList<FeedChange> &changes, const FeedDocument *document);
    Store &m_store;
    const Clock &m_clock;
};

} // namespace kiosk
