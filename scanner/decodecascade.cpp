#include "decodecascade.h"

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <QElapsedTimer>

namespace kiosk::scanner {

namespace {

ZXing::DecodeHints hintsFor(DecodeStep step)
{
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    // The fast pass skips rotation (QR finder patterns are rotation-invariant), the extra
    // effort ZXing spends on empty frames, and its pyramid of downscaled copies: on the hard
    // frames the pyramid read no code the full-size pass missed, at a third of the fast pass's
    // time (bench_decode, "fast-pass hint variants"). The fallbacks keep it, so a code that
    // needs it is read on a following frame.
    hints.setTryRotate(false);
    hints.setTryHarder(step != DecodeStep::Fast);
    hints.setTryDownscale(step != DecodeStep::Fast);
    if (step == DecodeStep::Binarize)
        hints.setBinarizer(ZXing::Binarizer::FixedThreshold);
    return hints;
}

QString contentTypeName(ZXing::ContentType type)
{
    switch (type) {
    case ZXing::ContentType::Text:
        return QStringLiteral("text");
    case ZXing::ContentType::Binary:
        return QStringLiteral("binary");
    case ZXing::ContentType::Mixed:
        return QStringLiteral("mixed");
    case ZXing::ContentType::GS1:
        return QStringLiteral("gs1");
    case ZXing::ContentType::ISO15434:
        return QStringLiteral("iso15434");
    case ZXing::ContentType::UnknownECI:
        return QStringLiteral("unknown-eci");
    }
    return QStringLiteral("binary");
}

QList<DecodedCode> read(const cv::Mat &img, DecodeStep step, double scale = 1.0, cv::Point2f offset = {})
{
    const ZXing::ImageView view(img.data, img.cols, img.rows, ZXing::ImageFormat::Lum, int(img.step));
    QList<DecodedCode> out;
    for (const auto &r : ZXing::ReadBarcodes(view, hintsFor(step))) {
        if (!r.isValid())
            continue;
        DecodedCode c;
        const auto &bytes = r.bytes();
        c.text = QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
        c.hasEci = r.hasECI();
        const bool ascii = std::all_of(c.text.cbegin(), c.text.cend(), [](char ch) { return uchar(ch) < 0x80; });
        c.displayText = ascii && !c.hasEci ? QString::fromLatin1(c.text) : QString::fromStdString(r.text());
        c.contentType = contentTypeName(r.contentType());
        const auto &p = r.position();
        for (int i = 0; i < 4; ++i)
            c.corners.append(QPointF(p[i].x / scale + offset.x, p[i].y / scale + offset.y));
        out.append(std::move(c));
    }
    return out;
}

cv::Mat sharpened(const cv::Mat &grey, double sigma)
{
    cv::Mat blurred, sharp;
    cv::GaussianBlur(grey, blurred, cv::Size(0, 0), sigma);
    cv::addWeighted(grey, 2.0, blurred, -1.0, 0, sharp);
    return sharp;
}

// The region around a code that OpenCV can locate but ZXing could not read, enlarged (and, for
// blurred small codes, sharpened once enlarged).
QList<DecodedCode> readUpscaled(const cv::Mat &grey, bool sharpen)
{
    std::vector<cv::Point2f> corners;
    cv::QRCodeDetector detector;
    cv::Rect roi(0, 0, grey.cols, grey.rows);
    if (detector.detect(grey, corners) && corners.size() == 4) {
        const cv::Rect box = cv::boundingRect(corners);
        const int margin = std::max(box.width, box.height) / 4;
        roi = (box + cv::Size(2 * margin, 2 * margin) - cv::Point(margin, margin)) & roi;
    } else if (grey.cols * grey.rows > 1280 * 720) {
        return {}; // nothing located and the frame is already large: upscaling all of it costs too much
    }
    const double scale = std::clamp(900.0 / std::max(roi.width, roi.height), 1.5, 4.0);
    cv::Mat up;
    cv::resize(grey(roi), up, cv::Size(), scale, scale, cv::INTER_CUBIC);
    if (sharpen)
        up = sharpened(up, 1.5 * scale);
    return read(up, DecodeStep::Upscale, scale, cv::Point2f(float(roi.x), float(roi.y)));
}

cv::Mat contrast(const cv::Mat &grey)
{
    cv::Mat out;
    cv::createCLAHE(3.0, cv::Size(8, 8))->apply(grey, out);
    return out;
}

} // namespace

QString decodeStepName(DecodeStep step)
{
    switch (step) {
    case DecodeStep::Fast:
        return QStringLiteral("fast");
    case DecodeStep::Inverted:
        return QStringLiteral("inverted");
    case DecodeStep::Contrast:
        return QStringLiteral("contrast");
    case DecodeStep::Sharpen:
        return QStringLiteral("sharpen");
    case DecodeStep::Upscale:
        return QStringLiteral("upscale");
    case DecodeStep::Binarize:
        return QStringLiteral("binarize");
    case DecodeStep::InvertedContrast:
        return QStringLiteral("inverted-contrast");
    case DecodeStep::UpscaleSharpen:
        return QStringLiteral("upscale-sharpen");
    case DecodeStep::None:
        break;
    }
    return QStringLiteral("none");
}

const QList<DecodeStep> &DecodeCascade::fallbacks()
{
    // Ordered by how often each rescues a real bar frame, cheapest first among equals.
    static const QList<DecodeStep> steps{DecodeStep::Inverted, DecodeStep::Contrast, DecodeStep::Sharpen,
        DecodeStep::Upscale, DecodeStep::Binarize, DecodeStep::InvertedContrast, DecodeStep::UpscaleSharpen};
    return steps;
}

DecodeResult DecodeCascade::decodeStep(const LumaView &frame, DecodeStep step) const
{
    QElapsedTimer t;
    t.start();
    DecodeResult result;
    if (!frame.isValid())
        return result;
    // Wraps the caller's buffer: no copy.
    const cv::Mat grey(
        frame.height, frame.width, CV_8UC1, const_cast<unsigned char *>(frame.data), size_t(frame.stride));
    QList<DecodedCode> codes;
    switch (step) {
    case DecodeStep::Fast:
        codes = read(grey, step);
        break;
    case DecodeStep::Inverted: {
        cv::Mat inv;
        cv::bitwise_not(grey, inv);
        codes = read(inv, step);
        break;
    }
    case DecodeStep::Contrast:
        codes = read(contrast(grey), step);
        break;
    case DecodeStep::Sharpen:
        codes = read(sharpened(grey, 2.0), step);
        break;
    case DecodeStep::Upscale:
    case DecodeStep::UpscaleSharpen:
        codes = readUpscaled(grey, step == DecodeStep::UpscaleSharpen);
        break;
    case DecodeStep::Binarize: {
        cv::Mat smooth, bin;
        cv::medianBlur(grey, smooth, 3);
        const int block = (std::max(15, std::min(frame.width, frame.height) / 20)) | 1;
        cv::adaptiveThreshold(smooth, bin, 255, cv::ADAPTIVE_THRESH_GAUSSIAN_C, cv::THRESH_BINARY, block, 4);
        codes = read(bin, step);
        break;
    }
    case DecodeStep::InvertedContrast: {
        cv::Mat inv;
        cv::bitwise_not(contrast(grey), inv);
        codes = read(inv, step);
        break;
    }
    case DecodeStep::None:
        break;
    }
    result.codes = codes;
    result.step = codes.isEmpty() ? DecodeStep::None : step;
    result.stepsRun = 1;
    result.ms = double(t.nsecsElapsed()) / 1e6;
    return result;
}

DecodeResult DecodeCascade::decodeAll(const LumaView &frame) const
{
    QElapsedTimer t;
    t.start();
    DecodeResult total;
    QList<DecodeStep> steps{DecodeStep::Fast};
    steps += fallbacks();
    // A still has no next frame: run every step and keep each distinct code once (a photo may
    // hold several codes that different steps read).
    for (DecodeStep step : steps) {
        const DecodeResult r = decodeStep(frame, step);
        total.stepsRun++;
        for (const auto &code : r.codes) {
            const bool known = std::any_of(
                total.codes.cbegin(), total.codes.cend(), [&](const DecodedCode &c) { return c.text == code.text; });
            if (!known)
                total.codes.append(code);
        }
        if (total.step == DecodeStep::None && !r.codes.isEmpty())
            total.step = step;
    }
    total.ms = double(t.nsecsElapsed()) / 1e6;
    return total;
}

DecodeResult DecodeCascade::decodeLive(const LumaView &frame, int slot) const
{
    QElapsedTimer t;
    t.start();
    DecodeResult r = decodeStep(frame, DecodeStep::Fast);
    if (r.codes.isEmpty() && !fallbacks().isEmpty()) {
        const DecodeStep fallback = fallbacks().at(qsizetype(slot) % fallbacks().size());
        DecodeResult f = decodeStep(frame, fallback);
        f.stepsRun = 2;
        r = f;
    }
    r.ms = double(t.nsecsElapsed()) / 1e6;
    return r;
}

} // namespace kiosk::scanner
