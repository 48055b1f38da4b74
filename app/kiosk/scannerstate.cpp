#include "scannerstate.h"
#include "camerawatch.h"
#include "clock.h"
#include "scanworker.h"

namespace kiosk::app {

ScannerState::ScannerState(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{ }

void ScannerState::setScanWorker(scanner::ScanWorker *worker)
{
    m_worker = worker;
    if (worker)
        connect(worker, &scanner::ScanWorker::codeScanned, this, &ScannerState::onScanned);
}

void ScannerState::setFrameSource(QObject *source, const QString &description)
{
    m_frameSource = source;
    m_cameraDescription = description;
    // A fresh source gets the same grace as a stalled one before it counts as lost.
    m_lastFrameMs = m_clock.nowMs();
    Q_EMIT sourceChanged();
    updateCamera();
}

void ScannerState::setCameraWatch(scanner::CameraWatch *watch)
{
    m_watch = watch;
    if (watch)
        connect(watch, &scanner::CameraWatch::stateChanged, this, &ScannerState::updateCamera);
    updateCamera();
}

void ScannerState::updateCamera()
{
    using State = scanner::CameraWatch::State;
    const State watched = m_watch ? m_watch->state() : State::Working;
    const QString detail = m_watch ? m_watch->detail() : QString();
    QString state;
    if (watched == State::Lost)
        state = QStringLiteral("lost"); // at once: the watch saw it fail
    else if (!m_frameSource || watched == State::Absent || watched == State::Off)
        state = QStringLiteral("none");
    else
        state = m_clock.nowMs() - m_lastFrameMs > LostAfterMs ? QStringLiteral("lost") : QStringLiteral("working");
    if (detail != m_cameraDetail) {
        m_cameraDetail = detail;
        if (state == m_camera)
            Q_EMIT cameraChanged();
    }
    setCamera(state);
}

void ScannerState::onScanned(const scanner::ScanResult &result)
{
    QVariantList outline;
    for (const QPointF &p : result.corners)
        outline.append(p);
    m_outline = outline;
    m_outlineAtMs = m_clock.nowMs();
    Q_EMIT codeOutlineChanged();
}

void ScannerState::setCamera(const QString &state)
{
    if (state == m_camera)
        return;
    m_camera = state;
    Q_EMIT cameraChanged();
}

void ScannerState::tick()
{
    const qint64 now = m_clock.nowMs();
    if (!m_outline.isEmpty() && now - m_outlineAtMs > 800) {
        m_outline.clear();
        Q_EMIT codeOutlineChanged();
    }
    if (!m_worker)
        return;
    const scanner::ScanMetrics m = m_worker->metrics();
    if (m.framesSeen != m_framesSeen) {
        m_framesSeen = m.framesSeen;
        m_lastFrameMs = now;
    }
    updateCamera();

    if (now / 1000 == m_statsSecond)
        return;
    const qint64 elapsedS = m_statsSecond ? now / 1000 - m_statsSecond : 1;
    m_statsSecond = now / 1000;
    const qint64 before = m_scanStats.value(QStringLiteral("framesSeen")).toLongLong();
    QVariantList histogram;
    for (qint64 n : m.decodeMsHistogram)
        histogram.append(double(n));
    QVariantMap steps;
    for (auto it = m.readByStep.cbegin(); it != m.readByStep.cend(); ++it)
        steps.insert(it.key(), double(it.value()));
    m_scanStats = QVariantMap{{QStringLiteral("framesSeen"), double(m.framesSeen)},
        {QStringLiteral("framesDecoded"), double(m.framesDecoded)},
        {QStringLiteral("framesDropped"), double(m.framesDropped)},
        {QStringLiteral("codesReported"), double(m.codesReported)},
        {QStringLiteral("fps"), double(m.framesSeen - before) / double(std::max<qint64>(1, elapsedS))},
        {QStringLiteral("histogram"), histogram}, {QStringLiteral("readByStep"), steps}};
    Q_EMIT scanStatsChanged();
}

} // namespace kiosk::app
