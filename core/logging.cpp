#include "logging_p.h"

namespace kiosk {
Q_LOGGING_CATEGORY(lcStore, "kiosk.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcVerifier, "kiosk.verifier", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIngest, "kiosk.ingest", QtInfoMsg)
} // namespace kiosk
