// qrframe: writes a camera frame of a phone showing TEXT as a QR code, for the package test to
// feed the installed kiosk's setup screen (club-kiosk --frames FOLDER).
//
//   qrframe TEXT FILE.png
#include "hardframes.h"

#include <QByteArray>
#include <QString>

#include <cstdio>

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: qrframe TEXT FILE.png\n");
        return 2;
    }
    if (!kiosk::test::writeFrame(kiosk::test::frameShowing(QByteArray(argv[1])), QString::fromLocal8Bit(argv[2]))) {
        std::fprintf(stderr, "qrframe: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
