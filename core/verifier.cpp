#include "verifier.h"

#include "clock.h"
#include "ledger.h"
#include "sqlite_p.h"
#include "store.h"

#include <sodium.h>

namespace kiosk {

namespace {

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

Verdict decided(Verdict v, Reason reason, QString detail)
{
    v.reason = reason;
    v.detail = std::move(detail);
    return v;
}

} // namespace

Verifier::Verifier(Store &store, const Clock &clock, VerifierOptions options)
    : m_store(store)
    , m_clock(clock)
    , m_options(options)
{ }

Result<Verdict> Verifier::verify(QByteArrayView text)
{
    const ScannedCode code = classifyCode(text);
    auto txn = SqlTransaction::begin(m_store.db(), SqlTransaction::Mode::Deferred);
    if (!txn)
        return txn.error();
    auto verdict = evaluate(code, m_clock.nowMs());
    if (!verdict)
        return verdict;
    if (auto st = txn->commit(); !st)
        return st.error();
    return verdict;
}

Result<Verdict> Verifier::evaluate(const ScannedCode &code, qint64 nowMs)
{
    switch (code.form) {
    case CodeForm::Malformed: {
        Verdict v;
        v.form = CodeForm::Malformed;
        return decided(v, Reason::Malformed, code.malformedDetail);
    }
    case CodeForm::Legacy:
        return evaluateLegacy(code.legacyCode, nowMs);
    case CodeForm::Token:
        break;
    }
    return evaluateToken(code.token, nowMs);
}

Result<Verdict> Verifier::evaluateToken(const ParsedToken &t, qint64 nowMs)
{
    const qint64 skewMs = qint64(m_options.clockSkewSeconds) * 1000;
    Verdict v;
    v.form = CodeForm::Token;
    v.kid = t.header.kid;
    // Nothing from the payload (order, name, phone, drinks) reaches the verdict before the
    // signature has verified: a forged code shows the forgery, never the forger's words.

    // The algorithm is fixed by the kiosk, never taken from the token.
    if (t.header.alg != QLatin1String("EdDSA"))
        return decided(v, Reason::UnsupportedAlg, QStringLiteral("algorithm '%1' is not EdDSA").arg(t.header.alg));

    auto key = m_store.key(t.header.kid);
    if (!key)
        return key.error();
    if (!*key)
        return decided(v, Reason::UnknownKey, QStringLiteral("key '%1' is not in this venue's key set").arg(v.kid));
    const KeyRecord &k = **key;
    if ((k.notBeforeMs && nowMs + skewMs < *k.notBeforeMs) || (k.notAfterMs && nowMs - skewMs >= *k.notAfterMs))
        return decided(v, Reason::UnknownKey, QStringLiteral("key '%1' is outside its validity window").arg(v.kid));
    if (k.retired)
        return decided(v, Reason::UnknownKey,
            QStringLiteral("key '%1' is no longer in this venue's key set (the last snapshot did not list it)")
                .arg(v.kid));
    if (k.revoked)
        return decided(v, Reason::KeyRevoked, QStringLiteral("key '%1' is revoked").arg(v.kid));

    if (!sodiumReady())
        return makeError(ErrorCode::Internal, QStringLiteral("libsodium failed to initialise"));
    if (t.signature.size() != crypto_sign_BYTES || k.publicKey.size() != crypto_sign_PUBLICKEYBYTES
        || crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(t.signature.constData()),
               reinterpret_cast<const unsigned char *>(t.signingInput.constData()),
               static_cast<unsigned long long>(t.signingInput.size()),
               reinterpret_cast<const unsigned char *>(k.publicKey.constData()))
            != 0)
        return decided(v, Reason::BadSignature, QStringLiteral("signature does not verify with key '%1'").arg(v.kid));
    v.orderId = t.claims.sub;
    v.jti = t.claims.jti;
    v.recipient = t.claims.recipient;
    v.phone4 = t.claims.phone4;
    v.drinks = t.claims.drinks;
    v.amount = t.claims.amount;
    v.currency = t.claims.currency;
    v.expiresAtMs = t.claims.exp * 1000;

    auto venue = m_store.venueId();
    if (!venue)
        return venue.error();
    if (t.claims.aud != *venue)
        return decided(v, Reason::WrongVenue, QStringLiteral("issued for venue '%1'").arg(t.claims.aud));
    if (t.claims.iat * 1000 > nowMs + skewMs)
        return decided(v, Reason::NotYetValid,
            QStringLiteral("issued %1 s in the future").arg((t.claims.iat * 1000 - nowMs) / 1000));
    if (nowMs >= t.claims.exp * 1000 + skewMs)
        return decided(
            v, Reason::Expired, QStringLiteral("expired %1 s ago").arg((nowMs - t.claims.exp * 1000) / 1000));

    auto revoked = m_store.isTokenRevoked(t.claims.jti);
    if (!revoked)
        return revoked.error();
    if (*revoked)
        return decided(v, Reason::TokenRevoked, QStringLiteral("token '%1' is on the revocation list").arg(v.jti));

    auto order = m_store.orderById(t.claims.sub);
    if (!order)
        return order.error();
    // A cached order issued under another token id was reissued: this code is superseded even
    // if its revocation has not reached the kiosk yet.
    if (*order && !(*order)->jti.isEmpty() && (*order)->jti != t.claims.jti)
        return decided(v, Reason::TokenRevoked, QStringLiteral("superseded by a reissued code for this order"));
    v.verifiedBy = *order ? VerifiedBy::Cache : VerifiedBy::Signature;
    return finishWithOrder(std::move(v), *order, nowMs);
}

Result<Verdict> Verifier::evaluateLegacy(const QString &code, qint64 nowMs)
{
    Verdict v;
    v.form = CodeForm::Legacy;
    v.qrCode = code;
    auto order = m_store.orderByQrCode(code);
    if (!order)
        return order.error();
    if (!*order)
        return decided(v, Reason::UnknownOrder, QStringLiteral("legacy code not in the cache"));
    return evaluateCachedOrder(std::move(v), **order, nowMs);
}

Result<Verdict> Verifier::evaluateOrder(const QString &orderId, qint64 nowMs)
{
    Verdict v;
    v.form = CodeForm::Legacy;
    auto order = m_store.orderById(orderId);
    if (!order)
        return order.error();
    if (!*order)
        return decided(v, Reason::UnknownOrder, QStringLiteral("order not in the cache"));
    v.qrCode = (*order)->qrCode;
    return evaluateCachedOrder(std::move(v), **order, nowMs);
}

Result<Verdict> Verifier::evaluateCachedOrder(Verdict v, const OrderRecord &o, qint64 nowMs)
{
    const qint64 skewMs = qint64(m_options.clockSkewSeconds) * 1000;
    v.orderId = o.id;
    v.jti = o.jti;
    v.recipient = o.recipient;
    v.phone4 = o.phone4;
    v.drinks = o.drinks;
    v.amount = o.amount;
    v.currency = o.currency;
    v.expiresAtMs = o.expiresAtMs;
    v.verifiedBy = VerifiedBy::Cache;
    if (o.expiresAtMs && nowMs >= *o.expiresAtMs + skewMs)
        return decided(
            v, Reason::Expired, QStringLiteral("order expired %1 s ago").arg((nowMs - *o.expiresAtMs) / 1000));
    if (!o.jti.isEmpty()) {
        auto revoked = m_store.isTokenRevoked(o.jti);
        if (!revoked)
            return revoked.error();
        if (*revoked)
            return decided(v, Reason::TokenRevoked, QStringLiteral("the order's token is on the revocation list"));
    }
    return finishWithOrder(std::move(v), o, nowMs);
}

Result<Verdict> Verifier::finishWithOrder(Verdict v, const std::optional<OrderRecord> &order, qint64)
{
    v.orderCached = order.has_value();
    if (order) {
        const QString &s = order->status;
        if (s == QLatin1String("PENDING"))
            return decided(v, Reason::NotPaid, QStringLiteral("order is still pending payment"));
        // Fail safe: only the statuses known to be redeemable (and REDEEMED, decided by the
        // ledger below) pass; CANCELLED, REJECTED, EXPIRED, REFUNDED and any status this kiosk
        // does not know are refused, naming the status.
        if (!isRedeemableOrderStatus(s) && s != QLatin1String("REDEEMED"))
            return decided(v, Reason::OrderCancelled,
                isKnownOrderStatus(s) ? QStringLiteral("order status is %1").arg(s)
                                      : QStringLiteral("order status is %1, which this kiosk does not know").arg(s));
    }
    Ledger ledger(m_store);
    auto previous = ledger.liveRedemption(v.orderId, v.jti);
    if (!previous)
        return previous.error();
    if (*previous) {
        v.previous = *previous;
        return decided(v, Reason::AlreadyRedeemed,
            v.previous->local ? QStringLiteral("first redeemed on this kiosk")
                              : QStringLiteral("first redeemed on another kiosk"));
    }
    if (order && order->status == QLatin1String("REDEEMED")) {
        // The cloud says redeemed but the redemption itself has not synced here yet.
        v.previous = PreviousRedemption{};
        return decided(v, Reason::AlreadyRedeemed, QStringLiteral("the cloud reports this order redeemed"));
    }
    return decided(v, Reason::Ok,
        order ? QStringLiteral("matches the cached order")
              : QStringLiteral("signature verified; order not yet in the cache"));
}

} // namespace kiosk
