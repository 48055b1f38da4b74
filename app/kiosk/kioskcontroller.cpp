#include "kioskcontroller.h"
#include "backend.h"
#include "clock.h"
#include "ledger.h"
#include "pairing.h"
#include "scanworker.h"
#include "signin.h"
#include "store.h"

#include <QCameraDevice>
#include <QCoreApplication>
#include <QEvent>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QMediaDevices>
#include <QQmlEngine>
#include <QSoundEffect>
#include <QTranslator>
#include <QUrl>

Q_LOGGING_CATEGORY(lcUi, "kiosk.ui")

namespace kiosk::app {

namespace {
// Drinks as QML reads them: [{name, qty}].
QVariantList drinksForQml(const QList<Drink> &drinks)
{
    QVariantList out;
    for (const Drink &d : drinks)
        out.append(QVariantMap{{QStringLiteral("name"), d.name}, {QStringLiteral("qty"), d.qty}});
    return out;
}

namespace Setting {
constexpr char ConfirmMode[] = "ui_confirm_mode";
constexpr char Sounds[] = "ui_sounds";
constexpr char Language[] = "ui_language";
constexpr char AutoLock[] = "ui_autolock_s";
constexpr char Camera[] = "ui_camera";
constexpr char Resolution[] = "ui_resolution";
} // namespace Setting

// A code seen again this soon after its verdict is the same phone still in front of the
// camera, not a second customer: showing ALREADY_REDEEMED for it would be a false alarm.
constexpr qint64 RepeatQuietMs = 8000;

QString kindOf(Reason r)
{
    switch (r) {
    case Reason::Ok:
        return QStringLiteral("ok");
    case Reason::AlreadyRedeemed:
        return QStringLiteral("already");
    default:
        return QStringLiteral("refused");
    }
}
} // namespace

KioskController::KioskController(
    Store &store, Backend &backend, const Clock &clock, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_backend(backend)
    , m_clock(clock)
    , m_options(options)
{
    m_venueName = m_store.meta(MetaKey::VenueName).value_or(QString());
    m_deviceId = m_store.deviceId().value_or(QString());
    loadSettings();
    setLanguage(m_language); // the saved language, from the first screen on
    refreshStaff();
    m_lockedUntilMs = SignInGuard(m_store, m_clock).lockedUntilMs().value_or(0);
    m_sinceActivity.start();
    m_verdictTimer.setSingleShot(true);
    m_noticeTimer.setSingleShot(true);
    m_noticeTimer.setInterval(6000);
    connect(&m_noticeTimer, &QTimer::timeout, this, &KioskController::clearNotice);
    connect(&m_verdictTimer, &QTimer::timeout, this, &KioskController::dismissVerdict);
    m_secondTimer.setInterval(1000);
    connect(&m_secondTimer, &QTimer::timeout, this, &KioskController::everySecond);
    m_secondTimer.start();
    connect(&m_backend, &Backend::syncStatusChanged, this, &KioskController::updateSync);
    connect(&m_backend, &Backend::pulled, this, [this] {
        refreshStaff();
        Q_EMIT ledgerChanged();
    });
    updateSync();
}

KioskController::~KioskController() = default;

void KioskController::setScanWorker(scanner::ScanWorker *worker)
{
    m_worker = worker;
    if (worker)
        connect(worker, &scanner::ScanWorker::codeScanned, this, &KioskController::onScanned);
}

void KioskController::setFrameSource(QObject *source, const QString &description)
{
    m_frameSource = source;
    m_cameraDescription = description;
    Q_EMIT cameraChanged();
}

bool KioskController::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
        m_sinceActivity.restart();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

// --- staff ---------------------------------------------------------------------------------

void KioskController::refreshStaff()
{
    QVariantList list;
    if (auto staff = m_store.activeStaffList()) {
        for (const StaffRecord &s : std::as_const(*staff))
            list.append(QVariantMap{
                {QStringLiteral("id"), s.id}, {QStringLiteral("name"), s.name}, {QStringLiteral("role"), s.role}});
    }
    if (list != m_staffList) {
        m_staffList = list;
        Q_EMIT staffListChanged();
    }
    // Staff deactivated in the cloud are signed out at the next sync.
    if (signedIn()) {
        auto still = m_store.staff(m_staff.id);
        if (still && (!*still || !(*still)->active))
            signOut(QStringLiteral("deactivated"));
    }
}

int KioskController::lockSeconds() const
{
    const qint64 left = m_lockedUntilMs - m_clock.nowMs();
    return left > 0 ? int((left + 999) / 1000) : 0;
}

bool KioskController::signIn(const QString &staffId, const QString &pin)
{
    SignInGuard guard(m_store, m_clock);
    auto attempt = guard.attempt(staffId, pin);
    if (!attempt) {
        m_signInError = QStringLiteral("error");
        qCWarning(lcUi) << "sign-in failed:" << attempt.error().message;
        Q_EMIT signInChanged();
        return false;
    }
    using O = SignInAttempt::Outcome;
    m_failures = attempt->failures;
    m_lockedUntilMs = attempt->lockedUntilMs;
    switch (attempt->outcome) {
    case O::SignedIn:
        clearNotice();
        m_signInError.clear();
        m_staff = attempt->staff;
        m_signOutReason.clear();
        m_sinceActivity.restart();
        Q_EMIT signInChanged();
        Q_EMIT staffChanged();
        return true;
    case O::WrongPin:
        m_signInError = m_lockedUntilMs ? QStringLiteral("locked") : QStringLiteral("wrong_pin");
        break;
    case O::LockedOut:
        m_signInError = QStringLiteral("locked");
        break;
    case O::UnknownStaff:
        m_signInError = QStringLiteral("unknown_staff");
        break;
    case O::UnusablePin:
        m_signInError = QStringLiteral("unusable_pin");
        break;
    }
    Q_EMIT signInChanged();
    return false;
}

void KioskController::signOut(const QString &reason)
{
    if (!signedIn())
        return;
    qCInfo(lcUi) << "staff signed out:" << m_staff.id << reason;
    dismissVerdict();
    m_staff = StaffRecord{};
    m_signOutReason = reason;
    ++m_searchGeneration; // guests' names and orders leave with the bartender
    m_orderMatches.clear();
    m_searchingOrders = false;
    Q_EMIT orderMatchesChanged();
    m_signInError.clear();
    Q_EMIT staffChanged();
    Q_EMIT signInChanged();
}

QString KioskController::staffName(const QString &id) const
{
    if (id.isEmpty())
        return QString();
    auto s = m_store.staff(id);
    return s && *s ? (*s)->name : QString();
}

// --- scanning and verdicts -----------------------------------------------------------------

void KioskController::onScanned(const scanner::ScanResult &result)
{
    QVariantList outline;
    for (const QPointF &p : result.corners)
        outline.append(p);
    m_outline = outline;
    m_outlineAge.start();
    Q_EMIT codeOutlineChanged();
    submitBytes(result.text, QStringLiteral("camera"));
}

void KioskController::submitCode(const QString &text, const QString &source)
{
    submitBytes(text.toUtf8(), source);
}

void KioskController::submitBytes(const QByteArray &text, const QString &source)
{
    m_sinceActivity.restart();
    if (!signedIn()) {
        // Nothing is recorded without someone on duty; the sign-in screen says why.
        m_noticeTimer.start();
        if (m_notice != QLatin1String("sign_in_first")) {
            m_notice = QStringLiteral("sign_in_first");
            Q_EMIT noticeChanged();
        }
        return;
    }
    if (m_busy || m_pending)
        return; // one customer at a time: a verdict awaiting Pour is not replaced by a stray scan
    const bool typed = source == QLatin1String("manual");
    if (!typed) {
        for (const QVariantMap *seen : {&m_verdict, &m_lastShown}) {
            if (seen->value(QStringLiteral("text")).toByteArray() == text
                && m_clock.nowMs() - seen->value(QStringLiteral("atMs")).toLongLong() < RepeatQuietMs)
                return;
        }
    }
    startRedeem(Pending{text, QString(), source}, [&](Verifier &v) { return v.verify(text); });
}

void KioskController::startRedeem(const Pending &p, const std::function<Result<Verdict>(Verifier &)> &preview)
{
    // Confirm mode: an OK is only shown (read-only check) until Pour; anything else is redeemed
    // at once so the refusal lands in the scan log.
    if (m_confirmMode) {
        Verifier verifier(m_store, m_clock);
        auto verdict = preview(verifier);
        if (verdict && verdict->ok()) {
            m_pending = p;
            showVerdict(*verdict, std::nullopt, true, p.source);
            m_verdict.insert(QStringLiteral("text"), p.text);
            return;
        }
    }
    redeemNow(p);
}

void KioskController::searchOrders(const QString &query)
{
    m_sinceActivity.restart();
    const quint64 generation = ++m_searchGeneration;
    if (query.trimmed().size() < 2 || !signedIn()) {
        m_orderMatches.clear();
        m_searchingOrders = false;
        Q_EMIT orderMatchesChanged();
        return;
    }
    m_searchingOrders = true;
    Q_EMIT orderMatchesChanged();
    QPointer<KioskController> self(this);
    m_backend.findOrders(query, 25, [self, generation](Result<QList<OrderRecord>> found) {
        if (!self || generation != self->m_searchGeneration)
            return; // the bartender has typed on; a newer answer is coming
        self->m_searchingOrders = false;
        self->m_orderMatches.clear();
        if (!found)
            self->showError(found.error().message);
        else
            for (const OrderRecord &o : std::as_const(*found)) {
                self->m_orderMatches.append(
                    QVariantMap{{QStringLiteral("orderId"), o.id}, {QStringLiteral("recipient"), o.recipient},
                        {QStringLiteral("phone4"), o.phone4}, {QStringLiteral("drinks"), drinksForQml(o.drinks)},
                        {QStringLiteral("expiresAtMs"), double(o.expiresAtMs.value_or(0))}});
            }
        Q_EMIT self->orderMatchesChanged();
    });
}

void KioskController::redeemOrder(const QString &orderId)
{
    m_sinceActivity.restart();
    if (!signedIn() || m_busy || m_pending)
        return;
    startRedeem(Pending{QByteArray(), orderId, QStringLiteral("manual")},
        [&](Verifier &v) { return v.evaluateOrder(orderId, m_clock.nowMs()); });
}

void KioskController::redeemNow(const Pending &p)
{
    setBusy(true);
    QPointer<KioskController> self(this);
    auto done = [self, p](Result<RedeemOutcome> outcome) {
        if (!self)
            return;
        self->setBusy(false);
        if (!self->signedIn())
            return; // signed out while the cloud was asked: the next person sees nothing stale
        self->showOutcome(outcome, p.source);
        self->m_verdict.insert(QStringLiteral("text"), p.text);
    };
    if (p.orderId.isEmpty())
        m_backend.redeem(p.text, m_staff.id, p.source, done);
    else
        m_backend.redeemOrder(p.orderId, m_staff.id, done);
}

void KioskController::confirmPour()
{
    if (!m_pending || m_busy)
        return;
    const Pending p = *m_pending;
    m_pending.reset();
    m_verdictTimer.stop();
    redeemNow(p);
}

bool KioskController::clockDrifting() const
{
    return std::abs(m_clockDriftMs) > qint64(m_options.clockSkewSeconds) * 1000;
}

void KioskController::showOutcome(const Result<RedeemOutcome> &outcome, const QString &source)
{
    if (!outcome) {
        // Never an OK: the bartender sees ERROR, and a storage failure stays on screen as a
        // fault until a redemption is written again.
        const ErrorCode code = outcome.error().code;
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
    showVerdict(outcome->verdict, outcome->recorded, false, source);
    m_verdict.insert(QStringLiteral("confirmedOnline"), outcome->confirmedOnline);
    m_verdict.insert(QStringLiteral("syncing"), m_backend.syncing());
    Q_EMIT verdictChanged();
    if (outcome->recorded)
        Q_EMIT ledgerChanged();
}

void KioskController::showVerdict(
    const Verdict &v, std::optional<LedgerEntry> recorded, bool pending, const QString &source)
{
    const QVariantList drinks = drinksForQml(v.drinks);
    int totalQty = 0;
    for (const Drink &d : v.drinks)
        totalQty += d.qty;
    QVariantMap m{{QStringLiteral("reason"), reasonCode(v.reason)}, {QStringLiteral("kind"), kindOf(v.reason)},
        {QStringLiteral("detail"), v.detail}, {QStringLiteral("recipient"), v.recipient},
        {QStringLiteral("phone4"), v.phone4}, {QStringLiteral("drinks"), drinks},
        {QStringLiteral("totalQty"), totalQty}, {QStringLiteral("orderId"), v.orderId},
        {QStringLiteral("verifiedBy"), verifiedByCode(v.verifiedBy)}, {QStringLiteral("pending"), pending},
        {QStringLiteral("recorded"), recorded.has_value()}, {QStringLiteral("source"), source},
        {QStringLiteral("atMs"), double(m_clock.nowMs())}, {QStringLiteral("staffName"), m_staff.name}};
    if (v.expiresAtMs)
        m.insert(QStringLiteral("expiresAtMs"), double(*v.expiresAtMs));
    if (v.previous) {
        const PreviousRedemption &p = *v.previous;
        QString who = p.staffName.isEmpty() ? staffName(p.staffId) : p.staffName;
        m.insert(QStringLiteral("previous"),
            QVariantMap{{QStringLiteral("known"), p.atMs.has_value()},
                {QStringLiteral("atMs"), double(p.atMs.value_or(0))}, {QStringLiteral("here"), p.local},
                {QStringLiteral("device"), p.deviceId}, {QStringLiteral("staff"), who}});
    }
    m_undoSeq.reset();
    if (recorded) {
        m.insert(QStringLiteral("seq"), double(recorded->seq));
        m_undoSeq = recorded->seq;
        m_undoClock.start();
    }
    m_verdict = m;
    const QString kind = m.value(QStringLiteral("kind")).toString();
    const int seconds = pending       ? m_options.confirmSeconds
        : kind == QLatin1String("ok") ? std::max(m_options.okSeconds, recorded ? m_options.undoSeconds / 2 : 0)
                                      : m_options.refusalSeconds;
    m_verdictTimer.start(seconds * 1000);
    Q_EMIT verdictChanged();
    // undoSeconds is re-read on tick: without this the Undo button would show the previous
    // count ("0 s") until the next second.
    Q_EMIT tick();
    Q_EMIT verdictShown(m_verdict);
    playSound(pending ? QStringLiteral("ok") : kind);
}

void KioskController::showError(const QString &message)
{
    qCWarning(lcUi) << "scan could not be handled:" << message;
    m_pending.reset();
    m_undoSeq.reset();
    m_verdict = QVariantMap{{QStringLiteral("reason"), QStringLiteral("ERROR")},
        {QStringLiteral("kind"), QStringLiteral("error")}, {QStringLiteral("detail"), message},
        {QStringLiteral("atMs"), double(m_clock.nowMs())}};
    m_verdictTimer.start(m_options.refusalSeconds * 1000);
    Q_EMIT verdictChanged();
    Q_EMIT verdictShown(m_verdict);
    playSound(QStringLiteral("refused"));
}

int KioskController::undoSeconds() const
{
    if (!m_undoSeq || !m_undoClock.isValid())
        return 0;
    const qint64 left = qint64(m_options.undoSeconds) * 1000 - m_undoClock.elapsed();
    return left > 0 ? int((left + 999) / 1000) : 0;
}

void KioskController::undo()
{
    if (!m_undoSeq || undoSeconds() <= 0 || !signedIn() || m_busy)
        return;
    const qint64 seq = *m_undoSeq;
    m_undoSeq.reset();
    setBusy(true);
    QPointer<KioskController> self(this);
    m_backend.voidRedemption(seq, m_staff.id, QStringLiteral("undone at the bar"), [self](Result<qint64> r) {
        if (!self)
            return;
        self->setBusy(false);
        if (!r) {
            self->showError(r.error().message);
            return;
        }
        self->m_verdict.insert(QStringLiteral("kind"), QStringLiteral("undone"));
        self->m_verdict.insert(QStringLiteral("recorded"), false);
        self->m_verdictTimer.start(3000);
        Q_EMIT self->verdictChanged();
        Q_EMIT self->verdictShown(self->m_verdict);
        Q_EMIT self->ledgerChanged();
    });
}

void KioskController::dismissVerdict()
{
    m_verdictTimer.stop();
    m_pending.reset();
    m_undoSeq.reset();
    if (m_verdict.isEmpty())
        return;
    // Keep what repeat suppression needs, hide the rest.
    m_lastShown = m_verdict;
    m_verdict.clear();
    Q_EMIT verdictChanged();
}

void KioskController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void KioskController::clearNotice()
{
    m_noticeTimer.stop();
    if (m_notice.isEmpty())
        return;
    m_notice.clear();
    Q_EMIT noticeChanged();
}

void KioskController::playSound(const QString &kind)
{
    if (!m_sounds)
        return;
    const QString name = kind == QLatin1String("ok") ? QStringLiteral("ok")
        : kind == QLatin1String("already")           ? QStringLiteral("already")
                                                     : QStringLiteral("refused");
    QSoundEffect *effect = m_soundEffects.value(name);
    if (!effect) {
        effect = new QSoundEffect(this);
        effect->setSource(QUrl(QStringLiteral("qrc:/sounds/%1.wav").arg(name)));
        effect->setVolume(1.0);
        m_soundEffects.insert(name, effect);
    }
    effect->play();
}

// --- sync, ticks, scanner stats ------------------------------------------------------------

QString KioskController::connectivity() const
{
    return m_connectivity;
}

double KioskController::nowMs() const
{
    return double(m_clock.nowMs());
}

void KioskController::updateSync()
{
    QString state = QStringLiteral("local");
    int unsent = 0;
    qint64 last = 0;
    QString problem;
    qint64 problemSince = 0;
    qint64 drift = 0;
    if (m_backend.syncing() || !serverUrl().isEmpty()) {
        const sync::SyncStatus s = m_backend.syncStatus();
        state = sync::connectivityCode(s.connectivity);
        unsent = int(s.outboxDepth);
        last = std::max(s.lastPullMs.value_or(0), s.lastPushMs.value_or(0));
        problem = s.pushProblem;
        problemSince = s.pushProblemSinceMs.value_or(0);
        drift = s.clockDriftMs.value_or(0);
    }
    if (state != m_connectivity || unsent != m_unsent || last != m_lastSyncMs || problem != m_uploadProblem
        || problemSince != m_uploadProblemSinceMs || drift != m_clockDriftMs) {
        m_uploadProblemSinceMs = problemSince;
        m_connectivity = state;
        m_unsent = unsent;
        m_lastSyncMs = last;
        m_uploadProblem = problem;
        m_clockDriftMs = drift;
        Q_EMIT syncChanged();
    }
}

void KioskController::everySecond()
{
    if (signedIn() && m_autoLockSeconds > 0 && m_sinceActivity.elapsed() >= qint64(m_autoLockSeconds) * 1000)
        signOut(QStringLiteral("autolock"));
    if (m_lockedUntilMs) {
        // Only a running lock changes the sign-in screen by itself (its countdown).
        if (m_lockedUntilMs <= m_clock.nowMs()) {
            m_lockedUntilMs = 0;
            if (m_signInError == QLatin1String("locked"))
                m_signInError.clear();
        }
        Q_EMIT signInChanged();
    }
    if (!m_outline.isEmpty() && m_outlineAge.elapsed() > 800) {
        m_outline.clear();
        Q_EMIT codeOutlineChanged();
    }
    Q_EMIT tick();
    updateScanStats();
}

void KioskController::updateScanStats()
{
    if (!m_worker)
        return;
    const scanner::ScanMetrics m = m_worker->metrics();
    const qint64 before = m_scanStats.value(QStringLiteral("framesSeen")).toLongLong();
    QVariantList histogram;
    for (qint64 n : m.decodeMsHistogram)
        histogram.append(double(n));
    QVariantMap steps;
    for (auto it = m.readByStep.cbegin(); it != m.readByStep.cend(); ++it)
        steps.insert(it.key(), double(it.value()));
    m_scanStats = QVariantMap{{QStringLiteral("framesSeen"), double(m.framesSeen)},
        {QStringLiteral("framesDecoded"), double(m.framesDecoded)},
        {QStringLiteral("framesDropped"), double(m.framesDropped)},
        {QStringLiteral("codesReported"), double(m.codesReported)},
        {QStringLiteral("fps"), double(m.framesSeen - before)}, {QStringLiteral("histogram"), histogram},
        {QStringLiteral("readByStep"), steps}};
    Q_EMIT scanStatsChanged();
}

// --- settings ------------------------------------------------------------------------------

void KioskController::loadSettings()
{
    auto get = [this](const char *key, const QString &fallback) {
        const QString v = m_store.meta(key).value_or(QString());
        return v.isEmpty() ? fallback : v;
    };
    m_confirmMode = get(Setting::ConfirmMode,
                        m_options.confirmModeDefault.value_or(false) ? QStringLiteral("1") : QStringLiteral("0"))
        == QLatin1String("1");
    m_sounds = get(Setting::Sounds, QStringLiteral("1")) == QLatin1String("1");
    m_language = get(Setting::Language, QStringLiteral("en"));
    m_autoLockSeconds = get(Setting::AutoLock, QStringLiteral("300")).toInt();
    m_cameraId = get(Setting::Camera, QString());
    m_resolution = get(Setting::Resolution, QStringLiteral("1280x720"));
}

void KioskController::saveSetting(const char *key, const QString &value)
{
    if (auto st = m_store.setMeta(key, value); !st)
        showError(st.error().message);
    Q_EMIT settingsChanged();
}

void KioskController::setConfirmMode(bool on)
{
    if (on == m_confirmMode)
        return;
    m_confirmMode = on;
    saveSetting(Setting::ConfirmMode, on ? QStringLiteral("1") : QStringLiteral("0"));
}

void KioskController::setSoundsEnabled(bool on)
{
    if (on == m_sounds)
        return;
    m_sounds = on;
    saveSetting(Setting::Sounds, on ? QStringLiteral("1") : QStringLiteral("0"));
}

void KioskController::setLanguage(const QString &language)
{
    if (language != QLatin1String("en") && language != QLatin1String("de"))
        return;
    if (language != m_language) {
        m_language = language;
        saveSetting(Setting::Language, language);
    }
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }
    // English has a translation too: its plural forms ("1 order", "2 orders").
    auto t = std::make_unique<QTranslator>();
    if (t->load(QStringLiteral(":/i18n/club-kiosk_%1.qm").arg(language))) {
        QCoreApplication::installTranslator(t.get());
        m_translator = std::move(t);
    } else {
        qCWarning(lcUi) << "no translation for" << language;
    }
    if (m_engine)
        m_engine->retranslate();
}

void KioskController::setAutoLockSeconds(int seconds)
{
    seconds = std::clamp(seconds, 0, 3600);
    if (seconds == m_autoLockSeconds)
        return;
    m_autoLockSeconds = seconds;
    saveSetting(Setting::AutoLock, QString::number(seconds));
}

void KioskController::setCameraId(const QString &id)
{
    if (id == m_cameraId)
        return;
    m_cameraId = id;
    saveSetting(Setting::Camera, id);
}

void KioskController::setResolution(const QString &resolution)
{
    if (resolution == m_resolution)
        return;
    m_resolution = resolution;
    saveSetting(Setting::Resolution, resolution);
}

QString KioskController::serverUrl() const
{
    return m_store.meta(sync::SyncMeta::ServerUrl).value_or(QString());
}

QStringList KioskController::cameras() const
{
    QStringList out;
    const auto inputs = QMediaDevices::videoInputs();
    for (const auto &c : inputs)
        out << c.description();
    return out;
}

void KioskController::pair(const QString &url, const QString &code)
{
    if (!manager() || m_pairing)
        return;
    const QUrl server(url.trimmed());
    if (auto problem = sync::CloudClient::urlProblem(server, false)) {
        m_pairingMessage = *problem;
        Q_EMIT pairingChanged();
        return;
    }
    m_pairing = true;
    m_pairingMessage.clear();
    Q_EMIT pairingChanged();
    auto *client = new sync::CloudClient(server, sync::ClientOptions{}, this);
    client->pair(code.trimmed(), QStringLiteral("Kiosk on ") + QHostInfo::localHostName(),
        [this, client, server](std::optional<sync::PairResult> r, std::optional<sync::ApiError> e) {
            client->deleteLater();
            m_pairing = false;
            if (e) {
                m_pairingMessage = e->describe();
            } else if (auto st = sync::bindToCloud(m_store, server, *r); !st) {
                m_pairingMessage = st.error().message;
            } else {
                m_pairingMessage = QStringLiteral("paired");
                m_backend.stop();
                if (auto started = m_backend.start(true); !started)
                    m_pairingMessage = started.error().message;
                m_venueName = m_store.meta(MetaKey::VenueName).value_or(QString());
                m_deviceId = m_store.deviceId().value_or(QString());
                Q_EMIT venueChanged();
                Q_EMIT settingsChanged();
                updateSync();
            }
            Q_EMIT pairingChanged();
        });
}

} // namespace kiosk::app
