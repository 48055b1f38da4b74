#pragma once
// Log lines for the journal. Under systemd (stderr connected to the journal, as
// $JOURNAL_STREAM says), each line starts with its syslog priority (<3> error, <4> warning,
// <6> info, <7> debug) so `journalctl -p warning` filters them, followed by the module's
// category (kiosk.store, kiosk.sync, ...). Elsewhere Qt's own format stays.
namespace kiosk {

// Installs the journal format when stderr is the journal; returns whether it did.
bool installLogFormat();

} // namespace kiosk
