#include "args.h"

namespace kioskctl {

std::optional<QString> parseArgs(const QList<QByteArray> &argv, const OptionSpec &spec, ParsedArgs *out)
{
    bool optionsEnded = false;
    for (qsizetype i = 0; i < argv.size(); ++i) {
        const QByteArray &raw = argv.at(i);
        if (optionsEnded || !raw.startsWith("--") || raw == "-") {
            out->rawPositionals.append(raw);
            out->positionals.append(QString::fromLocal8Bit(raw));
            continue;
        }
        if (raw == "--") {
            optionsEnded = true;
            continue;
        }
        const QString arg = QString::fromLocal8Bit(raw);
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        const QString name = eq < 0 ? arg : arg.left(eq);
        if (spec.flags.contains(name)) {
            if (eq >= 0)
                return QStringLiteral("option %1 takes no value").arg(name);
            out->flags.insert(name);
        } else if (spec.valued.contains(name)) {
            QString value;
            if (eq >= 0) {
                value = arg.mid(eq + 1);
            } else if (i + 1 < argv.size()) {
                value = QString::fromLocal8Bit(argv.at(++i));
            } else {
                return QStringLiteral("option %1 needs a value").arg(name);
            }
            if (out->values.contains(name))
                return QStringLiteral("option %1 given twice").arg(name);
            out->values.insert(name, value);
        } else {
            return QStringLiteral("unknown option %1").arg(name);
        }
    }
    return std::nullopt;
}

} // namespace kioskctl
