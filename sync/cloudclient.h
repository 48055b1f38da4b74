#pragma once
// Client for the cloud API (cloud-api.md) over Qt Network: per-request timeouts, gzip
// (QNetworkAccessManager decompresses), the error envelope, Retry-After, bearer auth with one
// automatic refresh on 401 (refresh tokens rotate), TLS verification always on, plain http
// only to loopback unless explicitly allowed, and a ceiling on response sizes.

#include "outbox.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkReply;

namespace kiosk::sync {

struct ApiError
{
    enum class Kind {
        Transport, // refused, reset, DNS, TLS, truncated: the network
        Timeout,
        Server, // 5xx
        RateLimited, // 429
        Gone, // 410: cursor too old
        Unauthorized, // 401 that a refresh could not cure: the device needs pairing again
        Permanent, // other 4xx: this request will never succeed as it is
        BadResponse, // unparseable, wrong shape, or larger than allowed
        Config, // refused before sending (insecure URL, not paired), or a 3xx: the URL is wrong
    };
    Kind kind = Kind::Transport;
    int httpStatus = 0;
    QString code; // the envelope's error.code
    QString message;
    std::optional<int> retryAfterMs;

    bool transient() const
    {
        return kind == Kind::Transport || kind == Kind::Timeout || kind == Kind::Server || kind == Kind::RateLimited
            || kind == Kind::BadResponse || httpStatus == 408;
    }
    // The cloud could not be reached (network, timeout, 5xx, 429): what switches online
    // confirmation off. An answer the kiosk did not like (a 4xx, a bad body) means it was reached.
    bool unreachable() const
    {
        return kind == Kind::Transport || kind == Kind::Timeout || kind == Kind::Server || kind == Kind::RateLimited;
    }
    QString describe() const;
};

struct Credentials
{
    QString deviceId;
    QString accessToken;
    QString refreshToken;
    bool isEmpty() const { return refreshToken.isEmpty(); }
};

struct PairResult
{
    QString deviceId;
    QString venueId;
    QString venueName;
    Credentials credentials;
};

// Where the credentials live when several processes share them (the database): the client
// re-reads them before it refreshes and before it gives up, and refreshes only while it holds
// the lease, so two processes never spend the same rotating refresh token.
struct CredentialStore
{
    std::function<std::optional<Credentials>()> load;
    // True when this client now holds the refresh lease (for `leaseMs`).
    std::function<bool(const QString &owner, int leaseMs)> acquireLease;
    // Saves rotated credentials and releases the lease, in one transaction.
    std::function<bool(const QString &owner, const Credentials &credentials)> saveAndRelease;
    std::function<void(const QString &owner)> release;
};

struct ClientOptions
{
    int requestTimeoutMs = 10000;
    qint64 maxResponseBytes = 64 * 1024 * 1024;
    bool allowInsecureHttp = false; // plain http:// to a non-loopback host
    // How long a refresh may hold the lease: the request's timeout and a margin. A process that
    // dies holding it stalls the others at most this long.
    int refreshLeaseMs = 15000;
    int leasePollMs = 100;
};

class CloudClient : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(std::optional<T>, std::optional<ApiError>)>;

    CloudClient(const QUrl &baseUrl, const ClientOptions &options, QObject *parent = nullptr);

    // Why this URL may not be used (insecure http to a remote host, bad scheme), if it may not.
    static std::optional<QString> urlProblem(const QUrl &url, bool allowInsecureHttp);

    QUrl baseUrl() const { return m_base; }
    void setCredentials(const Credentials &c) { m_credentials = c; }
    const Credentials &credentials() const { return m_credentials; }
    void setCredentialStore(CredentialStore store) { m_store = std::move(store); }
    // A refresh request is on the wire (a process must not exit now: the rotated token would
    // be lost). Waiting for another process's lease does not count: nothing is in flight.
    bool refreshing() const { return m_refreshInFlight; }
    // The process is stopping: every request on the wire but a token refresh is abandoned, and
    // new ones fail at once ("stopping"). The refresh is left to finish (its reply holds the
    // rotated token), bounded by the request timeout.
    void shutDown();
    bool isShutDown() const { return m_shutDown; }
    // Adopts the stored credentials when another process has rotated them; true if it did.
    bool adoptStoredCredentials();

    void pair(const QString &pairingCode, const QString &deviceName, Callback<PairResult> done);
    // The raw /changes body: the caller validates it with core's strict feed parser.
    void changes(const QString &venueId, const QString &cursor, int limit, Callback<QByteArray> done);
    void uploadBatch(const QList<OutboxItem> &items, bool offline, Callback<QList<UploadResult>> done);
    void uploadVoids(const QList<VoidItem> &items, Callback<QList<VoidResult>> done);
    void scanLegacy(const QString &qrCode, Callback<QJsonObject> done);
    // PUT /v1/devices/me: what the kiosk tells the cloud about itself (its version).
    void reportDevice(const QJsonObject &fields, Callback<bool> done);
    QUrl liveUrl(const QString &venueId) const;

Q_SIGNALS:
    // Tokens rotated: persist them, the old refresh token no longer works.
    void credentialsChanged(const kiosk::sync::Credentials &credentials);
    // A refresh was refused: the device was revoked or its tokens are gone.
    void pairingLost(const QString &why);
    void refreshFinished();

private:
    using RawCallback = std::function<void(int status, QByteArray body, std::optional<ApiError>)>;
    // The reply on the wire, or null when the request failed before it was sent. A 401 on an
    // authorised request refreshes the tokens and sends it again, at most `refreshRounds` times.
    QNetworkReply *send(const QByteArray &method, const QString &path, const QByteArray &body, bool auth,
        int refreshRounds, RawCallback done);
    void refreshThen(std::function<void(std::optional<ApiError>)> next);
    void startRefresh();
    void postForResults(const QString &path, const QByteArray &body, Callback<QJsonArray> done);
    void finishRefresh(std::optional<ApiError> error);
    static std::optional<ApiError> classify(QNetworkReply *reply, int status, const QByteArray &body, bool tooLarge);

    QUrl m_base;
    ClientOptions m_options;
    QNetworkAccessManager m_nam;
    Credentials m_credentials;
    bool m_refreshing = false;
    bool m_refreshInFlight = false;
    bool m_shutDown = false;
    QPointer<QNetworkReply> m_refreshReply;
    CredentialStore m_store;
    QString m_leaseOwner;
    int m_leaseWaits = 0;
    QList<std::function<void(std::optional<ApiError>)>> m_waitingForRefresh;
};

} // namespace kiosk::sync
