#pragma once
// Time comes from an injectable clock so that expiry, skew and backoff are testable
// without sleeping. Wall time is UTC milliseconds since the Unix epoch.

#include <QtGlobal>

#include <atomic>

namespace kiosk {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    static const SystemClock &instance();
};

// A clock that only moves when told to (tests, `kioskctl --now`).
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 nowMs = 0)
        : m_now(nowMs)
    { }
    qint64 nowMs() const override { return m_now.load(); }
    void setNowMs(qint64 ms) { m_now.store(ms); }
    void advanceMs(qint64 ms) { m_now.fetch_add(ms); }

private:
    std::atomic<qint64> m_now;
};

// The real time plus what was skipped: a running kiosk whose deadlines (undo window, Pour
// timeout, a camera with no frames) can be passed without waiting (tests, the screenshot tour).
class OffsetClock final : public Clock
{
public:
    qint64 nowMs() const override { return SystemClock::instance().nowMs() + m_offset.load(); }
    void advanceMs(qint64 ms) { m_offset.fetch_add(ms); }

private:
    std::atomic<qint64> m_offset{0};
};

} // namespace kiosk
