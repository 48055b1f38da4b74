#include "logformat.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

namespace kiosk {

namespace {

int priority(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 7;
    case QtInfoMsg:
        return 6;
    case QtWarningMsg:
        return 4;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 2;
    }
    return 6;
}

void journalHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray prefix = '<' + QByteArray::number(priority(type)) + '>'
        + (context.category && std::strcmp(context.category, "default") != 0 ? QByteArray(context.category) + ": "
                                                                             : QByteArray());
    // One journal entry per line: a message with line breaks keeps its priority on each.
    QByteArray out;
    for (const QByteArray &line : message.toUtf8().split('\n'))
        out += prefix + line + '\n';
    std::fwrite(out.constData(), 1, static_cast<size_t>(out.size()), stderr);
    std::fflush(stderr);
    if (type == QtFatalMsg)
        std::abort();
}

// systemd sets JOURNAL_STREAM to "device:inode" of the stream it connected; it only counts when
// stderr is still that stream (not redirected by a script in between).
bool stderrIsJournal()
{
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    const qsizetype colon = stream.indexOf(':');
    if (colon <= 0)
        return false;
    struct stat st = {};
    if (::fstat(2, &st) != 0)
        return false;
    bool devOk = false;
    bool inoOk = false;
    const qulonglong dev = stream.left(colon).toULongLong(&devOk);
    const qulonglong ino = stream.mid(colon + 1).toULongLong(&inoOk);
    return devOk && inoOk && dev == static_cast<qulonglong>(st.st_dev) && ino == static_cast<qulonglong>(st.st_ino);
}

} // namespace

bool installLogFormat()
{
    if (!stderrIsJournal())
        return false;
    qInstallMessageHandler(journalHandler);
    return true;
}

} // namespace kiosk
