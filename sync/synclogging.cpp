#include "synclogging_p.h"

namespace kiosk::sync {
Q_LOGGING_CATEGORY(lcSync, "kiosk.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPeers, "kiosk.peers", QtInfoMsg)
} // namespace kiosk::sync
