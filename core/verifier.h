#pragma once
// Turns a scanned text into exactly one Verdict, checking drink-token.md's reasons in the
// spec's order against the local cache. Reads only; the Redeemer records.

#include "reason.h"
#include "records.h"
#include "result.h"
#include "token.h"

#include <QString>

#include <optional>

namespace kiosk {

class Clock;
class Store;

struct VerifierOptions
{
    // Tolerance for the kiosk's and the issuer's clocks disagreeing, applied to iat, exp,
    // a key's validity window and a legacy order's expiry.
    int clockSkewSeconds = 120;
};

struct Verdict
{
    Reason reason = Reason::Malformed;
    QString detail; // which rule decided, in English; never contains the scanned text
    CodeForm form = CodeForm::Malformed;
    QString orderId;
    QString jti;
    QString kid;
    QString qrCode;
    QString recipient;
    QString phone4;
    QList<Drink> drinks;
    std::optional<qint64> amount;
    QString currency;
    std::optional<qint64> expiresAtMs;
    VerifiedBy verifiedBy = VerifiedBy::None;
    bool orderCached = false; // false for a signed token whose order the cache has not seen
    std::optional<PreviousRedemption> previous; // for ALREADY_REDEEMED

    bool ok() const { return reason == Reason::Ok; }
};

class Verifier
{
public:
    Verifier(Store &store, const Clock &clock, VerifierOptions options = {});

    // Verifies in a read transaction of its own, at the clock's time. Changes nothing.
    Result<Verdict> verify(QByteArrayView text);
    // The same rules for a caller that already holds a transaction (the redeemer).
    Result<Verdict> evaluate(const ScannedCode &code, qint64 nowMs);

    // Manual entry picked a cached order by name or phone: the same checks a legacy code of
    // that order gets (expiry, revocation, status, the ledger). Needs a transaction too.
    Result<Verdict> evaluateOrder(const QString &orderId, qint64 nowMs);
    const VerifierOptions &options() const { return m_options; }

private:
    Result<Verdict> evaluateToken(const ParsedToken &token, qint64 nowMs);
    Result<Verdict> evaluateLegacy(const QString &code, qint64 nowMs);
    Result<Verdict> evaluateCachedOrder(Verdict v, const OrderRecord &order, qint64 nowMs);
    // The checks shared by both forms once the order is known: revocation, order status, ledger.
    Result<Verdict> finishWithOrder(Verdict v, const std::optional<OrderRecord> &order, qint64 nowMs);

    Store &m_store;
    const Clock &m_clock;
    VerifierOptions m_options;
};

} // namespace kiosk
