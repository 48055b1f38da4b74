#include "keyboardwedge.h"

#include <QElapsedTimer>
#include <QKeyEvent>

namespace kiosk::scanner {

KeyboardWedge::KeyboardWedge(MonotonicClock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

bool KeyboardWedge::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const qint64 now = m_clock();
    if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
        if (auto text = m_detector.enter(now)) {
            Q_EMIT scanned(*text);
            return true; // the scanner's Enter must not submit a form
        }
        return QObject::eventFilter(watched, event);
    }
    const QString text = key->text();
    if (text.size() == 1 && text.front().unicode() >= 0x20 && text.front().unicode() < 0x7f)
        m_detector.character(char(text.front().unicode()), now);
    return QObject::eventFilter(watched, event);
}

} // namespace kiosk::scanner
