#pragma once
// A kiosk under test: its own database, paired with a reference cloud over real HTTP, a sync
// engine, and a redeemer on a second connection (as the UI has).

#include "referencecloud.h"
#include "syncengine.h"

#include "clock.h"
#include "redeemer.h"
#include "store.h"

#include <QTemporaryDir>

#include <memory>

namespace kiosk::test {

struct KioskSim
{
    QTemporaryDir dir;
    QString dbPath;
    QString deviceId;
    std::unique_ptr<Store> store; // the "UI" connection
    std::unique_ptr<kiosk::sync::SyncEngine> engine;
    QString error;

    // Pairs with `cloud` using a fresh pairing code for `venue`, opens the engine.
    bool setUp(
        ReferenceCloud &cloud, const QString &venue, const kiosk::sync::SyncOptions &options, const Clock &clock);
    // Waits for one complete pull + push; false (with `error`) on failure or timeout.
    bool syncOnce(int timeoutMs = 30000);
    // Redeems locally, as the bartender's screen would; returns the verdict reason.
    Reason redeem(const QByteArray &text, const Clock &clock, const QString &staff = QString());
    qint64 pending();
};

kiosk::sync::SyncOptions fastOptions();

} // namespace kiosk::test
