#pragma once
// Redeem with the venue's other kiosks and online confirmation. The local redeem (durable)
// always comes first. With LAN peers linked, the pour is announced to them and their answers
// awaited for the short peer window: when another bar claimed the same order at the same moment
// and the winner rule keeps theirs, the local row is voided and the code refused. Then, when
// the engine is not known to be offline, the redemption is uploaded at once and the answer
// awaited for up to `confirmTimeoutMs`: a code already redeemed at another kiosk is refused
// before the drink is poured (the local row is voided: no drink left the bar). Without an
// answer in time the local verdict stands and the row stays flagged offline. Legacy codes the
// cache does not know are looked up online first.
//
// Lives in the engine's thread.

#include "peernetwork.h"
#include "redeemer.h"
#include "syncengine.h"

#include <QObject>

namespace kiosk::sync {

struct OnlineRedeemOptions
{
    int confirmTimeoutMs = 1500;
    VerifierOptions verifier;
    // `[peers] strict`: a code that would pour is not redeemed while a bar of the roster is
    // unreachable (ErrorCode::Unavailable, naming the bars); every other verdict stands.
    bool strictPeers = false;
};

class OnlineRedeemer : public QObject
{
    Q_OBJECT
public:
    // `engine` may be null (not paired): then this is a plain local redeem.
    OnlineRedeemer(Store &store, const Clock &clock, SyncEngine *engine, const OnlineRedeemOptions &options = {},
        QObject *parent = nullptr);

    using Done = std::function<void(Result<RedeemOutcome>)>;
    void redeem(const QByteArray &text, const QString &staffId, const QString &source, Done done);

    // Manual entry: a cached order picked by name or phone, confirmed online like a scan.
    void redeemOrder(const QString &orderId, const QString &staffId, Done done);

    // The kiosk's peers (null: none configured, nothing is announced or awaited).
    void setPeers(PeerNetwork *peers) { m_peers = peers; }

private:
    // Strict mode with a bar unreachable, and `preview` (read-only) would pour: why not.
    std::optional<Error> heldForPeers(const std::function<Result<Verdict>(Verifier &)> &preview);
    // A local OK: the peers first (bounded by their window), then the cloud.
    void afterLocalOk(RedeemOutcome outcome, Done done);
    void withdraw(RedeemOutcome &outcome, const PreviousRedemption &winner, const QString &why);
    void confirm(RedeemOutcome outcome, Done done);
    void lookUpLegacy(const QByteArray &text, const QString &staffId, const QString &source, Done done);

    Store &m_store;
    const Clock &m_clock;
    QPointer<SyncEngine> m_engine;
    QPointer<PeerNetwork> m_peers;
    OnlineRedeemOptions m_options;
    Redeemer m_redeemer;
};

} // namespace kiosk::sync
