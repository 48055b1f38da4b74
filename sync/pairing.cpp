#include "pairing.h"
#include "devicekey.h"
#include "store.h"
#include "syncengine.h"

#include <QDateTime>

namespace kiosk::sync {

Status bindToCloud(Store &store, const QUrl &url, const PairResult &result)
{
    auto venue = store.venueId();
    if (!venue)
        return venue.error();
    auto counts = store.counts();
    if (!counts)
        return counts.error();
    if (*venue != result.venueId) {
        if (counts->ledgerRows > 0 || counts->orders > 0)
            return makeError(ErrorCode::InvalidArgument,
                QStringLiteral("this database belongs to venue %1 and holds its data; the pairing code is for "
                               "venue %2. Use another database (the code has been used)")
                    .arg(*venue, result.venueId));
        // A fresh, empty database (`init` then `pair`) takes the cloud's venue.
        if (auto st = store.setMetas({{MetaKey::VenueId, result.venueId}, {MetaKey::VenueName, result.venueName},
                {MetaKey::FeedCursor, QString()}});
            !st)
            return st.error();
    }
    // Earlier local redemptions keep their idempotency keys (made with the local device id).
    QList<std::pair<const char *, QString>> metas{{MetaKey::DeviceId, result.deviceId},
        {SyncMeta::ServerUrl, url.toString()}, {SyncMeta::AccessToken, result.credentials.accessToken},
        {SyncMeta::RefreshToken, result.credentials.refreshToken}, {SyncMeta::NeedsPairing, QStringLiteral("0")},
        {SyncMeta::ReportedVersion, QString()}, // a new pairing: the cloud learns everything afresh
        {SyncMeta::ReportedDevice, QString()}};
    // A feed cursor means something only to the server that issued it: pairing with another
    // server (or a database that never synced with this one) starts from a full snapshot.
    if (store.meta(SyncMeta::ServerUrl).value_or(QString()) != url.toString())
        metas.append({MetaKey::FeedCursor, QString()});
    if (auto st = store.setMetas(metas); !st)
        return st;
    // The new device id's own key, made now: its public half goes to the cloud with the next sync.
    if (auto key = ensureDeviceKey(store, result.deviceId, QDateTime::currentMSecsSinceEpoch()); !key)
        return key.error();
    return {};
}

Result<std::unique_ptr<Store>> adoptPairing(
    std::unique_ptr<Store> store, const QString &dbPath, const QUrl &url, const PairResult &result, const Clock &clock)
{
    if (!store) {
        auto created = Store::create(dbPath, result.venueId, result.venueName, clock);
        if (!created)
            return created.error();
        store = std::move(*created);
    }
    if (auto st = bindToCloud(*store, url, result); !st)
        return st.error();
    return store;
}

} // namespace kiosk::sync
