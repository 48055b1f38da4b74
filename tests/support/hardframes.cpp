#include "hardframes.h"

#define ZX_USE_UTF8
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <QFile>

#include <random>

namespace kiosk::test {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// ZXing's writer takes error correction as 0 to 8: 2 or less is L, 3-4 M, 5-6 Q, 7-8 H.
int zxingEccLevel(char level)
{
    switch (level) {
    case 'M':
        return 4;
    case 'Q':
        return 6;
    case 'H':
        return 8;
    default:
        return 0;
    }
}

ZXing::BitMatrix encodeQr(const QByteArray &text, char ecLevel, bool utf8Eci = false)
{
    auto writer = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode);
    writer.setMargin(0).setEccLevel(zxingEccLevel(ecLevel));
    if (utf8Eci)
        writer.setEncoding(ZXing::CharacterSet::UTF8);
    return writer.encode(std::string(text.constData(), size_t(text.size())), 0, 0);
}

cv::Mat renderCode(const QByteArray &text, int moduleSize, bool darkMode, const CodeStyle &style = {})
{
    const auto matrix = encodeQr(text, style.ecLevel, style.utf8Eci);
    const int quiet = 4;
    const int n = matrix.width() + 2 * quiet;
    // A phone screen: the code with its quiet zone, on the app's background.
    const uchar paper = darkMode ? 18 : 250;
    const uchar ink = darkMode ? 235 : 12;
    cv::Mat img(n * moduleSize, n * moduleSize, CV_8UC1, cv::Scalar(paper));
    for (int y = 0; y < matrix.height(); ++y)
        for (int x = 0; x < matrix.width(); ++x)
            if (matrix.get(x, y))
                cv::rectangle(img, cv::Rect((x + quiet) * moduleSize, (y + quiet) * moduleSize, moduleSize, moduleSize),
                    cv::Scalar(ink), cv::FILLED);
    // Some bezel / app chrome around the code.
    cv::Mat screen(img.rows * 6 / 5, img.cols * 6 / 5, CV_8UC1, cv::Scalar(darkMode ? 30 : 225));
    img.copyTo(screen(cv::Rect((screen.cols - img.cols) / 2, (screen.rows - img.rows) / 2, img.cols, img.rows)));
    return screen;
}

cv::Mat background(int w, int h, std::mt19937 &rng)
{
    std::uniform_int_distribution<int> tone(30, 170);
    cv::Mat bg(h, w, CV_8UC1);
    const int a = tone(rng), b = tone(rng);
    for (int y = 0; y < h; ++y)
        bg.row(y).setTo(cv::Scalar(a + (b - a) * y / std::max(1, h - 1)));
    // Clutter: bottles, a till, hands — rectangles and circles of random tone.
    std::uniform_int_distribution<int> px(0, w - 1), py(0, h - 1), sz(20, 200), shade(0, 255);
    for (int i = 0; i < 25; ++i) {
        if (i % 2)
            cv::rectangle(bg, cv::Rect(px(rng), py(rng), sz(rng), sz(rng)), cv::Scalar(shade(rng)), cv::FILLED);
        else
            cv::circle(bg, cv::Point(px(rng), py(rng)), sz(rng) / 2, cv::Scalar(shade(rng)), cv::FILLED);
    }
    cv::Mat noise(h, w, CV_8UC1);
    cv::randn(noise, 0, 6);
    cv::Mat out;
    cv::add(bg, noise, out, cv::noArray(), CV_8UC1);
    cv::GaussianBlur(out, out, cv::Size(3, 3), 0);
    return out;
}

// Warps `screen` into `frame` centred at `centre`, `size` pixels across, rotated and tilted.
void place(cv::Mat &frame, const cv::Mat &screen, cv::Point2f centre, float size, float angleDeg, float tilt,
    std::mt19937 &rng)
{
    std::uniform_real_distribution<float> jitter(-tilt, tilt);
    const float half = size / 2;
    const float a = angleDeg * float(CV_PI) / 180.0f;
    std::vector<cv::Point2f> dst;
    for (auto [dx, dy] : {std::pair{-1.f, -1.f}, {1.f, -1.f}, {1.f, 1.f}, {-1.f, 1.f}}) {
        const float x = dx * half * (1 + jitter(rng)), y = dy * half * (1 + jitter(rng));
        dst.emplace_back(centre.x + x * std::cos(a) - y * std::sin(a), centre.y + x * std::sin(a) + y * std::cos(a));
    }
    const std::vector<cv::Point2f> src{
        {0, 0}, {float(screen.cols), 0}, {float(screen.cols), float(screen.rows)}, {0, float(screen.rows)}};
    const cv::Mat m = cv::getPerspectiveTransform(src, dst);
    cv::warpPerspective(screen, frame, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
}

} // namespace

QString categoryName(FrameCategory c)
{
    static const char *names[] = {"clean", "perspective", "rotation", "blur", "motion-blur", "low-contrast", "glare",
        "dark-mode", "small", "jpeg", "multiple", "no-code"};
    return QString::fromLatin1(names[int(c)]);
}

QList<FrameCategory> allCategories()
{
    QList<FrameCategory> all;
    for (int i = 0; i <= int(FrameCategory::NoCode); ++i)
        all.append(FrameCategory(i));
    return all;
}

QByteArray tokenLikePayload(unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, 63);
    QByteArray t;
    for (int part : {70, 240, 86}) {
        if (!t.isEmpty())
            t.append('.');
        for (int i = 0; i < part; ++i)
            t.append(kAlphabet[pick(rng)]);
    }
    return t;
}

GreyFrame frameShowing(const QByteArray &text, int width, int height, unsigned seed, const CodeStyle &style)
{
    std::mt19937 rng(seed);
    GreyFrame f;
    f.width = width;
    f.height = height;
    cv::Mat frame = background(width, height, rng);
    const float size = float(height) * 0.6f;
    place(frame, renderCode(text, std::max(2, int(size / 60)), false, style), cv::Point2f(width / 2.0f, height / 2.0f),
        size, 4, 0.02f, rng);
    f.expected.append(text);
    f.pixels.assign(frame.datastart, frame.dataend);
    return f;
}

int qrVersionFor(const QByteArray &text, char ecLevel)
{
    try {
        return (encodeQr(text, ecLevel).width() - 17) / 4;
    } catch (const std::exception &) {
        return 0; // too long for any version at this level
    }
}

QList<GreyFrame> generateFrames(
    FrameCategory category, int count, int width, int height, unsigned seed, const CodeStyle &style)
{
    QList<GreyFrame> frames;
    std::mt19937 rng(seed * 7919u + unsigned(category) * 104729u);
    std::uniform_real_distribution<float> unit(0, 1);
    for (int i = 0; i < count; ++i) {
        GreyFrame f;
        f.category = category;
        f.width = width;
        f.height = height;
        cv::Mat frame = background(width, height, rng);
        const float scale = float(height) / 720.0f;
        auto code = [&](float size, float angle, float tilt, bool dark, cv::Point2f centre) {
            const unsigned codeSeed = rng();
            const QByteArray text = style.payload ? style.payload(codeSeed) : tokenLikePayload(codeSeed);
            const int module = std::max(2, int(size / 95)); // render finer than it will appear, like a phone screen
            place(frame, renderCode(text, module, dark, style), centre, size, angle, tilt, rng);
            f.expected.append(text);
        };
        const cv::Point2f centre(width * (0.4f + 0.2f * unit(rng)), height * (0.4f + 0.2f * unit(rng)));
        const float normal = (360 + 120 * unit(rng)) * scale;
        switch (category) {
        case FrameCategory::Clean:
            code(normal, -10 + 20 * unit(rng), 0.03f, false, centre);
            break;
        case FrameCategory::Perspective:
            code(normal, -15 + 30 * unit(rng), 0.22f, false, centre);
            break;
        case FrameCategory::Rotation:
            code(normal, 360 * unit(rng), 0.04f, false, centre);
            break;
        case FrameCategory::Blur:
            code(normal, -10 + 20 * unit(rng), 0.04f, false, centre);
            cv::GaussianBlur(frame, frame, cv::Size(0, 0), 1.2 + 0.8 * unit(rng));
            break;
        case FrameCategory::MotionBlur: {
            code(normal, -10 + 20 * unit(rng), 0.04f, false, centre);
            const int len = 5 + int(5 * unit(rng)); // 5..9 px: a hand moving, still readable
            cv::Mat k = cv::Mat::zeros(len, len, CV_32F);
            cv::line(k, cv::Point(0, len / 2), cv::Point(len - 1, len / 2), cv::Scalar(1.0));
            const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(len / 2.f, len / 2.f), 180 * unit(rng), 1.0);
            cv::warpAffine(k, k, rot, k.size());
            k /= cv::sum(k)[0];
            cv::filter2D(frame, frame, -1, k);
            break;
        }
        case FrameCategory::LowContrast: {
            code(normal, -10 + 20 * unit(rng), 0.05f, false, centre);
            // A dim bar: everything squeezed into a narrow, dark band, plus sensor noise.
            const double gain = 0.12 + 0.08 * unit(rng);
            frame.convertTo(frame, CV_8UC1, gain, 15 + 25 * unit(rng));
            cv::Mat noise(frame.size(), CV_8UC1);
            cv::randn(noise, 0, 2);
            cv::add(frame, noise, frame);
            break;
        }
        case FrameCategory::Glare: {
            code(normal, -10 + 20 * unit(rng), 0.05f, false, centre);
            // A spotlight reflected on the screen: a bright blob over part of the code.
            cv::Mat spot = cv::Mat::zeros(frame.size(), CV_32F);
            const cv::Point2f at(
                centre.x + (unit(rng) - 0.5f) * normal * 0.6f, centre.y + (unit(rng) - 0.5f) * normal * 0.6f);
            cv::circle(spot, at, int(normal * (0.12f + 0.1f * unit(rng))), cv::Scalar(1.0), cv::FILLED);
            cv::GaussianBlur(spot, spot, cv::Size(0, 0), normal * 0.08);
            cv::Mat f32;
            frame.convertTo(f32, CV_32F);
            f32 += spot * (140 + 60 * unit(rng));
            f32.convertTo(frame, CV_8UC1);
            break;
        }
        case FrameCategory::DarkMode:
            code(normal, -15 + 30 * unit(rng), 0.08f, true, centre);
            break;
        case FrameCategory::Small:
            code((150 + 50 * unit(rng)) * scale, -10 + 20 * unit(rng), 0.04f, false, centre);
            break;
        case FrameCategory::JpegNoise: {
            code(normal, -10 + 20 * unit(rng), 0.05f, false, centre);
            cv::Mat noise(frame.size(), CV_8UC1);
            cv::randn(noise, 0, 9);
            cv::Mat noisy;
            cv::add(frame, noise, noisy, cv::noArray(), CV_8UC1);
            std::vector<uchar> jpg;
            cv::imencode(".jpg", noisy, jpg, {cv::IMWRITE_JPEG_QUALITY, 15 + int(15 * unit(rng))});
            frame = cv::imdecode(jpg, cv::IMREAD_GRAYSCALE);
            break;
        }
        case FrameCategory::MultipleCodes: {
            const float size = 300 * scale;
            code(size, -8 + 16 * unit(rng), 0.04f, false, cv::Point2f(width * 0.27f, height * 0.5f));
            code(size, -8 + 16 * unit(rng), 0.04f, false, cv::Point2f(width * 0.73f, height * 0.5f));
            break;
        }
        case FrameCategory::NoCode: {
            // Things that look a bit like codes: checkerboards, text-like stripes, a receipt.
            std::uniform_int_distribution<int> px(0, width - 200), py(0, height - 200);
            for (int k = 0; k < 4; ++k) {
                const int x0 = px(rng), y0 = py(rng), cell = 4 + int(10 * unit(rng));
                for (int y = 0; y < 12; ++y)
                    for (int x = 0; x < 12; ++x)
                        if (((x + y) % 2) ^ (unit(rng) < 0.3f))
                            cv::rectangle(
                                frame, cv::Rect(x0 + x * cell, y0 + y * cell, cell, cell), cv::Scalar(20), cv::FILLED);
            }
            break;
        }
        }
        f.pixels.assign(frame.data, frame.data + size_t(frame.total()));
        frames.append(std::move(f));
    }
    return frames;
}

bool writeFrame(const GreyFrame &frame, const QString &path)
{
    const cv::Mat m(frame.height, frame.width, CV_8UC1, const_cast<unsigned char *>(frame.pixels.data()));
    return cv::imwrite(QFile::encodeName(path).toStdString(), m);
}

bool writeVideo(const QList<GreyFrame> &frames, const QString &path, double fps)
{
    if (frames.isEmpty())
        return false;
    cv::VideoWriter writer(QFile::encodeName(path).toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps,
        cv::Size(frames.first().width, frames.first().height), false);
    if (!writer.isOpened())
        return false;
    for (const auto &f : frames)
        writer.write(cv::Mat(f.height, f.width, CV_8UC1, const_cast<unsigned char *>(f.pixels.data())));
    return true;
}

} // namespace kiosk::test
