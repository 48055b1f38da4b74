#pragma once
// What the scan screen shows about the scanner: the picture's source, the outline of the code
// just read, the frame and decode counters, and whether the camera still delivers frames (a
// camera that dies mid-shift must not look like a working one).
#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QVariantMap>

namespace kiosk {
class Clock;
namespace scanner {
class CameraWatch;
class ScanWorker;
struct ScanResult;
} // namespace scanner
} // namespace kiosk

namespace kiosk::app {

class ScannerState : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QObject *frameSource READ frameSource NOTIFY sourceChanged)
    Q_PROPERTY(QString cameraDescription READ cameraDescription NOTIFY sourceChanged)
    // "none" (no frame source: hand scanner and typing only), "working", or "lost": at once when
    // the camera watch reports a failure, or after LostAfterMs without a frame; back to
    // "working" with the next frame.
    Q_PROPERTY(QString camera READ camera NOTIFY cameraChanged)
    // Why the camera is lost or absent, as the watch last said ("… was disconnected"); empty
    // while it works. The watch keeps reopening it meanwhile.
    Q_PROPERTY(QString cameraDetail READ cameraDetail NOTIFY cameraChanged)
    Q_PROPERTY(QVariantMap scanStats READ scanStats NOTIFY scanStatsChanged)
    Q_PROPERTY(QVariantList codeOutline READ codeOutline NOTIFY codeOutlineChanged)

public:
    explicit ScannerState(const Clock &clock, QObject *parent = nullptr);

    static constexpr qint64 LostAfterMs = 2000;

    void setScanWorker(scanner::ScanWorker *worker);
    void setFrameSource(QObject *source, const QString &description);
    // The watch that keeps the camera open (none for the demo's frames).
    void setCameraWatch(scanner::CameraWatch *watch);

    QObject *frameSource() const { return m_frameSource; }
    QString cameraDescription() const { return m_cameraDescription; }
    QString camera() const { return m_camera; }
    QString cameraDetail() const { return m_cameraDetail; }
    QVariantMap scanStats() const { return m_scanStats; }
    QVariantList codeOutline() const { return m_outline; }

    // Counters once a second, the camera's state and the outline's fading: a few times a second.
    void tick();

Q_SIGNALS:
    void sourceChanged();
    void cameraChanged();
    void scanStatsChanged();
    void codeOutlineChanged();

private:
    void onScanned(const scanner::ScanResult &result);
    void setCamera(const QString &state);
    void updateCamera();

    const Clock &m_clock;
    QPointer<scanner::ScanWorker> m_worker;
    QPointer<QObject> m_frameSource;
    QPointer<scanner::CameraWatch> m_watch;
    QString m_cameraDetail;
    QString m_cameraDescription;
    QString m_camera = QStringLiteral("none");
    QVariantMap m_scanStats;
    QVariantList m_outline;
    qint64 m_outlineAtMs = 0;
    qint64 m_framesSeen = 0;
    qint64 m_lastFrameMs = 0; // when framesSeen last grew (or the source was attached)
    qint64 m_statsSecond = 0;
};

} // namespace kiosk::app
