#include "verdictcontroller.h"
#include "backend.h"
#include "clock.h"
#include "kiosksettings.h"
#include "ledger.h"
#include "session.h"
#include "store.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSoundEffect>
#include <QUrl>

Q_LOGGING_CATEGORY(lcVerdict, "kiosk.ui.verdict")

namespace kiosk::app {

namespace {
// The one thing to do next that a button can start, matching the advice under the reason.
QString actionFor(Reason r)
{
    switch (r) {
    case Reason::Malformed:
    case Reason::NotPaid:
    case Reason::TokenRevoked:
        return QStringLiteral("scan_again"); // a fresh code from the app, or payment just gone through
    case Reason::UnknownOrder:
        return QStringLiteral("find_by_name");
    case Reason::AlreadyRedeemed:
    case Reason::BadSignature:
    case Reason::UnsupportedAlg:
    case Reason::UnknownKey:
    case Reason::NotYetValid:
        return QStringLiteral("call_manager");
    default:
        return QString(); // expired, wrong venue, cancelled, withdrawn key: nothing at the bar helps
    }
}
} // namespace

VerdictController::VerdictController(Store &store, Backend &backend, const Clock &clock, Session &session,
    KioskSettings &settings, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_backend(backend)
    , m_clock(clock)
    , m_session(session)
    , m_settings(settings)
    , m_options(options)
{
    connect(&m_session, &Session::staffChanged, this, &VerdictController::onStaffChanged);
}

void VerdictController::onStaffChanged()
{
    if (m_session.signedIn())
        return;
    // Signed out: the next person sees nothing of this one's guests, and cannot undo their pour.
    dismissVerdict();
    m_recent.clear();
    if (m_lastPour) {
        m_lastPour.reset();
        Q_EMIT undoChanged();
    }
}

// --- codes in ------------------------------------------------------------------------------

void VerdictController::submitCode(const QString &text, const QString &source)
{
    submitBytes(text.toUtf8(), source);
}

void VerdictController::submitBytes(const QByteArray &text, const QString &source)
{
    m_session.touch();
    if (!m_session.signedIn()) {
        // Nothing is recorded without someone on duty; the sign-in screen says why.
        m_session.showNotice(QStringLiteral("sign_in_first"));
        return;
    }
    if (m_busy || m_pending)
        return; // one customer at a time: a verdict awaiting Pour is not replaced by a stray scan
    if (source != QLatin1String("manual")) {
        const qint64 now = m_clock.nowMs();
        for (const auto &[code, atMs] : std::as_const(m_recent)) {
            if (code == text && now - atMs < m_options.repeatQuietMs) {
                // The same phone still in front of the camera: say so, do not judge it again.
                setRepeatNotice(atMs);
                return;
            }
        }
    }
    startRedeem(Pending{text, QString(), source}, [&](Verifier &v) { return v.verify(text); });
}

void VerdictController::redeemOrder(const QString &orderId)
{
    m_session.touch();
    if (!m_session.signedIn() || m_busy || m_pending)
        return;
    startRedeem(Pending{QByteArray(), orderId, QStringLiteral("manual")},
        [&](Verifier &v) { return v.evaluateOrder(orderId, m_clock.nowMs()); });
}

void VerdictController::startRedeem(const Pending &p, const std::function<Result<Verdict>(Verifier &)> &preview)
{
    // Confirm mode: an OK is only shown (read-only check) until Pour; anything else is redeemed
    // at once so the refusal lands in the scan log.
    if (m_settings.confirmMode()) {
        Verifier verifier(m_store, m_clock);
        auto verdict = preview(verifier);
        if (verdict && verdict->ok()) {
            m_pending = p;
            showVerdict(*verdict, std::nullopt, true, p);
            return;
        }
    }
    redeemNow(p);
}

void VerdictController::redeemNow(const Pending &p)
{
    setBusy(true);
    QPointer<VerdictController> self(this);
    auto done = [self, p](Result<RedeemOutcome> outcome) {
        if (!self)
            return;
        self->setBusy(false);
        if (!self->m_session.signedIn())
            return; // signed out while the cloud was asked: the next person sees nothing stale
        self->showOutcome(outcome, p);
    };
    if (p.orderId.isEmpty())
        m_backend.redeem(p.text, m_session.staffId(), p.source, done);
    else
        m_backend.redeemOrder(p.orderId, m_session.staffId(), done);
}

void VerdictController::confirmPour()
{
    if (!m_pending || m_busy)
        return;
    const Pending p = *m_pending;
    m_pending.reset();
    redeemNow(p);
}

// --- verdicts out --------------------------------------------------------------------------

void VerdictController::showOutcome(const Result<RedeemOutcome> &outcome, const Pending &p)
{
    if (!outcome) {
        // Never an OK: the bartender sees DON'T POUR, and a storage failure stays on screen as
        // a fault until a redemption is written again.
        const ErrorCode code = outcome.error().code;
        if (code == ErrorCode::Unavailable) {
            // Strict mode held back a pour: another bar is out of reach. Not a fault of this
            // kiosk; the guest's code is untouched and works once the bars are linked again.
            m_pending.reset();
            present(QVariantMap{{QStringLiteral("reason"), QStringLiteral("PEERS_UNREACHABLE")},
                        {QStringLiteral("kind"), QStringLiteral("error")},
                        {QStringLiteral("headline"), QStringLiteral("dont_pour")},
                        {QStringLiteral("action"), QStringLiteral("scan_again")},
                        {QStringLiteral("detail"), outcome.error().message},
                        {QStringLiteral("atMs"), double(m_clock.nowMs())},
                        {QStringLiteral("staffName"), m_session.staffName()}},
                qint64(m_options.refusalSeconds) * 1000, QStringLiteral("refused"));
            return;
        }
        if (code == ErrorCode::DiskFull || code == ErrorCode::Io || code == ErrorCode::Corrupt
            || code == ErrorCode::Busy || code == ErrorCode::NotADatabase) {
            m_storageFault = code == ErrorCode::DiskFull ? QStringLiteral("disk_full") : QStringLiteral("write_failed");
            Q_EMIT storageFaultChanged();
        }
        showError(outcome.error().message);
        return;
    }
    if (!m_storageFault.isEmpty()) {
        m_storageFault.clear();
        Q_EMIT storageFaultChanged();
    }
    showVerdict(outcome->verdict, outcome->recorded, false, p, outcome->confirmedOnline);
    if (outcome->recorded)
        Q_EMIT ledgerChanged();
}

QVariantMap VerdictController::previousForQml(const PreviousRedemption &p) const
{
    QString who = p.staffName.isEmpty() ? m_session.nameOf(p.staffId) : p.staffName;
    return QVariantMap{{QStringLiteral("known"), p.atMs.has_value()},
        {QStringLiteral("atMs"), double(p.atMs.value_or(0))}, {QStringLiteral("here"), p.local},
        {QStringLiteral("device"), p.deviceId},
        {QStringLiteral("deviceName"), m_store.deviceName(p.deviceId).value_or(QString())},
        {QStringLiteral("staff"), who}, {QStringLiteral("staffId"), p.staffId},
        {QStringLiteral("byMe"), !p.staffId.isEmpty() && p.staffId == m_session.staffId()}};
}

void VerdictController::showVerdict(const Verdict &v, std::optional<LedgerEntry> recorded, bool pending,
    const Pending &p, std::optional<bool> confirmedOnline)
{
    const qint64 now = m_clock.nowMs();
    const QVariantList drinks = drinksToJsonArray(v.drinks).toVariantList(); // [{name, qty}]
    int totalQty = 0;
    for (const Drink &d : v.drinks)
        totalQty += d.qty;
    QString kind;
    QString headline;
    QString action;
    if (v.ok()) {
        kind = pending ? QStringLiteral("pending") : QStringLiteral("ok");
        headline = pending ? QStringLiteral("check") : QStringLiteral("pour");
    } else if (v.reason == Reason::AlreadyRedeemed) {
        const PreviousRedemption *prev = v.previous ? &*v.previous : nullptr;
        const bool harmless = prev && prev->local && prev->atMs && !prev->staffId.isEmpty()
            && prev->staffId == m_session.staffId() && now - *prev->atMs <= m_options.harmlessRepeatMs;
        kind = harmless ? QStringLiteral("repeat") : QStringLiteral("already");
        headline = QStringLiteral("dont_pour");
        action = harmless ? QString() : actionFor(v.reason);
    } else {
        kind = QStringLiteral("refused");
        headline = QStringLiteral("dont_pour");
        action = actionFor(v.reason);
    }
    QVariantMap m{{QStringLiteral("reason"), reasonCode(v.reason)}, {QStringLiteral("kind"), kind},
        {QStringLiteral("headline"), headline}, {QStringLiteral("action"), action},
        {QStringLiteral("detail"), v.detail}, {QStringLiteral("recipient"), v.recipient},
        {QStringLiteral("phone4"), v.phone4}, {QStringLiteral("drinks"), drinks},
        {QStringLiteral("totalQty"), totalQty}, {QStringLiteral("orderId"), v.orderId},
        {QStringLiteral("verifiedBy"), verifiedByCode(v.verifiedBy)}, {QStringLiteral("pending"), pending},
        {QStringLiteral("recorded"), recorded.has_value()}, {QStringLiteral("source"), p.source},
        {QStringLiteral("text"), p.text}, {QStringLiteral("atMs"), double(now)},
        {QStringLiteral("staffName"), m_session.staffName()},
        {QStringLiteral("confirmedOnline"), confirmedOnline.value_or(false)},
        // The cloud did not see this check: the kiosk judged it alone (the screen says so when
        // it syncs at all).
        {QStringLiteral("checkedOffline"), !confirmedOnline.value_or(false)},
        {QStringLiteral("syncing"), m_backend.syncing()}};
    if (v.expiresAtMs)
        m.insert(QStringLiteral("expiresAtMs"), double(*v.expiresAtMs));
    if (v.previous)
        m.insert(QStringLiteral("previous"), previousForQml(*v.previous));
    if (recorded) {
        m.insert(QStringLiteral("seq"), double(recorded->seq));
        // The new pour is the one Undo means now.
        m_lastPour = LastPour{recorded->seq, now + qint64(m_options.undoSeconds) * 1000,
            QVariantMap{{QStringLiteral("seq"), double(recorded->seq)}, {QStringLiteral("recipient"), v.recipient},
                {QStringLiteral("drinks"), drinks}, {QStringLiteral("totalQty"), totalQty}}};
    }
    const qint64 visibleMs = pending  ? qint64(m_options.confirmSeconds) * 1000
        : kind == QLatin1String("ok") ? qint64(m_options.undoSeconds) * 1000 // the OK lasts as long as its Undo
                                      : qint64(m_options.refusalSeconds) * 1000;
    // A pending OK makes no OK sound (nothing is recorded yet), a harmless re-scan no alarm.
    const QString sound = kind == QLatin1String("ok") ? QStringLiteral("ok")
        : kind == QLatin1String("already")            ? QStringLiteral("already")
        : kind == QLatin1String("refused")            ? QStringLiteral("refused")
                                                      : QString();
    if (!p.text.isEmpty()) {
        m_recent.prepend({p.text, now});
        while (m_recent.size() > 2)
            m_recent.removeLast();
    }
    present(m, visibleMs, sound);
}

void VerdictController::showError(const QString &message)
{
    qCWarning(lcVerdict) << "scan could not be handled:" << message;
    m_pending.reset();
    present(
        QVariantMap{{QStringLiteral("reason"), QStringLiteral("ERROR")},
            {QStringLiteral("kind"), QStringLiteral("error")},
            {QStringLiteral("headline"), QStringLiteral("dont_pour")},
            {QStringLiteral("action"), QStringLiteral("scan_again")}, {QStringLiteral("detail"), message},
            {QStringLiteral("atMs"), double(m_clock.nowMs())}, {QStringLiteral("staffName"), m_session.staffName()}},
        qint64(m_options.refusalSeconds) * 1000, QStringLiteral("refused"));
}

void VerdictController::present(QVariantMap verdict, qint64 visibleMs, const QString &sound)
{
    m_verdict = std::move(verdict);
    m_verdictUntilMs = visibleMs > 0 ? m_clock.nowMs() + visibleMs : 0;
    if (!m_repeatNotice.isEmpty()) {
        m_repeatNotice.clear();
        Q_EMIT repeatNoticeChanged();
    }
    Q_EMIT verdictChanged();
    // The undo countdown starts full at once, not at the previous verdict's "0 s".
    m_shownUndoSeconds = undoSeconds();
    Q_EMIT undoChanged();
    Q_EMIT verdictShown(m_verdict);
    if (!sound.isEmpty())
        playSound(sound);
}

// --- undo, close, deadlines ----------------------------------------------------------------

int VerdictController::undoSeconds() const
{
    if (!m_lastPour)
        return 0;
    const qint64 left = m_lastPour->untilMs - m_clock.nowMs();
    return left > 0 ? int((left + 999) / 1000) : 0;
}

QVariantMap VerdictController::lastPour() const
{
    return m_lastPour && undoSeconds() > 0 ? m_lastPour->summary : QVariantMap();
}

void VerdictController::undo()
{
    if (!m_lastPour || undoSeconds() <= 0 || !m_session.signedIn() || m_busy)
        return;
    m_session.touch();
    const LastPour pour = *m_lastPour;
    m_lastPour.reset();
    Q_EMIT undoChanged();
    m_pending.reset();
    setBusy(true);
    QPointer<VerdictController> self(this);
    m_backend.voidRedemption(
        pour.seq, m_session.staffId(), QStringLiteral("undone at the bar"), [self, pour](Result<qint64> r) {
            if (!self)
                return;
            self->setBusy(false);
            if (!r) {
                self->showError(r.error().message);
                return;
            }
            QVariantMap v = pour.summary;
            v.insert(QStringLiteral("kind"), QStringLiteral("undone"));
            v.insert(QStringLiteral("headline"), QStringLiteral("dont_pour"));
            v.insert(QStringLiteral("reason"), QStringLiteral("OK"));
            v.insert(QStringLiteral("recorded"), false);
            v.insert(QStringLiteral("atMs"), double(self->m_clock.nowMs()));
            v.insert(QStringLiteral("staffName"), self->m_session.staffName());
            // The voided code may be scanned again at once.
            self->m_recent.clear();
            self->present(v, 4000, QString());
            Q_EMIT self->ledgerChanged();
        });
}

void VerdictController::dismissVerdict()
{
    m_verdictUntilMs = 0;
    m_pending.reset();
    if (m_verdict.isEmpty())
        return;
    m_verdict.clear();
    Q_EMIT verdictChanged();
}

void VerdictController::scanAgain()
{
    m_recent.clear();
    dismissVerdict();
}

void VerdictController::holdForManager()
{
    if (m_verdict.isEmpty() || m_pending)
        return;
    m_verdictUntilMs = 0;
    m_verdict.insert(QStringLiteral("held"), true);
    Q_EMIT verdictChanged();
}

void VerdictController::tick()
{
    const qint64 now = m_clock.nowMs();
    if (!m_verdict.isEmpty() && m_verdictUntilMs && now >= m_verdictUntilMs) {
        if (m_pending) {
            // Pour was never tapped: say so, so that a drink poured anyway is scanned again.
            m_pending.reset();
            QVariantMap v = m_verdict;
            v.insert(QStringLiteral("kind"), QStringLiteral("unused"));
            v.insert(QStringLiteral("headline"), QStringLiteral("check"));
            v.insert(QStringLiteral("pending"), false);
            v.insert(QStringLiteral("atMs"), double(now));
            present(v, qint64(m_options.unusedSeconds) * 1000, QStringLiteral("already"));
        } else {
            dismissVerdict();
        }
    }
    const int undo = undoSeconds();
    if (undo != m_shownUndoSeconds) {
        m_shownUndoSeconds = undo;
        if (!undo)
            m_lastPour.reset();
        Q_EMIT undoChanged();
    }
    if (!m_repeatNotice.isEmpty() && now >= m_repeatNoticeUntilMs) {
        m_repeatNotice.clear();
        Q_EMIT repeatNoticeChanged();
    }
}

void VerdictController::setRepeatNotice(qint64 checkedAtMs)
{
    m_repeatNoticeUntilMs = m_clock.nowMs() + 3000;
    if (m_repeatNotice.value(QStringLiteral("atMs")).toDouble() == double(checkedAtMs))
        return;
    m_repeatNotice = QVariantMap{{QStringLiteral("atMs"), double(checkedAtMs)}};
    Q_EMIT repeatNoticeChanged();
}

void VerdictController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void VerdictController::playSound(const QString &name)
{
    if (!m_settings.soundsEnabled())
        return;
    QSoundEffect *effect = m_soundEffects.value(name);
    if (!effect) {
        effect = new QSoundEffect(this);
        effect->setSource(QUrl(QStringLiteral("qrc:/sounds/%1.wav").arg(name)));
        effect->setVolume(1.0);
        m_soundEffects.insert(name, effect);
    }
    effect->play();
}

} // namespace kiosk::app
