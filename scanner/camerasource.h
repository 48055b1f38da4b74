#pragma once
// The Qt Multimedia camera: QCamera + QMediaCaptureSession + QVideoSink, with the format chosen
// by chooseCameraFormat (YUYV/NV12 near 1280×720), feeding the scan worker through
// VideoSinkSource. Frames are forwarded only while the camera is active. It reports failure at
// once when the camera errs or leaves the system's list of cameras (unplugged).

#include "framesource.h"
#include "videoframesource.h"

#include <QCameraDevice>

#include <memory>

class QCamera;
class QMediaCaptureSession;
class QVideoSink;

namespace kiosk::scanner {

class CameraSource : public FrameSource
{
    Q_OBJECT
public:
    ~CameraSource() override;
    // `deviceId` empty: the system's default camera. Null with `error` when there is none.
    static std::unique_ptr<CameraSource> open(const QByteArray &deviceId, ScanWorker *worker, QString *error);

    void start() override;
    void stop() override;
    QVideoSink *sink() const { return m_sink.get(); } // also for a viewfinder
    QString description() const override { return m_description; }

private:
    CameraSource() = default;
    std::unique_ptr<QCamera> m_camera;
    std::unique_ptr<QMediaCaptureSession> m_session;
    std::unique_ptr<QVideoSink> m_sink;
    std::unique_ptr<VideoSinkSource> m_forwarder;
    QString m_description;
    QCameraDevice m_device;
};

} // namespace kiosk::scanner
