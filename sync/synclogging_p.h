#pragma once
// Logging category of sync. Never log an access or refresh token.

#include <QLoggingCategory>

namespace kiosk::sync {
Q_DECLARE_LOGGING_CATEGORY(lcSync)
} // namespace kiosk::sync
