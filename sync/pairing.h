#pragma once
// What a successful pairing does to the local database, shared by `kioskctl pair` and the
// kiosk's settings screen: a missing database is created for the cloud's venue, an empty one
// takes the cloud's venue, one holding another venue's data is refused; then the device id,
// server and credentials are saved in one transaction.
#include "cloudclient.h"
#include "result.h"

#include <memory>

namespace kiosk {
class Clock;
class Store;
} // namespace kiosk

namespace kiosk::sync {

// Binds an open store to the cloud (venue check, then device id, server and credentials).
Status bindToCloud(Store &store, const QUrl &url, const PairResult &result);

// `store` may be null (no database at `dbPath` yet). Returns the store bound to the cloud.
Result<std::unique_ptr<Store>> adoptPairing(
    std::unique_ptr<Store> store, const QString &dbPath, const QUrl &url, const PairResult &result, const Clock &clock);

} // namespace kiosk::sync
