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

const QStringList kOrderStatuses{QStringLiteral("PENDING"), QStringLiteral("PAID"), QStringLiteral("REDEEMED"),
    QStringLiteral("CANCELLED"), QStringLiteral("REJECTED"), QStringLiteral("EXPIRED"), QStringLiteral("REFUNDED")};

bool parseOrder(JsonFieldReader &r, const QJsonObject &, OrderRecord *o)
{
    if (!r.id("id", &o->id) || !r.optionalId("jti", &o->jti) || !r.optionalId("qrCode", &o->qrCode)
        || !r.id("status", &o->status) || !r.text("recipient", &o->recipient) || !r.optionalPhone4("ph4", &o->phone4)
        || !r.drinks("drinks", &o->drinks) || !r.integer("amount", &o->amount) || !r.currency("currency", &o->currency)
        || !r.timestamp("expiresAt", &o->expiresAtMs, false) || !r.timestamp("updatedAt", &o->updatedAtMs, false))
        return false;
    if (!o->qrCode.isEmpty() && !isLegacyCode(o->qrCode.toLatin1()))
        return r.fail(QStringLiteral("field 'qrCode' must be 4 to 128 of A-Z a-z 0-9 _ -"));
    if (!kOrderStatuses.contains(o->status))
        return r.fail(QStringLiteral("field 'status' must be one of %1").arg(kOrderStatuses.join(QLatin1String(", "))));
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

bool parseKey(JsonFieldReader &r, const QJsonObject &o, KeyRecord *k)
{
    QString kty, crv, x;
    if (!r.id("kty", &kty) || !r.id("crv", &crv) || !r.id("kid", &k->kid) || !r.id("x", &x)
        || !r.timestamp("notBefore", &k->notBeforeMs, false) || !r.timestamp("notAfter", &k->notAfterMs, false)
        || !r.boolean("revoked", &k->revoked, false))
        return false;
    if (kty != QLatin1String("OKP") || crv != QLatin1String("Ed25519"))
        return r.fail(QStringLiteral("only OKP/Ed25519 keys are accepted (got %1/%2)").arg(kty, crv));
    if (o.contains(QLatin1String("d")))
        return r.fail(QStringLiteral("the key carries a private part ('d'); the kiosk accepts public keys only"));
    const auto raw = base64UrlDecodeStrict(x.toLatin1());
    if (!raw || raw->size() != 32)
        return r.fail(QStringLiteral("field 'x' must be 32 bytes of strict base64url"));
    k->publicKey = *raw;
    return true;
}

bool parseStaff(JsonFieldReader &r, const QJsonObject &o, StaffRecord *s)
{
    if (!r.id("id", &s->id) || !r.text("name", &s->name) || !r.id("role", &s->role)
        || !r.boolean("active", &s->active, true))
        return false;
    if (s->role != QLatin1String("bartender") && s->role != QLatin1String("manager"))
        return r.fail(QStringLiteral("field 'role' must be bartender or manager"));
    const QJsonValue pin = o.value(QLatin1String("pin"));
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
            else
                return QStringLiteral("revocation '%1'").arg(e.jti);
        },
        c);
}

Error invalid(QString message)
{
    return makeError(ErrorCode::InvalidArgument, std::move(message));
}

// One {"type": …, "data": {…}} entry; `label` names it in errors ("changes[17]").
Result<FeedChange> parseChangeAt(const QJsonValue &value, const QString &label)
{
    const QJsonObject entry = value.toObject();
    const QString type = entry.value(QLatin1String("type")).toString();
    const QJsonValue dataValue = entry.value(QLatin1String("data"));
    const QJsonObject data = dataValue.toObject();
    const QString entityId = data.value(type == QLatin1String("key")           ? QLatin1String("kid")
                                         : type == QLatin1String("revocation") ? QLatin1String("jti")
                                                                               : QLatin1String("id"))
                                 .toString();
    const QString where = entityId.isEmpty() || hasControlChars(entityId) || entityId.size() > kMaxIdChars
        ? QStringLiteral("%1 (%2)").arg(label, type.isEmpty() ? QStringLiteral("?") : type)
        : QStringLiteral("%1 (%2 '%3')").arg(label, type, entityId);
    if (!value.isObject() || !dataValue.isObject())
        return invalid(QStringLiteral("%1: each change must be {\"type\": …, \"data\": {…}}").arg(where));
    JsonFieldReader r(data, "field");
    bool ok = false;
    FeedChange change;
    if (type == QLatin1String("order")) {
        OrderRecord o;
        ok = parseOrder(r, data, &o);
        change = std::move(o);
    } else if (type == QLatin1String("redemption")) {
        FeedRedemption d;
        ok = parseRedemption(r, data, &d);
        change = std::move(d);
    } else if (type == QLatin1String("key")) {
        KeyRecord k;
        ok = parseKey(r, data, &k);
        change = std::move(k);
    } else if (type == QLatin1String("staff")) {
        StaffRecord s;
        ok = parseStaff(r, data, &s);
        change = std::move(s);
    } else if (type == QLatin1String("revocation")) {
        FeedRevocation v;
        ok = parseRevocation(r, data, &v);
        change = std::move(v);
    } else {
        r.why = QStringLiteral("unknown change type (expected order, redemption, key, staff or revocation)");
    }
    if (!ok)
        return invalid(QStringLiteral("%1: %2").arg(where, r.why));
    return change;
}

} // namespace

Result<FeedChange> parseFeedChange(const QJsonValue &entry)
{
    return parseChangeAt(entry, QStringLiteral("change"));
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
    JsonFieldReader top(root, "field");
    if (!top.id("cursor", &out.cursor) || !top.boolean("hasMore", &out.hasMore, false)
        || !top.timestamp("serverTime", &out.serverTimeMs, false))
        return invalid(QStringLiteral("change-feed document: %1").arg(top.why));
    const QJsonValue changes = root.value(QLatin1String("changes"));
    if (!changes.isArray())
        return invalid(QStringLiteral("change-feed document: field 'changes' must be an array"));
    const QJsonArray array = changes.toArray();
    out.changes.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto change = parseChangeAt(array.at(i), QStringLiteral("changes[%1]").arg(i));
        if (!change)
            return change.error();
        out.changes.append(std::move(*change));
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
    Applier(Store &store, QString deviceId, qint64 now, IngestSummary &summary)
        : m_db(store.db())
        , m_ledger(store)
        , m_deviceId(std::move(deviceId))
        , m_now(now)
        , m_sum(summary)
    { }

    Status operator()(const OrderRecord &o)
    {
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
        if (auto st = q->exec(); !st) {
            if (st.error().code == ErrorCode::InvalidArgument)
                return makeError(ErrorCode::InvalidArgument,
                    QStringLiteral("qrCode '%1' already belongs to another order").arg(o.qrCode));
            return st;
        }
        (m_db.changes() > 0 ? m_sum.orders : m_sum.superseded)++;
        return {};
    }

    Status operator()(const KeyRecord &k)
    {
        // A revocation is sticky: a re-delivered older entry must not un-revoke a key.
        auto q = m_db.prepare("INSERT INTO keys (kid, x, not_before, not_after, revoked) VALUES (?1, ?2, ?3, ?4, ?5) "
                              "ON CONFLICT (kid) DO UPDATE SET x = excluded.x, not_before = excluded.not_before, "
                              "not_after = excluded.not_after, revoked = max(keys.revoked, excluded.revoked)");
        if (!q)
            return q.error();
        q->bind(1, k.kid).bindBlob(2, k.publicKey).bind(3, k.notBeforeMs).bind(4, k.notAfterMs).bind(5, k.revoked);
        if (auto st = q->exec(); !st)
            return st;
        m_sum.keys++;
        return {};
    }

    Status operator()(const StaffRecord &s)
    {
        auto q = m_db.prepare("INSERT INTO staff (id, name, role, pin_alg, pin_iter, pin_salt, pin_hash, active) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET "
                              "name = excluded.name, role = excluded.role, pin_alg = excluded.pin_alg, "
                              "pin_iter = excluded.pin_iter, pin_salt = excluded.pin_salt, "
                              "pin_hash = excluded.pin_hash, active = excluded.active");
        if (!q)
            return q.error();
        q->bind(1, s.id)
            .bind(2, s.name)
            .bind(3, s.role)
            .bind(4, s.pinAlg)
            .bind(5, s.pinIterations)
            .bind(6, s.pinSalt)
            .bind(7, s.pinHash)
            .bind(8, s.active);
        if (auto st = q->exec(); !st)
            return st;
        m_sum.staff++;
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
        if (d.deviceId != m_deviceId)
            return std::optional<qint64>();
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
    IngestSummary &m_sum;
};

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
    auto txn = SqlTransaction::begin(m_store.db(), SqlTransaction::Mode::Immediate);
    if (!txn)
        return txn.error();
    auto device = m_store.deviceId();
    if (!device)
        return device.error();
    const qint64 now = m_clock.nowMs();
    IngestSummary summary;
    Applier applier(m_store, *device, now, summary);
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const FeedChange &change = changes.at(i);
        if (auto st = std::visit(applier, change); !st) {
            Error e = st.error();
            e.message = QStringLiteral("changes[%1] (%2): %3").arg(i).arg(describe(change), e.message);
            return e;
        }
    }
    if (!document) {
        if (auto st = txn->commit(); !st)
            return st.error();
        return summary;
    }
    const FeedDocument &doc = *document;
    summary.cursor = doc.cursor;
    summary.hasMore = doc.hasMore;
    if (auto st = m_store.setMeta(MetaKey::FeedCursor, doc.cursor); !st)
        return st.error();
    if (doc.serverTimeMs) {
        if (auto st = m_store.setMeta(MetaKey::FeedServerTimeMs, QString::number(*doc.serverTimeMs)); !st)
            return st.error();
    }
    if (auto st = m_store.setMeta(MetaKey::LastPullMs, QString::number(now)); !st)
        return st.error();
    if (auto st = txn->commit(); !st)
        return st.error();
    qCInfo(lcIngest) << "applied" << doc.changes.size() << "changes: orders" << summary.orders << "redemptions"
                     << summary.redemptions << "keys" << summary.keys << "staff" << summary.staff << "revocations"
                     << summary.revocations << "superseded" << summary.superseded;
    return summary;
}

} // namespace kiosk
