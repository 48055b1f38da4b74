#pragma once
// Test-only: generated camera frames of QR codes the way a bar sees them — at an angle, rotated,
// blurred, moving, dim, with glare, on dark-mode phones, small and far, JPEG-mangled, several
// at once — plus frames with no code that tempt false reads. Seeded, so every run sees the
// same set.

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace kiosk::test {

enum class FrameCategory {
    Clean,
    Perspective,
    Rotation,
    Blur,
    MotionBlur,
    LowContrast,
    Glare,
    DarkMode,
    Small,
    JpegNoise,
    MultipleCodes,
    NoCode,
};
QString categoryName(FrameCategory c);
QList<FrameCategory> allCategories();

struct GreyFrame
{
    int width = 0;
    int height = 0;
    std::vector<unsigned char> pixels; // width × height, stride = width
    QList<QByteArray> expected; // the texts a perfect reader returns (empty for NoCode)
    FrameCategory category = FrameCategory::Clean;
};

// What the phones in the frames show.
struct CodeStyle
{
    // The text of the code drawn with `seed` (one draw of the frame's generator per code, so two
    // styles with the same seed give frames alike in everything but the text); empty: a
    // token-sized random payload (tokenLikePayload).
    std::function<QByteArray(unsigned seed)> payload;
    // The QR code's error correction: 'L' (what ZXing's writer picks unasked), 'M', 'Q' or 'H'.
    char ecLevel = 'L';
    // The text (UTF-8) as UTF-8 bytes behind an ECI; otherwise ISO-8859-1 without one where it
    // fits (ZXing's writer's choice).
    bool utf8Eci = false;
};

// `count` frames of one category at the given size.
QList<GreyFrame> generateFrames(FrameCategory category, int count, int width = 1280, int height = 720,
    unsigned seed = 1, const CodeStyle &style = {});
// The QR version (1 to 40) ZXing's writer gives `text` at error correction `ecLevel`; 0 if it
// does not fit.
int qrVersionFor(const QByteArray &text, char ecLevel);
// One camera frame of a phone showing `text` as a QR code, square to the camera.
GreyFrame frameShowing(
    const QByteArray &text, int width = 1280, int height = 720, unsigned seed = 1, const CodeStyle &style = {});
// A token-sized payload (~400 bytes of base64url with two dots, like a signed drink token).
QByteArray tokenLikePayload(unsigned seed);
// Writes a frame as PNG or JPEG (by extension); false on failure.
bool writeFrame(const GreyFrame &frame, const QString &path);
// Writes frames (all the same size) as an MJPG AVI; false on failure.
bool writeVideo(const QList<GreyFrame> &frames, const QString &path, double fps = 10);

} // namespace kiosk::test
