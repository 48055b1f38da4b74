// kioskctl against a club-cloud process, as an operator would use them: pair, sync, redeem
// with online confirmation, an offline double pour surfacing as a conflict, and every cloud
// command's errors.

#include "clirun.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
using Run = kiosk::test::CliRun;
} // namespace

class TestKioskctlCloud : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_cloud;
    QString m_url;
    QStringList m_tokens; // DK1, the form the app shows
    QStringList m_jws; // the same orders as JWS codes

    static Run kioskctl(const QStringList &args)
    {
        return kiosk::test::runProgram(QStringLiteral(KIOSKCTL_PATH), args);
    }

    QByteArray admin(const QString &path, const QJsonObject &body = {})
    {
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(m_url + path));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = nam.post(req, QJsonDocument(body).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10000);
        reply->deleteLater();
        return reply->readAll();
    }

    QString pairingCode()
    {
        return QJsonDocument::fromJson(admin(QStringLiteral("/admin/venues/ven_demo/pairing-codes")))
            .object()
            .value(QLatin1String("code"))
            .toString();
    }
    QString db(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray out = kiosk::test::startDemoCloud(m_cloud, QStringLiteral(CLUB_CLOUD_PATH));
        m_url = kiosk::test::demoCloudUrl(out);
        // "order ID token CODE": a DK1 code, whose Base45 may hold spaces, to the end of the line;
        // "order ID jws CODE": the same order as the older app's JWS.
        const QRegularExpression line(
            QStringLiteral("^order \\S+ (token|jws) (.+)$"), QRegularExpression::MultilineOption);
        for (auto it = line.globalMatch(QString::fromUtf8(out)); it.hasNext();) {
            const auto m = it.next();
            (m.captured(1) == QLatin1String("jws") ? m_jws : m_tokens).append(m.captured(2));
        }
        QVERIFY(!m_url.isEmpty());
        QCOMPARE(m_tokens.size(), 3);
        QCOMPARE(m_jws.size(), 3);
        for (const QString &t : std::as_const(m_tokens))
            QVERIFY2(t.startsWith(QLatin1String("DK1:")), qPrintable(t));
        for (const QString &t : std::as_const(m_jws))
            QVERIFY2(t.startsWith(QLatin1String("eyJ")) && t.count(u'.') == 2, qPrintable(t));
    }

    void cleanupTestCase()
    {
        m_cloud.kill();
        m_cloud.waitForFinished();
    }

    void pairSyncRedeemAcrossTwoKiosks()
    {
        Run pa = kioskctl({QStringLiteral("--db"), db("a.db"), QStringLiteral("pair"), m_url, pairingCode(),
            QStringLiteral("--name"), QStringLiteral("Left bar"), QStringLiteral("--json")});
        QCOMPARE(pa.exit, 0);
        QCOMPARE(pa.json().value(QLatin1String("venueId")).toString(), QStringLiteral("ven_demo"));
        // b.db exists already (init) and takes the cloud's venue.
        QCOMPARE(kioskctl({QStringLiteral("--db"), db("b.db"), QStringLiteral("init"), QStringLiteral("--venue"),
                              QStringLiteral("placeholder")})
                     .exit,
            0);
        QCOMPARE(kioskctl({QStringLiteral("--db"), db("b.db"), QStringLiteral("pair"), m_url, pairingCode()}).exit, 0);
        for (const char *name : {"a.db", "b.db"}) {
            Run s = kioskctl({QStringLiteral("--db"), db(name), QStringLiteral("sync"), QStringLiteral("--once"),
                QStringLiteral("--json")});
            QCOMPARE(s.exit, 0);
            QVERIFY(s.json().value(QLatin1String("ok")).toBool());
            QVERIFY(s.json().value(QLatin1String("pulledChanges")).toInt() >= 6);
            QCOMPARE(s.json().value(QLatin1String("status")).toString(), QStringLiteral("online"));
        }
        Run status = kioskctl({QStringLiteral("--db"), db("b.db"), QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(status.json().value(QLatin1String("venue")).toObject().value(QLatin1String("id")).toString(),
            QStringLiteral("ven_demo"));
        QCOMPARE(status.json().value(QLatin1String("cloud")).toObject().value(QLatin1String("pairing")).toString(),
            QStringLiteral("paired"));
        QVERIFY(!status.out.contains("rt_")); // the refresh token is never printed
        QVERIFY(!status.out.contains("at_"));
        // After pairing, the first sync told the cloud which version this kiosk runs.
        {
            QNetworkAccessManager nam;
            QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(
                m_url + QStringLiteral("/admin/devices/") + pa.json().value(QLatin1String("deviceId")).toString())));
            QSignalSpy done(reply, &QNetworkReply::finished);
            QVERIFY(done.wait(10000));
            const QJsonObject device = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            QCOMPARE(device.value(QLatin1String("version")).toString(), QStringLiteral(KIOSK_VERSION_UNDER_TEST));
            QVERIFY(!device.value(QLatin1String("reportedAt")).toString().isEmpty());
            // With the device key made at pairing: the cloud holds its public half, and status
            // names it (never the secret half, which never leaves the database).
            Run sa = kioskctl({QStringLiteral("--db"), db("a.db"), QStringLiteral("status"), QStringLiteral("--json")});
            const QJsonObject key = sa.json().value(QLatin1String("deviceKey")).toObject();
            QCOMPARE(key.value(QLatin1String("x")).toString().size(), 43);
            QCOMPARE(device.value(QLatin1String("key")).toString(), key.value(QLatin1String("x")).toString());
            QCOMPARE(key.value(QLatin1String("thumbprint")).toString().size(), 43);
            Run text = kioskctl({QStringLiteral("--db"), db("a.db"), QStringLiteral("status")});
            const QByteArray named = "device key " + key.value(QLatin1String("thumbprint")).toString().toLatin1();
            QVERIFY2(text.out.contains(named), text.out.constData());
        }

        // Online confirmation: A pours; B, which has not synced since, is refused at once.
        Run ra = kioskctl(
            {QStringLiteral("--db"), db("a.db"), QStringLiteral("redeem"), m_tokens[0], QStringLiteral("--json")});
        QCOMPARE(ra.exit, 0);
        Run rb = kioskctl(
            {QStringLiteral("--db"), db("b.db"), QStringLiteral("redeem"), m_tokens[0], QStringLiteral("--json")});
        QCOMPARE(rb.exit, 1);
        QCOMPARE(rb.json().value(QLatin1String("reason")).toString(), QStringLiteral("ALREADY_REDEEMED"));
        QCOMPARE(rb.json().value(QLatin1String("previous")).toObject().value(QLatin1String("deviceId")).toString(),
            pa.json().value(QLatin1String("deviceId")).toString());
        // The same order's JWS is the same drink: refused at A from its own ledger, offline.
        Run ja = kioskctl({QStringLiteral("--db"), db("a.db"), QStringLiteral("redeem"), m_jws[0],
            QStringLiteral("--offline"), QStringLiteral("--json")});
        QCOMPARE(ja.exit, 1);
        QCOMPARE(ja.json().value(QLatin1String("reason")).toString(), QStringLiteral("ALREADY_REDEEMED"));
        // The third order: B pours its JWS with confirmation; A, not synced, is refused its DK1
        // by the cloud.
        Run jb = kioskctl(
            {QStringLiteral("--db"), db("b.db"), QStringLiteral("redeem"), m_jws[2], QStringLiteral("--json")});
        QCOMPARE(jb.exit, 0);
        Run da = kioskctl(
            {QStringLiteral("--db"), db("a.db"), QStringLiteral("redeem"), m_tokens[2], QStringLiteral("--json")});
        QCOMPARE(da.exit, 1);
        QCOMPARE(da.json().value(QLatin1String("reason")).toString(), QStringLiteral("ALREADY_REDEEMED"));

        // Offline (no confirmation): both pour the same code; sync shows one conflict.
        QCOMPARE(kioskctl({QStringLiteral("--db"), db("a.db"), QStringLiteral("redeem"), m_tokens[1],
                              QStringLiteral("--offline")})
                     .exit,
            0);
        QCOMPARE(kioskctl({QStringLiteral("--db"), db("b.db"), QStringLiteral("redeem"), m_tokens[1],
                              QStringLiteral("--offline")})
                     .exit,
            0);
        Run sa = kioskctl({QStringLiteral("--db"), db("a.db"), QStringLiteral("sync"), QStringLiteral("--once"),
            QStringLiteral("--json")});
        Run sb = kioskctl({QStringLiteral("--db"), db("b.db"), QStringLiteral("sync"), QStringLiteral("--once"),
            QStringLiteral("--json")});
        QCOMPARE(
            sa.json().value(QLatin1String("uploaded")).toInt() + sb.json().value(QLatin1String("uploaded")).toInt(), 1);
        QCOMPARE(
            sa.json().value(QLatin1String("conflicts")).toInt() + sb.json().value(QLatin1String("conflicts")).toInt(),
            1);
        const char *loser = sb.json().value(QLatin1String("conflicts")).toInt() == 1 ? "b.db" : "a.db";
        Run conflicts = kioskctl({QStringLiteral("--db"), db(loser), QStringLiteral("history"),
            QStringLiteral("--status"), QStringLiteral("conflict"), QStringLiteral("--json")});
        QCOMPARE(conflicts.json().value(QLatin1String("count")).toInt(), 1);
        QVERIFY(conflicts.json()
                    .value(QLatin1String("redemptions"))
                    .toArray()[0]
                    .toObject()
                    .contains(QLatin1String("winner")));
    }

    // The dashboard's answer for a new order holds both forms of its code; "form" picks the one
    // in "token" (DK1 unless asked), and an unknown form is a clear 400, not a guess.
    void adminOrderAnswerGivesBothForms()
    {
        const QJsonObject plain = QJsonDocument::fromJson(admin(QStringLiteral("/admin/venues/ven_demo/orders"),
                                                              {{QStringLiteral("id"), QStringLiteral("ord_forms_1")}}))
                                      .object();
        const QJsonObject tokens = plain.value(QLatin1String("tokens")).toObject();
        QVERIFY(tokens.value(QLatin1String("dk1")).toString().startsWith(QLatin1String("DK1:")));
        QVERIFY(tokens.value(QLatin1String("jws")).toString().startsWith(QLatin1String("eyJ")));
        QCOMPARE(plain.value(QLatin1String("token")), tokens.value(QLatin1String("dk1")));
        const QJsonObject older = QJsonDocument::fromJson(admin(QStringLiteral("/admin/venues/ven_demo/orders"),
                                                              {{QStringLiteral("id"), QStringLiteral("ord_forms_2")},
                                                                  {QStringLiteral("form"), QStringLiteral("jws")}}))
                                      .object();
        QCOMPARE(older.value(QLatin1String("token")),
            older.value(QLatin1String("tokens")).toObject().value(QLatin1String("jws")));
        const QJsonObject wrong = QJsonDocument::fromJson(
            admin(QStringLiteral("/admin/venues/ven_demo/orders"), {{QStringLiteral("form"), QStringLiteral("cbor")}}))
                                      .object()
                                      .value(QLatin1String("error"))
                                      .toObject();
        QCOMPARE(wrong.value(QLatin1String("code")).toString(), QStringLiteral("bad_form"));
        QVERIFY(wrong.value(QLatin1String("message")).toString().contains(QLatin1String("cbor")));
        // Both verify as the same order (kioskctl verify is read-only).
        for (const QJsonValue &t : tokens) {
            Run v = kioskctl(
                {QStringLiteral("--db"), db("a.db"), QStringLiteral("verify"), t.toString(), QStringLiteral("--json")});
            QCOMPARE(v.json().value(QLatin1String("orderId")).toString(), QStringLiteral("ord_forms_1"));
        }
    }

    // Three processes on one database (two long-running syncs and a short one, again and again)
    // across many token rotations (access tokens live one second): the database is the one
    // truth for the rotating refresh token, so none of them ever strands the kiosk.
    void processesSharingADatabaseStayPaired()
    {
        QProcess cloud;
        const QByteArray out = kiosk::test::startDemoCloud(
            cloud, QStringLiteral(CLUB_CLOUD_PATH), {QStringLiteral("--access-ttl"), QStringLiteral("1")});
        const QString url = kiosk::test::demoCloudUrl(out);
        const QString code = kiosk::test::demoCloudPairingCode(out);
        QVERIFY2(!url.isEmpty() && !code.isEmpty(), out.constData());
        const QString path = db("shared.db");
        QCOMPARE(kioskctl({QStringLiteral("--db"), path, QStringLiteral("pair"), url, code}).exit, 0);

        QProcess a, b;
        // A failed check must not leave processes behind.
        const auto reap = qScopeGuard([&] {
            for (QProcess *p : {&a, &b, &cloud}) {
                p->kill();
                p->waitForFinished();
            }
        });
        for (QProcess *p : {&a, &b}) {
            p->setProcessChannelMode(QProcess::MergedChannels);
            kiosk::test::startProgram(*p, QStringLiteral(KIOSKCTL_PATH),
                {QStringLiteral("--db"), path, QStringLiteral("sync"), QStringLiteral("--interval"),
                    QStringLiteral("1")});
            QVERIFY(p->state() == QProcess::Running);
        }
        // What the long-running processes said, for a failure's message.
        auto said = [&] {
            return QStringLiteral("\n-- a:\n%1\n-- b:\n%2")
                .arg(QString::fromUtf8(a.readAll()), QString::fromUtf8(b.readAll()));
        };
        auto stats = [&] {
            QNetworkAccessManager nam;
            QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(url + QStringLiteral("/admin/stats"))));
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(10000);
            reply->deleteLater();
            return QJsonDocument::fromJson(reply->readAll()).object();
        };
        int shortRuns = 0;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 9000 || stats().value(QStringLiteral("refreshes")).toInt() < 6) {
            QVERIFY2(t.elapsed() < 40000, "the processes did not rotate the tokens often enough");
            Run once = kioskctl({QStringLiteral("--db"), path, QStringLiteral("sync"), QStringLiteral("--once")});
            QVERIFY2(once.exit == 0, qPrintable(QString::fromUtf8(once.err) + said()));
            ++shortRuns;
            QVERIFY2(a.state() == QProcess::Running, a.readAllStandardOutput().constData());
            QVERIFY2(b.state() == QProcess::Running, b.readAllStandardOutput().constData());
            QTest::qWait(700);
        }
        const QJsonObject s = stats();
        QVERIFY2(s.value(QStringLiteral("refreshes")).toInt() >= 6, QJsonDocument(s).toJson().constData());
        // Every refresh used the current token: none was spent twice.
        QCOMPARE(s.value(QStringLiteral("refusedRefreshes")).toInt(), 0);
        for (QProcess *p : {&a, &b}) {
            p->terminate();
            QVERIFY(p->waitForFinished(15000));
            QCOMPARE(p->exitStatus(), QProcess::NormalExit);
            QCOMPARE(p->exitCode(), 0);
        }
        Run status = kioskctl({QStringLiteral("--db"), path, QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(status.out)
                     .object()
                     .value(QStringLiteral("cloud"))
                     .toObject()
                     .value(QStringLiteral("pairing")),
            QJsonValue(QStringLiteral("paired")));
        QVERIFY(shortRuns >= 3);
    }

    // systemd stops `kioskctl sync` with SIGTERM and kills it 90 s later: it must end at once,
    // whatever the cloud does, yet never walk away from a token refresh whose reply holds the
    // only copy of the rotated token.
    void syncStopsPromptlyWhenTheCloudHangs()
    {
        QProcess cloud;
        const QByteArray out = kiosk::test::startDemoCloud(
            cloud, QStringLiteral(CLUB_CLOUD_PATH), {QStringLiteral("--access-ttl"), QStringLiteral("1")});
        const QString url = kiosk::test::demoCloudUrl(out);
        const QString code = kiosk::test::demoCloudPairingCode(out);
        QVERIFY2(!url.isEmpty() && !code.isEmpty(), out.constData());
        const QString path = db("hang.db");
        QCOMPARE(kioskctl({QStringLiteral("--db"), path, QStringLiteral("pair"), url, code}).exit, 0);
        QProcess sync;
        const auto reap = qScopeGuard([&] {
            for (QProcess *p : {&sync, &cloud}) {
                p->kill();
                p->waitForFinished();
            }
        });
        auto adminCall = [&](const QByteArray &method, const QString &route, const QJsonObject &body = {}) {
            return kiosk::test::cloudAdmin(url, method, route, body);
        };
        auto stalled
            = [&] { return adminCall("GET", QStringLiteral("/admin/stats")).value(QLatin1String("stalled")).toInt(); };
        auto startSync = [&] {
            kiosk::test::startProgram(sync, QStringLiteral(KIOSKCTL_PATH),
                {QStringLiteral("--db"), path, QStringLiteral("sync"), QStringLiteral("--interval"),
                    QStringLiteral("1")});
            QVERIFY(sync.state() == QProcess::Running);
        };
        auto stopWithin = [&](int ms) {
            QElapsedTimer t;
            t.start();
            sync.terminate();
            QVERIFY2(sync.waitForFinished(ms + 5000), "kioskctl sync ignored SIGTERM");
            QVERIFY2(t.elapsed() < ms, qPrintable(QStringLiteral("stopped after %1 ms").arg(t.elapsed())));
            QCOMPARE(sync.exitStatus(), QProcess::NormalExit);
        };

        // Every API request held open (a black-holed proxy): SIGTERM ends the run at once.
        adminCall("POST", QStringLiteral("/admin/faults"), QJsonObject{{QStringLiteral("stall"), true}});
        const int before = stalled();
        startSync();
        QTRY_VERIFY_WITH_TIMEOUT(stalled() > before, 10000);
        stopWithin(1500);

        // Only the token refresh hangs: the access token (one second) runs out, the refresh goes
        // on the wire and is waited for, up to the request timeout (10 s), then the run ends.
        adminCall("POST", QStringLiteral("/admin/faults"),
            QJsonObject{{QStringLiteral("stall"), true}, {QStringLiteral("pathPrefix"), QStringLiteral("/auth/")}});
        const int beforeRefresh = stalled();
        startSync();
        QTRY_VERIFY_WITH_TIMEOUT(stalled() > beforeRefresh, 15000);
        QTest::qWait(300);
        QElapsedTimer waited;
        waited.start();
        stopWithin(13000);
        QVERIFY2(waited.elapsed() > 5000, "the run did not wait for the refresh on the wire");

        // The cloud never rotated the token, so the kiosk is still paired.
        adminCall("POST", QStringLiteral("/admin/faults"));
        Run once = kioskctl({QStringLiteral("--db"), path, QStringLiteral("sync"), QStringLiteral("--once")});
        QVERIFY2(once.exit == 0, once.err.constData());
    }

    void cloudCommandErrors()
    {
        Run badCode = kioskctl(
            {QStringLiteral("--db"), db("c.db"), QStringLiteral("pair"), m_url, QStringLiteral("000-000-nope")});
        QCOMPARE(badCode.exit, 2);
        QVERIFY2(badCode.err.contains("unknown or already used pairing code"), badCode.err.constData());
        QVERIFY(!QFile::exists(db("c.db")));
        Run insecure = kioskctl({QStringLiteral("--db"), db("c.db"), QStringLiteral("pair"),
            QStringLiteral("http://cloud.example.com"), QStringLiteral("123")});
        QCOMPARE(insecure.exit, 2);
        QVERIFY(insecure.err.contains("refusing plain http://"));
        Run unreachable = kioskctl({QStringLiteral("--db"), db("c.db"), QStringLiteral("pair"),
            QStringLiteral("http://127.0.0.1:9"), QStringLiteral("123")});
        QCOMPARE(unreachable.exit, 2);
        QVERIFY(unreachable.err.contains("pairing with http://127.0.0.1:9 failed"));
        QCOMPARE(kioskctl({QStringLiteral("--db"), db("d.db"), QStringLiteral("init"), QStringLiteral("--venue"),
                              QStringLiteral("v")})
                     .exit,
            0);
        Run notPaired
            = kioskctl({QStringLiteral("--db"), db("d.db"), QStringLiteral("sync"), QStringLiteral("--once")});
        QCOMPARE(notPaired.exit, 2);
        QVERIFY(notPaired.err.contains("not paired"));
        Run usage = kioskctl({QStringLiteral("--db"), db("d.db"), QStringLiteral("pair"), m_url});
        QCOMPARE(usage.exit, 2);
        QVERIFY(usage.err.contains("pairing CODE"));
    }
};

QTEST_GUILESS_MAIN(TestKioskctlCloud)
#include "tst_kioskctl_cloud.moc"
