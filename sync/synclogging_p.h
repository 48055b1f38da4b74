#pragma once
// Logging categories of sync (the cloud) and peers (the LAN). Never log an access or refresh token.

#include <QLoggingCategory>

namespace kiosk::sync {
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcPeers)
} // namespace kiosk::sync
