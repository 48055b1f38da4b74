#pragma once
// Exponential backoff with full jitter (base 1 s, cap 60 s by default): the delay before retry
// n is uniform in [0, min(cap, base·2^(n-1))], never shorter than a server's Retry-After.
// Delays are durations for monotonic timers, so a wall-clock jump neither freezes nor floods.

#include <functional>
#include <optional>

namespace kiosk::sync {

class Backoff
{
public:
    // `uniform` returns a number in [0, 1); injectable so tests see exact delays.
    Backoff(int baseMs, int capMs, std::function<double()> uniform = {});

    int delayMs(int consecutiveFailures, std::optional<int> retryAfterMs = std::nullopt) const;
    int ceilingMs(int consecutiveFailures) const;

private:
    int m_baseMs;
    int m_capMs;
    std::function<double()> m_uniform;
};

} // namespace kiosk::sync
