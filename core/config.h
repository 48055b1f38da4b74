#pragma once
// The kiosk's configuration file (INI), shared by club-kiosk and kioskctl. Unknown keys and
// bad values are errors, so a typo never silently falls back to a default.

#include "result.h"

#include <QString>

namespace kiosk {

struct KioskConfig
{
    QString databasePath;
    int clockSkewSeconds = 120;
    // How long a redeem waits for the cloud's confirmation when online (0 disables waiting).
    int confirmTimeoutMs = 1500;

    // $CLUB_KIOSK_CONFIG, else ~/.config/club-kiosk/kiosk.conf (which may not exist).
    static QString defaultConfigPath();
    // ~/.local/share/club-kiosk/kiosk.db
    static QString defaultDatabasePath();
    // Loads `path`; a missing file at the default location yields the defaults, a missing
    // file that was asked for explicitly is an error.
    static Result<KioskConfig> load(const QString &path, bool explicitlyRequested);
};

} // namespace kiosk
