#pragma once
// Logging categories of core. Never log a full token, PIN or refresh token.

#include <QLoggingCategory>

namespace kiosk {
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcVerifier)
Q_DECLARE_LOGGING_CATEGORY(lcIngest)
} // namespace kiosk
