#include "debouncer.h"

namespace kiosk::scanner {

bool Debouncer::seen(const QByteArray &text, qint64 nowMs)
{
    const bool sameCode = !m_last.isEmpty() && text == m_last;
    const bool leftAndCameBack = sameCode && nowMs - m_lastSeenMs > m_goneMs;
    const bool heldLongEnough = sameCode && nowMs - m_lastReportedMs >= m_holdMs;
    m_lastSeenMs = nowMs;
    if (sameCode && !leftAndCameBack && !heldLongEnough)
        return false;
    m_last = text;
    m_lastReportedMs = nowMs;
    return true;
}

} // namespace kiosk::scanner
