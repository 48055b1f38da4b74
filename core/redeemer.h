#pragma once
// Redeem = verify + record, in one BEGIN IMMEDIATE transaction committed with
// synchronous=FULL: two threads or processes redeeming the same code cannot both get OK, and
// an OK the bartender saw survives a power cut. Every scan, OK or not, lands in the scan log.

#include "ledger.h"
#include "verifier.h"

#include <functional>

namespace kiosk {

struct RedeemOutcome
{
    Verdict verdict;
    std::optional<LedgerEntry> recorded; // set when verdict is OK
    bool confirmedOnline = false; // the cloud accepted it before the drink was poured
    // The venue's other kiosks this pour was announced to, and how many answered in the window.
    int peersAsked = 0;
    int peersAnswered = 0;
};

class Redeemer
{
public:
    Redeemer(Store &store, const Clock &clock, VerifierOptions options = {});

    // `staffId` may be empty (kioskctl without --staff); when given it must be active staff.
    // `source` names where the scan came from (camera, wedge, manual, kioskctl, batch).
    // `orderLookedUpOnline`: the cached order was just fetched from the cloud for this scan, so
    // an OK is recorded as verified "online" rather than "cache".
    Result<RedeemOutcome> redeem(
        QByteArrayView text, const QString &staffId, const QString &source, bool orderLookedUpOnline = false);

    // Manual entry: redeem a cached order picked by name or phone (source "manual").
    Result<RedeemOutcome> redeemOrder(const QString &orderId, const QString &staffId);

private:
    Result<RedeemOutcome> record(const std::function<Result<Verdict>(qint64 nowMs)> &evaluate, const QString &staffId,
        const QString &source, const QString &form, const QString &fingerprint, bool orderLookedUpOnline);
    Store &m_store;
    const Clock &m_clock;
    Verifier m_verifier;
    Ledger m_ledger;
};

} // namespace kiosk
