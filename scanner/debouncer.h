#pragma once
// Debounce for decoded codes: the same text is reported once, not thirty times a second, until
// it has left the view (unseen for `goneMs`) or `holdMs` has passed; a different text is
// reported at once. Times are monotonic milliseconds from the caller (testable without sleeping).

#include <QByteArray>
#include <QtGlobal>

namespace kiosk::scanner {

class Debouncer
{
public:
    explicit Debouncer(int holdMs = 3000, int goneMs = 800)
        : m_holdMs(holdMs)
        , m_goneMs(goneMs)
    { }

    // A frame showed `text` at `nowMs`: true when it should be reported.
    bool seen(const QByteArray &text, qint64 nowMs);
    void reset() { m_last.clear(); }

    int holdMs() const { return m_holdMs; }
    void setHoldMs(int ms) { m_holdMs = ms; }

private:
    int m_holdMs;
    int m_goneMs;
    QByteArray m_last;
    qint64 m_lastSeenMs = 0;
    qint64 m_lastReportedMs = 0;
};

} // namespace kiosk::scanner
