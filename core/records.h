#pragma once
// Plain data the store reads and writes: cached orders, keys, staff, and ledger rows.

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

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

// The backend's order statuses this kiosk knows (cloud-api.md); PAID and ACCEPTED redeem.
const QStringList &knownOrderStatuses();
bool isKnownOrderStatus(const QString &status);
bool isRedeemableOrderStatus(const QString &status);

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
    // Not listed by the last complete snapshot: no longer trusted (UNKNOWN_KEY).
    bool retired = false;
};

struct OrderRecord
{
    QString id;
    QString jti; // may be null
    QString qrCode; // legacy code, may be null
    // PENDING, PAID, ACCEPTED, REJECTED, REDEEMED, EXPIRED, CANCELLED, REFUNDED, or one this
    // kiosk does not know (kept, never redeemable).
    QString status;
    QString recipient;
    QString phone4;
    QList<Drink> drinks;
    qint64 amount = 0;
    QString currency;
    std::optional<qint64> expiresAtMs;
    std::optional<qint64> updatedAtMs;
};

// A device of the venue's roster (cloud-api.md, "Device roster").
struct DeviceRecord
{
    QString id;
    QString name;
    bool active = true;
    QByteArray publicKey; // 32 raw bytes, or empty when the device has not registered one
    QStringList lan; // host:port
};

struct StaffRecord
{
    QString id;
    QString name;
    QString role; // bartender | manager
    QString pinAlg;
    qint64 pinIterations = 0;
    QString pinSalt;
    QString pinHash; // empty: no PIN set, cannot sign in at a kiosk
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
    QString deviceName; // from the venue's roster ("Left bar"); empty when it does not list the device
    QString staffId;
    QString staffName;
    bool local = false;
    std::optional<qint64> seq;
};

} // namespace kiosk
