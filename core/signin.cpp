#include "signin.h"
#include "clock.h"
#include "logging_p.h"
#include "pin.h"
#include "store.h"

namespace kiosk {

namespace {
constexpr char FailuresKey[] = "signin_failures";
constexpr char LockedUntilKey[] = "signin_locked_until_ms";
} // namespace

SignInGuard::SignInGuard(Store &store, const Clock &clock)
    : m_store(store)
    , m_clock(clock)
{ }

qint64 SignInGuard::lockDurationMs(int failures)
{
    if (failures < FreeAttempts)
        return 0;
    const int doublings = std::min(failures - FreeAttempts, 10);
    return std::min(FirstLockMs << doublings, MaxLockMs);
}

Result<qint64> SignInGuard::lockedUntilMs()
{
    auto until = m_store.meta(LockedUntilKey);
    if (!until)
        return until.error();
    const qint64 at = until->toLongLong();
    return at > m_clock.nowMs() ? at : 0;
}

Result<SignInAttempt> SignInGuard::attempt(const QString &staffId, const QString &pin)
{
    SignInAttempt a;
    auto failures = m_store.meta(FailuresKey);
    if (!failures)
        return failures.error();
    a.failures = failures->toInt();
    auto locked = lockedUntilMs();
    if (!locked)
        return locked.error();
    if (*locked) {
        // A locked pad does not even look at the PIN: no timing to learn from.
        a.outcome = SignInAttempt::Outcome::LockedOut;
        a.lockedUntilMs = *locked;
        return a;
    }
    auto staff = m_store.staff(staffId);
    if (!staff)
        return staff.error();
    if (!*staff || !(*staff)->active) {
        a.outcome = SignInAttempt::Outcome::UnknownStaff;
        return a;
    }
    switch (checkPin(**staff, pin)) {
    case PinCheck::Match:
        if (auto st = m_store.setMetas({{FailuresKey, QString()}, {LockedUntilKey, QString()}}); !st)
            return st.error();
        a.outcome = SignInAttempt::Outcome::SignedIn;
        a.staff = **staff;
        a.failures = 0;
        qCInfo(lcStore) << "staff signed in:" << staffId;
        return a;
    case PinCheck::Unusable:
        qCWarning(lcStore) << "staff" << staffId << "has a PIN hash this kiosk cannot check";
        a.outcome = SignInAttempt::Outcome::UnusablePin;
        return a;
    case PinCheck::Mismatch:
        break;
    }
    a.outcome = SignInAttempt::Outcome::WrongPin;
    ++a.failures;
    const qint64 lock = lockDurationMs(a.failures);
    a.lockedUntilMs = lock ? m_clock.nowMs() + lock : 0;
    if (auto st = m_store.setMetas({{FailuresKey, QString::number(a.failures)},
            {LockedUntilKey, lock ? QString::number(a.lockedUntilMs) : QString()}});
        !st)
        return st.error();
    qCInfo(lcStore) << "wrong PIN for staff" << staffId << "- failures in a row:" << a.failures;
    return a;
}

} // namespace kiosk
