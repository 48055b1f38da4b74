#pragma once
// Redeem with online confirmation. The local redeem (durable) always comes first; then, when
// the engine is not known to be offline, the redemption is uploaded at once and the answer
// awaited for up to `confirmTimeoutMs`: a code already redeemed at another kiosk is refused
// before the drink is poured (the local row is voided: no drink left the bar). Without an
// answer in time the local verdict stands and the row stays flagged offline. Legacy codes the
// cache does not know are looked up online first.
//
// Lives in the engine's thread.

#include "redeemer.h"
#include "syncengine.h"

#include <QObject>

namespace kiosk::sync {

struct OnlineRedeemOptions
{
    int confirmTimeoutMs = 1500;
    VerifierOptions verifier;
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

private:
    void confirm(RedeemOutcome outcome, Done done);
    void lookUpLegacy(const QByteArray &text, const QString &staffId, const QString &source, Done done);

    Store &m_store;
    const Clock &m_clock;
    QPointer<SyncEngine> m_engine;
    OnlineRedeemOptions m_options;
    Redeemer m_redeemer;
};

} // namespace kiosk::sync
