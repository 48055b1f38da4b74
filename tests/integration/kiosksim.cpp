#include "kiosksim.h"

#include "outbox.h"

#include <QEventLoop>
#include <QTimer>

namespace kiosk::test {

using namespace kiosk::sync;

SyncOptions fastOptions()
{
    SyncOptions o;
    o.pollIntervalMs = 300;
    o.backoffBaseMs = 20;
    o.backoffCapMs = 300;
    o.idlePushCheckMs = 50;
    o.client.requestTimeoutMs = 5000;
    return o;
}

bool KioskSim::setUp(ReferenceCloud &cloud, const QString &venue, const SyncOptions &options, const Clock &clock)
{
    dbPath = dir.filePath(QStringLiteral("kiosk.db"));
    auto created = Store::create(dbPath, venue, QString(), clock);
    if (!created) {
        error = created.error().message;
        return false;
    }
    store = std::move(*created);
    CloudClient client(cloud.url(), options.client);
    std::optional<PairResult> paired;
    std::optional<ApiError> failure;
    QEventLoop loop;
    client.pair(cloud.pairingCode(venue), QStringLiteral("test kiosk"), [&](auto r, auto e) {
        paired = r;
        failure = e;
        loop.quit();
    });
    loop.exec();
    if (!paired) {
        error = failure ? failure->describe() : QStringLiteral("no pairing answer");
        return false;
    }
    deviceId = paired->deviceId;
    if (auto st = store->setMetas({{MetaKey::DeviceId, paired->deviceId}, {SyncMeta::ServerUrl, cloud.url().toString()},
            {SyncMeta::AccessToken, paired->credentials.accessToken},
            {SyncMeta::RefreshToken, paired->credentials.refreshToken}});
        !st) {
        error = st.error().message;
        return false;
    }
    engine = std::make_unique<SyncEngine>(dbPath, clock, options);
    if (auto st = engine->open(); !st) {
        error = st.error().message;
        return false;
    }
    return true;
}

bool KioskSim::syncOnce(int timeoutMs)
{
    std::optional<std::optional<ApiError>> result;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    engine->runOnce([&](std::optional<ApiError> e) {
        result = e;
        loop.quit();
    });
    loop.exec();
    if (!result) {
        error = QStringLiteral("sync did not finish within %1 ms").arg(timeoutMs);
        return false;
    }
    if (*result) {
        error = (*result)->describe();
        return false;
    }
    return true;
}

Reason KioskSim::redeem(const QByteArray &text, const Clock &clock, const QString &staff)
{
    auto out = Redeemer(*store, clock).redeem(text, staff, QStringLiteral("test"));
    if (!out)
        qFatal("redeem failed: %s", qPrintable(out.error().message));
    if (engine)
        engine->nudgePush();
    return out->verdict.reason;
}

qint64 KioskSim::pending()
{
    return store->counts().value().outboxPending;
}

} // namespace kiosk::test
