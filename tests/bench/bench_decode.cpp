// Decode benchmark on the generated hard-frame set, side by side in one run:
//  - per-category read rate: the cascade (every step, as `kioskctl decode` runs), the live path
//    over successive frames (fast pass + one rotating fallback per frame), the fast pass alone,
//    and raw ZXing-C++ with default hints;
//  - time per frame (median, p95) for the fast pass, with and without a code, against a bare
//    QR-only ZXing call and raw ZXing defaults, at 640×480, 1280×720 and 1920×1080.
//
//   bench_decode [--frames N] [--timing-frames N] [--write-dir DIR] [--zbar]
//
// --zbar also runs `zbarimg` (Debian zbar-tools) on every frame, written as PNG.

#include "benchstats.h"
#include "decodecascade.h"
#include "hardframes.h"

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace kiosk::scanner;
using namespace kiosk::test;
using kiosk::bench::percentile;

namespace {

LumaView view(const GreyFrame &f)
{
    return LumaView{f.pixels.data(), f.width, f.height, f.width};
}

bool allRead(const GreyFrame &f, const QList<QByteArray> &texts)
{
    if (f.expected.isEmpty())
        return texts.isEmpty(); // a frame without a code must yield nothing
    for (const auto &e : f.expected)
        if (!texts.contains(e))
            return false;
    return true;
}

QList<QByteArray> texts(const DecodeResult &r)
{
    QList<QByteArray> out;
    for (const auto &c : r.codes)
        out.append(c.text);
    return out;
}

QList<QByteArray> rawZxing(const GreyFrame &f, const ZXing::DecodeHints &hints)
{
    QList<QByteArray> out;
    const ZXing::ImageView v(f.pixels.data(), f.width, f.height, ZXing::ImageFormat::Lum);
    for (const auto &r : ZXing::ReadBarcodes(v, hints)) {
        if (r.isValid())
            out.append(QByteArray(reinterpret_cast<const char *>(r.bytes().data()), qsizetype(r.bytes().size())));
    }
    return out;
}

QList<QByteArray> zbar(const GreyFrame &f, const QString &png)
{
    if (!writeFrame(f, png))
        return {};
    QProcess p;
    p.start(QStringLiteral("zbarimg"),
        {QStringLiteral("--raw"), QStringLiteral("-q"), QStringLiteral("-Sdisable"), QStringLiteral("-Sqrcode.enable"),
            png});
    p.waitForFinished(30000);
    QList<QByteArray> out;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            out.append(line);
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int perCategory = 30;
    int timingFrames = 40;
    QString writeDir;
    const QStringList args = app.arguments();
    const bool withZbar = args.contains(QStringLiteral("--zbar"));
    QTemporaryDir zbarDir;
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--frames"))
            perCategory = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--timing-frames"))
            timingFrames = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--write-dir"))
            writeDir = args[i + 1];
    }
    const DecodeCascade cascade;
    const ZXing::DecodeHints defaults; // what an app gets by calling ReadBarcodes without thought
    ZXing::DecodeHints qrOnly;
    qrOnly.setFormats(ZXing::BarcodeFormat::QRCode);
    qrOnly.setTryRotate(false);
    qrOnly.setTryHarder(false);

    std::printf("bench_decode: %d frames per category, 1280x720 (seeded, generated)\n\n", perCategory);
    std::printf("%-14s %8s %8s %8s %8s %8s   %s\n", "category", "cascade", "live", "fast", "raw-zx", "zbarimg",
        "steps that read (cascade)");
    int totalFrames = 0, cascadeOk = 0, liveOk = 0, fastOk = 0, rawOk = 0, zbarOk = 0;
    for (FrameCategory c : allCategories()) {
        const auto frames = generateFrames(c, perCategory);
        if (!writeDir.isEmpty()) {
            QDir().mkpath(writeDir);
            for (int i = 0; i < frames.size(); ++i)
                writeFrame(frames[i],
                    QStringLiteral("%1/%2-%3.png").arg(writeDir, categoryName(c)).arg(i, 2, 10, QLatin1Char('0')));
        }
        int a = 0, l = 0, f = 0, r = 0, z = 0;
        QMap<QString, int> steps;
        for (const auto &frame : frames) {
            const DecodeResult all = cascade.decodeAll(view(frame));
            if (allRead(frame, texts(all))) {
                ++a;
                if (all.step != DecodeStep::None)
                    steps[decodeStepName(all.step)]++;
            }
            // Live: the same frame seen on successive camera frames, one fallback each.
            bool liveRead = false;
            QList<QByteArray> liveTexts;
            for (int slot = 0; slot < 1 + int(DecodeCascade::fallbacks().size()) && !liveRead; ++slot) {
                liveTexts += texts(cascade.decodeLive(view(frame), slot));
                liveRead = !frame.expected.isEmpty() && allRead(frame, liveTexts);
            }
            if (frame.expected.isEmpty() ? liveTexts.isEmpty() : liveRead)
                ++l;
            if (allRead(frame, texts(cascade.decodeStep(view(frame), DecodeStep::Fast))))
                ++f;
            if (allRead(frame, rawZxing(frame, defaults)))
                ++r;
            if (withZbar && allRead(frame, zbar(frame, zbarDir.filePath(QStringLiteral("frame.png")))))
                ++z;
        }
        QStringList stepText;
        for (auto it = steps.cbegin(); it != steps.cend(); ++it)
            stepText.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
        const int n = int(frames.size());
        const QString zText = withZbar ? QStringLiteral("%1%").arg(100.0 * z / n, 0, 'f', 0) : QStringLiteral("-");
        std::printf("%-14s %7.0f%% %7.0f%% %7.0f%% %7.0f%% %8s   %s\n", qPrintable(categoryName(c)), 100.0 * a / n,
            100.0 * l / n, 100.0 * f / n, 100.0 * r / n, qPrintable(zText),
            qPrintable(stepText.join(QLatin1String(", "))));
        totalFrames += n;
        cascadeOk += a;
        liveOk += l;
        fastOk += f;
        rawOk += r;
        zbarOk += z;
    }
    const QString zTotal
        = withZbar ? QStringLiteral("%1%").arg(100.0 * zbarOk / totalFrames, 0, 'f', 1) : QStringLiteral("-");
    std::printf("%-14s %7.1f%% %7.1f%% %7.1f%% %7.1f%% %8s\n\n", "overall", 100.0 * cascadeOk / totalFrames,
        100.0 * liveOk / totalFrames, 100.0 * fastOk / totalFrames, 100.0 * rawOk / totalFrames, qPrintable(zTotal));

    std::printf("time per frame, ms (median / p95)\n");
    std::printf("%-12s %-9s %17s %17s %17s\n", "size", "content", "fast pass", "bare QR-only zx", "raw zx defaults");
    for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}, std::pair{1920, 1080}}) {
        for (FrameCategory c : {FrameCategory::Clean, FrameCategory::NoCode}) {
            const auto frames = generateFrames(c, timingFrames, w, h, 99);
            std::vector<double> fast, bare, raw;
            for (const auto &frame : frames) {
                QElapsedTimer t;
                t.start();
                (void)cascade.decodeStep(view(frame), DecodeStep::Fast);
                fast.push_back(double(t.nsecsElapsed()) / 1e6);
                t.restart();
                (void)rawZxing(frame, qrOnly);
                bare.push_back(double(t.nsecsElapsed()) / 1e6);
                t.restart();
                (void)rawZxing(frame, defaults);
                raw.push_back(double(t.nsecsElapsed()) / 1e6);
            }
            std::printf("%4dx%-7d %-9s %8.2f / %6.2f %8.2f / %6.2f %8.2f / %6.2f\n", w, h,
                c == FrameCategory::Clean ? "code" : "no code", percentile(fast, 0.5), percentile(fast, 0.95),
                percentile(bare, 0.5), percentile(bare, 0.95), percentile(raw, 0.5), percentile(raw, 0.95));
        }
    }
    return 0;
}
