#include "session.h"
#include "clock.h"
#include "signin.h"
#include "store.h"

#include <QEvent>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSession, "kiosk.ui.session")

namespace kiosk::app {

Session::Session(Store &store, const Clock &clock, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_options(options)
{
    reloadVenue();
    refreshStaff();
    m_lockedUntilMs = SignInGuard(m_store, m_clock).lockedUntilMs().value_or(0);
    m_lastActivityMs = m_clock.nowMs();
}

void Session::reloadVenue()
{
    m_venueName = m_store.meta(MetaKey::VenueName).value_or(QString());
    m_deviceId = m_store.deviceId().value_or(QString());
    Q_EMIT venueChanged();
}

void Session::refreshStaff()
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

int Session::lockSeconds() const
{
    const qint64 left = m_lockedUntilMs - m_clock.nowMs();
    return left > 0 ? int((left + 999) / 1000) : 0;
}

bool Session::signIn(const QString &staffId, const QString &pin)
{
    SignInGuard guard(m_store, m_clock);
    auto attempt = guard.attempt(staffId, pin);
    if (!attempt) {
        m_signInError = QStringLiteral("error");
        qCWarning(lcSession) << "sign-in failed:" << attempt.error().message;
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
        touch();
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

void Session::signOut(const QString &reason)
{
    if (!signedIn())
        return;
    qCInfo(lcSession) << "staff signed out:" << m_staff.id << reason;
    m_staff = StaffRecord{};
    m_signOutReason = reason;
    m_signInError.clear();
    // The verdict and the order search listen to staffChanged and leave with the bartender.
    Q_EMIT staffChanged();
    Q_EMIT signInChanged();
}

QString Session::nameOf(const QString &id) const
{
    if (id.isEmpty())
        return QString();
    auto s = m_store.staff(id);
    return s && *s ? (*s)->name : QString();
}

void Session::touch()
{
    m_lastActivityMs = m_clock.nowMs();
}

void Session::showNotice(const QString &code)
{
    m_noticeUntilMs = m_clock.nowMs() + m_options.noticeMs;
    if (m_notice != code) {
        m_notice = code;
        Q_EMIT noticeChanged();
    }
}

void Session::clearNotice()
{
    m_noticeUntilMs = 0;
    if (m_notice.isEmpty())
        return;
    m_notice.clear();
    Q_EMIT noticeChanged();
}

void Session::tick()
{
    const qint64 now = m_clock.nowMs();
    if (signedIn() && m_autoLockSeconds > 0 && now - m_lastActivityMs >= qint64(m_autoLockSeconds) * 1000)
        signOut(QStringLiteral("autolock"));
    if (m_lockedUntilMs) {
        // Only a running lock changes the sign-in screen by itself (its countdown).
        if (m_lockedUntilMs <= now) {
            m_lockedUntilMs = 0;
            if (m_signInError == QLatin1String("locked"))
                m_signInError.clear();
        }
        Q_EMIT signInChanged();
    }
    if (!m_notice.isEmpty() && now >= m_noticeUntilMs)
        clearNotice();
}

bool Session::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
        touch();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace kiosk::app
