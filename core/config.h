#pragma once
// The kiosk's configuration file (INI), shared by club-kiosk and kioskctl. Unknown keys and
// bad values are errors, so a typo never silently falls back to a default.

#include "result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace kiosk {

struct KioskConfig
{
    QString databasePath;
    int clockSkewSeconds = 120;
    // How long a redeem waits for the cloud's confirmation when online (0 disables waiting).
    int confirmTimeoutMs = 1500;
    // The camera (a device id or /dev/videoN; empty: the default camera).
    QString camera;
    // The screens' language, "en" or "de" (empty: the one chosen in Settings, else English).
    QString language;
    // How often the kiosk asks the cloud for changes.
    int pollSeconds = 15;
    // Confirm mode for a kiosk that never had it set in Settings: an OK waits for "Pour".
    std::optional<bool> confirmMode;
    // When a bar shift starts, "HH:mm": History's "this shift" runs from the last one, until a
    // manager sets it in Settings.
    QString shiftStart = QStringLiteral("16:00");
    // club-kiosk ends itself (exit 70) when its screen stops responding this long (0: off).
    int watchdogSeconds = 0;

    // [peers]: the venue's other kiosks on the LAN.
    bool peersEnabled = true;
    QString peerListen; // the address to listen on (empty: every address)
    int peerPort = 47800; // 0: do not listen (this kiosk only dials)
    QStringList staticPeers; // host:port, besides the roster's addresses
    bool peersFromRoster = true; // dial the addresses the cloud's device list carries
    bool peersDnsSd = true; // publish and browse _clubkiosk._tcp through Avahi, where it runs
    int peerWindowMs = 150; // how long a pour waits for the linked peers' answers
    // Strict: no pour while a bar of the roster is unreachable (a refusal is still a refusal).
    bool peersStrict = false;

    // $CLUB_KIOSK_CONFIG; else ~/.config/club-kiosk/kiosk.conf when it exists; else the installed
    // package's /etc/club-kiosk/club-kiosk.conf when it exists; else the first (may not exist).
    static QString defaultConfigPath();
    // ~/.local/share/club-kiosk/kiosk.db
    static QString defaultDatabasePath();
    // Loads `path`; a missing file at the default location yields the defaults, a missing
    // file that was asked for explicitly is an error.
    static Result<KioskConfig> load(const QString &path, bool explicitlyRequested);
};

} // namespace kiosk
