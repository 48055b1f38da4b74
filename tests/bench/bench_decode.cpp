// Decode benchmark on the generated hard frames, side by side in one run, for the same orders
// shown as a JWS and as a compact DK1 code (issue 14):
//  - the QR version of a 1-, 3- and 20-drink order in each form, at error correction M;
//  - per-category read rate of each form for the kiosk (the live path: fast pass plus one
//    rotating fallback per frame; and the still path, every step, as `kioskctl decode` runs),
//    the fast pass alone, raw ZXing-C++ with default hints, and zbar;
//  - time per hard frame of each form for the kiosk's live path, raw ZXing and zbar;
//  - the fast pass's ZXing hints against variants (try harder, the downscale pyramid, another
//    binarizer, one symbol, a given charset): frames read and time, both sets;
//  - time per frame of the fast pass (a JWS, a DK1, no code) against a bare ZXing call with the
//    same hints and raw ZXing defaults, at 640×480, 1280×720 and 1920×1080;
//  - the time to verify each form (median, p99), alternating, on one kiosk database.
//
//   bench_decode [--frames N] [--timing-frames N] [--write-dir DIR] [--misses]
//
// Both sets draw the same frames (geometry, damage, order) from the same seeds; only the text
// in the QR code differs. zbar runs in process (libzbar) when the build found it.

#include "benchstats.h"
#include "decodecascade.h"
#include "fixture.h"
#include "hardframes.h"

#include "base64url.h"
#include "verifier.h"

// zbar's C++ wrappers name a class UnsupportedError, which ZXing defines as a macro: zbar first.
#ifdef KIOSK_BENCH_HAVE_ZBAR
#include <zbar.h>
using namespace zbar; // its C API lives in this namespace when included from C++
#endif

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

using namespace kiosk;
using namespace kiosk::scanner;
using namespace kiosk::test;
using kiosk::bench::percentile;

namespace {

LumaView view(const GreyFrame &f)
{
    return LumaView{f.pixels.data(), f.width, f.height, f.width};
}

// A frame is read when every code in it is read and nothing else is.
bool allRead(const GreyFrame &f, const QList<QByteArray> &texts)
{
    if (f.expected.isEmpty())
        return texts.isEmpty();
    for (const auto &e : f.expected)
        if (!texts.contains(e))
            return false;
    return std::all_of(texts.cbegin(), texts.cend(), [&](const QByteArray &t) { return f.expected.contains(t); });
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

#ifdef KIOSK_BENCH_HAVE_ZBAR
// zbar's own QR reader, in process, on the same luminance plane (Y800), raw bytes.
class Zbar
{
public:
    Zbar()
        : m_scanner(zbar_image_scanner_create())
    {
        zbar_image_scanner_set_config(m_scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
        zbar_image_scanner_set_config(m_scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
        zbar_image_scanner_set_config(m_scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    }
    ~Zbar() { zbar_image_scanner_destroy(m_scanner); }
    Zbar(const Zbar &) = delete;
    Zbar &operator=(const Zbar &) = delete;

    QList<QByteArray> read(const GreyFrame &f) const
    {
        zbar_image_t *img = zbar_image_create();
        zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
        zbar_image_set_size(img, unsigned(f.width), unsigned(f.height));
        zbar_image_set_data(img, f.pixels.data(), f.pixels.size(), nullptr);
        QList<QByteArray> out;
        if (zbar_scan_image(m_scanner, img) > 0) {
            for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s; s = zbar_symbol_next(s))
                out.append(QByteArray(zbar_symbol_get_data(s), qsizetype(zbar_symbol_get_data_length(s))));
        }
        zbar_image_destroy(img);
        return out;
    }

private:
    zbar_image_scanner_t *m_scanner;
};
constexpr bool kZbar = true;
#else
struct Zbar
{
    QList<QByteArray> read(const GreyFrame &) const { return {}; }
};
constexpr bool kZbar = false;
#endif

enum Form { Jws, Dk1 };
constexpr std::array<const char *, 2> kFormNames{"JWS", "DK1"};

// Orders like the reference cloud's: a random order id ("ord_" and 16 hex digits) and 12-byte
// token id, a recipient, a phone's last four, `drinks` drinks from a bar menu; seeded, so both
// forms carry one order.
QJsonObject orderClaims(const VenueFixture &fx, unsigned seed, int drinks)
{
    static const char *const names[]
        = {"Alex M.", "Priya Kapoor", "Tom Hughes", "Zoë Müller", "Sam R.", "Noor Al-Amin", "Kai W.", "Dana Whitfield"};
    static const char *const menu[] = {"Negroni", "House Red", "Pale Ale", "Espresso Martini", "Gin & Tonic",
        "Aperol Spritz", "Old Fashioned", "Margarita", "Mojito", "Weißbier"};
    std::mt19937 rng(seed);
    QByteArray id(8, '\0'), cti(12, '\0');
    for (auto *bytes : {&id, &cti})
        for (char &b : *bytes)
            b = char(rng() & 0xff);
    QJsonObject c = fx.claims(
        QStringLiteral("ord_") + QString::fromLatin1(id.toHex()), QString::fromLatin1(base64UrlEncode(cti)));
    QJsonArray list;
    for (int i = 0; i < drinks; ++i)
        list.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(menu[(seed + unsigned(i)) % 10])},
            {QStringLiteral("qty"), 1 + int(rng() % 3)}});
    c[QStringLiteral("drinks")] = list;
    c[QStringLiteral("rcp")] = QString::fromUtf8(names[seed % 8]);
    c[QStringLiteral("ph4")] = QStringLiteral("%1").arg(rng() % 10000, 4, 10, QLatin1Char('0'));
    c[QStringLiteral("amt")] = 1200 * drinks;
    return c;
}

QByteArray mint(const VenueFixture &fx, Form form, const QJsonObject &claims)
{
    return form == Dk1 ? mintCompactToken(fx.key, claims).value() : fx.token(claims);
}

struct Tally
{
    int live = 0, still = 0, fast = 0, raw = 0, zbar = 0, n = 0;
    Tally &operator+=(const Tally &o)
    {
        live += o.live, still += o.still, fast += o.fast, raw += o.raw, zbar += o.zbar, n += o.n;
        return *this;
    }
};

QString pct(int k, int n)
{
    return n ? QStringLiteral("%1%").arg(100.0 * k / n, 0, 'f', 0) : QStringLiteral("-");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int perCategory = 20;
    int timingFrames = 40;
    QString writeDir;
    const QStringList args = app.arguments();
    bool showMisses = false;
    for (int i = 1; i < args.size(); ++i) {
        bool ok = true;
        const bool hasValue = i + 1 < args.size();
        if (args[i] == QLatin1String("--misses"))
            showMisses = true;
        else if (args[i] == QLatin1String("--frames") && hasValue)
            perCategory = args[++i].toInt(&ok);
        else if (args[i] == QLatin1String("--timing-frames") && hasValue)
            timingFrames = args[++i].toInt(&ok);
        else if (args[i] == QLatin1String("--write-dir") && hasValue)
            writeDir = args[++i];
        else
            ok = false;
        if (!ok || perCategory < 1 || timingFrames < 1) {
            std::fprintf(stderr,
                "bench_decode: bad argument '%s'\nusage: bench_decode [--frames N] [--timing-frames N] "
                "[--write-dir DIR] [--misses]\n",
                qPrintable(args[i]));
            return 2;
        }
    }
    VenueFixture fx;
    if (!fx.ok()) {
        std::fprintf(stderr, "bench_decode: %s\n", qPrintable(fx.errorString));
        return 2;
    }
    const DecodeCascade cascade;
    const Zbar zbar;
    const ZXing::DecodeHints defaults; // what an app gets by calling ReadBarcodes without thought
    // A bare ZXing call with the fast pass's hints: what the kiosk's own pipeline adds.
    ZXing::DecodeHints qrOnly;
    qrOnly.setFormats(ZXing::BarcodeFormat::QRCode);
    qrOnly.setTryRotate(false);
    qrOnly.setTryHarder(false);
    qrOnly.setTryDownscale(false);
    CodeStyle styles[2];
    for (Form form : {Jws, Dk1}) {
        styles[form].ecLevel = 'M';
        styles[form].payload = [&fx, form](unsigned seed) { return mint(fx, form, orderClaims(fx, seed, 1)); };
    }

    // --- The size of the code ------------------------------------------------------------
    std::printf("QR code of one order in each form, error correction M\n");
    std::printf("%-8s %14s %14s %16s\n", "drinks", "JWS chars/ver", "DK1 chars/ver", "module size DK1/JWS");
    {
        const QByteArray dk1 = publishedCompactVector(0);
        std::printf("%-8s %14s %8lld / v%-3d   (the public vector 0: 'ord_1', 'Alex M.')\n", "1", "",
            qlonglong(dk1.size()), qrVersionFor(dk1, 'M'));
    }
    for (int drinks : {1, 3, 20}) {
        const QJsonObject claims = orderClaims(fx, 7, drinks);
        const QByteArray jws = mint(fx, Jws, claims), dk1 = mint(fx, Dk1, claims);
        const int vj = qrVersionFor(jws, 'M'), vd = qrVersionFor(dk1, 'M');
        // The same width on the phone's screen: modules scale with 1 / (side + quiet zone).
        std::printf("%-8d %8lld / v%-3d %8lld / v%-3d %15.2fx\n", drinks, qlonglong(jws.size()), vj,
            qlonglong(dk1.size()), vd, double(17 + 4 * vj + 8) / double(17 + 4 * vd + 8));
    }

    // --- Read rate per category -------------------------------------------------------------
    std::printf("\nread rate, %d frames per category, 1280x720 (seeded, generated; the same frames in both forms)\n",
        perCategory);
    std::printf(
        "%-13s | %6s %6s %6s %6s %6s | %6s %6s %6s %6s %6s\n", "", "JWS", "", "", "", "", "DK1", "", "", "", "");
    std::printf("%-13s | %6s %6s %6s %6s %6s | %6s %6s %6s %6s %6s\n", "category", "live", "still", "fast", "raw-zx",
        "zbar", "live", "still", "fast", "raw-zx", "zbar");
    Tally total[2];
    QStringList misses;
    for (FrameCategory c : allCategories()) {
        Tally t[2];
        for (Form form : {Jws, Dk1}) {
            const auto frames = generateFrames(c, perCategory, 1280, 720, 1, styles[form]);
            for (int i = 0; i < frames.size(); ++i) {
                const GreyFrame &frame = frames[i];
                if (!writeDir.isEmpty()) {
                    QDir().mkpath(writeDir);
                    writeFrame(frame,
                        QStringLiteral("%1/%2-%3-%4.png")
                            .arg(writeDir, QString::fromLatin1(kFormNames[form]).toLower(), categoryName(c))
                            .arg(i, 2, 10, QLatin1Char('0')));
                }
                Tally &x = t[form];
                ++x.n;
                // Live: the same phone on successive camera frames, one fallback each, up to 8.
                QList<QByteArray> liveTexts;
                bool liveRead = false;
                for (int slot = 0; slot < 1 + int(DecodeCascade::fallbacks().size()) && !liveRead; ++slot) {
                    liveTexts += texts(cascade.decodeLive(view(frame), slot));
                    liveRead = !frame.expected.isEmpty() && allRead(frame, liveTexts);
                }
                if (frame.expected.isEmpty() ? liveTexts.isEmpty() : liveRead)
                    ++x.live;
                else
                    misses.append(
                        QStringLiteral("%1 %2 #%3").arg(QLatin1String(kFormNames[form]), categoryName(c)).arg(i));
                x.still += allRead(frame, texts(cascade.decodeAll(view(frame)))) ? 1 : 0;
                x.fast += allRead(frame, texts(cascade.decodeStep(view(frame), DecodeStep::Fast))) ? 1 : 0;
                x.raw += allRead(frame, rawZxing(frame, defaults)) ? 1 : 0;
                x.zbar += kZbar && allRead(frame, zbar.read(frame)) ? 1 : 0;
            }
            total[form] += t[form];
        }
        auto cells = [](const Tally &x) {
            return QStringLiteral("%1 %2 %3 %4 %5")
                .arg(pct(x.live, x.n), 6)
                .arg(pct(x.still, x.n), 6)
                .arg(pct(x.fast, x.n), 6)
                .arg(pct(x.raw, x.n), 6)
                .arg(kZbar ? pct(x.zbar, x.n) : QStringLiteral("-"), 6);
        };
        std::printf(
            "%-13s | %s | %s\n", qPrintable(categoryName(c)), qPrintable(cells(t[Jws])), qPrintable(cells(t[Dk1])));
    }
    auto counts = [](const Tally &x) {
        return QStringLiteral("%1 %2 %3 %4 %5")
            .arg(QStringLiteral("%1/%2").arg(x.live).arg(x.n), 7)
            .arg(QStringLiteral("%1").arg(x.still), 4)
            .arg(QStringLiteral("%1").arg(x.fast), 5)
            .arg(QStringLiteral("%1").arg(x.raw), 6)
            .arg(kZbar ? QStringLiteral("%1").arg(x.zbar) : QStringLiteral("-"), 6);
    };
    std::printf("%-13s | %s | %s\n", "overall", qPrintable(counts(total[Jws])), qPrintable(counts(total[Dk1])));
    for (Form form : {Jws, Dk1})
        std::printf("  %s: live %.1f%%, still %.1f%%, fast %.1f%%, raw ZXing %.1f%%, zbar %s\n", kFormNames[form],
            100.0 * total[form].live / total[form].n, 100.0 * total[form].still / total[form].n,
            100.0 * total[form].fast / total[form].n, 100.0 * total[form].raw / total[form].n,
            kZbar ? qPrintable(QStringLiteral("%1%").arg(100.0 * total[form].zbar / total[form].n, 0, 'f', 1))
                  : "not built");
    if (showMisses)
        std::printf("  live misses: %s\n", qPrintable(misses.join(QLatin1String(", "))));

    // --- Time per hard frame ----------------------------------------------------------------
    std::printf("\ntime per hard frame, ms (median / p99), every category, 1280x720\n");
    std::printf("%-5s %17s %17s %17s %17s\n", "form", "kiosk live", "kiosk fast pass", "raw zx defaults", "zbar");
    for (Form form : {Jws, Dk1}) {
        std::vector<double> live, fast, raw, zb;
        for (FrameCategory c : allCategories()) {
            const auto frames = generateFrames(c, std::max(1, perCategory / 4), 1280, 720, 3, styles[form]);
            for (int i = 0; i < frames.size(); ++i) {
                QElapsedTimer t;
                t.start();
                (void)cascade.decodeLive(view(frames[i]), i);
                live.push_back(double(t.nsecsElapsed()) / 1e6);
                t.restart();
                (void)cascade.decodeStep(view(frames[i]), DecodeStep::Fast);
                fast.push_back(double(t.nsecsElapsed()) / 1e6);
                t.restart();
                (void)rawZxing(frames[i], defaults);
                raw.push_back(double(t.nsecsElapsed()) / 1e6);
                if (kZbar) {
                    t.restart();
                    (void)zbar.read(frames[i]);
                    zb.push_back(double(t.nsecsElapsed()) / 1e6);
                }
            }
        }
        auto cell = [](const std::vector<double> &v) {
            return v.empty()
                ? QStringLiteral("-")
                : QStringLiteral("%1 / %2").arg(percentile(v, 0.5), 7, 'f', 2).arg(percentile(v, 0.99), 6, 'f', 2);
        };
        std::printf("%-5s %17s %17s %17s %17s\n", kFormNames[form], qPrintable(cell(live)), qPrintable(cell(fast)),
            qPrintable(cell(raw)), qPrintable(cell(zb)));
    }

    // --- Fast-pass hints ---------------------------------------------------------------------
    // The kiosk's fast pass against variants of its ZXing hints on both sets: what each costs
    // and what it reads. The kiosk keeps a variant only if it reads more without slowing down.
    {
        struct Variant
        {
            const char *name;
            ZXing::DecodeHints hints;
        };
        QList<Variant> variants;
        // The fast pass as it was before issue 14 (the pyramid of downscaled images on) and the
        // variants from there; "no downscale" is what the kiosk's fast pass does now.
        ZXing::DecodeHints base = qrOnly;
        base.setTryDownscale(true);
        variants.append({"QR only (fast pass before)", base});
        variants.append({"+ try harder", ZXing::DecodeHints(base).setTryHarder(true)});
        variants.append({"no downscale (kiosk now)", ZXing::DecodeHints(base).setTryDownscale(false)});
        variants.append({"downscale factor 2", ZXing::DecodeHints(base).setDownscaleFactor(2)});
        variants.append({"global histogram", ZXing::DecodeHints(base).setBinarizer(ZXing::Binarizer::GlobalHistogram)});
        variants.append({"one symbol at most", ZXing::DecodeHints(base).setMaxNumberOfSymbols(1)});
        variants.append({"charset given (ISO-8859-1)", ZXing::DecodeHints(base).setCharacterSet("ISO-8859-1")});
        for (auto [w, h] : {std::pair{1280, 720}, std::pair{1920, 1080}}) {
            QList<GreyFrame> sets[2];
            for (Form form : {Jws, Dk1})
                for (FrameCategory c : allCategories())
                    sets[form] += generateFrames(c, std::max(1, perCategory / 2), w, h, 5, styles[form]);
            std::printf(
                "\nfast-pass hint variants, every category, %dx%d: frames read, ms per frame (median / p99)\n", w, h);
            std::printf("%-27s %8s %17s %8s %17s\n", "variant", "JWS", "", "DK1", "");
            // Every variant on each frame in turn, so a noisy moment of a shared machine falls
            // on all of them alike.
            const qsizetype n = variants.size();
            std::vector<std::vector<double>> ms[2];
            std::vector<int> ok[2];
            for (Form form : {Jws, Dk1}) {
                ms[form].assign(size_t(n), {});
                ok[form].assign(size_t(n), 0);
                for (const GreyFrame &frame : std::as_const(sets[form])) {
                    for (qsizetype k = 0; k < n; ++k) {
                        QElapsedTimer t;
                        t.start();
                        const QList<QByteArray> got = rawZxing(frame, variants[k].hints);
                        ms[form][size_t(k)].push_back(double(t.nsecsElapsed()) / 1e6);
                        ok[form][size_t(k)] += allRead(frame, got) ? 1 : 0;
                    }
                }
            }
            for (qsizetype k = 0; k < n; ++k) {
                QString cells;
                for (Form form : {Jws, Dk1})
                    cells += QStringLiteral(" %1 %2 / %3")
                                 .arg(QStringLiteral("%1/%2").arg(ok[form][size_t(k)]).arg(sets[form].size()), 8)
                                 .arg(percentile(ms[form][size_t(k)], 0.5), 7, 'f', 2)
                                 .arg(percentile(ms[form][size_t(k)], 0.99), 7, 'f', 2);
                std::printf("%-27s%s\n", variants[k].name, qPrintable(cells));
            }
        }
    }

    // --- The fast pass ----------------------------------------------------------------------
    std::printf("\nfast pass, time per frame, ms (median / p95), clean frames\n");
    std::printf("%-12s %-9s %17s %17s %17s\n", "size", "content", "fast pass", "bare zx, same", "raw zx defaults");
    for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}, std::pair{1920, 1080}}) {
        for (int content = 0; content < 3; ++content) {
            const auto frames = content == 2
                ? generateFrames(FrameCategory::NoCode, timingFrames, w, h, 99)
                : generateFrames(FrameCategory::Clean, timingFrames, w, h, 99, styles[content]);
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
                content == 2 ? "no code" : kFormNames[content], percentile(fast, 0.5), percentile(fast, 0.95),
                percentile(bare, 0.5), percentile(bare, 0.95), percentile(raw, 0.5), percentile(raw, 0.95));
        }
    }

    // --- Verify -----------------------------------------------------------------------------
    // The same orders in both forms, alternating, on one kiosk database (not in its cache: the
    // signature is the proof; every lookup still runs).
    std::vector<double> us[2];
    Verifier verifier(*fx.store, fx.clock);
    for (int i = 0; i < std::max(50, timingFrames * 25); ++i) {
        const QJsonObject claims = orderClaims(fx, 1000u + unsigned(i), 1);
        for (Form form : {Jws, Dk1}) {
            const QByteArray code = mint(fx, form, claims);
            QElapsedTimer t;
            t.start();
            const auto v = verifier.verify(code);
            us[form].push_back(double(t.nsecsElapsed()) / 1e3);
            if (!v || !v->ok()) {
                std::fprintf(stderr, "bench_decode: a %s did not verify\n", kFormNames[form]);
                return 1;
            }
        }
    }
    std::printf("\nverify, same orders alternating, us (median / p99), n=%zu each\n", us[Jws].size());
    for (Form form : {Jws, Dk1})
        std::printf("%-5s %8.1f / %6.1f\n", kFormNames[form], percentile(us[form], 0.5), percentile(us[form], 0.99));
    std::printf("ratio DK1 / JWS (median): %.2fx\n", percentile(us[Dk1], 0.5) / percentile(us[Jws], 0.5));
    return 0;
}
