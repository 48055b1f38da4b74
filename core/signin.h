#pragma once
// Staff sign-in against the cached staff list, offline. Wrong PINs are counted per kiosk (not
// per person, so trying every name does not help) and lock the PIN pad for a growing time:
// 30 s after the third wrong PIN in a row, doubling each time up to 15 minutes. The count and
// the lock survive a restart (they live in the store).
#include "records.h"
#include "result.h"

namespace kiosk {

class Clock;
class Store;

struct SignInAttempt
{
    enum class Outcome { SignedIn, WrongPin, LockedOut, UnknownStaff, UnusablePin };
    Outcome outcome = Outcome::WrongPin;
    StaffRecord staff; // set when SignedIn
    int failures = 0; // consecutive wrong PINs so far
    qint64 lockedUntilMs = 0; // when LockedOut, or when this failure started a lock
};

class SignInGuard
{
public:
    SignInGuard(Store &store, const Clock &clock);
    static constexpr int FreeAttempts = 3;
    static constexpr qint64 FirstLockMs = 30'000;
    static constexpr qint64 MaxLockMs = 15 * 60'000;
    // How long the pad locks after `failures` consecutive wrong PINs (0 below FreeAttempts).
    static qint64 lockDurationMs(int failures);

    Result<SignInAttempt> attempt(const QString &staffId, const QString &pin);
    // 0 when not locked.
    Result<qint64> lockedUntilMs();

private:
    Store &m_store;
    const Clock &m_clock;
};

} // namespace kiosk
