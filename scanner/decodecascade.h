#pragma once
// The decode cascade: a fast ZXing pass restricted to QR codes, then fallbacks prepared with
// OpenCV for what the fast pass misses (dark-mode screens, dim bars and glare, blur, small or
// far codes, uneven light). A still image runs every step until one reads; live video runs
// the fast pass plus one fallback per frame, rotating, so no frame blows its budget.

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QString>

namespace kiosk::scanner {

// Non-owning view of an 8-bit luminance plane (the Y of NV12/YUYV, or a grey image).
struct LumaView
{
    const unsigned char *data = nullptr;
    int width = 0;
    int height = 0;
    int stride = 0; // bytes per row
    bool isValid() const { return data && width > 0 && height > 0 && stride >= width; }
};

enum class DecodeStep { Fast, Inverted, Contrast, Sharpen, Upscale, Binarize, InvertedContrast, UpscaleSharpen, None };
QString decodeStepName(DecodeStep step);

struct DecodedCode
{
    QByteArray text; // raw bytes of the QR payload: what verification reads
    QList<QPointF> corners; // four corners in frame coordinates, for the viewfinder outline
    // For people: the payload as text, by its ECI when it has one, else by ZXing's guess of its
    // charset (ISO-8859-1, Shift_JIS, UTF-8…). ASCII without an ECI (every drink code: the DK1
    // form is alphanumeric mode, the JWS base64url) is taken as it is, with no guessing.
    QString displayText;
    QString contentType; // "text", "binary", "mixed", "gs1", "iso15434" or "unknown-eci"
    bool hasEci = false;
};

struct DecodeResult
{
    QList<DecodedCode> codes;
    DecodeStep step = DecodeStep::None; // the (first) step that read them
    double ms = 0;
    int stepsRun = 0;
};

class DecodeCascade
{
public:
    // Every step, merging the distinct codes they read; `step` is the first that read any.
    // For still images.
    DecodeResult decodeAll(const LumaView &frame) const;
    // The fast pass, then fallback number `slot` (modulo their count) if it found nothing.
    DecodeResult decodeLive(const LumaView &frame, int slot) const;
    // Only the given step (benchmarks, tests).
    DecodeResult decodeStep(const LumaView &frame, DecodeStep step) const;

    static const QList<DecodeStep> &fallbacks();
};

} // namespace kiosk::scanner
