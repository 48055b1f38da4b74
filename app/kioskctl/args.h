#pragma once
// kioskctl's argument parser: options may come before or after the command, as `--opt value`
// or `--opt=value`; `--` ends options; a lone `-` is a positional (stdin). Every option a
// command does not accept is a usage error naming the command.

#include <QHash>
#include <QSet>
#include <QStringList>

#include <optional>

namespace kioskctl {

struct OptionSpec
{
    QSet<QString> valued; // e.g. "--db"
    QSet<QString> flags; // e.g. "--json"
};

struct ParsedArgs
{
    QHash<QString, QString> values;
    QSet<QString> flags;
    QStringList positionals; // raw bytes preserved through QString::fromLocal8Bit round trip
    QList<QByteArray> rawPositionals;

    bool has(const QString &flag) const { return flags.contains(flag) || values.contains(flag); }
    std::optional<QString> value(const QString &name) const
    {
        auto it = values.constFind(name);
        return it == values.constEnd() ? std::nullopt : std::optional<QString>(*it);
    }
};

// Returns an error message, or nullopt on success.
std::optional<QString> parseArgs(const QList<QByteArray> &argv, const OptionSpec &spec, ParsedArgs *out);

} // namespace kioskctl
