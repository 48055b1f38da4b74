#pragma once
// The change feed (cloud-api.md, GET …/changes): a document is parsed and validated whole
// before anything is written, then applied in one transaction, so a document with one bad
// entry is refused with that entry named and the store stays as it was.

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

using FeedChange = std::variant<OrderRecord, FeedRedemption, KeyRecord, StaffRecord, FeedRevocation>;

struct FeedDocument
{
    QList<FeedChange> changes;
    QString cursor;
    bool hasMore = false;
    std::optional<qint64> serverTimeMs;
};

// Largest document accepted (a page is at most 5000 changes; this leaves a wide margin).
inline constexpr qsizetype kMaxFeedDocumentBytes = 256 * 1024 * 1024;

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
    int superseded = 0; // older than what the cache holds, skipped
    int unchanged = 0; // already known (re-delivered), nothing to do
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

private:
    Result<IngestSummary> applyImpl(const QList<FeedChange> &changes, const FeedDocument *document);
    Store &m_store;
    const Clock &m_clock;
};

} // namespace kiosk
