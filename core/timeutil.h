#pragma once
// RFC 3339 timestamps as the cloud sends them, parsed strictly and quickly (the change feed
// carries two per order), and formatted back as UTC with millisecond precision.

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace kiosk {

// "2026-11-22T21:04:05Z", "2026-11-22T21:04:05.123+01:00" → ms since epoch (UTC).
std::optional<qint64> parseRfc3339Ms(QByteArrayView text);
// Always UTC, "2026-11-22T21:04:05.123Z" (milliseconds only when non-zero).
QString formatRfc3339Ms(qint64 msSinceEpoch);

} // namespace kiosk
