#include "capturesource.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

namespace kiosk::scanner {

struct CaptureSource::Impl
{
    cv::VideoCapture capture;
    QStringList images; // folder mode
    bool live = false;
};

namespace {
std::shared_ptr<const FrameData> toLuma(const cv::Mat &image)
{
    cv::Mat grey;
    if (image.channels() == 1)
        grey = image;
    else
        cv::cvtColor(image, grey, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    std::vector<unsigned char> pixels(size_t(grey.cols) * size_t(grey.rows));
    for (int y = 0; y < grey.rows; ++y)
        std::copy_n(grey.ptr<unsigned char>(y), grey.cols, pixels.data() + size_t(y) * size_t(grey.cols));
    return std::make_shared<OwnedFrame>(grey.cols, grey.rows, std::move(pixels));
}
} // namespace

CaptureSource::~CaptureSource()
{
    stop();
}

bool CaptureSource::isCamera(const QString &spec)
{
    bool isIndex = false;
    (void)spec.toInt(&isIndex);
    return isIndex || spec.startsWith(QLatin1String("/dev/video"));
}

std::unique_ptr<CaptureSource> CaptureSource::open(const QString &spec, const Options &options, QString *error)
{
    std::unique_ptr<CaptureSource> source(new CaptureSource);
    source->m_options = options;
    source->m_impl = std::make_unique<Impl>();
    Impl &impl = *source->m_impl;
    const QFileInfo fi(spec);
    source->m_path = spec;
    bool isIndex = false;
    const int index = spec.toInt(&isIndex);
    if (fi.isDir()) {
        const QStringList files = QDir(spec).entryList(
            {QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.bmp")},
            QDir::Files, QDir::Name);
        if (files.isEmpty()) {
            *error = QStringLiteral("%1 holds no PNG, JPEG or BMP images").arg(spec);
            return nullptr;
        }
        for (const auto &f : files)
            impl.images.append(QDir(spec).filePath(f));
        source->m_description = QStringLiteral("%1 images in %2").arg(files.size()).arg(spec);
        return source;
    }
    if (isIndex)
        source->m_path = QStringLiteral("/dev/video%1").arg(index);
    if (isCamera(spec)) {
        const bool opened = isIndex ? impl.capture.open(index, cv::CAP_V4L2)
                                    : impl.capture.open(QFile::encodeName(spec).toStdString(), cv::CAP_V4L2);
        if (!opened) {
            *error = QStringLiteral("cannot open camera %1").arg(spec);
            return nullptr;
        }
        impl.live = true;
        // One buffered frame: the newest, never a queue of old ones.
        impl.capture.set(cv::CAP_PROP_BUFFERSIZE, 1);
        impl.capture.set(cv::CAP_PROP_FRAME_WIDTH, options.preferredWidth);
        impl.capture.set(cv::CAP_PROP_FRAME_HEIGHT, options.preferredHeight);
        source->m_description = QStringLiteral("camera %1").arg(spec);
        return source;
    }
    if (!fi.exists()) {
        *error = QStringLiteral("no such file, folder or camera: %1").arg(spec);
        return nullptr;
    }
    // File backends only. CAP_ANY would end in OpenCV's gphoto2 backend, which scans USB for
    // cameras on every file it cannot read: slow, and it leaks.
    const std::string file = QFile::encodeName(spec).toStdString();
    if (!impl.capture.open(file, cv::CAP_FFMPEG) && !impl.capture.open(file, cv::CAP_OPENCV_MJPEG)
        && !impl.capture.open(file, cv::CAP_GSTREAMER)) {
        *error = QStringLiteral("%1 is not a video this kiosk can read").arg(spec);
        return nullptr;
    }
    source->m_description = QStringLiteral("video %1").arg(spec);
    return source;
}

void CaptureSource::start()
{
    if (m_thread)
        return;
    m_stop = false;
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("kiosk-capture"));
    m_thread->start();
}

void CaptureSource::stop()
{
    m_stop = true;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void CaptureSource::run()
{
    Impl &impl = *m_impl;
    QElapsedTimer pace;
    pace.start();
    qint64 index = 0;
    const qint64 frameMs = m_options.fps > 0 ? 1000 / m_options.fps : 0;
    int consecutiveFailures = 0;
    while (!m_stop) {
        cv::Mat image;
        if (!impl.images.isEmpty()) {
            const qsizetype i = index % impl.images.size();
            if (index >= impl.images.size() && !m_options.loop)
                break;
            image = cv::imread(QFile::encodeName(impl.images.at(i)).toStdString(), cv::IMREAD_UNCHANGED);
            if (image.empty()) {
                if (!QFileInfo(m_path).isDir()) { // the folder went away: like an unplugged camera
                    Q_EMIT failed(QStringLiteral("%1 is gone").arg(m_path));
                    break;
                }
                Q_EMIT failed(QStringLiteral("cannot read %1").arg(impl.images.at(i)));
                ++index;
                continue;
            }
        } else if (!impl.capture.read(image) || image.empty()) {
            if (impl.live) {
                // Unplugged: udev removes the device node; say so at once, not after a second.
                if (!QFileInfo::exists(m_path)) {
                    Q_EMIT failed(QStringLiteral("camera %1 was disconnected").arg(m_path));
                    break;
                }
                if (++consecutiveFailures > 50) {
                    Q_EMIT failed(QStringLiteral("the camera stopped delivering frames"));
                    break;
                }
                QThread::msleep(20);
                continue;
            }
            if (m_options.loop && impl.capture.set(cv::CAP_PROP_POS_FRAMES, 0))
                continue;
            break;
        }
        consecutiveFailures = 0;
        countFrame();
        Q_EMIT frameCaptured(toLuma(image), index++);
        if (frameMs > 0) {
            const qint64 due = index * frameMs;
            if (pace.elapsed() < due)
                QThread::msleep(static_cast<unsigned long>(due - pace.elapsed()));
        }
    }
    if (!m_stop)
        Q_EMIT finished();
}

} // namespace kiosk::scanner
