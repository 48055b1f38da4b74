// CloudClient against the reference cloud: how each kind of failure is classified, the
// response size ceiling, Retry-After, and the URL policy.

#include "cloudclient.h"
#include "referencecloud.h"

#include <QTest>

using namespace kiosk;
using namespace kiosk::sync;
using namespace kiosk::test;

namespace {
const QString kVenue = QStringLiteral("ven_cc");

struct Fixture
{
    ReferenceCloud cloud;
    std::unique_ptr<CloudClient> client;
    explicit Fixture(ClientOptions options = {})
    {
        cloud.listenLocal();
        cloud.createVenue(kVenue, QStringLiteral("CC"));
        for (int i = 0; i < 100; ++i) {
            OrderSpec s;
            s.id = QStringLiteral("ord_%1").arg(i);
            cloud.createOrder(kVenue, s);
        }
        client = std::make_unique<CloudClient>(cloud.url(), options);
        std::optional<PairResult> paired;
        client->pair(cloud.pairingCode(kVenue), QStringLiteral("t"), [&](auto r, auto) { paired = r; });
        if (QTest::qWaitFor([&] { return paired.has_value(); }, 5000) && paired)
            client->setCredentials(paired->credentials);
    }
    std::pair<std::optional<QByteArray>, std::optional<ApiError>> changes(int limit = 5000)
    {
        bool done = false;
        std::pair<std::optional<QByteArray>, std::optional<ApiError>> out;
        client->changes(kVenue, QString(), limit, [&](auto body, auto error) {
            out = {body, error};
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 15000))
            out.second = ApiError{ApiError::Kind::Timeout, 0, {}, QStringLiteral("test: no answer"), {}};
        return out;
    }
};
} // namespace

class TestCloudClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void okAndGzip()
    {
        Fixture f;
        auto [body, error] = f.changes();
        QVERIFY(!error);
        QVERIFY(body->contains("ord_99")); // the cloud gzipped it; Qt inflated it
    }

    void classification_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("transient");
        QTest::newRow("5xx") << "errorRate" << int(ApiError::Kind::Server) << true;
        QTest::newRow("429") << "rateLimitRate" << int(ApiError::Kind::RateLimited) << true;
        QTest::newRow("reset") << "resetRate" << int(ApiError::Kind::Transport) << true;
        QTest::newRow("truncated") << "truncateRate" << int(ApiError::Kind::Transport) << true;
        QTest::newRow("outage") << "outage" << int(ApiError::Kind::Transport) << true;
    }
    void classification()
    {
        QFETCH(QString, fault);
        QFETCH(int, kind);
        QFETCH(bool, transient);
        Fixture f;
        CloudFaults faults;
        faults.retryAfterSeconds = 7;
        if (fault == QLatin1String("errorRate"))
            faults.errorRate = 1;
        else if (fault == QLatin1String("rateLimitRate"))
            faults.rateLimitRate = 1;
        else if (fault == QLatin1String("resetRate"))
            faults.resetRate = 1;
        else if (fault == QLatin1String("truncateRate"))
            faults.truncateRate = 1;
        else
            faults.outage = true;
        f.cloud.setFaults(faults);
        auto [body, error] = f.changes();
        QVERIFY(error);
        QCOMPARE(int(error->kind), kind);
        QCOMPARE(error->transient(), transient);
        if (fault == QLatin1String("rateLimitRate"))
            QCOMPARE(error->retryAfterMs.value_or(-1), 7000);
    }

    void garbageBatchAnswerIsABadResponse()
    {
        Fixture f;
        CloudFaults faults;
        faults.garbageRate = 1;
        f.cloud.setFaults(faults);
        bool done = false;
        std::optional<ApiError> error;
        OutboxItem item;
        item.idempotencyKey = QStringLiteral("k");
        item.orderId = QStringLiteral("ord_1");
        f.client->uploadBatch({item}, true, [&](auto, auto e) {
            error = e;
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 5000));
        QVERIFY(error);
        QCOMPARE(error->kind, ApiError::Kind::BadResponse);
        QVERIFY(error->transient());
    }

    void responseSizeIsBounded()
    {
        ClientOptions o;
        o.maxResponseBytes = 2000;
        Fixture f(o);
        auto [body, error] = f.changes();
        QVERIFY(error);
        QCOMPARE(error->kind, ApiError::Kind::BadResponse);
        QVERIFY(error->message.contains(QLatin1String("larger than allowed")));
    }

    void timeoutIsReported()
    {
        ClientOptions o;
        o.requestTimeoutMs = 200;
        Fixture f(o);
        CloudFaults slow;
        slow.latencyMs = 1500;
        f.cloud.setFaults(slow);
        auto [body, error] = f.changes();
        QVERIFY(error);
        QCOMPARE(error->kind, ApiError::Kind::Timeout);
    }

    void urlPolicy()
    {
        QVERIFY(!CloudClient::urlProblem(QUrl(QStringLiteral("https://cloud.example.com")), false));
        QVERIFY(!CloudClient::urlProblem(QUrl(QStringLiteral("http://127.0.0.1:8080")), false));
        QVERIFY(!CloudClient::urlProblem(QUrl(QStringLiteral("http://localhost:8080")), false));
        QVERIFY(!CloudClient::urlProblem(QUrl(QStringLiteral("http://[::1]:8080")), false));
        QVERIFY(CloudClient::urlProblem(QUrl(QStringLiteral("http://cloud.example.com")), false));
        QVERIFY(!CloudClient::urlProblem(QUrl(QStringLiteral("http://cloud.example.com")), true));
        QVERIFY(CloudClient::urlProblem(QUrl(QStringLiteral("ftp://cloud.example.com")), true));
        QVERIFY(CloudClient::urlProblem(QUrl(QStringLiteral("not a url")), false));
    }
};

QTEST_GUILESS_MAIN(TestCloudClient)
#include "tst_cloudclient.moc"
