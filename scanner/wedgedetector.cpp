#include "wedgedetector.h"

namespace kiosk::scanner {

void WedgeDetector::character(char c, qint64 nowMs)
{
    if (!m_buffer.isEmpty() && nowMs - m_lastMs > m_options.maxGapMs) {
        // A pause: whatever came before was typed by hand; this may start a scan.
        m_buffer.clear();
        m_overflow = false;
    }
    if (m_buffer.size() >= m_options.maxLength)
        m_overflow = true; // not a code we accept; swallow until Enter
    else
        m_buffer.append(c);
    m_lastMs = nowMs;
}

std::optional<QByteArray> WedgeDetector::enter(qint64 nowMs)
{
    const bool inTime = !m_buffer.isEmpty() && nowMs - m_lastMs <= m_options.maxGapMs;
    const QByteArray text = std::exchange(m_buffer, QByteArray());
    const bool overlong = std::exchange(m_overflow, false);
    if (!inTime || overlong || text.size() < m_options.minLength)
        return std::nullopt;
    return text;
}

} // namespace kiosk::scanner
