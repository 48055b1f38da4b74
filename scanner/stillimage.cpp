#include "stillimage.h"

#include <opencv2/imgcodecs.hpp>

#include <QFile>
#include <QFileInfo>

namespace kiosk::scanner {

namespace {
constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;
constexpr int kMaxSide = 8192;
} // namespace

std::optional<LumaImage> loadLumaImage(const QString &path, QString *error)
{
    const QFileInfo fi(path);
    if (!fi.exists()) {
        *error = QStringLiteral("no such file");
        return std::nullopt;
    }
    if (!fi.isFile() || !fi.isReadable()) {
        *error = QStringLiteral("not a readable file");
        return std::nullopt;
    }
    if (fi.size() > kMaxFileBytes) {
        *error = QStringLiteral("larger than %1 MiB").arg(kMaxFileBytes >> 20);
        return std::nullopt;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    // Decoding from memory: the header's dimensions are checked before pixels are allocated.
    const cv::Mat raw(1, int(bytes.size()), CV_8UC1, const_cast<char *>(bytes.constData()));
    cv::Mat grey;
    try {
        grey = cv::imdecode(raw, cv::IMREAD_GRAYSCALE);
    } catch (const cv::Exception &) {
        grey.release();
    }
    if (grey.empty()) {
        *error = QStringLiteral("not an image this kiosk can read (PNG, JPEG, BMP, …)");
        return std::nullopt;
    }
    if (grey.cols > kMaxSide || grey.rows > kMaxSide) {
        *error = QStringLiteral("image larger than %1 pixels on a side").arg(kMaxSide);
        return std::nullopt;
    }
    LumaImage img;
    img.width = grey.cols;
    img.height = grey.rows;
    img.pixels.resize(size_t(grey.cols) * size_t(grey.rows));
    for (int y = 0; y < grey.rows; ++y)
        std::copy_n(grey.ptr<unsigned char>(y), grey.cols, img.pixels.data() + size_t(y) * size_t(grey.cols));
    return img;
}

} // namespace kiosk::scanner
