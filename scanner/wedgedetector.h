#pragma once
// Keyboard-wedge scanners "type" the code: a burst of characters a few milliseconds apart,
// ended by Enter. A person types tens of milliseconds apart. This tells the two apart by
// timing, not content, so a bartender typing in a search box is never taken for a scan.

#include <QByteArray>
#include <QtGlobal>

#include <optional>

namespace kiosk::scanner {

class WedgeDetector
{
public:
    struct Options
    {
        int maxGapMs = 35; // scanners send a key every 1–20 ms; people rarely under 60 ms
        int minLength = 4; // the shortest accepted code (legacy codes are 4+)
        int maxLength = 2048;
    };
    WedgeDetector()
        : WedgeDetector(Options{})
    { }
    explicit WedgeDetector(Options options)
        : m_options(options)
    { }

    // A printable character arrived at `nowMs`.
    void character(char c, qint64 nowMs);
    // Enter arrived: the burst's text when it was a scan, nullopt when it was typing.
    std::optional<QByteArray> enter(qint64 nowMs);
    // The characters of the current burst so far (for a UI that wants to hide them).
    qsizetype pending() const { return m_buffer.size(); }

private:
    Options m_options;
    QByteArray m_buffer;
    qint64 m_lastMs = 0;
    bool m_overflow = false; // the burst passed maxLength: not a code we accept
};

} // namespace kiosk::scanner
