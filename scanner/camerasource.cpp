#include "camerasource.h"

#include <QCamera>
#include <QCameraDevice>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVideoSink>

namespace kiosk::scanner {

CameraSource::~CameraSource()
{
    stop();
}

std::unique_ptr<CameraSource> CameraSource::open(const QByteArray &deviceId, ScanWorker *worker, QString *error)
{
    const QList<QCameraDevice> cameras = QMediaDevices::videoInputs();
    if (cameras.isEmpty()) {
        *error = QStringLiteral("no camera is connected");
        return nullptr;
    }
    QCameraDevice device = QMediaDevices::defaultVideoInput();
    if (!deviceId.isEmpty()) {
        const auto it = std::find_if(
            cameras.cbegin(), cameras.cend(), [&](const QCameraDevice &d) { return d.id() == deviceId; });
        if (it == cameras.cend()) {
            *error = QStringLiteral("no camera with id %1").arg(QString::fromUtf8(deviceId));
            return nullptr;
        }
        device = *it;
    }
    std::unique_ptr<CameraSource> source(new CameraSource);
    source->m_camera = std::make_unique<QCamera>(device);
    const QList<QCameraFormat> formats = device.videoFormats();
    QList<CameraFormatCandidate> candidates;
    for (const auto &f : formats)
        candidates.append(CameraFormatCandidate{f.pixelFormat(), f.resolution(), f.maxFrameRate()});
    const int best = chooseCameraFormat(candidates);
    if (best >= 0)
        source->m_camera->setCameraFormat(formats.at(best));
    source->m_session = std::make_unique<QMediaCaptureSession>();
    source->m_sink = std::make_unique<QVideoSink>();
    source->m_session->setCamera(source->m_camera.get());
    source->m_session->setVideoSink(source->m_sink.get());
    source->m_forwarder = std::make_unique<VideoSinkSource>(source->m_sink.get(), worker);
    source->m_forwarder->setActive(false);
    CameraSource *self = source.get();
    connect(source->m_camera.get(), &QCamera::activeChanged, self,
        [self](bool active) { self->m_forwarder->setActive(active); });
    connect(source->m_camera.get(), &QCamera::errorOccurred, self,
        [self](QCamera::Error, const QString &message) { Q_EMIT self->failed(message); });
    connect(source->m_sink.get(), &QVideoSink::videoFrameChanged, self, [self] {
        if (self->m_forwarder->isActive())
            self->countFrame();
    });
    // Unplugged: the camera leaves the list at once, whatever the backend says (or not) later.
    source->m_device = device;
    auto *devices = new QMediaDevices(self);
    connect(devices, &QMediaDevices::videoInputsChanged, self, [self] {
        const QList<QCameraDevice> now = QMediaDevices::videoInputs();
        if (!now.contains(self->m_device))
            Q_EMIT self->failed(QStringLiteral("%1 was disconnected").arg(self->m_device.description()));
    });
    source->m_description = best >= 0 ? QStringLiteral("%1 (%2x%3)")
                                            .arg(device.description())
                                            .arg(formats.at(best).resolution().width())
                                            .arg(formats.at(best).resolution().height())
                                      : device.description();
    return source;
}

void CameraSource::start()
{
    if (m_camera)
        m_camera->start();
}

void CameraSource::stop()
{
    if (m_forwarder)
        m_forwarder->setActive(false);
    if (m_camera)
        m_camera->stop();
}

} // namespace kiosk::scanner
