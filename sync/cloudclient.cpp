#include "cloudclient.h"
#include "base64url.h"

#include "synclogging_p.h"

#include "timeutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

namespace kiosk::sync {

namespace {

std::optional<int> parseRetryAfter(const QByteArray &value)
{
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const int seconds = value.trimmed().toInt(&ok);
    if (ok && seconds >= 0)
        return seconds * 1000;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (at.isValid())
        return int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at)));
    return std::nullopt;
}

QString jsonString(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// How often a request answered 401 refreshes the tokens and is sent again.
constexpr int kRefreshRounds = 3;

// A relayed item's proof: the maker's record and signature, as they travel (cloud-api.md,
// "Device roster").
QJsonObject recordJson(const QByteArray &body, const QByteArray &signature)
{
    return QJsonObject{{QStringLiteral("body"), QString::fromLatin1(base64UrlEncode(body))},
        {QStringLiteral("sig"), QString::fromLatin1(base64UrlEncode(signature))}};
}

} // namespace

QString ApiError::describe() const
{
    QString what;
    switch (kind) {
    case Kind::Transport:
        what = QStringLiteral("network error");
        break;
    case Kind::Timeout:
        what = QStringLiteral("timed out");
        break;
    case Kind::Server:
        what = QStringLiteral("server error");
        break;
    case Kind::RateLimited:
        what = QStringLiteral("rate limited");
        break;
    case Kind::Gone:
        what = QStringLiteral("cursor expired");
        break;
    case Kind::Unauthorized:
        what = QStringLiteral("not authorised (pair the kiosk again)");
        break;
    case Kind::Permanent:
        what = QStringLiteral("refused");
        break;
    case Kind::BadResponse:
        what = QStringLiteral("bad response");
        break;
    case Kind::Config:
        what = QStringLiteral("configuration");
        break;
    }
    QString text = httpStatus ? QStringLiteral("%1 (HTTP %2)").arg(what).arg(httpStatus) : what;
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    return text;
}

CloudClient::CloudClient(const QUrl &baseUrl, const ClientOptions &options, QObject *parent)
    : QObject(parent)
    , m_base(baseUrl)
    , m_options(options)
{
    // Redirects could silently downgrade to http or leave the venue's cloud: never follow them.
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_leaseOwner = QStringLiteral("%1-%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

bool CloudClient::adoptStoredCredentials()
{
    if (!m_store.load)
        return false;
    const auto stored = m_store.load();
    if (!stored || stored->isEmpty()
        || (stored->refreshToken == m_credentials.refreshToken && stored->accessToken == m_credentials.accessToken))
        return false;
    m_credentials.accessToken = stored->accessToken;
    m_credentials.refreshToken = stored->refreshToken;
    qCInfo(lcSync) << "adopted credentials another process refreshed";
    return true;
}

std::optional<QString> CloudClient::urlProblem(const QUrl &url, bool allowInsecureHttp)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("'%1' is not a valid server URL").arg(url.toString());
    if (url.scheme() == QLatin1String("https"))
        return std::nullopt;
    if (url.scheme() != QLatin1String("http"))
        return QStringLiteral("the server URL must start with https:// (got '%1')").arg(url.scheme());
    const QHostAddress address(url.host());
    const bool loopback = url.host() == QLatin1String("localhost") || (!address.isNull() && address.isLoopback());
    if (loopback || allowInsecureHttp)
        return std::nullopt;
    return QStringLiteral("refusing plain http:// to %1: use https://, or allow insecure http explicitly")
        .arg(url.host());
}

QUrl CloudClient::liveUrl(const QString &venueId) const
{
    QUrl u = m_base;
    u.setScheme(m_base.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    u.setPath(QStringLiteral("/v1/venues/%1/live").arg(venueId));
    return u;
}

QNetworkReply *CloudClient::send(const QByteArray &method, const QString &path, const QByteArray &body, bool auth,
    int refreshRounds, RawCallback done)
{
    if (m_shutDown) {
        // Answered on the next turn of the event loop, as a reply would be: the caller may be
        // in the middle of its own bookkeeping.
        QMetaObject::invokeMethod(
            this,
            [done] {
                done(0, {}, ApiError{ApiError::Kind::Transport, 0, {}, QStringLiteral("stopping"), std::nullopt});
            },
            Qt::QueuedConnection);
        return nullptr;
    }
    if (auto problem = urlProblem(m_base, m_options.allowInsecureHttp)) {
        done(0, {}, ApiError{ApiError::Kind::Config, 0, {}, *problem, std::nullopt});
        return nullptr;
    }
    QUrl url = m_base;
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    url.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_options.requestTimeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (auth)
        request.setRawHeader("Authorization", "Bearer " + m_credentials.accessToken.toUtf8());
    QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
    auto buffer = std::make_shared<QByteArray>();
    auto tooLarge = std::make_shared<bool>(false);
    const qint64 max = m_options.maxResponseBytes;
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, tooLarge, max] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > max && !reply->rawHeader("Content-Encoding").contains("gzip")) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, reply, [reply, buffer, tooLarge, max] {
        buffer->append(reply->readAll());
        if (buffer->size() > max) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [=, this] {
        reply->deleteLater();
        if (!*tooLarge)
            buffer->append(reply->readAll());
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        std::optional<ApiError> error = classify(reply, status, *buffer, *tooLarge);
        if (error && status == 401 && auth && refreshRounds > 0) {
            // Expired, or made stale by another process on this database that refreshed since
            // (the cloud keeps one access token per device). Only the refresh endpoint's own
            // refusal says the kiosk was revoked.
            refreshThen([=, this](std::optional<ApiError> refreshError) {
                if (refreshError)
                    done(status, {}, refreshError);
                else
                    send(method, path, body, auth, refreshRounds - 1, done);
            });
            return;
        }
        if (error && status == 401 && auth && refreshRounds == 0) {
            // Fresh tokens refused again and again: other processes keep rotating them, or the
            // cloud misbehaves. Try later rather than declare the kiosk unpaired.
            error->kind = ApiError::Kind::Transport;
            error->message
                = QStringLiteral("the cloud refused freshly refreshed access tokens %1 times").arg(kRefreshRounds);
        }
        done(status, *buffer, error);
    });
    return reply;
}

void CloudClient::shutDown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    for (QNetworkReply *reply : m_nam.findChildren<QNetworkReply *>()) {
        if (reply != m_refreshReply && reply->isRunning())
            reply->abort();
    }
}

std::optional<ApiError> CloudClient::classify(QNetworkReply *reply, int status, const QByteArray &body, bool tooLarge)
{
    ApiError e;
    e.httpStatus = status;
    if (tooLarge) {
        e.kind = ApiError::Kind::BadResponse;
        e.message = QStringLiteral("response larger than allowed");
        return e;
    }
    if (status == 0) {
        const auto err = reply->error();
        e.kind = err == QNetworkReply::OperationCanceledError || err == QNetworkReply::TimeoutError
            ? ApiError::Kind::Timeout
            : ApiError::Kind::Transport;
        e.message = reply->errorString();
        return e;
    }
    const QJsonObject envelope = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    e.code = envelope.value(QLatin1String("code")).toString();
    e.message = envelope.value(QLatin1String("message")).toString();
    if (status >= 300 && status < 400) {
        // Never followed (it could leave the venue's cloud or drop TLS): the configured URL is
        // wrong or a proxy is in the way. Nothing about the request itself.
        e.kind = ApiError::Kind::Config;
        const QByteArray location = reply->rawHeader("Location");
        e.message
            = QStringLiteral("the server answered with a redirect (HTTP %1%2); check the server URL")
                  .arg(status)
                  .arg(location.isEmpty() ? QString()
                                          : QStringLiteral(" to %1").arg(QString::fromLatin1(location.left(200))));
        return e;
    }
    if (status >= 200 && status < 300) {
        // A 2xx whose body was cut short (or reset mid-way) is a network failure, not data.
        if (reply->error() != QNetworkReply::NoError) {
            e.kind = ApiError::Kind::Transport;
            e.message = QStringLiteral("response cut short: ") + reply->errorString();
            return e;
        }
        return std::nullopt;
    }
    if (e.message.isEmpty())
        e.message = QStringLiteral("HTTP %1").arg(status);
    e.retryAfterMs = parseRetryAfter(reply->rawHeader("Retry-After"));
    if (status == 401)
        e.kind = ApiError::Kind::Unauthorized;
    else if (status == 410)
        e.kind = ApiError::Kind::Gone;
    else if (status == 429)
        e.kind = ApiError::Kind::RateLimited;
    else if (status >= 500)
        e.kind = ApiError::Kind::Server;
    else if (status == 408 || status == 409)
        e.kind = ApiError::Kind::Transport; // retry: not a verdict on the request itself
    else
        e.kind = ApiError::Kind::Permanent;
    return e;
}

void CloudClient::refreshThen(std::function<void(std::optional<ApiError>)> next)
{
    m_waitingForRefresh.append(std::move(next));
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_leaseWaits = 0;
    startRefresh();
}

void CloudClient::startRefresh()
{
    if (m_shutDown) {
        // Stopping while waiting for another process's lease: nothing is on the wire, give up.
        finishRefresh(ApiError{ApiError::Kind::Transport, 0, {}, QStringLiteral("stopping"), {}});
        return;
    }
    // Another process may already have rotated the tokens: then ours are dead and theirs work.
    if (adoptStoredCredentials()) {
        finishRefresh(std::nullopt);
        return;
    }
    if (m_store.acquireLease && !m_store.acquireLease(m_leaseOwner, m_options.refreshLeaseMs)) {
        // Someone else is refreshing: wait for them (their lease is bounded), then look again.
        if (++m_leaseWaits * m_options.leasePollMs > 2 * m_options.refreshLeaseMs) {
            finishRefresh(ApiError{ApiError::Kind::Timeout, 0, {},
                QStringLiteral("another process held the refresh lease for too long"), {}});
            return;
        }
        QTimer::singleShot(m_options.leasePollMs, this, &CloudClient::startRefresh);
        return;
    }
    // Holding the lease: one last look, since the previous holder may have just finished.
    if (adoptStoredCredentials()) {
        if (m_store.release)
            m_store.release(m_leaseOwner);
        finishRefresh(std::nullopt);
        return;
    }
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("refreshToken"), m_credentials.refreshToken}})
                                .toJson(QJsonDocument::Compact);
    m_refreshInFlight = true;
    m_refreshReply = send("POST", QStringLiteral("/auth/refresh-token"), body, false, 0,
        [this](int status, QByteArray reply, std::optional<ApiError> error) {
            m_refreshInFlight = false;
            if (!error) {
                const QJsonObject o = QJsonDocument::fromJson(reply).object();
                const QString access = jsonString(o, "accessToken");
                const QString refresh = jsonString(o, "refreshToken");
                if (access.isEmpty() || refresh.isEmpty()) {
                    error = ApiError{
                        ApiError::Kind::BadResponse, status, {}, QStringLiteral("refresh answer without tokens"), {}};
                } else {
                    m_credentials.accessToken = access;
                    m_credentials.refreshToken = refresh;
                    // The rotated token exists only in this reply until it is saved: save it
                    // before anything else can happen.
                    if (m_store.saveAndRelease && !m_store.saveAndRelease(m_leaseOwner, m_credentials))
                        qCWarning(lcSync) << "could not save the refreshed credentials";
                    qCInfo(lcSync) << "access token refreshed";
                    Q_EMIT credentialsChanged(m_credentials);
                }
            }
            if (error && m_store.release)
                m_store.release(m_leaseOwner);
            if (error && (error->httpStatus == 401 || error->httpStatus == 403)) {
                // Refused. Before giving up, look again: a process that refreshed between our
                // read and our request made our token stale, not the device revoked.
                if (adoptStoredCredentials()) {
                    finishRefresh(std::nullopt);
                    return;
                }
                error->kind = ApiError::Kind::Unauthorized;
                qCWarning(lcSync) << "the cloud refused this kiosk's refresh token; it needs pairing again";
                Q_EMIT pairingLost(error->describe());
            }
            finishRefresh(error);
        });
}

void CloudClient::finishRefresh(std::optional<ApiError> error)
{
    m_refreshing = false;
    const auto waiting = std::exchange(m_waitingForRefresh, {});
    for (const auto &w : waiting)
        w(error);
    Q_EMIT refreshFinished();
}

void CloudClient::pair(const QString &pairingCode, const QString &deviceName, Callback<PairResult> done)
{
    const QByteArray body = QJsonDocument(
        QJsonObject{{QStringLiteral("pairingCode"), pairingCode},
            {QStringLiteral("deviceName"),
                deviceName}}).toJson(QJsonDocument::Compact);
    send("POST", QStringLiteral("/v1/devices/pair"), body, false, 0,
        [done](int status, QByteArray reply, std::optional<ApiError> error) {
            if (error) {
                if (status == 404)
                    error->message = QStringLiteral("unknown or already used pairing code");
                done(std::nullopt, error);
                return;
            }
            const QJsonObject o = QJsonDocument::fromJson(reply).object();
            PairResult r;
            r.deviceId = jsonString(o, "deviceId");
            r.venueId = jsonString(o, "venueId");
            r.venueName = jsonString(o, "venueName");
            r.credentials = Credentials{r.deviceId, jsonString(o, "accessToken"), jsonString(o, "refreshToken")};
            if (r.deviceId.isEmpty() || r.venueId.isEmpty() || r.credentials.accessToken.isEmpty()
                || r.credentials.refreshToken.isEmpty()) {
                done(std::nullopt,
                    ApiError{ApiError::Kind::BadResponse, status, {},
                        QStringLiteral("pairing answer lacks device, venue or tokens"), {}});
                return;
            }
            done(r, std::nullopt);
        });
}

void CloudClient::changes(const QString &venueId, const QString &cursor, int limit, Callback<QByteArray> done)
{
    QUrlQuery query;
    if (!cursor.isEmpty())
        query.addQueryItem(QStringLiteral("since"), cursor);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    send("GET", QStringLiteral("/v1/venues/%1/changes?%2").arg(venueId, query.toString(QUrl::FullyEncoded)), {}, true,
        kRefreshRounds, [done](int, QByteArray body, std::optional<ApiError> error) {
            if (error)
                done(std::nullopt, error);
            else
                done(body, std::nullopt);
        });
}

void CloudClient::postForResults(const QString &path, const QByteArray &body, Callback<QJsonArray> done)
{
    // Batch endpoints answer {"results": [...]}, one per item; anything else is a bad response
    // for the whole request (the items stay queued).
    send("POST", path, body, true, kRefreshRounds, [done](int status, QByteArray reply, std::optional<ApiError> error) {
        if (error) {
            done(std::nullopt, error);
            return;
        }
        const QJsonValue results = QJsonDocument::fromJson(reply).object().value(QLatin1String("results"));
        if (!results.isArray()) {
            done(std::nullopt,
                ApiError{
                    ApiError::Kind::BadResponse, status, {}, QStringLiteral("the answer has no results array"), {}});
            return;
        }
        done(results.toArray(), std::nullopt);
    });
}

void CloudClient::uploadBatch(const QList<OutboxItem> &items, bool offline, Callback<QList<UploadResult>> done)
{
    QJsonArray array;
    for (const auto &i : items) {
        QJsonObject item{
            {QStringLiteral("idempotencyKey"), i.idempotencyKey},
            {QStringLiteral("jti"), i.jti.isEmpty() ? QJsonValue() : QJsonValue(i.jti)},
            {QStringLiteral("orderId"), i.orderId},
            {QStringLiteral("qrCode"), i.qrCode.isEmpty() ? QJsonValue() : QJsonValue(i.qrCode)},
            {QStringLiteral("staffId"), i.staffId.isEmpty() ? QJsonValue() : QJsonValue(i.staffId)},
            {QStringLiteral("redeemedAt"), formatRfc3339Ms(i.atMs)},
            {QStringLiteral("offline"), offline},
            {QStringLiteral("verifiedBy"), verifiedByCode(i.verifiedBy)},
        };
        if (!i.recordBody.isEmpty())
            item.insert(QStringLiteral("record"), recordJson(i.recordBody, i.recordSignature));
        array.append(item);
    }
    postForResults(QStringLiteral("/v1/redemptions/batch"),
        QJsonDocument(QJsonObject{{QStringLiteral("redemptions"), array}}).toJson(QJsonDocument::Compact),
        [done](std::optional<QJsonArray> results, std::optional<ApiError> error) {
            if (error) {
                done(std::nullopt, error);
                return;
            }
            QList<UploadResult> out;
            for (const auto &v : *results) {
                const QJsonObject o = v.toObject();
                const auto st = uploadStatusFromCode(jsonString(o, "status"));
                const QString key = jsonString(o, "idempotencyKey");
                if (!st || key.isEmpty())
                    continue; // one malformed answer leaves that item pending; the rest count
                UploadResult r;
                r.idempotencyKey = key;
                r.status = *st;
                r.redemptionId = jsonString(o, "redemptionId");
                r.serverAtMs = parseRfc3339Ms(jsonString(o, "serverRedeemedAt").toLatin1());
                r.reason = jsonString(o, "reason");
                const QJsonObject w = o.value(QLatin1String("winner")).toObject();
                r.winnerDevice = jsonString(w, "deviceId");
                r.winnerStaff = jsonString(w, "staffId");
                r.winnerAtMs = parseRfc3339Ms(jsonString(w, "redeemedAt").toLatin1());
                out.append(r);
            }
            done(out, std::nullopt);
        });
}

void CloudClient::uploadVoids(const QList<VoidItem> &items, Callback<QList<VoidResult>> done)
{
    QJsonArray array;
    for (const auto &i : items) {
        QJsonObject item{
            {QStringLiteral("idempotencyKey"), i.idempotencyKey},
            {QStringLiteral("target"), i.target},
            {QStringLiteral("reason"), i.reason},
            {QStringLiteral("staffId"), i.staffId.isEmpty() ? QJsonValue() : QJsonValue(i.staffId)},
            {QStringLiteral("voidedAt"), formatRfc3339Ms(i.voidedAtMs)},
        };
        if (!i.recordBody.isEmpty())
            item.insert(QStringLiteral("record"), recordJson(i.recordBody, i.recordSignature));
        array.append(item);
    }
    postForResults(QStringLiteral("/v1/redemptions/voids"),
        QJsonDocument(QJsonObject{{QStringLiteral("voids"), array}}).toJson(QJsonDocument::Compact),
        [done](std::optional<QJsonArray> results, std::optional<ApiError> error) {
            if (error) {
                done(std::nullopt, error);
                return;
            }
            QList<VoidResult> out;
            for (const auto &v : *results) {
                const QJsonObject o = v.toObject();
                const auto st = voidStatusFromCode(jsonString(o, "status"));
                const QString key = jsonString(o, "idempotencyKey");
                if (!st || key.isEmpty())
                    continue; // an answer this kiosk cannot read leaves that void pending
                out.append(VoidResult{key, *st, jsonString(o, "reason")});
            }
            done(out, std::nullopt);
        });
}

void CloudClient::scanLegacy(const QString &qrCode, Callback<QJsonObject> done)
{
    const QByteArray body
        = QJsonDocument(QJsonObject{{QStringLiteral("qrCode"), qrCode}}).toJson(QJsonDocument::Compact);
    send("POST", QStringLiteral("/redemptions/scan"), body, true, kRefreshRounds,
        [done](int status, QByteArray reply, std::optional<ApiError> error) {
            if (error) {
                done(std::nullopt, error);
                return;
            }
            const QJsonDocument doc = QJsonDocument::fromJson(reply);
            if (!doc.isObject()) {
                done(std::nullopt,
                    ApiError{ApiError::Kind::BadResponse, status, {}, QStringLiteral("not a JSON object"), {}});
                return;
            }
            done(doc.object(), std::nullopt);
        });
}

void CloudClient::reportDevice(const QJsonObject &fields, Callback<bool> done)
{
    send("PUT", QStringLiteral("/v1/devices/me"), QJsonDocument(fields).toJson(QJsonDocument::Compact), true,
        kRefreshRounds, [done](int, QByteArray, std::optional<ApiError> error) {
            if (error)
                done(std::nullopt, error);
            else
                done(true, std::nullopt);
        });
}

} // namespace kiosk::sync
