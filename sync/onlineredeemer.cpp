#include "onlineredeemer.h"

#include "synclogging_p.h"

#include "clock.h"
#include "feed.h"
#include "ledger.h"
#include "store.h"
#include "token.h"

#include <QJsonObject>

namespace kiosk::sync {

namespace {

// The cloud's reason for refusing an upload, as the verdict a bartender understands.
Reason reasonForRejection(const QString &why)
{
    const QString w = why.toLower();
    if (w.contains(QLatin1String("revoked")))
        return Reason::TokenRevoked;
    if (w.contains(QLatin1String("not paid")) || w.contains(QLatin1String("pending")))
        return Reason::NotPaid;
    if (w.contains(QLatin1String("unknown order")))
        return Reason::UnknownOrder;
    return Reason::OrderCancelled;
}

RedeemOutcome unknownLegacy(const QString &code, const QString &detail)
{
    Verdict v;
    v.form = CodeForm::Legacy;
    v.qrCode = code;
    v.reason = Reason::UnknownOrder;
    v.detail = detail;
    return RedeemOutcome{v, std::nullopt};
}

} // namespace

OnlineRedeemer::OnlineRedeemer(
    Store &store, const Clock &clock, SyncEngine *engine, const OnlineRedeemOptions &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_engine(engine)
    , m_options(options)
    , m_redeemer(store, clock, options.verifier)
{ }

std::optional<Error> OnlineRedeemer::heldForPeers(const std::function<Result<Verdict>(Verifier &)> &preview)
{
    if (!m_options.strictPeers || !m_peers)
        return std::nullopt;
    QStringList away;
    for (const PeerState &p : m_peers->peers()) {
        if (!p.deviceId.isEmpty() && !p.connected)
            away.append(p.name.isEmpty() ? p.deviceId : p.name);
    }
    if (away.isEmpty())
        return std::nullopt;
    // Only a pour is held back: a refusal is recorded and shown as always.
    Verifier verifier(m_store, m_clock, m_options.verifier);
    const auto verdict = preview(verifier);
    if (!verdict || !verdict->ok())
        return std::nullopt;
    return Error{ErrorCode::Unavailable,
        QStringLiteral("strict mode: no pour while %1 cannot be reached; nothing was recorded")
            .arg(away.join(QLatin1String(", ")))};
}

void OnlineRedeemer::redeem(const QByteArray &text, const QString &staffId, const QString &source, Done done)
{
    if (auto held = heldForPeers([&](Verifier &v) { return v.verify(text); })) {
        qCInfo(lcPeers).noquote() << held->message;
        done(*held);
        return;
    }
    auto outcome = m_redeemer.redeem(text, staffId, source);
    if (!outcome) {
        done(outcome);
        return;
    }
    const bool canAsk = m_engine && !m_engine->knownOffline();
    if (canAsk && outcome->verdict.reason == Reason::UnknownOrder && outcome->verdict.form == CodeForm::Legacy) {
        lookUpLegacy(text, staffId, source, std::move(done));
        return;
    }
    if (outcome->verdict.ok()) {
        afterLocalOk(std::move(*outcome), std::move(done));
        return;
    }
    done(outcome);
}

void OnlineRedeemer::redeemOrder(const QString &orderId, const QString &staffId, Done done)
{
    if (auto held = heldForPeers([&](Verifier &v) { return v.evaluateOrder(orderId, m_clock.nowMs()); })) {
        qCInfo(lcPeers).noquote() << held->message;
        done(*held);
        return;
    }
    auto outcome = m_redeemer.redeemOrder(orderId, staffId);
    if (outcome && outcome->verdict.ok()) {
        afterLocalOk(std::move(*outcome), std::move(done));
        return;
    }
    done(outcome);
}

void OnlineRedeemer::afterLocalOk(RedeemOutcome outcome, Done done)
{
    auto toCloud = [this](RedeemOutcome o, Done d) {
        if (m_engine && !m_engine->knownOffline())
            confirm(std::move(o), std::move(d));
        else
            d(o);
    };
    if (!m_peers) {
        toCloud(std::move(outcome), std::move(done));
        return;
    }
    QPointer<OnlineRedeemer> self(this);
    const qint64 seq = outcome.recorded->seq;
    m_peers->announce(seq, [=, this](AnnounceOutcome answer) mutable {
        if (!self)
            return;
        outcome.peersAsked = answer.asked;
        outcome.peersAnswered = answer.answered;
        if (!answer.lost()) {
            // The merged ledger once more: another process on this database (the kiosk's own
            // long-running links) may have taken in the rival's record while ours was on its
            // way, and the peer that answered may not have seen it yet.
            auto rivals = Ledger(m_store).liveRedemptions(outcome.verdict.orderId, outcome.verdict.jti);
            const LedgerEntry &mine = *outcome.recorded;
            if (rivals) {
                for (const LedgerEntry &r : *rivals) {
                    if (r.seq != mine.seq && r.deviceId != mine.deviceId
                        && firstRedemptionWins(r.atMs, r.idempotencyKey, mine.atMs, mine.idempotencyKey)) {
                        answer.winnerKey = r.idempotencyKey;
                        answer.winnerDevice = r.deviceId;
                        answer.winnerAtMs = r.atMs;
                        break;
                    }
                }
            }
        }
        if (!answer.lost()) {
            toCloud(std::move(outcome), std::move(done));
            return;
        }
        // Another bar claimed this order at the same moment and the rule keeps its pour: nothing
        // has been poured here yet, so this one is withdrawn.
        PreviousRedemption winner;
        winner.deviceId = answer.winnerDevice;
        winner.atMs = answer.winnerAtMs;
        withdraw(outcome, winner, QStringLiteral("another bar poured it at the same moment"));
        done(outcome);
    });
}

void OnlineRedeemer::withdraw(RedeemOutcome &outcome, const PreviousRedemption &winner, const QString &why)
{
    const qint64 seq = outcome.recorded->seq;
    Ledger ledger(m_store);
    auto voided = ledger.voidRedemption(
        seq, outcome.recorded->staffId, QStringLiteral("refused at the bar: %1").arg(why), m_clock.nowMs());
    if (voided && m_peers)
        m_peers->push(*voided);
    else if (!voided)
        qCWarning(lcSync).noquote() << "could not void the withdrawn redemption:" << voided.error().message;
    outcome.recorded.reset();
    Verdict &v = outcome.verdict;
    v.reason = Reason::AlreadyRedeemed;
    v.detail = why;
    // With ours voided, the live redemption is the winner's when its record is here already
    // (it usually is: it came with the other bar's announcement); else what the answer said.
    auto live = ledger.liveRedemption(v.orderId, v.jti);
    v.previous = live && *live ? **live : winner;
}

void OnlineRedeemer::lookUpLegacy(const QByteArray &text, const QString &staffId, const QString &source, Done done)
{
    const QString code = QString::fromLatin1(text);
    QPointer<OnlineRedeemer> self(this);
    m_engine->client()->scanLegacy(code, [=, this](std::optional<QJsonObject> found, std::optional<ApiError> error) {
        if (!self)
            return;
        if (error || !found) {
            // Not found, or the cloud cannot be asked: UNKNOWN_ORDER stands (the scan log has it).
            done(unknownLegacy(code,
                error && error->httpStatus == 404
                    ? QStringLiteral("the cloud does not know this code either")
                    : QStringLiteral("legacy code not in the cache; the cloud could not be asked")));
            return;
        }
        // Cache the order as the feed would have delivered it, then redeem against the cache.
        QJsonObject order{{QStringLiteral("id"), found->value(QLatin1String("orderId"))},
            {QStringLiteral("qrCode"), code}, {QStringLiteral("status"), found->value(QLatin1String("status"))},
            {QStringLiteral("recipient"), found->value(QLatin1String("recipient"))},
            {QStringLiteral("drinks"), found->value(QLatin1String("drinks"))},
            {QStringLiteral("amount"), found->value(QLatin1String("amount"))},
            {QStringLiteral("currency"), found->value(QLatin1String("currency"))}};
        const QJsonObject full = found->value(QLatin1String("order")).toObject();
        for (const char *k : {"jti", "ph4", "expiresAt", "updatedAt"}) {
            if (full.contains(QLatin1String(k)))
                order.insert(QLatin1String(k), full.value(QLatin1String(k)));
        }
        auto change = parseFeedChange(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("order")}, {QStringLiteral("data"), order}});
        if (!change) {
            qCWarning(lcSync).noquote() << "online lookup answered an invalid order:" << change.error().message;
            done(unknownLegacy(code, QStringLiteral("the cloud's answer was invalid")));
            return;
        }
        if (auto applied = FeedIngest(m_store, m_clock).applyChanges({*change}); !applied) {
            done(applied.error());
            return;
        }
        auto outcome = m_redeemer.redeem(text, staffId, source, true);
        if (outcome && outcome->verdict.ok())
            afterLocalOk(std::move(*outcome), std::move(done));
        else
            done(outcome);
    });
}

void OnlineRedeemer::confirm(RedeemOutcome outcome, Done done)
{
    const qint64 seq = outcome.recorded->seq;
    QPointer<OnlineRedeemer> self(this);
    m_engine->confirm(seq, m_options.confirmTimeoutMs, [=, this](std::optional<UploadResult> answer) mutable {
        if (!self)
            return;
        if (!answer || answer->status == UploadStatus::Accepted || answer->status == UploadStatus::Duplicate) {
            outcome.confirmedOnline = answer.has_value();
            done(outcome); // confirmed, or no answer in time: the local OK stands
            return;
        }
        // Refused before the drink was poured: the local row is voided, the verdict changes.
        Verdict &v = outcome.verdict;
        if (answer->status == UploadStatus::Conflict) {
            v.reason = Reason::AlreadyRedeemed;
            v.detail = QStringLiteral("the cloud says another kiosk redeemed it first");
            PreviousRedemption p;
            p.atMs = answer->winnerAtMs;
            p.deviceId = answer->winnerDevice;
            p.staffId = answer->winnerStaff;
            if (auto staff = m_store.staff(p.staffId); staff && *staff)
                p.staffName = (*staff)->name;
            v.previous = p;
        } else {
            v.reason = reasonForRejection(answer->reason);
            v.detail = QStringLiteral("refused by the cloud: ") + answer->reason;
        }
        const QString why = QStringLiteral("refused at the bar by online confirmation: %1").arg(v.detail);
        auto voided = Ledger(m_store).voidRedemption(seq, outcome.recorded->staffId, why, m_clock.nowMs());
        if (!voided) {
            done(voided.error());
            return;
        }
        if (m_peers)
            m_peers->push(*voided); // the peers that heard of the pour hear of its void
        outcome.recorded.reset();
        done(outcome);
    });
}

} // namespace kiosk::sync
