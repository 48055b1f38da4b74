#pragma once
// An event filter for USB barcode scanners that act as keyboards: key presses that arrive as a
// scanner's burst become a `scanned` signal (and are consumed, so they do not land in a text
// field); a person's typing passes through untouched. Timing decides (WedgeDetector).

#include "wedgedetector.h"

#include <QObject>

#include <functional>

namespace kiosk::scanner {

class KeyboardWedge : public QObject
{
    Q_OBJECT
public:
    using MonotonicClock = std::function<qint64()>;
    explicit KeyboardWedge(MonotonicClock clock = {}, QObject *parent = nullptr);

Q_SIGNALS:
    void scanned(const QByteArray &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    MonotonicClock m_clock;
    WedgeDetector m_detector;
};

} // namespace kiosk::scanner
