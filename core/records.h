#pragma once
// Plain data the store reads and writes: cached orders, keys, staff, and ledger rows.

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

namespace kiosk {

struct Drink
{
    QString name;
    int qty = 0;
    friend bool operator==(const Drink &, const Drink &) = default;
};

// Compact JSON `[{"name":…,"qty":…}]`, the form drinks are stored and printed in.
QByteArray drinksToJson(const QList<Drink> &drinks);
QJsonArray drinksToJsonArray(const QList<Drink> &drinks);
QList<Drink> drinksFromJson(QByteArrayView json);

enum class VerifiedBy { None, Signature, Cache, Online };
QString verifiedByCode(VerifiedBy v); // "signature" | "cache" | "online" | "" for None
std::optional<VerifiedBy> verifiedByFromCode(QStringView code);

struct KeyRecord
{
    QString kid;
    QByteArray publicKey; // 32 raw bytes
    std::optional<qint64> notBeforeMs;
    std::optional<qint64> notAfterMs;
    bool revoked = false;
};

struct OrderRecord
{
    QString id;
    QString jti; // may be null
    QString qrCode; // legacy code, may be null
    QString status; // PENDING, PAID, REDEEMED, CANCELLED, REJECTED, EXPIRED, REFUNDED
    QString recipient;
    QString phone4;
    QList<Drink> drinks;
    qint64 amount = 0;
    QString currency;
    std::optional<qint64> expiresAtMs;
    std::optional<qint64> updatedAtMs;
};

struct StaffRecord
{
    QString id;
    QString name;
    QString role; // bartender | manager
    QString pinAlg;
    qint64 pinIterations = 0;
    QString pinSalt;
    QString pinHash;
    bool active = true;
};

enum class LedgerEntryKind { Redeem, Void };
enum class LedgerOrigin { Local, Foreign };

struct LedgerEntry
{
    qint64 seq = 0;
    LedgerEntryKind kind = LedgerEntryKind::Redeem;
    LedgerOrigin origin = LedgerOrigin::Local;
    QString idempotencyKey;
    QString remoteId;
    std::optional<qint64> targetSeq;
    QString orderId;
    QString jti;
    QString qrCode;
    QString deviceId;
    QString staffId;
    qint64 atMs = 0; // device clock when it happened
    qint64 recordedMs = 0; // when this kiosk wrote the row
    VerifiedBy verifiedBy = VerifiedBy::None;
    bool offline = true;
    QString recipient;
    QList<Drink> drinks;
    std::optional<qint64> amount;
    QString currency;
    QString reason; // void reason
};

// Who redeemed an order first: what ALREADY_REDEEMED shows the bartender.
struct PreviousRedemption
{
    std::optional<qint64> atMs; // unknown when only the order status says REDEEMED
    QString deviceId;
    QString staffId;
    QString staffName;
    bool local = false;
    std::optional<qint64> seq;
};

} // namespace kiosk
