#include "redeemer.h"

#include "clock.h"
#include "logging_p.h"
#include "sqlite_p.h"
#include "store.h"

namespace kiosk {

namespace {
QString formCode(CodeForm f)
{
    switch (f) {
    case CodeForm::Token:
        return QStringLiteral("token");
    case CodeForm::Legacy:
        return QStringLiteral("legacy");
    case CodeForm::Malformed:
        break;
    }
    return QStringLiteral("malformed");
}
} // namespace

Redeemer::Redeemer(Store &store, const Clock &clock, VerifierOptions options)
    : m_store(store)
    , m_clock(clock)
    , m_verifier(store, clock, options)
    , m_ledger(store)
{ }

Result<RedeemOutcome> Redeemer::redeem(
    QByteArrayView text, const QString &staffId, const QString &source, bool orderLookedUpOnline)
{
    // Pure parsing happens before the write lock is taken.
    const ScannedCode code = classifyCode(text);
    return record([&](qint64 now) { return m_verifier.evaluate(code, now); }, staffId, source, formCode(code.form),
        codeFingerprint(text), orderLookedUpOnline);
}

Result<RedeemOutcome> Redeemer::redeemOrder(const QString &orderId, const QString &staffId)
{
    // Logged like a legacy code of that order (the same checks ran), fingerprinted by order id.
    return record([&](qint64 now) { return m_verifier.evaluateOrder(orderId, now); }, staffId, QStringLiteral("manual"),
        QStringLiteral("legacy"), codeFingerprint(orderId.toUtf8()), false);
}

Result<RedeemOutcome> Redeemer::record(const std::function<Result<Verdict>(qint64 nowMs)> &evaluate,
    const QString &staffId, const QString &source, const QString &form, const QString &fingerprint,
    bool orderLookedUpOnline)
{
    auto txn = SqlTransaction::begin(m_store.db(), SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    if (!staffId.isEmpty()) {
        if (auto staff = m_store.activeStaff(staffId); !staff)
            return staff.error();
    }
    const qint64 now = m_clock.nowMs();
    auto verdict = evaluate(now);
    if (!verdict)
        return verdict.error();
    auto device = m_store.deviceId();
    if (!device)
        return device.error();

    if (orderLookedUpOnline && verdict->ok() && verdict->verifiedBy == VerifiedBy::Cache)
        verdict->verifiedBy = VerifiedBy::Online;
    RedeemOutcome outcome{std::move(*verdict), std::nullopt};
    const Verdict &v = outcome.verdict;
    if (v.ok()) {
        RedemptionDraft d;
        d.orderId = v.orderId;
        d.jti = v.jti;
        d.qrCode = v.qrCode;
        d.staffId = staffId;
        d.atMs = now;
        d.verifiedBy = v.verifiedBy;
        d.recipient = v.recipient;
        d.drinks = v.drinks;
        d.amount = v.amount;
        d.currency = v.currency;
        auto recorded = m_ledger.appendLocalRedemption(d, *device, now);
        if (!recorded)
            return recorded.error();
        outcome.recorded = std::move(*recorded);
    }

    ScanRecord scan;
    scan.atMs = now;
    scan.staffId = staffId;
    scan.source = source;
    scan.form = form;
    scan.fingerprint = fingerprint;
    scan.reason = reasonCode(v.reason);
    scan.detail = v.detail;
    scan.orderId = v.orderId;
    scan.jti = v.jti;
    if (outcome.recorded)
        scan.ledgerSeq = outcome.recorded->seq;
    if (auto st = m_ledger.appendScan(scan, *device); !st)
        return st.error();
    if (auto st = txn->commit(); !st)
        return st.error();
    qCDebug(lcVerifier) << "scan" << scan.fingerprint << reasonCode(v.reason) << "order" << v.orderId;
    return outcome;
}

} // namespace kiosk
