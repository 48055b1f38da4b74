#include "commands.h"
#include "logformat.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char **argv)
{
    kiosk::installLogFormat(); // under systemd: priorities and categories for the journal
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kioskctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KIOSK_VERSION));
    // kioskctl prints its own results; the library's informational logs would only be noise
    // (QT_LOGGING_RULES still turns them on for support).
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("kiosk.*.info=false"));
    // argv as raw bytes: a scanned text may hold any byte and must reach the verifier unchanged.
    QList<QByteArray> args;
    for (int i = 1; i < argc; ++i)
        args.append(QByteArray(argv[i]));
    return kioskctl::run(args);
}
