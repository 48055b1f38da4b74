// screencheck: is this screenshot the kiosk's scan screen? For the package test, which
// photographs the installed kiosk running under cage (grim) and must not accept a blank or
// black screen, a compositor without its client, or another screen.
//
//   screencheck FILE.png     exit 0 and one line of figures when it is the scan screen
//
// The scan screen, in the theme's colours (qml/components/Theme.qml): the top bar and the side
// panel in the background and surface colours (#111417, #1c2126; the viewfinder between them
// shows the camera), the active "Scan" tab in the accent colour (#5cb8ff), and text (many
// shades from anti-aliasing). A verdict fills the screen with its own colour, the sign-in
// screen has no Scan tab, a blank or black picture has neither: all fail.
#include <QColor>
#include <QCoreApplication>
#include <QHash>
#include <QImage>
#include <QRect>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: screencheck FILE.png\n");
        return 2;
    }
    const QImage image = QImage(QString::fromLocal8Bit(argv[1])).convertToFormat(QImage::Format_RGB32);
    if (image.isNull()) {
        std::fprintf(stderr, "screencheck: cannot read %s as an image\n", argv[1]);
        return 2;
    }
    const QRgb background = QColor(QStringLiteral("#111417")).rgb();
    const QRgb surface = QColor(QStringLiteral("#1c2126")).rgb();
    const QRgb accent = QColor(QStringLiteral("#5cb8ff")).rgb();
    const auto near = [](QRgb a, QRgb b) {
        return qAbs(qRed(a) - qRed(b)) <= 3 && qAbs(qGreen(a) - qGreen(b)) <= 3 && qAbs(qBlue(a) - qBlue(b)) <= 3;
    };
    qint64 bg = 0;
    qint64 ac = 0;
    QHash<QRgb, int> colours;
    QRect accentBox; // where the accent is: the active tab
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = line[x] | 0xff000000u;
            bg += near(p, background) || near(p, surface);
            if (near(p, accent)) {
                ++ac;
                accentBox |= QRect(x, y, 1, 1);
            }
            colours[p]++;
        }
    }
    const double total = double(image.width()) * image.height();
    const double bgShare = 100.0 * bg / total;
    const double acShare = 100.0 * ac / total;
    // The Scan tab: the first button of the top bar's navigation, so the accent lies in the top
    // bar and left of the other tabs (History and Settings, where a manager has them, are to its
    // right: those screens put the accent further right).
    const double tabCentre = accentBox.isValid() ? double(accentBox.center().x()) / image.width() : 1.0;
    const bool tabOnTop = accentBox.isValid() && accentBox.bottom() < image.height() / 8;
    const bool scan = bgShare >= 20.0 && acShare >= 0.2 && colours.size() >= 20 && tabOnTop && tabCentre < 0.75;
    std::printf("%s: %dx%d, background and surface %.1f%%, accent %.2f%% centred at %.2f of the width%s, %lld "
                "colours: %s\n",
        argv[1], image.width(), image.height(), bgShare, acShare, tabCentre, tabOnTop ? " in the top bar" : "",
        static_cast<long long>(colours.size()), scan ? "the scan screen" : "NOT the scan screen");
    return scan ? 0 : 1;
}
