// kioskctl decode: the scanner's cascade on still images, every step, every code.

#include "cli_p.h"

#include "decodecascade.h"
#include "stillimage.h"

#include <QJsonArray>

using namespace kiosk::scanner;

namespace kioskctl {

int cmdDecode(Context &ctx)
{
    if (ctx.args.positionals.isEmpty())
        return usageError(QStringLiteral("decode needs at least one IMAGE"));
    const DecodeCascade cascade;
    QJsonArray results;
    bool anyUnreadable = false;
    bool anyEmpty = false;
    for (const QString &file : ctx.args.positionals) {
        QString error;
        const auto image = loadLumaImage(file, &error);
        if (!image) {
            anyUnreadable = true;
            if (ctx.json)
                results.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("error"), error}});
            else
                writeOut(QStringLiteral("%1: cannot read: %2\n").arg(file, error));
            continue;
        }
        const DecodeResult r = cascade.decodeAll(image->view());
        anyEmpty = anyEmpty || r.codes.isEmpty();
        if (ctx.json) {
            QJsonArray codes;
            for (const auto &c : r.codes)
                codes.append(QString::fromUtf8(c.text));
            results.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("codes"), codes},
                {QStringLiteral("ms"), qRound(r.ms * 10) / 10.0}, {QStringLiteral("step"), decodeStepName(r.step)}});
        } else {
            writeOut(
                QStringLiteral("%1: %2 code(s) in %3 ms%4\n")
                    .arg(file)
                    .arg(r.codes.size())
                    .arg(r.ms, 0, 'f', 1)
                    .arg(r.codes.isEmpty() ? QString()
                                           : QStringLiteral(" (read by the %1 step)").arg(decodeStepName(r.step))));
            for (const auto &c : r.codes)
                writeOut(QStringLiteral("  %1\n").arg(QString::fromUtf8(c.text)));
        }
    }
    if (ctx.json)
        writeJson(QJsonObject{{QStringLiteral("results"), results}});
    if (anyUnreadable)
        return ExitError;
    return anyEmpty ? ExitRejected : ExitOk;
}

} // namespace kioskctl
