#include "camerawatch.h"

#include <QLoggingCategory>

namespace kiosk::scanner {

Q_LOGGING_CATEGORY(lcCamera, "kiosk.camera")

CameraWatch::CameraWatch(Opener opener, QObject *parent)
    : CameraWatch(std::move(opener), Options{}, parent)
{ }

CameraWatch::CameraWatch(Opener opener, const Options &options, QObject *parent)
    : QObject(parent)
    , m_opener(std::move(opener))
    , m_options(options)
{
    m_clock.start();
    m_timer.setInterval(m_options.checkMs);
    connect(&m_timer, &QTimer::timeout, this, &CameraWatch::check);
}

CameraWatch::~CameraWatch()
{
    m_timer.stop();
    m_source.reset(); // no sourceChanged from a destructor: the receivers may be gone
}

bool CameraWatch::start()
{
    m_backoffMs = 0;
    m_timer.start();
    return tryOpen();
}

void CameraWatch::stop()
{
    m_timer.stop();
    close();
    setState(State::Off, QString());
}

void CameraWatch::retryNow()
{
    if (m_source || m_state == State::Off)
        return;
    m_backoffMs = 0;
    m_nextTryMs = m_clock.elapsed();
    check();
}

void CameraWatch::setState(State state, const QString &detail)
{
    if (state == m_state && detail == m_detail)
        return;
    m_state = state;
    m_detail = detail;
    Q_EMIT stateChanged();
}

bool CameraWatch::tryOpen()
{
    QString error;
    std::unique_ptr<FrameSource> source = m_opener(&error);
    const qint64 now = m_clock.elapsed();
    if (!source) {
        m_backoffMs = m_backoffMs ? std::min(m_backoffMs * 2, m_options.maxRetryMs) : m_options.firstRetryMs;
        m_nextTryMs = now + m_backoffMs;
        setState(m_everWorked ? State::Lost : State::Absent, error);
        return false;
    }
    m_source = std::move(source);
    const quint64 generation = ++m_generation;
    ++m_opens;
    // Queued: a capture thread may report; the source is closed on this thread, never inside
    // its own signal.
    connect(
        m_source.get(), &FrameSource::failed, this,
        [this, generation](const QString &why) {
            if (generation == m_generation && m_source)
                lose(why);
        },
        Qt::QueuedConnection);
    m_framesSeen = 0;
    m_lastFrameMs = now;
    if (m_opens > 1)
        qCInfo(lcCamera) << "camera reopened:" << m_source->description();
    Q_EMIT sourceChanged(m_source.get());
    m_source->start();
    // Still lost (or absent) to the screens until a picture arrives.
    setState(m_everWorked ? State::Lost : State::Waiting,
        m_everWorked ? QStringLiteral("reopened, waiting for a picture") : QString());
    return true;
}

void CameraWatch::close()
{
    if (!m_source)
        return;
    ++m_generation;
    std::unique_ptr<FrameSource> closing = std::move(m_source);
    Q_EMIT sourceChanged(nullptr);
    closing->stop();
}

void CameraWatch::lose(const QString &why)
{
    qCWarning(lcCamera) << "camera lost:" << why;
    ++m_losses;
    close();
    m_backoffMs = m_options.firstRetryMs;
    m_nextTryMs = m_clock.elapsed() + m_backoffMs;
    setState(m_everWorked ? State::Lost : State::Absent, why);
}

void CameraWatch::check()
{
    const qint64 now = m_clock.elapsed();
    if (!m_source) {
        if (now >= m_nextTryMs)
            tryOpen();
        return;
    }
    const qint64 frames = m_source->framesDelivered();
    if (frames != m_framesSeen) {
        m_framesSeen = frames;
        m_lastFrameMs = now;
        m_backoffMs = 0;
        if (m_state != State::Working)
            qCInfo(lcCamera) << "camera working:" << m_source->description();
        m_everWorked = true;
        setState(State::Working, QString());
        return;
    }
    if (now - m_lastFrameMs > m_options.stallMs)
        lose(QStringLiteral("no picture for %1 s").arg(m_options.stallMs / 1000.0, 0, 'g', 2));
}

} // namespace kiosk::scanner
