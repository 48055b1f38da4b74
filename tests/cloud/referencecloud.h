#pragma once
// The reference cloud: the whole cloud-api.md contract on loopback, for tests, benchmarks and
// the demo. QAbstractHttpServer gives each request's socket, so faults can be injected the way
// real networks produce them (resets, truncated bodies, garbage, 5xx, 429, latency, outages).
// It mints signed tokens (it holds the venues' private keys; the kiosk never does).

#include "peerrecord.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpSocket;
class QWebSocket;

namespace kiosk {
class SqliteDb;
}

namespace kiosk::test {

struct CloudFaults
{
    int latencyMs = 0;
    double errorRate = 0; // 503 with an error envelope
    double rateLimitRate = 0; // 429 with Retry-After
    int retryAfterSeconds = 1;
    double resetRate = 0; // connection reset before any answer
    double truncateRate = 0; // headers promise more body than is sent
    double garbageRate = 0; // 200 with a body that is not JSON
    bool outage = false; // every API request is reset
    bool stall = false; // every faulty request is held open and never answered (a black hole)
    QString pathPrefix; // only requests under this path (empty: every API path)
    QString poisonKey; // a batch holding this idempotency key is refused whole (400)
    // Every faulty request is answered with this status (a deploy's 404, a moved host's 301, a
    // proxy's 502...), with an error envelope, or an HTML page when `htmlBody`.
    int forceStatus = 0;
    bool htmlBody = false;
    quint32 seed = 1;

    static std::optional<CloudFaults> fromJson(const QJsonObject &o, QString *error);
    QJsonObject toJson() const;
};

// The form of a minted signed code: DK1, the app's form from v2 on, or the older app's JWS. The
// kiosk accepts both; one order's two forms share one jti.
enum class TokenForm { Dk1, Jws };

struct MintedOrder
{
    QJsonObject order; // as the feed carries it
    QByteArray token; // the signed QR text in the form the order asked for
    QByteArray compact; // the same claims as a DK1 code
    QByteArray jws; // and as a JWS
};

struct OrderSpec
{
    QString id; // generated when empty
    QString recipient = QStringLiteral("Alex M.");
    QString phone4 = QStringLiteral("0142");
    QList<QPair<QString, int>> drinks{{QStringLiteral("Negroni"), 1}};
    qint64 amount = 1400;
    QString currency = QStringLiteral("USD");
    QString status = QStringLiteral("PAID");
    QString qrCode; // legacy code; none when empty
    qint64 lifetimeSeconds = 86400;
    TokenForm form = TokenForm::Dk1; // the form of MintedOrder::token
};

class ReferenceCloud : public QAbstractHttpServer
{
    Q_OBJECT
public:
    explicit ReferenceCloud(QObject *parent = nullptr);
    ~ReferenceCloud() override;

    // Listens on 127.0.0.1 only. Returns the port, 0 on failure.
    quint16 listenLocal(quint16 port = 0);
    // Listens on `address`: 0.0.0.0 for kiosks on a test network (network namespaces), while
    // the admin routes still answer on 127.0.0.1 only. Returns the port, 0 on failure.
    quint16 listenOn(const QHostAddress &address, quint16 port = 0);
    QUrl url() const;

    // Administration, also exposed under /admin/ for out-of-process use.
    QString createVenue(const QString &id, const QString &name); // returns the signing key id
    QString pairingCode(const QString &venue);
    // The setup code a kiosk scans (sync/setupcode.h) for `code` on this server, and as a QR code.
    QByteArray setupCodeText(const QString &code, int version = 1) const;
    static QByteArray setupCodeSvg(const QByteArray &setupCode);
    MintedOrder createOrder(const QString &venue, const OrderSpec &spec);
    bool setOrderStatus(const QString &venue, const QString &orderId, const QString &status);
    bool refund(const QString &venue, const QString &orderId);
    void addStaff(
        const QString &venue, const QString &id, const QString &name, const QString &role, const QString &pin);
    QString rotateKey(const QString &venue);
    bool revokeKey(const QString &venue, const QString &kid);
    bool revokeDevice(const QString &deviceId);
    bool voidRedemption(const QString &redemptionId);
    // Voids the kiosks reported (POST /v1/redemptions/voids) that the cloud accepted.
    int voidsReceived() const;
    // What PUT /v1/devices/me told about `device` (empty: nothing yet), how many such reports
    // were accepted in all, and how many arrived (refused ones too).
    QString deviceVersion(const QString &device) const;
    int deviceReports() const { return m_deviceReports; }
    // Batch items that arrived relayed (another kiosk's signed record), accepted or not.
    int relayedReceived() const { return m_relayedReceived; }
    // The device key (`x`, base64url) and LAN addresses (`lan`) the device registered; empty
    // when it registered no key.
    QJsonObject devicePublicKey(const QString &device) const;
    int deviceReportAttempts() const { return m_deviceReportAttempts; }
    // Refresh-token rotations the cloud performed, and refreshes it refused.
    int refreshes() const { return m_refreshes; }
    int refusedRefreshes() const { return m_refusedRefreshes; }
    // Cursors older than the venue's current head become 410 Gone.
    void compact(const QString &venue);
    qint64 headSeq(const QString &venue) const;
    void setAccessTokenLifetime(int seconds) { m_accessTtlSeconds = seconds; }
    void setFaults(const CloudFaults &faults);
    CloudFaults faults() const { return m_faults; }
    // Every redemption of the venue: {id, orderId, deviceId, idempotencyKey, voided, …}.
    QList<QJsonObject> redemptions(const QString &venue) const;
    // How many batch answers of each status ("accepted", "conflict", …) the cloud has given.
    QHash<QString, int> answerCounts() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Request;
    struct Reply;
    void process(const Request &request, QPointer<QTcpSocket> socket);
    Reply route(const Request &request);
    Reply routeAdmin(const Request &request, const QStringList &parts);
    Reply pair(const Request &request);
    Reply reportDevice(const Request &request, const QString &device);
    void publishDevice(const QString &device);
    Reply refreshToken(const Request &request);
    Reply changes(const Request &request, const QString &venue, const QString &device);
    Reply batch(const Request &request, const QString &device);
    Reply voids(const Request &request, const QString &device);
    std::optional<QJsonObject> previousAnswer(const QString &key) const;
    Reply scan(const Request &request, const QString &device);
    std::optional<QString> authenticate(const Request &request, QString *venue) const;
    QJsonObject uploadOne(const QJsonObject &item, const QString &device, const QString &venue);
    Result<PeerRecord> relayedRecord(const QJsonObject &record, const QString &venue) const;
    void appendChange(const QString &venue, const char *type, const QString &entityId, const QJsonObject &data);
    QJsonObject orderJson(const QString &venue, const QString &id) const;
    void onWebSocket();
    void writeReply(QTcpSocket *socket, const Request &request, const Reply &reply);

    std::unique_ptr<SqliteDb> m_db;
    CloudFaults m_faults;
    QRandomGenerator m_rng;
    int m_accessTtlSeconds = 3600;
    QHash<QString, QList<QPointer<QWebSocket>>> m_live; // venue → sockets
    QHash<QString, QList<qint64>> m_pairFailures; // remote address → failure times
    // Snapshot pages slice one list of change seqs per (venue, head): computed once, not per page.
    QHash<QString, QList<qint64>> m_snapshots;
    QHostAddress m_address;
    quint16 m_port = 0;
    int m_voidsReceived = 0;
    int m_deviceReports = 0;
    int m_deviceReportAttempts = 0;
    int m_stalled = 0; // requests held open by the stall fault
    int m_relayedReceived = 0; // batch items that carried another kiosk's signed record
    int m_refreshes = 0;
    int m_refusedRefreshes = 0;
};

} // namespace kiosk::test
