#pragma once
// The ledger as the venue's kiosks share it: this kiosk's redemptions and voids as signed,
// numbered records (peerrecord.h), and the records its peers sent, applied to the ledger as
// rows of the kiosk that made them. Every kiosk that hears a record keeps it, so any of them
// can pass it on: to a peer that missed it, or to the cloud.

#include "ledger.h"
#include "peerrecord.h"

#include <QMap>

#include <optional>

namespace kiosk {

class Store;

// What a kiosk holds of each origin: the highest record number, all lower ones held too.
using VersionVector = QMap<QString, qint64>;

struct HeldRecord
{
    QString origin;
    qint64 n = 0;
    SignedPeerRecord record;
};

struct AcceptedRecord
{
    enum class Outcome {
        Applied, // new here: stored, and applied to the ledger
        AlreadyHeld, // the very same record was here already (a relay, a retry)
        Gap, // records of its origin are missing before it: ask for those from `have` + 1
    };
    Outcome outcome = Outcome::Applied;
    PeerRecord record;
    qint64 have = 0; // the highest number of its origin held here (after this record)
    std::optional<qint64> ledgerSeq; // the ledger row it became
    // Applied, a redemption: the live redemption of the same order or token that another
    // kiosk's record now meets (a race, or a double pour found after a split).
    std::optional<PreviousRedemption> clash;
};

class SharedLedger
{
public:
    explicit SharedLedger(Store &store);

    // In the caller's write transaction: the record of local ledger row `entry` (a redemption,
    // or a void whose target has idempotency key `targetKey`), numbered next and signed with
    // this device's key. Nothing when the kiosk has no device key (never paired): there is
    // nobody to share with.
    Result<std::optional<SignedPeerRecord>> shareLocal(
        const LedgerEntry &entry, const QString &targetKey, const QString &reason, qint64 nowMs);

    // Other kiosks' redemptions and voids this kiosk holds and has not yet relayed to the cloud,
    // in their makers' order; the cloud accepts each once, whoever brings it. A redemption whose
    // void is here too, neither yet relayed, is marked relayed and not returned (its maker
    // withdrew it); its void is returned, for the case that another kiosk relayed it already.
    Result<QList<HeldRecord>> toRelay(int limit);
    Status markRelayed(const QString &origin, qint64 n);

    Result<VersionVector> versionVector();
    // Held records of `origin` numbered above `afterN`, in order, at most `limit`.
    Result<QList<HeldRecord>> recordsAfter(const QString &origin, qint64 afterN, int limit);
    // Every held record some peer may lack, given what it holds: its gaps, origin by origin.
    Result<QList<HeldRecord>> missingFrom(const VersionVector &theirs, int limit);

    // A record from a peer (or relayed by one), in its own write transaction. Refused with a
    // reason unless its maker is an active device of this venue's roster with a key, the
    // signature is that key's, and it does not contradict a record already held under its
    // number (a forger, or a kiosk restored from an old backup).
    Result<AcceptedRecord> accept(const SignedPeerRecord &record, qint64 nowMs);

private:
    Store &m_store;
    Ledger m_ledger;
};

} // namespace kiosk
