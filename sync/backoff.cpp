#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace kiosk::sync {

Backoff::Backoff(int baseMs, int capMs, std::function<double()> uniform)
    : m_baseMs(std::max(1, baseMs))
    , m_capMs(std::max(baseMs, capMs))
    , m_uniform(uniform ? std::move(uniform) : [] { return QRandomGenerator::global()->generateDouble(); })
{ }

int Backoff::ceilingMs(int failures) const
{
    if (failures <= 0)
        return 0;
    // Doubling stops well before overflow: 2^20 × base is far past any cap.
    const int exponent = std::min(failures - 1, 20);
    const double ceiling = double(m_baseMs) * double(1 << exponent);
    return int(std::min<double>(m_capMs, ceiling));
}

int Backoff::delayMs(int failures, std::optional<int> retryAfterMs) const
{
    const int jittered = int(m_uniform() * ceilingMs(failures));
    // A server's Retry-After is a floor, bounded so a hostile value cannot park sync for days.
    const int floor = retryAfterMs ? std::clamp(*retryAfterMs, 0, 10 * 60 * 1000) : 0;
    return std::max(jittered, floor);
}

} // namespace kiosk::sync
