#pragma once
// Frames from OpenCV: a V4L2 camera ("/dev/video0" or "0"), a video file, or a folder of
// images (demo, headless kiosks, tests). A capture thread reads continuously and hands each
// frame on at once; the device buffer is kept to one frame, so what the decoder gets is never
// stale (the worker drops frames while busy rather than queueing them).

#include "framesource.h"
#include "scanworker.h"

#include <QThread>

#include <atomic>
#include <memory>

namespace kiosk::scanner {

class CaptureSource : public FrameSource
{
    Q_OBJECT
public:
    struct Options
    {
        bool loop = false; // files and folders start again at the end
        int fps = 0; // pace files and folders (0: as fast as they decode)
        int preferredWidth = 1280; // for cameras
        int preferredHeight = 720;
    };

    ~CaptureSource() override;
    // nullopt-like: returns null with `error` set when the spec cannot be opened.
    static std::unique_ptr<CaptureSource> open(const QString &spec, const Options &options, QString *error);
    // Whether `spec` names a V4L2 camera ("0", "/dev/video0"), not a file or folder.
    static bool isCamera(const QString &spec);

    void start() override;
    void stop() override;
    QString description() const override { return m_description; }

Q_SIGNALS:
    // From the capture thread.
    void frameCaptured(std::shared_ptr<const kiosk::scanner::FrameData> frame, qint64 index);
    void finished(); // end of a file or folder (not looping)

private:
    CaptureSource() = default;
    void run();

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    Options m_options;
    QString m_description;
    QString m_path; // the device, folder or file, to tell "gone" from "cannot read"
    QThread *m_thread = nullptr;
    std::atomic<bool> m_stop{false};
};

} // namespace kiosk::scanner
