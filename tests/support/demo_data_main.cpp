// club-demo-data: writes the demo venue's change feed and the codes that show every kind of
// verdict (app/demo/demovenue.h), for scripts/demo.sh's kioskctl part.
//
//   club-demo-data OUTDIR   → OUTDIR/feed.json, OUTDIR/codes.tsv (label TAB expected TAB text)

#include "demovenue.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() != 2) {
        std::fprintf(stderr, "usage: club-demo-data OUTDIR\n");
        return 2;
    }
    const QDir out(app.arguments().at(1));
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "club-demo-data: cannot create %s\n", qPrintable(out.path()));
        return 2;
    }
    const kiosk::demo::DemoVenue demo = kiosk::demo::makeDemoVenue(QDateTime::currentSecsSinceEpoch());
    QFile feedFile(out.filePath(QStringLiteral("feed.json")));
    QFile codesFile(out.filePath(QStringLiteral("codes.tsv")));
    if (!feedFile.open(QIODevice::WriteOnly) || !codesFile.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "club-demo-data: cannot write to %s\n", qPrintable(out.path()));
        return 2;
    }
    feedFile.write(demo.feed);
    for (const auto &c : demo.codes)
        codesFile.write(c.label.toUtf8() + '\t' + c.expected.toUtf8() + '\t' + c.text + '\n');
    return 0;
}
