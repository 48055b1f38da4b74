#pragma once
// Private to kioskctl: the parsed invocation and the output helpers every command uses.

#include "args.h"
#include "commands.h"

#include "clock.h"
#include "config.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace kiosk {
class Store;
namespace sync {
class PeerNetwork;
struct PeerOptions;
} // namespace sync
} // namespace kiosk

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
// The venue's other kiosks (peercommands.cpp).
int cmdPeers(Context &ctx);
// What the configuration and the flags say about peers for this command; nullopt when they are
// off (or on a bad flag: then `error` says which).
std::optional<kiosk::sync::PeerOptions> peerOptions(Context &ctx, bool listen, QString *error);
// For `redeem`: the peers to consult, linked (or given up on) within --peer-wait; null when
// there are none or peers are off.
std::unique_ptr<kiosk::sync::PeerNetwork> startRedeemPeers(Context &ctx, kiosk::Store &store);

} // namespace kioskctl
