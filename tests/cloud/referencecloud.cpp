#include "referencecloud.h"

#include "setupcode.h"

#include "peerrecord.h"
#include "pin.h"
#include <ZXing/BitMatrixIO.h>
#include <ZXing/MultiFormatWriter.h>

#include "minter.h"

#include "base64url.h"
#include "sqlite_p.h"
#include "timeutil.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <sodium.h>
#include <zlib.h>

namespace kiosk::test {

namespace {

constexpr const char *kSchema = R"sql(
CREATE TABLE venues (id TEXT PRIMARY KEY, name TEXT NOT NULL, compacted_before INTEGER NOT NULL DEFAULT 0);
CREATE TABLE keys (kid TEXT PRIMARY KEY, venue_id TEXT NOT NULL, seed BLOB NOT NULL, not_before INTEGER,
                   not_after INTEGER, revoked INTEGER NOT NULL DEFAULT 0, current INTEGER NOT NULL DEFAULT 1);
CREATE TABLE devices (id TEXT PRIMARY KEY, venue_id TEXT NOT NULL, name TEXT, revoked INTEGER NOT NULL DEFAULT 0,
                      refresh_token TEXT, previous_refresh_token TEXT, version TEXT, key_x TEXT,
                      lan TEXT NOT NULL DEFAULT '[]', reported_ms INTEGER);
-- refresh_token: the one issued with this access token; using the access token proves that the
-- device received that pair, which retires the previous refresh token.
CREATE TABLE access_tokens (token TEXT PRIMARY KEY, device_id TEXT NOT NULL, expires_ms INTEGER NOT NULL,
                            refresh_token TEXT);
CREATE TABLE pairing_codes (code TEXT PRIMARY KEY, venue_id TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE orders (id TEXT PRIMARY KEY, venue_id TEXT NOT NULL, jti TEXT NOT NULL, qr_code TEXT UNIQUE,
                     status TEXT NOT NULL, recipient TEXT NOT NULL, ph4 TEXT, drinks TEXT NOT NULL,
                     amount INTEGER NOT NULL, currency TEXT NOT NULL, expires_ms INTEGER NOT NULL,
                     updated_ms INTEGER NOT NULL);
CREATE TABLE revocations (jti TEXT PRIMARY KEY, venue_id TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE redemptions (id TEXT PRIMARY KEY, venue_id TEXT NOT NULL, order_id TEXT NOT NULL, jti TEXT,
                          device_id TEXT NOT NULL, staff_id TEXT, redeemed_ms INTEGER NOT NULL,
                          server_ms INTEGER NOT NULL, voided INTEGER NOT NULL DEFAULT 0,
                          idempotency_key TEXT NOT NULL UNIQUE, offline INTEGER, verified_by TEXT);
-- One accepted, live redemption per order: the cloud's half of the guarantee.
CREATE UNIQUE INDEX one_live_redemption ON redemptions (order_id) WHERE voided = 0;
CREATE TABLE answers (idempotency_key TEXT PRIMARY KEY, answer TEXT NOT NULL);
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, venue_id TEXT NOT NULL, type TEXT NOT NULL,
                      entity_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX changes_by_entity ON changes (venue_id, type, entity_id, seq);
)sql";

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString randomId(const char *prefix, int bytes = 8)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), static_cast<size_t>(raw.size()));
    return QString::fromLatin1(prefix) + QString::fromLatin1(raw.toHex());
}

QJsonObject errorBody(const char *code, const QString &message)
{
    return QJsonObject{{QStringLiteral("error"),
        QJsonObject{{QStringLiteral("code"), QLatin1String(code)}, {QStringLiteral("message"), message}}}};
}

QByteArray gzip(const QByteArray &data)
{
    z_stream zs{};
    if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(static_cast<qsizetype>(deflateBound(&zs, static_cast<uLong>(data.size()))) + 32);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(static_cast<qsizetype>(zs.total_out));
    deflateEnd(&zs);
    return out;
}

QString statusText(int status)
{
    switch (status) {
    case 200:
        return QStringLiteral("OK");
    case 201:
        return QStringLiteral("Created");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 409:
        return QStringLiteral("Conflict");
    case 410:
        return QStringLiteral("Gone");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 301:
        return QStringLiteral("Moved Permanently");
    case 413:
        return QStringLiteral("Payload Too Large");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    default:
        return QStringLiteral("Status");
    }
}

// Runs one prepared statement with values; returns false on error (the cloud is test code:
// failures surface as 500s and failed tests, not crashes).
template <typename... Args> bool run(SqliteDb &db, const char *sql, Args &&...args)
{
    auto q = db.prepare(sql);
    if (!q)
        return false;
    int i = 0;
    ((q->bind(++i, std::forward<Args>(args))), ...);
    return q->exec().ok();
}

} // namespace

struct ReferenceCloud::Request
{
    QString method;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QHostAddress remote;
};

struct ReferenceCloud::Reply
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    static Reply json(int status, const QJsonObject &o)
    {
        return Reply{status, QJsonDocument(o).toJson(QJsonDocument::Compact), {}};
    }
    static Reply error(int status, const char *code, const QString &message)
    {
        return json(status, errorBody(code, message));
    }
};

std::optional<CloudFaults> CloudFaults::fromJson(const QJsonObject &o, QString *error)
{
    CloudFaults f;
    const QStringList known{QStringLiteral("latencyMs"), QStringLiteral("errorRate"), QStringLiteral("rateLimitRate"),
        QStringLiteral("retryAfterSeconds"), QStringLiteral("resetRate"), QStringLiteral("truncateRate"),
        QStringLiteral("garbageRate"), QStringLiteral("outage"), QStringLiteral("pathPrefix"), QStringLiteral("seed"),
        QStringLiteral("poisonKey"), QStringLiteral("forceStatus"), QStringLiteral("htmlBody"),
        QStringLiteral("stall")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = QStringLiteral("unknown fault '%1'").arg(it.key());
            return std::nullopt;
        }
    }
    f.latencyMs = o.value(QLatin1String("latencyMs")).toInt(0);
    f.errorRate = o.value(QLatin1String("errorRate")).toDouble(0);
    f.rateLimitRate = o.value(QLatin1String("rateLimitRate")).toDouble(0);
    f.retryAfterSeconds = o.value(QLatin1String("retryAfterSeconds")).toInt(1);
    f.resetRate = o.value(QLatin1String("resetRate")).toDouble(0);
    f.truncateRate = o.value(QLatin1String("truncateRate")).toDouble(0);
    f.garbageRate = o.value(QLatin1String("garbageRate")).toDouble(0);
    f.outage = o.value(QLatin1String("outage")).toBool(false);
    f.pathPrefix = o.value(QLatin1String("pathPrefix")).toString();
    f.seed = static_cast<quint32>(o.value(QLatin1String("seed")).toInt(1));
    f.poisonKey = o.value(QLatin1String("poisonKey")).toString();
    f.forceStatus = o.value(QLatin1String("forceStatus")).toInt(0);
    f.htmlBody = o.value(QLatin1String("htmlBody")).toBool(false);
    f.stall = o.value(QLatin1String("stall")).toBool(false);
    return f;
}

QJsonObject CloudFaults::toJson() const
{
    return QJsonObject{{QStringLiteral("latencyMs"), latencyMs}, {QStringLiteral("errorRate"), errorRate},
        {QStringLiteral("rateLimitRate"), rateLimitRate}, {QStringLiteral("retryAfterSeconds"), retryAfterSeconds},
        {QStringLiteral("resetRate"), resetRate}, {QStringLiteral("truncateRate"), truncateRate},
        {QStringLiteral("garbageRate"), garbageRate}, {QStringLiteral("outage"), outage},
        {QStringLiteral("pathPrefix"), pathPrefix}, {QStringLiteral("seed"), int(seed)},
        {QStringLiteral("poisonKey"), poisonKey}, {QStringLiteral("forceStatus"), forceStatus},
        {QStringLiteral("htmlBody"), htmlBody}, {QStringLiteral("stall"), stall}};
}

ReferenceCloud::ReferenceCloud(QObject *parent)
    : QAbstractHttpServer(parent)
{
    if (sodium_init() < 0)
        qFatal("libsodium failed to initialise");
    auto db = SqliteDb::open(QStringLiteral(":memory:"), SqliteDb::OpenFlag::ReadWriteCreate);
    if (!db || !(*db)->execScript(kSchema, QStringLiteral("creating the cloud schema")))
        qFatal("reference cloud: cannot create its database");
    m_db = std::move(*db);
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &ReferenceCloud::onWebSocket);
}

ReferenceCloud::~ReferenceCloud() = default;

quint16 ReferenceCloud::listenLocal(quint16 port)
{
    return listenOn(QHostAddress(QHostAddress::LocalHost), port);
}

quint16 ReferenceCloud::listenOn(const QHostAddress &address, quint16 port)
{
    m_address = address;
    m_port = listen(m_address, port);
    return m_port;
}

QUrl ReferenceCloud::url() const
{
    // Listening on every address: this machine's own, where the admin routes answer too.
    const bool any = m_address == QHostAddress::Any || m_address == QHostAddress::AnyIPv4;
    return QUrl(
        QStringLiteral("http://%1:%2").arg(any ? QStringLiteral("127.0.0.1") : m_address.toString()).arg(m_port));
}

void ReferenceCloud::setFaults(const CloudFaults &faults)
{
    m_faults = faults;
    m_rng.seed(faults.seed);
}

// --- administration ---------------------------------------------------------------------------

QString ReferenceCloud::createVenue(const QString &id, const QString &name)
{
    run(*m_db, "INSERT OR IGNORE INTO venues (id, name) VALUES (?1, ?2)", id, name);
    return rotateKey(id);
}

QString ReferenceCloud::rotateKey(const QString &venue)
{
    const qint64 now = nowMs();
    QByteArray seed(crypto_sign_SEEDBYTES, Qt::Uninitialized);
    randombytes_buf(seed.data(), static_cast<size_t>(seed.size()));
    const QString kid = randomId("key-", 4);
    // The old key stays valid for a day so that codes already in guests' phones still verify.
    {
        auto q = m_db->prepare("SELECT kid FROM keys WHERE venue_id = ?1 AND current = 1");
        q->bind(1, venue);
        QStringList old;
        while (q->next().value_or(false))
            old.append(q->text(0));
        for (const auto &k : old) {
            run(*m_db, "UPDATE keys SET current = 0, not_after = ?2 WHERE kid = ?1", k, now + 86400000);
            auto k2 = m_db->prepare("SELECT seed FROM keys WHERE kid = ?1");
            k2->bind(1, k);
            if (k2->next().value_or(false)) {
                QJsonObject jwk = SigningKey::fromSeed(k, k2->blob(0)).jwk();
                jwk.insert(QStringLiteral("notAfter"), formatRfc3339Ms(now + 86400000));
                jwk.insert(QStringLiteral("revoked"), false);
                appendChange(venue, "key", k, jwk);
            }
        }
    }
    auto ins = m_db->prepare("INSERT INTO keys (kid, venue_id, seed, not_before) VALUES (?1, ?2, ?3, ?4)");
    ins->bind(1, kid).bind(2, venue).bindBlob(3, seed).bind(4, now - 60000);
    (void)ins->exec();
    QJsonObject jwk = SigningKey::fromSeed(kid, seed).jwk();
    jwk.insert(QStringLiteral("notBefore"), formatRfc3339Ms(now - 60000));
    jwk.insert(QStringLiteral("revoked"), false);
    appendChange(venue, "key", kid, jwk);
    return kid;
}

bool ReferenceCloud::revokeKey(const QString &venue, const QString &kid)
{
    auto q = m_db->prepare("SELECT seed, not_before, not_after FROM keys WHERE kid = ?1 AND venue_id = ?2");
    q->bind(1, kid).bind(2, venue);
    if (!q->next().value_or(false))
        return false;
    QJsonObject jwk = SigningKey::fromSeed(kid, q->blob(0)).jwk();
    if (auto nb = q->optInt64(1))
        jwk.insert(QStringLiteral("notBefore"), formatRfc3339Ms(*nb));
    if (auto na = q->optInt64(2))
        jwk.insert(QStringLiteral("notAfter"), formatRfc3339Ms(*na));
    jwk.insert(QStringLiteral("revoked"), true);
    run(*m_db, "UPDATE keys SET revoked = 1 WHERE kid = ?1", kid);
    appendChange(venue, "key", kid, jwk);
    return true;
}

QByteArray ReferenceCloud::setupCodeText(const QString &code, int version) const
{
    sync::SetupCode s;
    s.version = version;
    s.url = url();
    s.code = code;
    return s.toJson();
}

QByteArray ReferenceCloud::setupCodeSvg(const QByteArray &setupCode)
{
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setMargin(4).setEccLevel(4); // level M (ZXing counts 0-8): a phone screen photographed at a bar
    return QByteArray::fromStdString(ZXing::ToSVG(writer.encode(setupCode.toStdString(), 0, 0)));
}

QString ReferenceCloud::pairingCode(const QString &venue)
{
    const QString code = QStringLiteral("%1-%2")
                             .arg(m_rng.bounded(1000), 3, 10, QLatin1Char('0'))
                             .arg(m_rng.bounded(1000), 3, 10, QLatin1Char('0'))
        + QStringLiteral("-") + randomId("", 3);
    run(*m_db, "INSERT INTO pairing_codes (code, venue_id) VALUES (?1, ?2)", code, venue);
    return code;
}

void ReferenceCloud::addStaff(
    const QString &venue, const QString &id, const QString &name, const QString &role, const QString &pin)
{
    // PBKDF2-SHA256 as the feed specifies; the kiosk checks PINs offline against this.
    const PinHash h = hashPin(pin, 1000); // deliberately low iterations: test speed, not security
    const QJsonObject data{{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("role"), role},
        {QStringLiteral("active"), true},
        {QStringLiteral("pin"),
            QJsonObject{{QStringLiteral("alg"), h.alg}, {QStringLiteral("iter"), h.iterations},
                {QStringLiteral("salt"), h.salt}, {QStringLiteral("hash"), h.hash}}}};
    appendChange(venue, "staff", id, data);
}

MintedOrder ReferenceCloud::createOrder(const QString &venue, const OrderSpec &spec)
{
    const qint64 now = nowMs();
    const QString id = spec.id.isEmpty() ? randomId("ord_") : spec.id;
    // The token id travels as the DK1's cti: the base64url of 12 random bytes (96 bits, as in the
    // public vectors; 16 would cost six more QR characters), the same text in the JWS, the feed
    // and the kiosk's ledger.
    QByteArray cti(12, Qt::Uninitialized);
    randombytes_buf(cti.data(), static_cast<size_t>(cti.size()));
    const QString jti = QString::fromLatin1(base64UrlEncode(cti));
    QJsonArray drinks;
    for (const auto &[name, qty] : spec.drinks)
        drinks.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("qty"), qty}});
    const QByteArray drinksJson = QJsonDocument(drinks).toJson(QJsonDocument::Compact);
    const qint64 expires = now + spec.lifetimeSeconds * 1000;
    auto ins = m_db->prepare("INSERT OR REPLACE INTO orders (id, venue_id, jti, qr_code, status, recipient, ph4, "
                             "drinks, amount, currency, expires_ms, updated_ms) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    ins->bind(1, id)
        .bind(2, venue)
        .bind(3, jti)
        .bind(4, spec.qrCode.isEmpty() ? QString() : spec.qrCode)
        .bind(5, spec.status)
        .bind(6, spec.recipient)
        .bind(7, spec.phone4.isEmpty() ? QString() : spec.phone4)
        .bindUtf8(8, drinksJson)
        .bind(9, spec.amount)
        .bind(10, spec.currency)
        .bind(11, expires)
        .bind(12, now);
    (void)ins->exec();
    appendChange(venue, "order", id, orderJson(venue, id));

    MintedOrder minted;
    minted.order = orderJson(venue, id);
    auto key = m_db->prepare("SELECT kid, seed FROM keys WHERE venue_id = ?1 AND current = 1 AND revoked = 0");
    key->bind(1, venue);
    if (key->next().value_or(false)) {
        const SigningKey k = SigningKey::fromSeed(key->text(0), key->blob(1));
        QJsonObject claims = defaultClaims(venue, id, jti, now / 1000 - 5, expires / 1000);
        claims[QStringLiteral("drinks")] = drinks;
        claims[QStringLiteral("amt")] = spec.amount;
        claims[QStringLiteral("cur")] = spec.currency;
        claims[QStringLiteral("rcp")] = spec.recipient;
        if (spec.phone4.isEmpty())
            claims.remove(QStringLiteral("ph4"));
        else
            claims[QStringLiteral("ph4")] = spec.phone4;
        minted.jws = mintToken(k, defaultHeader(k.kid), claims);
        minted.compact = mintCompactToken(k, claims).value_or(QByteArray());
        minted.token = spec.form == TokenForm::Dk1 ? minted.compact : minted.jws;
    }
    return minted;
}

QJsonObject ReferenceCloud::orderJson(const QString &, const QString &id) const
{
    auto q = m_db->prepare("SELECT id, jti, qr_code, status, recipient, ph4, drinks, amount, currency, expires_ms, "
                           "updated_ms FROM orders WHERE id = ?1");
    q->bind(1, id);
    if (!q->next().value_or(false))
        return {};
    QJsonObject o{{QStringLiteral("id"), q->text(0)}, {QStringLiteral("jti"), q->text(1)},
        {QStringLiteral("status"), q->text(3)}, {QStringLiteral("recipient"), q->text(4)},
        {QStringLiteral("drinks"), QJsonDocument::fromJson(q->blob(6)).array()},
        {QStringLiteral("amount"), q->int64(7)}, {QStringLiteral("currency"), q->text(8)},
        {QStringLiteral("expiresAt"), formatRfc3339Ms(q->int64(9))},
        {QStringLiteral("updatedAt"), formatRfc3339Ms(q->int64(10))}};
    if (!q->isNull(2))
        o.insert(QStringLiteral("qrCode"), q->text(2));
    if (!q->isNull(5))
        o.insert(QStringLiteral("ph4"), q->text(5));
    return o;
}

bool ReferenceCloud::setOrderStatus(const QString &venue, const QString &orderId, const QString &status)
{
    // updatedAt must move forward even within the same millisecond, or kiosks skip the change.
    auto q = m_db->prepare("UPDATE orders SET status = ?3, updated_ms = max(?4, updated_ms + 1) "
                           "WHERE id = ?1 AND venue_id = ?2");
    q->bind(1, orderId).bind(2, venue).bind(3, status).bind(4, nowMs());
    if (!q->exec() || m_db->changes() == 0)
        return false;
    appendChange(venue, "order", orderId, orderJson(venue, orderId));
    return true;
}

bool ReferenceCloud::refund(const QString &venue, const QString &orderId)
{
    if (!setOrderStatus(venue, orderId, QStringLiteral("REFUNDED")))
        return false;
    const QString jti = orderJson(venue, orderId).value(QLatin1String("jti")).toString();
    run(*m_db, "INSERT OR IGNORE INTO revocations (jti, venue_id, reason) VALUES (?1, ?2, 'refunded')", jti, venue);
    appendChange(venue, "revocation", jti,
        QJsonObject{{QStringLiteral("jti"), jti}, {QStringLiteral("reason"), QStringLiteral("refunded")}});
    return true;
}

bool ReferenceCloud::revokeDevice(const QString &deviceId)
{
    run(*m_db, "UPDATE devices SET revoked = 1, refresh_token = NULL, previous_refresh_token = NULL WHERE id = ?1",
        deviceId);
    const bool found = m_db->changes() > 0;
    run(*m_db, "DELETE FROM access_tokens WHERE device_id = ?1", deviceId);
    publishDevice(deviceId);
    return found;
}

bool ReferenceCloud::voidRedemption(const QString &redemptionId)
{
    auto q = m_db->prepare("SELECT venue_id, order_id, jti, device_id, staff_id, redeemed_ms FROM redemptions "
                           "WHERE id = ?1 AND voided = 0");
    q->bind(1, redemptionId);
    if (!q->next().value_or(false))
        return false;
    const QString venue = q->text(0);
    const QString orderId = q->text(1);
    QJsonObject data{{QStringLiteral("id"), redemptionId}, {QStringLiteral("orderId"), orderId},
        {QStringLiteral("jti"), q->text(2)}, {QStringLiteral("deviceId"), q->text(3)},
        {QStringLiteral("redeemedAt"), formatRfc3339Ms(q->int64(5))}, {QStringLiteral("voided"), true}};
    if (!q->isNull(4))
        data.insert(QStringLiteral("staffId"), q->text(4));
    run(*m_db, "UPDATE redemptions SET voided = 1 WHERE id = ?1", redemptionId);
    appendChange(venue, "redemption", redemptionId, data);
    setOrderStatus(venue, orderId, QStringLiteral("PAID"));
    return true;
}

void ReferenceCloud::compact(const QString &venue)
{
    run(*m_db, "UPDATE venues SET compacted_before = ?2 WHERE id = ?1", venue, headSeq(venue));
}

qint64 ReferenceCloud::headSeq(const QString &venue) const
{
    auto q = m_db->prepare("SELECT coalesce(max(seq), 0) FROM changes WHERE venue_id = ?1");
    q->bind(1, venue);
    return q->next().value_or(false) ? q->int64(0) : 0;
}

QList<QJsonObject> ReferenceCloud::redemptions(const QString &venue) const
{
    auto q = m_db->prepare("SELECT id, order_id, device_id, staff_id, redeemed_ms, server_ms, voided, idempotency_key "
                           "FROM redemptions WHERE venue_id = ?1 ORDER BY server_ms, id");
    q->bind(1, venue);
    QList<QJsonObject> out;
    while (q->next().value_or(false))
        out.append(QJsonObject{{QStringLiteral("id"), q->text(0)}, {QStringLiteral("orderId"), q->text(1)},
            {QStringLiteral("deviceId"), q->text(2)}, {QStringLiteral("staffId"), q->text(3)},
            {QStringLiteral("redeemedAt"), formatRfc3339Ms(q->int64(4))}, {QStringLiteral("voided"), q->int64(6) != 0},
            {QStringLiteral("idempotencyKey"), q->text(7)}});
    return out;
}

void ReferenceCloud::appendChange(
    const QString &venue, const char *type, const QString &entityId, const QJsonObject &data)
{
    auto q = m_db->prepare("INSERT INTO changes (venue_id, type, entity_id, data) VALUES (?1, ?2, ?3, ?4)");
    q->bind(1, venue)
        .bindUtf8(2, type)
        .bind(3, entityId)
        .bindUtf8(4, QJsonDocument(data).toJson(QJsonDocument::Compact));
    (void)q->exec();
    const qint64 seq = m_db->lastInsertRowId();
    // Nudge live kiosks once per event-loop turn, however many changes were appended.
    auto &sockets = m_live[venue];
    sockets.removeAll(nullptr);
    if (!sockets.isEmpty()) {
        QTimer::singleShot(0, this, [this, venue, seq] {
            const QByteArray msg = QJsonDocument(
                QJsonObject{{QStringLiteral("type"), QStringLiteral("changed")},
                    {QStringLiteral("seq"),
                        seq}}).toJson(QJsonDocument::Compact);
            for (const auto &s : m_live.value(venue)) {
                if (s)
                    s->sendTextMessage(QString::fromUtf8(msg));
            }
        });
    }
}

QHash<QString, int> ReferenceCloud::answerCounts() const
{
    QHash<QString, int> counts;
    auto q = m_db->prepare("SELECT answer FROM answers");
    while (q->next().value_or(false))
        counts[QJsonDocument::fromJson(q->blob(0)).object().value(QLatin1String("status")).toString()]++;
    return counts;
}

void ReferenceCloud::onWebSocket()
{
    while (hasPendingWebSocketConnections()) {
        QWebSocket *socket = nextPendingWebSocketConnection().release();
        socket->setParent(this);
        const QUrl url = socket->requestUrl();
        const QStringList parts = url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
        Request auth;
        auth.query = QUrlQuery(url);
        const QByteArray header = socket->request().rawHeader("Authorization");
        if (!header.isEmpty())
            auth.headers.insert("authorization", header);
        else
            auth.headers.insert(
                "authorization", "Bearer " + auth.query.queryItemValue(QStringLiteral("access_token")).toUtf8());
        QString venue;
        const auto device = authenticate(auth, &venue);
        if (m_faults.outage || parts.size() != 4 || parts[0] != QLatin1String("v1") || parts[3] != QLatin1String("live")
            || !device || parts[2] != venue) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("unauthorized"));
            socket->deleteLater();
            continue;
        }
        m_live[venue].append(socket);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    }
}

// --- HTTP ---------------------------------------------------------------------------------------

bool ReferenceCloud::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Request r;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        r.method = QStringLiteral("GET");
        break;
    case QHttpServerRequest::Method::Post:
        r.method = QStringLiteral("POST");
        break;
    case QHttpServerRequest::Method::Put:
        r.method = QStringLiteral("PUT");
        break;
    default:
        r.method = QStringLiteral("OTHER");
        break;
    }
    r.path = request.url().path();
    r.query = request.query();
    for (const auto &[k, v] : request.headers())
        r.headers.insert(k.toLower(), v);
    r.body = request.body();
    r.remote = request.remoteAddress();
    // Upgrade requests are the live channel. Qt 6.4 hands the socket to its WebSocket server only
    // when handleRequest() returns true having written nothing; false refuses the upgrade.
    if (r.headers.value("upgrade").toLower() == "websocket")
        return !m_faults.outage;

    const bool api = !r.path.startsWith(QLatin1String("/admin/"));
    const bool faulty = api && (m_faults.pathPrefix.isEmpty() || r.path.startsWith(m_faults.pathPrefix));
    QPointer<QTcpSocket> guarded(socket);
    if (faulty && m_faults.latencyMs > 0) {
        QTimer::singleShot(m_faults.latencyMs, this, [this, r, guarded] { process(r, guarded); });
        return true;
    }
    process(r, guarded);
    return true;
}

void ReferenceCloud::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    Request r;
    writeReply(socket, r, Reply::error(404, "not_found", QStringLiteral("no such route")));
}

void ReferenceCloud::process(const Request &request, QPointer<QTcpSocket> socket)
{
    if (!socket)
        return;
    const bool api = !request.path.startsWith(QLatin1String("/admin/"));
    const bool faulty = api && (m_faults.pathPrefix.isEmpty() || request.path.startsWith(m_faults.pathPrefix));
    if (faulty) {
        if (m_faults.stall) {
            ++m_stalled;
            return; // held open, never answered: the client's own timeout is all that ends it
        }
        if (m_faults.outage || m_rng.generateDouble() < m_faults.resetRate) {
            socket->abort();
            return;
        }
        if (m_rng.generateDouble() < m_faults.errorRate) {
            Reply r = Reply::error(503, "unavailable", QStringLiteral("injected fault"));
            writeReply(socket, request, r);
            return;
        }
        if (m_rng.generateDouble() < m_faults.rateLimitRate) {
            Reply r = Reply::error(429, "rate_limited", QStringLiteral("injected fault"));
            r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(m_faults.retryAfterSeconds)));
            writeReply(socket, request, r);
            return;
        }
        if (m_faults.forceStatus > 0) {
            Reply r = m_faults.htmlBody
                ? Reply{m_faults.forceStatus,
                    QByteArray("<html><head><title>Error</title></head><body>upstream says no</body></html>"), {}}
                : Reply::error(m_faults.forceStatus, "injected", QStringLiteral("injected status"));
            if (m_faults.forceStatus >= 300 && m_faults.forceStatus < 400)
                r.headers.append(qMakePair(QByteArray("Location"), QByteArray("https://moved.example/v1/")));
            writeReply(socket, request, r);
            return;
        }
        if (m_rng.generateDouble() < m_faults.garbageRate) {
            writeReply(
                socket, request, Reply{200, QByteArray("<html><body>502 Bad Gateway</body></html>\x00\xff", 44), {}});
            return;
        }
    }
    const Reply reply = route(request);
    if (faulty && m_rng.generateDouble() < m_faults.truncateRate) {
        // Promise the whole body, send half, hang up.
        QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + " X\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + QByteArray::number(reply.body.size() + 10) + "\r\n\r\n";
        socket->write(head + reply.body.left(reply.body.size() / 2));
        socket->flush();
        socket->disconnectFromHost();
        return;
    }
    writeReply(socket, request, reply);
}

void ReferenceCloud::writeReply(QTcpSocket *socket, const Request &request, const Reply &reply)
{
    QByteArray body = reply.body;
    QByteArray head
        = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + statusText(reply.status).toLatin1() + "\r\n";
    head += "Content-Type: application/json\r\n";
    if (request.headers.value("accept-encoding").contains("gzip") && body.size() > 1024) {
        body = gzip(body);
        head += "Content-Encoding: gzip\r\n";
    }
    for (const auto &[k, v] : reply.headers)
        head += k + ": " + v + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    socket->write(head + body);
}

std::optional<QString> ReferenceCloud::authenticate(const Request &request, QString *venue) const
{
    const QByteArray auth = request.headers.value("authorization");
    if (!auth.startsWith("Bearer "))
        return std::nullopt;
    auto q = m_db->prepare(
        "SELECT d.id, d.venue_id, t.refresh_token = d.refresh_token AND "
        "d.previous_refresh_token IS NOT NULL FROM access_tokens t JOIN devices d ON d.id = t.device_id "
        "WHERE t.token = ?1 AND t.expires_ms > ?2 AND d.revoked = 0");
    q->bindUtf8(1, auth.mid(7)).bind(2, nowMs());
    if (!q->next().value_or(false))
        return std::nullopt;
    if (venue)
        *venue = q->text(1);
    const QString device = q->text(0);
    if (q->int64(2) == 1) // the newest pair is in use: the previous refresh token stops working
        run(*m_db, "UPDATE devices SET previous_refresh_token = NULL WHERE id = ?1", device);
    return device;
}

ReferenceCloud::Reply ReferenceCloud::route(const Request &request)
{
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);

    if (request.method == QLatin1String("GET") && request.path == QLatin1String("/health"))
        return Reply::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
    if (!parts.isEmpty() && parts[0] == QLatin1String("admin")) {
        if (!request.remote.isLoopback())
            return Reply::error(403, "forbidden", QStringLiteral("admin is loopback only"));
        return routeAdmin(request, parts);
    }
    if (request.method == QLatin1String("POST") && request.path == QLatin1String("/v1/devices/pair"))
        return pair(request);
    if (request.method == QLatin1String("POST") && request.path == QLatin1String("/auth/refresh-token"))
        return refreshToken(request);

    QString venue;
    const auto device = authenticate(request, &venue);
    if (!device)
        return Reply::error(401, "unauthorized", QStringLiteral("missing, expired or revoked access token"));
    if (request.method == QLatin1String("GET") && parts.size() == 4 && parts[0] == QLatin1String("v1")
        && parts[1] == QLatin1String("venues") && parts[3] == QLatin1String("changes")) {
        if (parts[2] != venue)
            return Reply::error(403, "forbidden", QStringLiteral("this device belongs to another venue"));
        return changes(request, venue, *device);
    }
    if (request.method == QLatin1String("POST") && request.path == QLatin1String("/v1/redemptions/batch"))
        return batch(request, *device);
    if (request.method == QLatin1String("POST") && request.path == QLatin1String("/v1/redemptions/voids"))
        return voids(request, *device);
    if (request.method == QLatin1String("POST") && request.path == QLatin1String("/redemptions/scan"))
        return scan(request, *device);
    if (request.method == QLatin1String("PUT") && request.path == QLatin1String("/v1/devices/me"))
        return reportDevice(request, *device);
    return Reply::error(404, "not_found", QStringLiteral("no such route"));
}

// PUT /v1/devices/me: the kiosk's software version (after pairing and after an upgrade), its
// device key's public half and its LAN addresses. Fields it leaves out keep their value; a field
// of the wrong shape is refused whole. A changed key or address list reaches the venue's kiosks
// in the feed's roster.
ReferenceCloud::Reply ReferenceCloud::reportDevice(const Request &request, const QString &device)
{
    ++m_deviceReportAttempts;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Reply::error(400, "bad_request", QStringLiteral("the body must be a JSON object"));
    const QJsonObject body = doc.object();
    const QJsonValue version = body.value(QLatin1String("version"));
    if (!version.isUndefined()
        && (!version.isString() || version.toString().isEmpty() || version.toString().size() > 64))
        return Reply::error(400, "bad_request", QStringLiteral("version must be a non-empty string"));
    const QJsonValue lan = body.value(QLatin1String("lan"));
    if (!lan.isUndefined()) {
        bool good = lan.isArray() && lan.toArray().size() <= 16;
        for (const auto &a : lan.toArray()) {
            const QString text = a.toString();
            const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
            bool portOk = false;
            const int port = colon > 0 ? text.mid(colon + 1).toInt(&portOk) : 0;
            good = good && a.isString() && text.size() <= 100 && portOk && port > 0 && port < 65536;
        }
        if (!good)
            return Reply::error(400, "bad_lan", QStringLiteral("lan must be an array of at most 16 host:port"));
    }
    const QJsonValue key = body.value(QLatin1String("key"));
    QString keyX;
    if (!key.isUndefined()) {
        const QJsonObject jwk = key.toObject();
        keyX = jwk.value(QLatin1String("x")).toString();
        const auto raw = base64UrlDecodeStrict(keyX.toLatin1());
        if (!key.isObject() || jwk.value(QLatin1String("kty")) != QLatin1String("OKP")
            || jwk.value(QLatin1String("crv")) != QLatin1String("Ed25519") || !raw || raw->size() != 32)
            return Reply::error(400, "bad_key", QStringLiteral("key must be an Ed25519 public JWK (OKP, 32 bytes)"));
        if (jwk.contains(QLatin1String("d")))
            return Reply::error(
                400, "bad_key", QStringLiteral("the key holds a private part; send only the public one"));
    }
    run(*m_db,
        "UPDATE devices SET version = coalesce(?2, version), lan = coalesce(?3, lan), key_x = coalesce(?4, key_x), "
        "reported_ms = ?5 WHERE id = ?1",
        device, version.isString() ? version.toString() : QString(),
        lan.isArray() ? QString::fromUtf8(QJsonDocument(lan.toArray()).toJson(QJsonDocument::Compact)) : QString(),
        keyX.isEmpty() ? QString() : keyX, nowMs());
    ++m_deviceReports;
    publishDevice(device);
    return Reply::json(200, {});
}

// The roster entry of `device` as the feed carries it, appended when it differs from the last.
void ReferenceCloud::publishDevice(const QString &device)
{
    auto q = m_db->prepare("SELECT venue_id, name, revoked, key_x, lan FROM devices WHERE id = ?1");
    q->bind(1, device);
    if (!q->next().value_or(false))
        return;
    const QString venue = q->text(0);
    QJsonObject data{{QStringLiteral("id"), device}, {QStringLiteral("name"), q->text(1)},
        {QStringLiteral("active"), q->int64(2) == 0},
        {QStringLiteral("lan"), QJsonDocument::fromJson(q->blob(4)).array()}};
    if (!q->isNull(3))
        data.insert(QStringLiteral("key"),
            QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
                {QStringLiteral("crv"), QStringLiteral("Ed25519")}, {QStringLiteral("x"), q->text(3)}});
    auto last = m_db->prepare("SELECT data FROM changes WHERE venue_id = ?1 AND type = 'device' AND entity_id = ?2 "
                              "ORDER BY seq DESC LIMIT 1");
    last->bind(1, venue).bind(2, device);
    if (last->next().value_or(false) && QJsonDocument::fromJson(last->blob(0)).object() == data)
        return;
    appendChange(venue, "device", device, data);
}

QJsonObject ReferenceCloud::devicePublicKey(const QString &device) const
{
    auto q = m_db->prepare("SELECT key_x, lan FROM devices WHERE id = ?1");
    q->bind(1, device);
    if (!q->next().value_or(false) || q->isNull(0))
        return {};
    return QJsonObject{
        {QStringLiteral("x"), q->text(0)}, {QStringLiteral("lan"), QJsonDocument::fromJson(q->blob(1)).array()}};
}

ReferenceCloud::Reply ReferenceCloud::pair(const Request &request)
{
    const qint64 now = nowMs();
    auto &failures = m_pairFailures[request.remote.toString()];
    failures.removeIf([now](qint64 t) { return t < now - 60000; });
    if (failures.size() >= 10) {
        Reply r = Reply::error(429, "rate_limited", QStringLiteral("too many pairing attempts; wait a minute"));
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("60")));
        return r;
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString code = body.value(QLatin1String("pairingCode")).toString();
    const QString name = body.value(QLatin1String("deviceName")).toString(QStringLiteral("Kiosk"));
    auto q = m_db->prepare("SELECT c.venue_id, v.name FROM pairing_codes c JOIN venues v ON v.id = c.venue_id "
                           "WHERE c.code = ?1 AND c.used = 0");
    q->bind(1, code);
    if (code.isEmpty() || !q->next().value_or(false)) {
        failures.append(now);
        return Reply::error(404, "unknown_code", QStringLiteral("unknown or already used pairing code"));
    }
    const QString venue = q->text(0);
    const QString venueName = q->text(1);
    run(*m_db, "UPDATE pairing_codes SET used = 1 WHERE code = ?1", code);
    const QString device = randomId("dev_");
    const QString refresh = randomId("rt_", 24);
    const QString access = randomId("at_", 24);
    run(*m_db, "INSERT INTO devices (id, venue_id, name, refresh_token) VALUES (?1, ?2, ?3, ?4)", device, venue, name,
        refresh);
    publishDevice(device);
    run(*m_db, "INSERT INTO access_tokens (token, device_id, expires_ms, refresh_token) VALUES (?1, ?2, ?3, ?4)",
        access, device, now + qint64(m_accessTtlSeconds) * 1000, refresh);
    return Reply::json(201,
        QJsonObject{{QStringLiteral("deviceId"), device}, {QStringLiteral("venueId"), venue},
            {QStringLiteral("venueName"), venueName}, {QStringLiteral("accessToken"), access},
            {QStringLiteral("refreshToken"), refresh}, {QStringLiteral("expiresIn"), m_accessTtlSeconds}});
}

ReferenceCloud::Reply ReferenceCloud::refreshToken(const Request &request)
{
    const QString refresh
        = QJsonDocument::fromJson(request.body).object().value(QLatin1String("refreshToken")).toString();
    // Rotation with proof of receipt: the previous refresh token keeps working until the pair
    // issued for it has been used. A reply lost on the way (a reset, a process killed before it
    // saved the new pair) would otherwise strand the device for good.
    auto q = m_db->prepare("SELECT id, refresh_token = ?1 FROM devices "
                           "WHERE (refresh_token = ?1 OR previous_refresh_token = ?1) AND revoked = 0");
    q->bind(1, refresh);
    if (refresh.isEmpty() || !q->next().value_or(false)) {
        ++m_refusedRefreshes;
        return Reply::error(401, "unauthorized", QStringLiteral("unknown, rotated or revoked refresh token"));
    }
    ++m_refreshes;
    const QString device = q->text(0);
    const QString newRefresh = randomId("rt_", 24);
    const QString access = randomId("at_", 24);
    if (q->int64(1) == 1)
        run(*m_db, "UPDATE devices SET previous_refresh_token = refresh_token, refresh_token = ?2 WHERE id = ?1",
            device, newRefresh);
    else
        run(*m_db, "UPDATE devices SET refresh_token = ?2 WHERE id = ?1", device, newRefresh);
    run(*m_db, "INSERT INTO access_tokens (token, device_id, expires_ms, refresh_token) VALUES (?1, ?2, ?3, ?4)",
        access, device, nowMs() + qint64(m_accessTtlSeconds) * 1000, newRefresh);
    return Reply::json(200,
        QJsonObject{{QStringLiteral("accessToken"), access}, {QStringLiteral("refreshToken"), newRefresh},
            {QStringLiteral("expiresIn"), m_accessTtlSeconds}});
}

ReferenceCloud::Reply ReferenceCloud::changes(const Request &request, const QString &venue, const QString &)
{
    bool limitOk = true;
    const QString limitText = request.query.queryItemValue(QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 1000 : limitText.toInt(&limitOk);
    if (!limitOk || limit < 1 || limit > 5000)
        return Reply::error(400, "bad_limit", QStringLiteral("limit must be 1..5000"));
    auto compactedQ = m_db->prepare("SELECT compacted_before FROM venues WHERE id = ?1");
    compactedQ->bind(1, venue);
    const qint64 compactedBefore = compactedQ->next().value_or(false) ? compactedQ->int64(0) : 0;
    const QString since = request.query.queryItemValue(QStringLiteral("since"));

    QJsonArray out;
    QString cursor;
    bool hasMore = false;
    const qint64 now = nowMs();
    if (since.isEmpty() || since.startsWith(QLatin1String("s:"))) {
        // Snapshot: the latest state of each entity as of seq H, paged by offset; resumable.
        qint64 head = headSeq(venue);
        qint64 offset = 0;
        if (!since.isEmpty()) {
            const QStringList p = since.split(QLatin1Char(':'));
            bool a = false, b = false;
            if (p.size() != 3 || (head = p[1].toLongLong(&a), !a) || (offset = p[2].toLongLong(&b), !b))
                return Reply::error(400, "bad_cursor", QStringLiteral("unparseable cursor"));
            if (head < compactedBefore)
                return Reply::error(410, "cursor_gone", QStringLiteral("snapshot too old; start again"));
        }
        const QString snapshotKey = venue + QLatin1Char(':') + QString::number(head);
        if (!m_snapshots.contains(snapshotKey)) {
            if (m_snapshots.size() > 16)
                m_snapshots.clear();
            auto all = m_db->prepare("SELECT max(seq) AS m FROM changes WHERE venue_id = ?1 AND seq <= ?2 "
                                     "GROUP BY type, entity_id ORDER BY m");
            all->bind(1, venue).bind(2, head);
            QList<qint64> seqs;
            while (all->next().value_or(false))
                seqs.append(all->int64(0));
            m_snapshots.insert(snapshotKey, seqs);
        }
        const QList<qint64> &seqs = m_snapshots[snapshotKey];
        int n = 0;
        for (qsizetype i = offset; i < seqs.size(); ++i) {
            if (n == limit) {
                hasMore = true;
                break;
            }
            ++n;
            auto q = m_db->prepare("SELECT type, data FROM changes WHERE seq = ?1");
            q->bind(1, seqs[i]);
            if (!q->next().value_or(false))
                continue;
            const QString type = q->text(0);
            const QJsonObject data = QJsonDocument::fromJson(q->blob(1)).object();
            // Only what is live: unexpired orders, active staff and devices, unvoided redemptions.
            if (type == QLatin1String("order")
                && parseRfc3339Ms(data.value(QLatin1String("expiresAt")).toString().toLatin1()).value_or(0) < now)
                continue;
            if (type == QLatin1String("staff") && !data.value(QLatin1String("active")).toBool(true))
                continue;
            if (type == QLatin1String("redemption") && data.value(QLatin1String("voided")).toBool())
                continue;
            if (type == QLatin1String("device") && !data.value(QLatin1String("active")).toBool(true))
                continue;
            out.append(QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("data"), data}});
        }
        cursor = hasMore ? QStringLiteral("s:%1:%2").arg(head).arg(offset + n) : QStringLiteral("d:%1").arg(head);
    } else if (since.startsWith(QLatin1String("d:"))) {
        bool ok = false;
        const qint64 from = since.mid(2).toLongLong(&ok);
        if (!ok)
            return Reply::error(400, "bad_cursor", QStringLiteral("unparseable cursor"));
        if (from < compactedBefore)
            return Reply::error(410, "cursor_gone", QStringLiteral("cursor too old; start a fresh snapshot"));
        auto q = m_db->prepare(
            "SELECT seq, type, data FROM changes WHERE venue_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
        q->bind(1, venue).bind(2, from).bind(3, limit + 1);
        qint64 last = from;
        int n = 0;
        while (q->next().value_or(false)) {
            if (n == limit) {
                hasMore = true;
                break;
            }
            ++n;
            last = q->int64(0);
            out.append(QJsonObject{{QStringLiteral("type"), q->text(1)},
                {QStringLiteral("data"), QJsonDocument::fromJson(q->blob(2)).object()}});
        }
        cursor = QStringLiteral("d:%1").arg(last);
    } else {
        return Reply::error(400, "bad_cursor", QStringLiteral("unparseable cursor"));
    }
    return Reply::json(200,
        QJsonObject{{QStringLiteral("changes"), out}, {QStringLiteral("cursor"), cursor},
            {QStringLiteral("hasMore"), hasMore}, {QStringLiteral("serverTime"), formatRfc3339Ms(now)}});
}

// The answer a batch endpoint gave this idempotency key before, if any: the same again, except
// that a repeated "accepted" is a "duplicate".
std::optional<QJsonObject> ReferenceCloud::previousAnswer(const QString &key) const
{
    auto prev = m_db->prepare("SELECT answer FROM answers WHERE idempotency_key = ?1");
    prev->bind(1, key);
    if (!prev->next().value_or(false))
        return std::nullopt;
    QJsonObject a = QJsonDocument::fromJson(prev->blob(0)).object();
    if (a.value(QLatin1String("status")).toString() == QLatin1String("accepted"))
        a[QStringLiteral("status")] = QStringLiteral("duplicate");
    return a;
}

ReferenceCloud::Reply ReferenceCloud::batch(const Request &request, const QString &device)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &err);
    const QJsonValue items = doc.object().value(QLatin1String("redemptions"));
    if (err.error != QJsonParseError::NoError || !items.isArray())
        return Reply::error(400, "bad_request", QStringLiteral("body must be {\"redemptions\": [...]}"));
    if (items.toArray().size() > 500)
        return Reply::error(400, "too_many", QStringLiteral("at most 500 redemptions per call"));
    if (!m_faults.poisonKey.isEmpty()) {
        for (const auto &item : items.toArray()) {
            if (item.toObject().value(QLatin1String("idempotencyKey")).toString() == m_faults.poisonKey)
                return Reply::error(400, "bad_item", QStringLiteral("injected: this batch holds a poisoned item"));
        }
    }
    auto v = m_db->prepare("SELECT venue_id FROM devices WHERE id = ?1");
    v->bind(1, device);
    const QString venue = v->next().value_or(false) ? v->text(0) : QString();
    QJsonArray results;
    (void)m_db->execScript("BEGIN", {});
    for (const auto &item : items.toArray())
        results.append(uploadOne(item.toObject(), device, venue));
    (void)m_db->execScript("COMMIT", {});
    return Reply::json(200, QJsonObject{{QStringLiteral("results"), results}});
}

// A relayed item's record ({body, sig}, base64url): decoded, of this venue, and signed by its
// maker's registered key, or why not.
Result<PeerRecord> ReferenceCloud::relayedRecord(const QJsonObject &record, const QString &venue) const
{
    const auto body = base64UrlDecodeStrict(record.value(QLatin1String("body")).toString().toLatin1());
    const auto sig = base64UrlDecodeStrict(record.value(QLatin1String("sig")).toString().toLatin1());
    if (!body || !sig)
        return Error{ErrorCode::InvalidArgument, QStringLiteral("record is not base64url")};
    const auto claimed = decodePeerRecord(*body);
    if (!claimed || claimed->venueId != venue)
        return Error{ErrorCode::InvalidArgument, QStringLiteral("record does not match the item")};
    auto k = m_db->prepare("SELECT key_x FROM devices WHERE id = ?1 AND venue_id = ?2 AND revoked = 0");
    k->bind(1, claimed->deviceId).bind(2, venue);
    const auto x = k->next().value_or(false) ? base64UrlDecodeStrict(k->text(0).toLatin1()) : std::nullopt;
    if (!x || !verifyPeerRecord(SignedPeerRecord{*body, *sig}, *x))
        return Error{ErrorCode::InvalidArgument, QStringLiteral("record not signed by an active device of this venue")};
    return *claimed;
}

QJsonObject ReferenceCloud::uploadOne(const QJsonObject &item, const QString &device, const QString &venue)
{
    const QString key = item.value(QLatin1String("idempotencyKey")).toString();
    auto answer = [&](QJsonObject a) {
        a.insert(QStringLiteral("idempotencyKey"), key);
        if (!key.isEmpty())
            run(*m_db, "INSERT OR IGNORE INTO answers (idempotency_key, answer) VALUES (?1, ?2)", key,
                QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
        return a;
    };
    auto rejected = [&](const QString &reason) {
        return answer(
            QJsonObject{{QStringLiteral("status"), QStringLiteral("rejected")}, {QStringLiteral("reason"), reason}});
    };
    if (key.isEmpty())
        return QJsonObject{{QStringLiteral("status"), QStringLiteral("rejected")},
            {QStringLiteral("reason"), QStringLiteral("missing idempotencyKey")}};
    if (auto previous = previousAnswer(key))
        return *previous;
    // A relayed item: another kiosk's redemption, signed by its maker. The record is the truth:
    // its maker's signature is checked against the key that device registered, and the
    // redemption is the maker's, whoever brought it.
    QString maker = device;
    QString recordStaff;
    std::optional<qint64> recordAt;
    QString recordOrder;
    if (item.contains(QLatin1String("record"))) {
        const auto claimed = relayedRecord(item.value(QLatin1String("record")).toObject(), venue);
        if (!claimed || claimed->kind != PeerRecord::Kind::Redeem || claimed->key != key)
            return QJsonObject{{QStringLiteral("idempotencyKey"), key},
                {QStringLiteral("status"), QStringLiteral("rejected")},
                {QStringLiteral("reason"),
                    claimed ? QStringLiteral("record does not match the item") : claimed.error().message}};
        maker = claimed->deviceId;
        recordStaff = claimed->staffId;
        recordAt = claimed->atMs;
        recordOrder = claimed->orderId;
        ++m_relayedReceived;
    }
    const auto redeemedAt
        = recordAt ? recordAt : parseRfc3339Ms(item.value(QLatin1String("redeemedAt")).toString().toLatin1());
    if (!redeemedAt)
        return rejected(QStringLiteral("redeemedAt is not an RFC 3339 time"));
    QString orderId = recordAt ? recordOrder : item.value(QLatin1String("orderId")).toString();
    const QString qrCode = item.value(QLatin1String("qrCode")).toString();
    auto q = m_db->prepare(
        "SELECT id, jti, status FROM orders WHERE venue_id = ?1 AND (id = ?2 OR (?2 = '' AND qr_code = ?3))");
    q->bind(1, venue).bind(2, orderId).bind(3, qrCode);
    if (!q->next().value_or(false))
        return rejected(QStringLiteral("unknown order"));
    orderId = q->text(0);
    const QString jti = q->text(1);
    const QString status = q->text(2);
    {
        auto rev = m_db->prepare("SELECT reason FROM revocations WHERE jti = ?1");
        rev->bind(1, item.value(QLatin1String("jti")).toString(jti));
        if (rev->next().value_or(false))
            return rejected(QStringLiteral("token revoked: ") + rev->text(0));
    }
    if (status == QLatin1String("CANCELLED") || status == QLatin1String("REFUNDED")
        || status == QLatin1String("REJECTED") || status == QLatin1String("EXPIRED"))
        return rejected(QStringLiteral("order %1").arg(status.toLower()));
    if (status == QLatin1String("PENDING"))
        return rejected(QStringLiteral("order not paid"));
    {
        auto win = m_db->prepare("SELECT id, device_id, staff_id, redeemed_ms FROM redemptions "
                                 "WHERE order_id = ?1 AND voided = 0");
        win->bind(1, orderId);
        if (win->next().value_or(false)) {
            QJsonObject winner{{QStringLiteral("deviceId"), win->text(1)},
                {QStringLiteral("redeemedAt"), formatRfc3339Ms(win->int64(3))}};
            if (!win->isNull(2))
                winner.insert(QStringLiteral("staffId"), win->text(2));
            return answer(QJsonObject{{QStringLiteral("status"), QStringLiteral("conflict")},
                {QStringLiteral("redemptionId"), win->text(0)},
                {QStringLiteral("reason"), QStringLiteral("already redeemed")}, {QStringLiteral("winner"), winner}});
        }
    }
    const QString id = randomId("red_");
    const qint64 serverMs = nowMs();
    const QString staff = recordAt ? recordStaff : item.value(QLatin1String("staffId")).toString();
    auto ins = m_db->prepare("INSERT INTO redemptions (id, venue_id, order_id, jti, device_id, staff_id, redeemed_ms, "
                             "server_ms, idempotency_key, offline, verified_by) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    ins->bind(1, id)
        .bind(2, venue)
        .bind(3, orderId)
        .bind(4, jti)
        .bind(5, maker)
        .bind(6, staff.isEmpty() ? QString() : staff)
        .bind(7, *redeemedAt)
        .bind(8, serverMs)
        .bind(9, key)
        .bind(10, item.value(QLatin1String("offline")).toBool())
        .bind(11, item.value(QLatin1String("verifiedBy")).toString());
    if (!ins->exec())
        return rejected(QStringLiteral("could not record"));
    QJsonObject data{{QStringLiteral("id"), id}, {QStringLiteral("orderId"), orderId}, {QStringLiteral("jti"), jti},
        {QStringLiteral("deviceId"), maker}, {QStringLiteral("redeemedAt"), formatRfc3339Ms(*redeemedAt)},
        {QStringLiteral("voided"), false}};
    if (!staff.isEmpty())
        data.insert(QStringLiteral("staffId"), staff);
    appendChange(venue, "redemption", id, data);
    setOrderStatus(venue, orderId, QStringLiteral("REDEEMED"));
    return answer(QJsonObject{{QStringLiteral("status"), QStringLiteral("accepted")},
        {QStringLiteral("redemptionId"), id}, {QStringLiteral("serverRedeemedAt"), formatRfc3339Ms(serverMs)}});
}

// POST /v1/redemptions/voids: a kiosk voids its own redemption by that redemption's
// idempotency key. Stable answers per void key; unknown_target is not remembered (the
// redemption may still be on its way).
ReferenceCloud::Reply ReferenceCloud::voids(const Request &request, const QString &device)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &err);
    const QJsonValue items = doc.object().value(QLatin1String("voids"));
    if (err.error != QJsonParseError::NoError || !items.isArray())
        return Reply::error(400, "bad_request", QStringLiteral("body must be {\"voids\": [...]}"));
    if (items.toArray().size() > 500)
        return Reply::error(400, "too_many", QStringLiteral("at most 500 voids per call"));
    auto venueOf = m_db->prepare("SELECT venue_id FROM devices WHERE id = ?1");
    venueOf->bind(1, device);
    const QString venue = venueOf->next().value_or(false) ? venueOf->text(0) : QString();
    QJsonArray results;
    (void)m_db->execScript("BEGIN", {});
    for (const auto &v : items.toArray()) {
        const QJsonObject item = v.toObject();
        const QString key = item.value(QLatin1String("idempotencyKey")).toString();
        const QString target = item.value(QLatin1String("target")).toString();
        auto answer = [&](QJsonObject a, bool remember) {
            a.insert(QStringLiteral("idempotencyKey"), key);
            if (remember)
                run(*m_db, "INSERT OR IGNORE INTO answers (idempotency_key, answer) VALUES (?1, ?2)", key,
                    QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
            return a;
        };
        if (key.isEmpty() || target.isEmpty()) {
            results.append(QJsonObject{{QStringLiteral("idempotencyKey"), key},
                {QStringLiteral("status"), QStringLiteral("rejected")},
                {QStringLiteral("reason"), QStringLiteral("idempotencyKey and target are required")}});
            continue;
        }
        if (auto previous = previousAnswer(key)) {
            results.append(*previous);
            continue;
        }
        // A relayed void: another kiosk's, signed by its maker, who must own the target.
        QString maker = device;
        if (item.contains(QLatin1String("record"))) {
            const auto claimed = relayedRecord(item.value(QLatin1String("record")).toObject(), venue);
            if (!claimed || claimed->kind != PeerRecord::Kind::Void || claimed->key != key
                || claimed->target != target) {
                results.append(QJsonObject{{QStringLiteral("idempotencyKey"), key},
                    {QStringLiteral("status"), QStringLiteral("rejected")},
                    {QStringLiteral("reason"),
                        claimed ? QStringLiteral("record does not match the item") : claimed.error().message}});
                continue;
            }
            maker = claimed->deviceId;
            ++m_relayedReceived;
        }
        auto q = m_db->prepare("SELECT id, voided FROM redemptions WHERE idempotency_key = ?1 AND device_id = ?2");
        q->bind(1, target).bind(2, maker);
        if (!q->next().value_or(false)) {
            results.append(
                answer(QJsonObject{{QStringLiteral("status"), QStringLiteral("unknown_target")},
                           {QStringLiteral("reason"), QStringLiteral("no redemption with this key from this device")}},
                    false));
            continue;
        }
        const QString redemptionId = q->text(0);
        if (q->int64(1) == 0)
            voidRedemption(redemptionId);
        results.append(answer(QJsonObject{{QStringLiteral("status"), QStringLiteral("accepted")}}, true));
        ++m_voidsReceived;
    }
    (void)m_db->execScript("COMMIT", {});
    return Reply::json(200, QJsonObject{{QStringLiteral("results"), results}});
}

QString ReferenceCloud::deviceVersion(const QString &device) const
{
    auto q = m_db->prepare("SELECT version FROM devices WHERE id = ?1");
    q->bind(1, device);
    return q->next().value_or(false) ? q->text(0) : QString();
}

int ReferenceCloud::voidsReceived() const
{
    return m_voidsReceived;
}

ReferenceCloud::Reply ReferenceCloud::scan(const Request &request, const QString &device)
{
    const QString code = QJsonDocument::fromJson(request.body).object().value(QLatin1String("qrCode")).toString();
    auto v = m_db->prepare("SELECT venue_id FROM devices WHERE id = ?1");
    v->bind(1, device);
    const QString venue = v->next().value_or(false) ? v->text(0) : QString();
    auto q = m_db->prepare("SELECT id FROM orders WHERE venue_id = ?1 AND qr_code = ?2");
    q->bind(1, venue).bind(2, code);
    if (code.isEmpty() || !q->next().value_or(false))
        return Reply::error(404, "unknown_code", QStringLiteral("no order with this code"));
    const QJsonObject o = orderJson(venue, q->text(0));
    return Reply::json(200,
        QJsonObject{{QStringLiteral("redemptionId"), o.value(QLatin1String("id"))},
            {QStringLiteral("orderId"), o.value(QLatin1String("id"))},
            {QStringLiteral("recipient"), o.value(QLatin1String("recipient"))},
            {QStringLiteral("amount"), o.value(QLatin1String("amount"))},
            {QStringLiteral("currency"), o.value(QLatin1String("currency"))},
            {QStringLiteral("drinks"), o.value(QLatin1String("drinks"))},
            {QStringLiteral("status"), o.value(QLatin1String("status"))}, {QStringLiteral("order"), o}});
}

ReferenceCloud::Reply ReferenceCloud::routeAdmin(const Request &request, const QStringList &parts)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    auto is
        = [&](const char *method, int size) { return request.method == QLatin1String(method) && parts.size() == size; };
    // /admin/faults
    if (is("POST", 2) && parts[1] == QLatin1String("faults")) {
        QString error;
        const auto f = CloudFaults::fromJson(body, &error);
        if (!f)
            return Reply::error(400, "bad_faults", error);
        setFaults(*f);
        return Reply::json(200, f->toJson());
    }
    if (is("GET", 2) && parts[1] == QLatin1String("faults"))
        return Reply::json(200, m_faults.toJson());
    if (is("GET", 2) && parts[1] == QLatin1String("stats"))
        return Reply::json(200,
            QJsonObject{{QStringLiteral("refreshes"), m_refreshes},
                {QStringLiteral("refusedRefreshes"), m_refusedRefreshes}, {QStringLiteral("voids"), m_voidsReceived},
                {QStringLiteral("relayed"), m_relayedReceived}, {QStringLiteral("stalled"), m_stalled}});
    // /admin/venues
    if (is("POST", 2) && parts[1] == QLatin1String("venues")) {
        const QString id = body.value(QLatin1String("id")).toString(randomId("ven_"));
        const QString kid = createVenue(id, body.value(QLatin1String("name")).toString(id));
        return Reply::json(201, QJsonObject{{QStringLiteral("venueId"), id}, {QStringLiteral("kid"), kid}});
    }
    if (is("GET", 3) && parts[1] == QLatin1String("devices")) {
        auto q = m_db->prepare(
            "SELECT id, venue_id, name, revoked, version, lan, reported_ms, key_x FROM devices WHERE id = ?1");
        q->bind(1, parts[2]);
        if (!q->next().value_or(false))
            return Reply::error(404, "not_found", QStringLiteral("no such device"));
        return Reply::json(200,
            QJsonObject{{QStringLiteral("id"), q->text(0)}, {QStringLiteral("venueId"), q->text(1)},
                {QStringLiteral("name"), q->text(2)}, {QStringLiteral("revoked"), q->int64(3) != 0},
                {QStringLiteral("version"), q->isNull(4) ? QJsonValue() : QJsonValue(q->text(4))},
                {QStringLiteral("lan"), QJsonDocument::fromJson(q->text(5).toUtf8()).array()},
                {QStringLiteral("reportedAt"), q->isNull(6) ? QJsonValue() : QJsonValue(formatRfc3339Ms(q->int64(6)))},
                {QStringLiteral("key"), q->isNull(7) ? QJsonValue() : QJsonValue(q->text(7))}});
    }
    if (parts.size() >= 4 && parts[1] == QLatin1String("devices") && parts[3] == QLatin1String("revoke"))
        return revokeDevice(parts[2]) ? Reply::json(200, {})
                                      : Reply::error(404, "not_found", QStringLiteral("no such device"));
    if (parts.size() >= 4 && parts[1] == QLatin1String("redemptions") && parts[3] == QLatin1String("void"))
        return voidRedemption(parts[2]) ? Reply::json(200, {})
                                        : Reply::error(404, "not_found", QStringLiteral("no such live redemption"));
    if (parts.size() < 4 || parts[1] != QLatin1String("venues"))
        return Reply::error(404, "not_found", QStringLiteral("no such admin route"));
    const QString venue = parts[2];
    const QString what = parts[3];
    if (is("POST", 4) && what == QLatin1String("pairing-codes")) {
        // The code, and the setup code a kiosk scans to pair (sync/setupcode.h), as text and as
        // a QR code (SVG) for the dashboard to show. `setupVersion` makes a setup code of
        // another format (tests of a kiosk that must refuse a newer one).
        const QString code = pairingCode(venue);
        const QByteArray setup = setupCodeText(code, body.value(QLatin1String("setupVersion")).toInt(1));
        return Reply::json(201,
            QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("setupCode"), QString::fromUtf8(setup)},
                {QStringLiteral("setupSvg"), QString::fromUtf8(setupCodeSvg(setup))}});
    }
    if (is("POST", 4) && what == QLatin1String("staff")) {
        addStaff(venue, body.value(QLatin1String("id")).toString(randomId("stf_")),
            body.value(QLatin1String("name")).toString(),
            body.value(QLatin1String("role")).toString(QStringLiteral("bartender")),
            body.value(QLatin1String("pin")).toString(QStringLiteral("0000")));
        return Reply::json(201, {});
    }
    if (is("POST", 4) && what == QLatin1String("orders")) {
        OrderSpec spec;
        spec.id = body.value(QLatin1String("id")).toString();
        spec.recipient = body.value(QLatin1String("recipient")).toString(spec.recipient);
        spec.phone4 = body.value(QLatin1String("ph4")).toString(spec.phone4);
        spec.amount = body.value(QLatin1String("amount")).toInteger(spec.amount);
        spec.currency = body.value(QLatin1String("currency")).toString(spec.currency);
        spec.status = body.value(QLatin1String("status")).toString(spec.status);
        spec.qrCode = body.value(QLatin1String("qrCode")).toString();
        spec.lifetimeSeconds = body.value(QLatin1String("lifetimeSeconds")).toInteger(spec.lifetimeSeconds);
        // "form": the code the answer's "token" holds; "tokens" always has both.
        const QString form = body.value(QLatin1String("form")).toString(QStringLiteral("dk1"));
        if (form != QLatin1String("dk1") && form != QLatin1String("jws"))
            return Reply::error(
                400, "bad_form", QStringLiteral("form must be \"dk1\" or \"jws\", not \"%1\"").arg(form));
        spec.form = form == QLatin1String("jws") ? TokenForm::Jws : TokenForm::Dk1;
        if (body.value(QLatin1String("drinks")).isArray()) {
            spec.drinks.clear();
            for (const auto &d : body.value(QLatin1String("drinks")).toArray())
                spec.drinks.append({d.toObject().value(QLatin1String("name")).toString(),
                    d.toObject().value(QLatin1String("qty")).toInt(1)});
        }
        const MintedOrder m = createOrder(venue, spec);
        return Reply::json(201,
            QJsonObject{{QStringLiteral("order"), m.order}, {QStringLiteral("token"), QString::fromLatin1(m.token)},
                {QStringLiteral("tokens"),
                    QJsonObject{{QStringLiteral("dk1"), QString::fromLatin1(m.compact)},
                        {QStringLiteral("jws"), QString::fromLatin1(m.jws)}}}});
    }
    if (is("POST", 5) && what == QLatin1String("orders")) {
        const QString status = body.value(QLatin1String("status")).toString();
        const bool ok
            = status == QLatin1String("REFUNDED") ? refund(venue, parts[4]) : setOrderStatus(venue, parts[4], status);
        return ok ? Reply::json(200, orderJson(venue, parts[4]))
                  : Reply::error(404, "not_found", QStringLiteral("no such order"));
    }
    if (is("POST", 5) && what == QLatin1String("keys") && parts[4] == QLatin1String("rotate"))
        return Reply::json(201, QJsonObject{{QStringLiteral("kid"), rotateKey(venue)}});
    if (is("POST", 6) && what == QLatin1String("keys") && parts[5] == QLatin1String("revoke"))
        return revokeKey(venue, parts[4]) ? Reply::json(200, {})
                                          : Reply::error(404, "not_found", QStringLiteral("no such key"));
    if (is("POST", 4) && what == QLatin1String("compact")) {
        compact(venue);
        return Reply::json(200, QJsonObject{{QStringLiteral("compactedBefore"), headSeq(venue)}});
    }
    if (is("GET", 4) && what == QLatin1String("redemptions")) {
        QJsonArray a;
        for (const auto &r : redemptions(venue))
            a.append(r);
        return Reply::json(200, QJsonObject{{QStringLiteral("redemptions"), a}});
    }
    return Reply::error(404, "not_found", QStringLiteral("no such admin route"));
}

} // namespace kiosk::test
