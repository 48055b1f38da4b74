#pragma once
// Private to kioskctl: the parsed invocation and the output helpers every command uses.

#include "args.h"
#include "commands.h"

#include "clock.h"
#include "config.h"

#include <QJsonObject>

#include <optional>

namespace kioskctl {

struct Context
{
    ParsedArgs args;
    QString command;
    bool json = false;
    kiosk::KioskConfig config;
    QString configPath; // the file read (empty: none, defaults)
    QString dbPath;
    std::optional<kiosk::ManualClock> fixedClock;

    const kiosk::Clock &clock() const
    {
        return fixedClock ? static_cast<const kiosk::Clock &>(*fixedClock) : kiosk::SystemClock::instance();
    }
};

void writeOut(const QByteArray &bytes);
void writeOut(const QString &text);
void writeJson(const QJsonObject &o);
// Prints "kioskctl: MESSAGE" on stderr and returns `code`.
int fail(const QString &message, int code = ExitError);
int usageError(const QString &message);

// Cloud commands (synccommands.cpp).
int cmdPair(Context &ctx);
int cmdSync(Context &ctx);
// Scanner commands (decodecommand.cpp).
int cmdDecode(Context &ctx);

} // namespace kioskctl
