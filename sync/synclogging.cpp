#include "synclogging_p.h"

namespace kiosk::sync {
Q_LOGGING_CATEGORY(lcSync, "kiosk.sync", QtInfoMsg)
} // namespace kiosk::sync
