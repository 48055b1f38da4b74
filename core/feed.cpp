#include "feed.h"

#include "base64url.h"
#include "clock.h"
#include "jsonfields_p.h"
#include "ledger.h"
#include "logging_p.h"
#include "sqlite_p.h"
#include "store.h"
#include "timeutil.h"
#include "token.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kiosk {

namespace {

bool parseOrder(JsonFieldReader &r, const QJsonObject &, OrderRecord *o)
{
    // The status is kept whatever it is (the verifier refuses statuses it does not know).
    if (!r.id("id", &o->id) || !r.optionalId("jti", &o->jti) || !r.optionalId("qrCode", &o->qrCode)
        || !r.id("status", &o->status) || !r.text("recipient", &o->recipient) || !r.optionalPhone4("ph4", &o->phone4)
        || !r.drinks("drinks", &o->drinks, kMaxOrderDrinks) || !r.integer("amount", &o->amount)
        || !r.currency("currency", &o->currency) || !r.timestamp("expiresAt", &o->expiresAtMs, false)
        || !r.timestamp("updatedAt", &o->updatedAtMs, false))
        return false;
    if (!o->qrCode.isEmpty() && !isLegacyCode(o->qrCode.toLatin1()))
        return r.fail(QStringLiteral("field 'qrCode' must be 4 to 128 of A-Z a-z 0-9 _ -"));
    return true;
}

bool parseRedemption(JsonFieldReader &r, const QJsonObject &, FeedRedemption *d)
{
    std::optional<qint64> at;
    if (!r.id("id", &d->id) || !r.id("orderId", &d->orderId) || !r.optionalId("jti", &d->jti)
        || !r.id("deviceId", &d->deviceId) || !r.optionalId("staffId", &d->staffId)
        || !r.timestamp("redeemedAt", &at, true) || !r.boolean("voided", &d->voided, false))
        return false;
    d->redeemedAtMs = *at;
    return true;
}

// An Ed25519 public key as a JWK: {"kty":"OKP","crv":"Ed25519","x":…}, never with a private part.
bool readEd25519(JsonFieldReader &r, const QJsonObject &o, QByteArray *publicKey)
{
    QString kty, crv, x;
    if (!r.id("kty", &kty) || !r.id("crv", &crv) || !r.id("x", &x))
        return false;
    if (kty != QLatin1String("OKP") || crv != QLatin1String("Ed25519"))
        return r.fail(QStringLiteral("only OKP/Ed25519 keys are accepted (got %1/%2)").arg(kty, crv));
    if (o.contains(QLatin1String("d")))
        return r.fail(QStringLiteral("the key carries a private part ('d'); the kiosk accepts public keys only"));
    const auto raw = base64UrlDecodeStrict(x.toLatin1());
    if (!raw || raw->size() != 32)
        return r.fail(QStringLiteral("field 'x' must be 32 bytes of strict base64url"));
    *publicKey = *raw;
    return true;
}

bool parseKey(JsonFieldReader &r, const QJsonObject &o, KeyRecord *k)
{
    return r.id("kid", &k->kid) && readEd25519(r, o, &k->publicKey) && r.timestamp("notBefore", &k->notBeforeMs, false)
        && r.timestamp("notAfter", &k->notAfterMs, false) && r.boolean("revoked", &k->revoked, false);
}

bool parseStaff(JsonFieldReader &r, const QJsonObject &o, StaffRecord *s)
{
    if (!r.id("id", &s->id) || !r.text("name", &s->name) || !r.id("role", &s->role)
        || !r.boolean("active", &s->active, true))
        return false;
    if (s->role != QLatin1String("bartender") && s->role != QLatin1String("manager"))
        return r.fail(QStringLiteral("field 'role' must be bartender or manager"));
    const QJsonValue pin = o.value(QLatin1String("pin"));
    // Staff without a PIN (managed in the cloud only) are kept but cannot sign in here; a
    // PIN that was removed must stop working, so the old hash is overwritten with nothing.
    if (pin.isUndefined() || pin.isNull())
        return true;
    if (!pin.isObject())
        return r.fail(QStringLiteral("field 'pin' must be an object"));
    const QJsonObject pinObject = pin.toObject();
    JsonFieldReader p(pinObject, "pin field");
    if (!p.id("alg", &s->pinAlg) || !p.integer("iter", &s->pinIterations, 1) || !p.id("salt", &s->pinSalt)
        || !p.id("hash", &s->pinHash))
        return r.fail(p.why);
    if (s->pinAlg != QLatin1String("pbkdf2-sha256"))
        return r.fail(QStringLiteral("pin 'alg' must be pbkdf2-sha256"));
    return true;
}

bool parseRevocation(JsonFieldReader &r, const QJsonObject &, FeedRevocation *v)
{
    return r.id("jti", &v->jti) && r.text("reason", &v->reason);
}

bool parseDevice(JsonFieldReader &r, const QJsonObject &o, DeviceRecord *d)
{
    if (!r.id("id", &d->id) || !r.text("name", &d->name) || !r.boolean("active", &d->active, true))
        return false;
    const QJsonValue key = o.value(QLatin1String("key"));
    if (!key.isUndefined() && !key.isNull()) {
        if (!key.isObject())
            return r.fail(QStringLiteral("field 'key' must be an object"));
        const QJsonObject keyObject = key.toObject();
        JsonFieldReader k(keyObject, "key field");
        if (!readEd25519(k, keyObject, &d->publicKey))
            return r.fail(k.why);
    }
    const QJsonValue lan = o.value(QLatin1String("lan"));
    if (lan.isUndefined() || lan.isNull())
        return true;
    if (!lan.isArray() || lan.toArray().size() > 16)
        return r.fail(QStringLiteral("field 'lan' must be an array of at most 16 host:port strings"));
    for (const auto &a : lan.toArray()) {
        const QString address = a.toString();
        if (!a.isString() || address.isEmpty() || address.size() > kMaxIdChars || hasControlChars(address))
            return r.fail(QStringLiteral("field 'lan' must hold host:port strings"));
        d->lan.append(address);
    }
    return true;
}

QString describe(const FeedChange &c)
{
    return std::visit(
        [](const auto &e) -> QString {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, OrderRecord>)
                return QStringLiteral("order '%1'").arg(e.id);
            else if constexpr (std::is_same_v<T, FeedRedemption>)
                return QStringLiteral("redemption '%1'").arg(e.id);
            else if constexpr (std::is_same_v<T, KeyRecord>)
                return QStringLiteral("key '%1'").arg(e.kid);
            else if constexpr (std::is_same_v<T, StaffRecord>)
                return QStringLiteral("staff '%1'").arg(e.id);
            else if constexpr (std::is_same_v<T, DeviceRecord>)
                return QStringLiteral("device '%1'").arg(e.id);
            else
                return QStringLiteral("revocation '%1'").arg(e.jti);
        },
        c);
}

QString typeOf(const FeedChange &c)
{
    static const char *const names[] = {"order", "redemption", "key", "staff", "revocation", "device"};
    return QString::fromLatin1(names[c.index()]);
}

QString entityIdOf(const FeedChange &c)
{
    return std::visit(
        [](const auto &e) -> QString {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, KeyRecord>)
                return e.kid;
            else if constexpr (std::is_same_v<T, FeedRevocation>)
                return e.jti;
            else
                return e.id;
        },
        c);
}

Error invalid(QString message)
{
    return makeError(ErrorCode::InvalidArgument, std::move(message));
}

// The entry as compact JSON for the quarantine, bounded so that a hostile page cannot fill
// the disk through it.
QByteArray rawEntry(const QJsonValue &value)
{
    QByteArray raw = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    raw = raw.mid(1, raw.size() - 2);
    if (raw.size() > kMaxQuarantinedBytes)
        raw = raw.left(kMaxQuarantinedBytes) + "…(cut)";
    return raw;
}

QString printableId(const QString &id)
{
    return id.isEmpty() || hasControlChars(id) || id.size() > kMaxIdChars ? QString() : id;
}

// One {"type": …, "data": {…}} entry; on failure, what to quarantine.
std::variant<FeedChange, QuarantinedEntry> parseEntry(const QJsonValue &value)
{
    const QJsonObject entry = value.toObject();
    const QString type = entry.value(QLatin1String("type")).toString();
    const QJsonValue dataValue = entry.value(QLatin1String("data"));
    const QJsonObject data = dataValue.toObject();
    QuarantinedEntry q;
    q.type = printableId(type).isEmpty() ? QStringLiteral("?") : type;
    q.entityId = printableId(data.value(type == QLatin1String("key")           ? QLatin1String("kid")
                                         : type == QLatin1String("revocation") ? QLatin1String("jti")
                                                                               : QLatin1String("id"))
                                 .toString());
    if (!value.isObject() || !dataValue.isObject()) {
        q.reason = QStringLiteral("each change must be {\"type\": …, \"data\": {…}}");
        q.raw = rawEntry(value);
        return q;
    }
    JsonFieldReader r(data, "field");
    bool ok = false;
    FeedChange change;
    auto parse = [&](auto record, auto parser) {
        ok = parser(r, data, &record);
        change = std::move(record);
    };
    if (type == QLatin1String("order"))
        parse(OrderRecord{}, parseOrder);
    else if (type == QLatin1String("redemption"))
        parse(FeedRedemption{}, parseRedemption);
    else if (type == QLatin1String("key"))
        parse(KeyRecord{}, parseKey);
    else if (type == QLatin1String("staff"))
        parse(StaffRecord{}, parseStaff);
    else if (type == QLatin1String("revocation"))
        parse(FeedRevocation{}, parseRevocation);
    else if (type == QLatin1String("device"))
        parse(DeviceRecord{}, parseDevice);
    else
        r.why = QStringLiteral("unknown change type (this kiosk knows order, redemption, key, staff, revocation "
                               "and device)");
    if (ok)
        return change;
    q.reason = r.why;
    q.raw = rawEntry(value);
    return q;
}

bool validCursor(const QJsonValue &v)
{
    if (!v.isString())
        return false;
    const QString c = v.toString();
    return !c.isEmpty() && c.toUtf8().size() <= kMaxCursorBytes && !hasControlChars(c);
}

} // namespace

Result<FeedChange> parseFeedChange(const QJsonValue &entry)
{
    auto parsed = parseEntry(entry);
    if (auto *q = std::get_if<QuarantinedEntry>(&parsed))
        return invalid(
            QStringLiteral("change (%1%2): %3")
                .arg(q->type, q->entityId.isEmpty() ? QString() : QStringLiteral(" '%1'").arg(q->entityId), q->reason));
    return std::get<FeedChange>(std::move(parsed));
}

Result<FeedDocument> parseFeedDocument(QByteArrayView json)
{
    if (json.size() > kMaxFeedDocumentBytes)
        return invalid(
            QStringLiteral("the change-feed document is larger than %1 MiB").arg(kMaxFeedDocumentBytes >> 20));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size()), &err);
    if (err.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("the change-feed document is not valid JSON: %1 at byte %2")
                           .arg(err.errorString())
                           .arg(err.offset));
    if (!doc.isObject())
        return invalid(QStringLiteral("the change-feed document must be a JSON object"));
    const QJsonObject root = doc.object();
    FeedDocument out;
    // Without a valid cursor the page cannot be acknowledged; that alone refuses it.
    if (!validCursor(root.value(QLatin1String("cursor"))))
        return invalid(QStringLiteral("change-feed document: field 'cursor' must be a non-empty string of at most "
                                      "%1 bytes without control characters")
                           .arg(kMaxCursorBytes));
    out.cursor = root.value(QLatin1String("cursor")).toString();
    JsonFieldReader top(root, "field");
    if (!top.boolean("hasMore", &out.hasMore, false))
        return invalid(QStringLiteral("change-feed document: %1").arg(top.why));
    // A server time the kiosk cannot read only costs the clock-drift check.
    if (!top.timestamp("serverTime", &out.serverTimeMs, false))
        out.serverTimeMs.reset();
    const QJsonValue changes = root.value(QLatin1String("changes"));
    if (!changes.isArray())
        return invalid(QStringLiteral("change-feed document: field 'changes' must be an array"));
    const QJsonArray array = changes.toArray();
    out.changes.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto parsed = parseEntry(array.at(i));
        if (auto *q = std::get_if<QuarantinedEntry>(&parsed)) {
            q->reason = QStringLiteral("changes[%1] (%2%3): %4")
                            .arg(i)
                            .arg(q->type, q->entityId.isEmpty() ? QString() : QStringLiteral(" '%1'").arg(q->entityId),
                                q->reason);
            out.quarantined.append(std::move(*q));
        } else {
            out.changes.append(std::get<FeedChange>(std::move(parsed)));
            out.sources.append(array.at(i));
        }
    }
    return out;
}

FeedIngest::FeedIngest(Store &store, const Clock &clock)
    : m_store(store)
    , m_clock(clock)
{ }

namespace {

class Applier
{
public:
    Applier(Store &store, QString deviceId, qint64 now, std::optional<qint64> snapshotGen, IngestSummary &summary)
        : m_db(store.db())
        , m_ledger(store)
        , m_deviceId(std::move(deviceId))
        , m_now(now)
        , m_snapshotGen(snapshotGen)
        , m_sum(summary)
    { }

    Status operator()(const OrderRecord &in)
    {
        OrderRecord o = in;
        if (!o.qrCode.isEmpty()) {
            // A legacy code belongs to one order. A newer order that reuses it takes it (the
            // backend reissued the code); an older one is kept without it.
            auto holder = m_db.prepare("SELECT id, updated_at FROM orders WHERE qr_code = ?1 AND id <> ?2");
            if (!holder)
                return holder.error();
            holder->bind(1, o.qrCode).bind(2, o.id);
            auto row = holder->next();
            if (!row)
                return row.error();
            if (*row) {
                const QString holderId = holder->text(0);
                const auto holderUpdated = holder->optInt64(1);
                const bool newer = !o.updatedAtMs || !holderUpdated || *o.updatedAtMs >= *holderUpdated;
                if (newer) {
                    auto take = m_db.prepare("UPDATE orders SET qr_code = NULL WHERE id = ?1");
                    if (!take)
                        return take.error();
                    if (auto st = take->bind(1, holderId).exec(); !st)
                        return st;
                    m_sum.legacyCodesTaken++;
                    qCInfo(lcIngest) << "legacy code moved from order" << holderId << "to the newer order" << o.id;
                } else {
                    o.qrCode.clear();
                }
            }
        }
        auto q = m_db.prepare(
            "INSERT INTO orders (id, jti, qr_code, status, recipient, ph4, drinks, amount, currency, expires_at, "
            "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
            "ON CONFLICT (id) DO UPDATE SET jti = excluded.jti, qr_code = excluded.qr_code, status = "
            "excluded.status, "
            "recipient = excluded.recipient, ph4 = excluded.ph4, drinks = excluded.drinks, amount = "
            "excluded.amount, "
            "currency = excluded.currency, expires_at = excluded.expires_at, updated_at = excluded.updated_at "
            "WHERE excluded.updated_at IS NULL OR orders.updated_at IS NULL OR excluded.updated_at >= "
            "orders.updated_at");
        if (!q)
            return q.error();
        q->bind(1, o.id)
            .bind(2, o.jti.isEmpty() ? QString() : o.jti)
            .bind(3, o.qrCode.isEmpty() ? QString() : o.qrCode)
            .bind(4, o.status)
            .bind(5, o.recipient)
            .bind(6, o.phone4.isEmpty() ? QString() : o.phone4)
            .bindUtf8(7, drinksToJson(o.drinks))
            .bind(8, o.amount)
            .bind(9, o.currency)
            .bind(10, o.expiresAtMs)
            .bind(11, o.updatedAtMs);
        if (auto st = q->exec(); !st)
            return st;
        (m_db.changes() > 0 ? m_sum.orders : m_sum.superseded)++;
        return {};
    }

    Status operator()(const KeyRecord &k)
    {
        // A revocation is sticky: a re-delivered older entry must not un-revoke a key. A key
        // the feed lists again is trusted again (retired = 0).
        auto q = m_db.prepare(
            "INSERT INTO keys (kid, x, not_before, not_after, revoked, retired, snapshot_gen) "
            "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6) "
            "ON CONFLICT (kid) DO UPDATE SET x = excluded.x, not_before = excluded.not_before, "
            "not_after = excluded.not_after, revoked = max(keys.revoked, excluded.revoked), retired = 0, "
            "snapshot_gen = coalesce(excluded.snapshot_gen, keys.snapshot_gen)");
        if (!q)
            return q.error();
        q->bind(1, k.kid)
            .bindBlob(2, k.publicKey)
            .bind(3, k.notBeforeMs)
            .bind(4, k.notAfterMs)
            .bind(5, k.revoked)
            .bind(6, m_snapshotGen);
        if (auto st = q->exec(); !st)
            return st;
        m_sum.keys++;
        return {};
    }

    Status operator()(const StaffRecord &s)
    {
        auto q = m_db.prepare("INSERT INTO staff (id, name, role, pin_alg, pin_iter, pin_salt, pin_hash, active, "
                              "snapshot_gen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO UPDATE "
                              "SET name = excluded.name, role = excluded.role, pin_alg = excluded.pin_alg, "
                              "pin_iter = excluded.pin_iter, pin_salt = excluded.pin_salt, "
                              "pin_hash = excluded.pin_hash, active = excluded.active, "
                              "snapshot_gen = coalesce(excluded.snapshot_gen, staff.snapshot_gen)");
        if (!q)
            return q.error();
        q->bind(1, s.id)
            .bind(2, s.name)
            .bind(3, s.role)
            .bind(4, s.pinAlg.isNull() ? QStringLiteral("") : s.pinAlg)
            .bind(5, s.pinIterations)
            .bind(6, s.pinSalt.isNull() ? QStringLiteral("") : s.pinSalt)
            .bind(7, s.pinHash.isNull() ? QStringLiteral("") : s.pinHash)
            .bind(8, s.active)
            .bind(9, m_snapshotGen);
        if (auto st = q->exec(); !st)
            return st;
        m_sum.staff++;
        return {};
    }

    Status operator()(const DeviceRecord &d)
    {
        auto q = m_db.prepare("INSERT INTO devices (id, name, active, x, lan, snapshot_gen, updated_ms) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET "
                              "name = excluded.name, active = excluded.active, x = coalesce(excluded.x, devices.x), "
                              "lan = excluded.lan, snapshot_gen = coalesce(excluded.snapshot_gen, "
                              "devices.snapshot_gen), updated_ms = excluded.updated_ms");
        if (!q)
            return q.error();
        q->bind(1, d.id).bind(2, d.name).bind(3, d.active);
        if (d.publicKey.isEmpty())
            q->bindNull(4);
        else
            q->bindBlob(4, d.publicKey);
        q->bindUtf8(5, QJsonDocument(QJsonArray::fromStringList(d.lan)).toJson(QJsonDocument::Compact))
            .bind(6, m_snapshotGen)
            .bind(7, m_now);
        if (auto st = q->exec(); !st)
            return st;
        m_sum.devices++;
        return {};
    }

    Status operator()(const FeedRevocation &v)
    {
        auto q = m_db.prepare("INSERT INTO revocations (jti, reason, received_at) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (jti) DO NOTHING");
        if (!q)
            return q.error();
        if (auto st = q->bind(1, v.jti).bind(2, v.reason).bind(3, m_now).exec(); !st)
            return st;
        (m_db.changes() > 0 ? m_sum.revocations : m_sum.unchanged)++;
        return {};
    }

    Status operator()(const FeedRedemption &d)
    {
        auto target = findRedemption(d);
        if (!target)
            return target.error();
        bool appended = false;
        if (!*target) {
            LedgerEntry e;
            e.remoteId = d.id;
            e.orderId = d.orderId;
            e.jti = d.jti;
            e.deviceId = d.deviceId;
            e.staffId = d.staffId;
            e.atMs = d.redeemedAtMs;
            auto row = m_ledger.appendForeignRedemption(e, m_now);
            if (!row)
                return row.error();
            *target = row->seq;
            appended = true;
            m_sum.redemptions++;
        }
        if (d.voided) {
            auto existing = m_ledger.voidOf(**target);
            if (!existing)
                return existing.error();
            if (!*existing) {
                auto v = m_ledger.appendVoid(**target, LedgerOrigin::Foreign, QStringLiteral("foreign-void:") + d.id,
                    d.deviceId, QString(), QStringLiteral("voided in the cloud"), d.redeemedAtMs, m_now);
                if (!v)
                    return v.error();
                appended = true;
                m_sum.redemptions++;
            }
        }
        if (!appended)
            m_sum.unchanged++;
        return {};
    }

private:
    // The ledger row this feed redemption already corresponds to, if any: a foreign row with
    // its id, or (for our own redemptions echoed back) the local row it was uploaded as.
    Result<std::optional<qint64>> findRedemption(const FeedRedemption &d)
    {
        auto byRemote = m_db.prepare("SELECT seq FROM ledger WHERE origin = 'foreign' AND entry = 'redeem' "
                                     "AND remote_id = ?1 UNION ALL SELECT seq FROM outbox WHERE remote_id = ?1 "
                                     "LIMIT 1");
        if (!byRemote)
            return byRemote.error();
        byRemote->bind(1, d.id);
        auto row = byRemote->next();
        if (!row)
            return row.error();
        if (*row)
            return std::optional<qint64>(byRemote->int64(0));
        if (d.deviceId != m_deviceId) {
            // A redemption a peer told us about over the LAN, now from the cloud: the same
            // device, order and time. One redemption, one row (the ledger keeps the peer's).
            auto byPeer = m_db.prepare("SELECT seq FROM ledger WHERE origin = 'foreign' AND entry = 'redeem' "
                                       "AND remote_id IS NULL AND device_id = ?1 AND order_id = ?2 AND at_ms = ?3 "
                                       "LIMIT 1");
            if (!byPeer)
                return byPeer.error();
            byPeer->bind(1, d.deviceId).bind(2, d.orderId).bind(3, d.redeemedAtMs);
            auto peerRow = byPeer->next();
            if (!peerRow)
                return peerRow.error();
            if (*peerRow)
                return std::optional<qint64>(byPeer->int64(0));
            return std::optional<qint64>();
        }
        std::optional<qint64> seq;
        {
            auto own = m_db.prepare("SELECT seq FROM ledger WHERE origin = 'local' AND entry = 'redeem' "
                                    "AND order_id = ?1 ORDER BY seq DESC LIMIT 1");
            if (!own)
                return own.error();
            own->bind(1, d.orderId);
            auto ownRow = own->next();
            if (!ownRow)
                return ownRow.error();
            if (*ownRow)
                seq = own->int64(0);
        }
        if (!seq)
            return seq;
        auto link = m_db.prepare("UPDATE outbox SET remote_id = ?2 WHERE seq = ?1 AND remote_id IS NULL");
        if (!link)
            return link.error();
        if (auto st = link->bind(1, *seq).bind(2, d.id).exec(); !st)
            return st.error();
        return seq;
    }

    SqliteDb &m_db;
    Ledger m_ledger;
    QString m_deviceId;
    qint64 m_now;
    std::optional<qint64> m_snapshotGen;
    IngestSummary &m_sum;
};

Status quarantineEntry(SqliteDb &db, const QuarantinedEntry &q, qint64 now)
{
    auto ins = db.prepare("INSERT INTO quarantine (received_ms, type, entity_id, reason, raw) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!ins)
        return ins.error();
    qCWarning(lcIngest).noquote() << "feed entry set aside:" << q.type << q.entityId << "-" << q.reason;
    return ins->bind(1, now)
        .bind(2, q.type)
        .bind(3, q.entityId.isEmpty() ? QString() : q.entityId)
        .bind(4, q.reason)
        .bindUtf8(5, q.raw)
        .exec();
}

Status runStatement(SqliteDb &db, const char *sql)
{
    auto q = db.prepare(sql);
    if (!q)
        return q.error();
    return q->exec();
}

// A completed snapshot lists everything that is live: staff, keys and devices it did not list
// stop being live. Orders, revocations and the ledger are never removed.
Result<int> retireUnlisted(SqliteDb &db, qint64 gen)
{
    int retired = 0;
    for (const char *sql : {"UPDATE staff SET active = 0 WHERE active = 1 AND snapshot_gen IS NOT ?1",
             "UPDATE keys SET retired = 1 WHERE retired = 0 AND snapshot_gen IS NOT ?1",
             "UPDATE devices SET active = 0 WHERE active = 1 AND snapshot_gen IS NOT ?1"}) {
        auto q = db.prepare(sql);
        if (!q)
            return q.error();
        if (auto st = q->bind(1, gen).exec(); !st)
            return st.error();
        retired += db.changes();
    }
    return retired;
}

} // namespace

Result<IngestSummary> FeedIngest::apply(const FeedDocument &document)
{
    return applyImpl(document.changes, &document);
}

Result<IngestSummary> FeedIngest::applyChanges(const QList<FeedChange> &changes)
{
    return applyImpl(changes, nullptr);
}

Result<IngestSummary> FeedIngest::applyImpl(const QList<FeedChange> &changes, const FeedDocument *document)
{
    SqliteDb &db = m_store.db();
    auto txn = SqlTransaction::begin(db, SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    auto device = m_store.deviceId();
    if (!device)
        return device.error();
    const qint64 now = m_clock.nowMs();
    IngestSummary summary;

    // A page fetched without a cursor starts a snapshot; its pages mark what they list with
    // the snapshot's generation, and the last page retires the rest.
    std::optional<qint64> snapshotGen;
    if (document) {
        auto cursor = m_store.meta(MetaKey::FeedCursor);
        auto gen = m_store.meta(MetaKey::SnapshotGen);
        auto active = m_store.meta(MetaKey::SnapshotActive);
        for (const auto *r : {&cursor, &gen, &active}) {
            if (!*r)
                return r->error();
        }
        if (cursor->isEmpty()) {
            snapshotGen = gen->toLongLong() + 1;
            for (const auto &[key, value] : {std::pair{MetaKey::SnapshotGen, QString::number(*snapshotGen)},
                     std::pair{MetaKey::SnapshotActive, QStringLiteral("1")}}) {
                if (auto st = m_store.setMeta(key, value); !st)
                    return st.error();
            }
        } else if (*active == QLatin1String("1")) {
            snapshotGen = gen->toLongLong();
        }
    }

    Applier applier(m_store, *device, now, snapshotGen, summary);
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const FeedChange &change = changes.at(i);
        // Each entry in its own savepoint: one the store refuses (a constraint) is undone and
        // set aside; a storage failure (full disk, I/O) fails the page, which is fetched again.
        if (auto st = runStatement(db, "SAVEPOINT feed_entry"); !st)
            return st.error();
        auto applied = std::visit(applier, change);
        if (!applied && applied.error().code != ErrorCode::InvalidArgument)
            return applied.error();
        if (!applied) {
            if (auto st = runStatement(db, "ROLLBACK TO feed_entry"); !st)
                return st.error();
            QuarantinedEntry q{typeOf(change), printableId(entityIdOf(change)),
                QStringLiteral("%1: %2").arg(describe(change), applied.error().message), QByteArray()};
            q.raw = document && i < document->sources.size() ? rawEntry(document->sources.at(i))
                                                             : describe(change).toUtf8();
            if (auto st = quarantineEntry(db, q, now); !st)
                return st.error();
            summary.quarantined++;
        }
        if (auto st = runStatement(db, "RELEASE feed_entry"); !st)
            return st.error();
    }
    if (!document) {
        if (auto st = txn->commit(); !st)
            return st.error();
        return summary;
    }
    const FeedDocument &doc = *document;
    for (const QuarantinedEntry &q : doc.quarantined) {
        if (auto st = quarantineEntry(db, q, now); !st)
            return st.error();
        summary.quarantined++;
    }
    if (snapshotGen && !doc.hasMore) {
        auto retired = retireUnlisted(db, *snapshotGen);
        if (!retired)
            return retired.error();
        summary.retired = *retired;
        summary.snapshotCompleted = true;
        if (auto st = m_store.setMeta(MetaKey::SnapshotActive, QStringLiteral("0")); !st)
            return st.error();
    }
    summary.cursor = doc.cursor;
    summary.hasMore = doc.hasMore;
    if (auto st = m_store.setMeta(MetaKey::FeedCursor, doc.cursor); !st)
        return st.error();
    if (doc.serverTimeMs) {
        // The drift is measured at the moment the page arrived (request latency is small
        // against the skew it is compared with).
        for (const auto &[key, value] : {std::pair{MetaKey::FeedServerTimeMs, QString::number(*doc.serverTimeMs)},
                 std::pair{MetaKey::ClockDriftMs, QString::number(now - *doc.serverTimeMs)}}) {
            if (auto st = m_store.setMeta(key, value); !st)
                return st.error();
        }
    }
    if (auto st = m_store.setMeta(MetaKey::LastPullMs, QString::number(now)); !st)
        return st.error();
    if (auto st = txn->commit(); !st)
        return st.error();
    qCInfo(lcIngest) << "applied" << doc.changes.size() << "changes: orders" << summary.orders << "redemptions"
                     << summary.redemptions << "keys" << summary.keys << "staff" << summary.staff << "devices"
                     << summary.devices << "revocations" << summary.revocations << "superseded" << summary.superseded
                     << "quarantined" << summary.quarantined;
    if (summary.snapshotCompleted)
        qCInfo(lcIngest) << "snapshot complete:" << summary.retired << "staff, keys or devices it did not list retired";
    return summary;
}

Result<QList<QuarantineRow>> FeedIngest::quarantine(Store &store, int limit)
{
    auto q = store.db().prepare("SELECT id, received_ms, type, entity_id, reason, raw FROM quarantine "
                                "ORDER BY id DESC LIMIT ?1");
    if (!q)
        return q.error();
    q->bind(1, limit);
    QList<QuarantineRow> rows;
    if (auto st = q->forEachRow([&](const SqlQuery &r) {
            rows.append(QuarantineRow{r.int64(0), r.int64(1), {r.text(2), r.text(3), r.text(4), r.blob(5)}});
        });
        !st)
        return st.error();
    return rows;
}

Result<qint64> FeedIngest::quarantineCount(Store &store)
{
    return store.db().scalar("SELECT count(*) FROM quarantine");
}

} // namespace kiosk
