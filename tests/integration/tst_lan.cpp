// Two kiosks of a venue as processes (each a long-running `kioskctl sync`, which hosts its peer
// links) and the reference cloud, on 127.0.0.1: they find each other through the cloud's
// roster, the cloud goes down, and a code poured at one bar is refused at the other, naming it;
// the same code at both bars at once is poured once; back online, the cloud holds one
// redemption per order.

#include "clirun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {
using Run = kiosk::test::CliRun;
QString g_config; // the kiosks' configuration: a short online confirmation (the cloud goes down)
Run kioskctl(QStringList args)
{
    args.prepend(g_config);
    args.prepend(QStringLiteral("--config"));
    return kiosk::test::runProgram(QStringLiteral(KIOSKCTL_PATH), args);
}
QStringList withConfig(QStringList args)
{
    args.prepend(g_config);
    args.prepend(QStringLiteral("--config"));
    return args;
}
} // namespace

class TestLan : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_cloud;
    QString m_url;

    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return kiosk::test::cloudAdmin(m_url, method, path, body);
    }
    // How many other bars the kiosk at `db` reaches now (`kioskctl peers`).
    int reachable(const QString &db)
    {
        return kioskctl({QStringLiteral("--db"), db, QStringLiteral("peers"), QStringLiteral("--json")})
            .json()
            .value(QStringLiteral("reachable"))
            .toInt();
    }
    // How many orders the kiosk at `db` has in its cache.
    int cachedOrders(const QString &db)
    {
        return kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")})
            .json()
            .value(QStringLiteral("cache"))
            .toObject()
            .value(QStringLiteral("orders"))
            .toInt();
    }
    // Pairs the kiosks at `left` and `right` as "Left bar" and "Right bar".
    bool pairBars(const QString &left, const QString &right)
    {
        for (const auto &[db, name] :
            {std::pair{left, QStringLiteral("Left bar")}, {right, QStringLiteral("Right bar")}}) {
            const QString code = admin("POST", QStringLiteral("/admin/venues/ven_demo/pairing-codes"))
                                     .value(QStringLiteral("code"))
                                     .toString();
            const Run pair = kioskctl(
                {QStringLiteral("--db"), db, QStringLiteral("pair"), m_url, code, QStringLiteral("--name"), name});
            if (pair.exit != 0) {
                qWarning("%s", pair.err.constData());
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray out = kiosk::test::startDemoCloud(m_cloud, QStringLiteral(CLUB_CLOUD_PATH));
        m_url = kiosk::test::demoCloudUrl(out);
        QVERIFY(!m_url.isEmpty());
        g_config = m_dir.filePath(QStringLiteral("kiosk.conf"));
        QFile conf(g_config);
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("[kiosk]\nconfirmTimeoutMs=300\n[peers]\nwindowMs=150\n");
    }

    void cleanupTestCase()
    {
        m_cloud.kill();
        m_cloud.waitForFinished();
    }

    void twoBarsAndADownedCloud()
    {
        const QString left = m_dir.filePath(QStringLiteral("left.db"));
        const QString right = m_dir.filePath(QStringLiteral("right.db"));
        QVERIFY2(pairBars(left, right), "pairing failed");
        const int trials = 30;
        const int races = 20;
        QStringList tokens;
        for (int i = 0; i < trials + races; ++i) {
            const QJsonObject made = admin("POST", QStringLiteral("/admin/venues/ven_demo/orders"),
                QJsonObject{{QStringLiteral("id"), QStringLiteral("ord_lan_%1").arg(i)}});
            tokens.append(made.value(QStringLiteral("token")).toString());
            QVERIFY(!tokens.last().isEmpty());
        }
        QProcess syncLeft, syncRight;
        const auto reap = qScopeGuard([&] {
            for (QProcess *p : {&syncLeft, &syncRight}) {
                p->kill();
                p->waitForFinished();
            }
        });
        for (const auto &[p, db] : {std::pair{&syncLeft, left}, {&syncRight, right}}) {
            p->setProcessChannelMode(QProcess::MergedChannels);
            kiosk::test::startProgram(*p, QStringLiteral(KIOSKCTL_PATH),
                withConfig({QStringLiteral("--db"), db, QStringLiteral("sync"), QStringLiteral("--interval"),
                    QStringLiteral("1"), QStringLiteral("--peer-listen"), QStringLiteral("127.0.0.1"),
                    QStringLiteral("--peer-port"), QStringLiteral("0")}));
        }
        // They learn each other's address from the roster (after each reported its own), then link.
        QElapsedTimer t;
        t.start();
        bool linked = false;
        while (!linked && t.elapsed() < 30000) {
            linked = reachable(left) == 1;
            if (!linked)
                QTest::qWait(300);
        }
        QVERIFY2(linked, syncLeft.readAll().constData());
        // Both hold the night's orders before the line drops.
        for (const QString &db : {left, right}) {
            QTRY_VERIFY_WITH_TIMEOUT(cachedOrders(db) >= trials + races, 15000);
        }

        admin("POST", QStringLiteral("/admin/faults"), QJsonObject{{QStringLiteral("outage"), true}});
        QList<qint64> refusedAfter;
        for (int i = 0; i < trials; ++i) {
            const Run poured = kioskctl({QStringLiteral("--db"), left, QStringLiteral("redeem"), tokens[i],
                QStringLiteral("--staff"), QStringLiteral("stf_sam"), QStringLiteral("--json")});
            QVERIFY2(poured.exit == 0, poured.out.constData());
            QElapsedTimer after;
            after.start();
            // The right bar's verdict on the same code, at once: refused, naming the left bar.
            const Run refused = kioskctl(
                {QStringLiteral("--db"), right, QStringLiteral("verify"), tokens[i], QStringLiteral("--json")});
            refusedAfter.append(after.elapsed());
            QCOMPARE(refused.exit, 1);
            QCOMPARE(refused.json().value(QStringLiteral("reason")).toString(), QStringLiteral("ALREADY_REDEEMED"));
            QCOMPARE(refused.json()
                         .value(QStringLiteral("previous"))
                         .toObject()
                         .value(QStringLiteral("deviceName"))
                         .toString(),
                QStringLiteral("Left bar"));
        }
        std::sort(refusedAfter.begin(), refusedAfter.end());
        qInfo("cloud down: %d of %d pours at the left bar refused at the right bar (verify process, median %lld ms)",
            trials, trials, refusedAfter[refusedAfter.size() / 2]);

        // The same code at both bars at the same moment: one pour.
        int pours = 0;
        for (int i = trials; i < trials + races; ++i) {
            QProcess a, b;
            kiosk::test::startProgram(a, QStringLiteral(KIOSKCTL_PATH),
                withConfig(
                    {QStringLiteral("--db"), left, QStringLiteral("redeem"), tokens[i], QStringLiteral("--json")}));
            kiosk::test::startProgram(b, QStringLiteral(KIOSKCTL_PATH),
                withConfig(
                    {QStringLiteral("--db"), right, QStringLiteral("redeem"), tokens[i], QStringLiteral("--json")}));
            QVERIFY(a.waitForFinished(30000) && b.waitForFinished(30000));
            const int oks = (a.exitCode() == 0) + (b.exitCode() == 0);
            QVERIFY2(oks == 1,
                qPrintable(QStringLiteral("race %1: %2 pours; %3 / %4")
                               .arg(i)
                               .arg(oks)
                               .arg(QString::fromUtf8(a.readAllStandardOutput()),
                                   QString::fromUtf8(b.readAllStandardOutput()))));
            pours += oks;
        }
        QCOMPARE(pours, races);

        // Back online: every pour reaches the cloud once, and none is a double.
        admin("POST", QStringLiteral("/admin/faults"), QJsonObject{});
        for (const QString &db : {left, right}) {
            const Run once = kioskctl({QStringLiteral("--db"), db, QStringLiteral("sync"), QStringLiteral("--once")});
            QVERIFY2(once.exit == 0, once.err.constData());
        }
        QHash<QString, int> live;
        for (const auto &v : admin("GET", QStringLiteral("/admin/venues/ven_demo/redemptions"))
                                 .value(QStringLiteral("redemptions"))
                                 .toArray()) {
            const QJsonObject r = v.toObject();
            if (!r.value(QStringLiteral("voided")).toBool())
                live[r.value(QStringLiteral("orderId")).toString()]++;
        }
        for (int i = 0; i < trials + races; ++i)
            QCOMPARE(live.value(QStringLiteral("ord_lan_%1").arg(i)), 1);

        // The right bar's history names the bar that poured, as the roster calls it.
        const Run history = kioskctl({QStringLiteral("--db"), right, QStringLiteral("history"),
            QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--status"), QStringLiteral("foreign")});
        QVERIFY2(history.exit == 0, history.err.constData());
        int named = 0;
        for (const auto &v : history.json().value(QStringLiteral("redemptions")).toArray()) {
            const QJsonObject r = v.toObject();
            if (r.value(QStringLiteral("orderId")).toString() == QLatin1String("ord_lan_0")) {
                QCOMPARE(r.value(QStringLiteral("deviceName")).toString(), QStringLiteral("Left bar"));
                ++named;
            }
        }
        QCOMPARE(named, 1);
        const Run table = kioskctl({QStringLiteral("--db"), right, QStringLiteral("history"),
            QStringLiteral("--status"), QStringLiteral("foreign")});
        QVERIFY2(table.out.contains("Left bar"), table.out.constData());
    }

    // The same two bars as processes, with faults in the transport of their `kioskctl sync`
    // links (--peer-faults): every frame delayed 40 ms each way, then a third of them lost.
    // Races are still poured once (a round trip of 80 ms fits the 150 ms window), and every
    // pour still reaches the other bar (what is lost comes with the next version vector).
    void faultyLinksBetweenProcesses()
    {
        // The first test's kiosks leave the roster: only these two bars are known.
        for (const QString &old : {QStringLiteral("left.db"), QStringLiteral("right.db")}) {
            const QString id = kioskctl(
                {QStringLiteral("--db"), m_dir.filePath(old), QStringLiteral("status"), QStringLiteral("--json")})
                                   .json()
                                   .value(QStringLiteral("deviceId"))
                                   .toString();
            if (!id.isEmpty())
                admin("POST", QStringLiteral("/admin/devices/%1/revoke").arg(id));
        }
        admin("POST", QStringLiteral("/admin/faults"), QJsonObject{});
        const QString left = m_dir.filePath(QStringLiteral("left-faulty.db"));
        const QString right = m_dir.filePath(QStringLiteral("right-faulty.db"));
        QVERIFY2(pairBars(left, right), "pairing failed");
        QStringList tokens;
        for (int i = 0; i < 20; ++i) {
            tokens.append(admin("POST", QStringLiteral("/admin/venues/ven_demo/orders"),
                QJsonObject{{QStringLiteral("id"), QStringLiteral("ord_faulty_%1").arg(i)}})
                              .value(QStringLiteral("token"))
                              .toString());
        }
        QProcess syncLeft, syncRight;
        const auto reap = qScopeGuard([&] {
            for (QProcess *p : {&syncLeft, &syncRight}) {
                p->kill();
                p->waitForFinished();
            }
        });
        // Fixed ports: a bar started again is where the roster says, though the cloud is down.
        QList<quint16> ports;
        for (int i = 0; i < 2; ++i) {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            ports.append(probe.serverPort());
        }
        auto startBoth = [&](const QString &faults) {
            int i = 0;
            for (const auto &[p, db] : {std::pair{&syncLeft, left}, {&syncRight, right}}) {
                p->kill();
                p->waitForFinished();
                p->setProcessChannelMode(QProcess::MergedChannels);
                kiosk::test::startProgram(*p, QStringLiteral(KIOSKCTL_PATH),
                    withConfig({QStringLiteral("--db"), db, QStringLiteral("sync"), QStringLiteral("--interval"),
                        QStringLiteral("1"), QStringLiteral("--peer-listen"), QStringLiteral("127.0.0.1"),
                        QStringLiteral("--peer-port"), QString::number(ports[i++]), QStringLiteral("--peer-faults"),
                        faults}));
            }
        };
        startBoth(QStringLiteral("{\"delayMs\": 40}"));
        QTRY_VERIFY_WITH_TIMEOUT(reachable(left) == 1 && reachable(right) == 1, 30000);
        for (const QString &db : {left, right}) {
            QTRY_VERIFY_WITH_TIMEOUT(cachedOrders(db) >= tokens.size(), 15000);
        }
        admin("POST", QStringLiteral("/admin/faults"), QJsonObject{{QStringLiteral("outage"), true}});

        // Slow links: the same code at both bars at once, poured once.
        for (int i = 0; i < 10; ++i) {
            QProcess a, b;
            kiosk::test::startProgram(a, QStringLiteral(KIOSKCTL_PATH),
                withConfig({QStringLiteral("--db"), left, QStringLiteral("redeem"), tokens[i]}));
            kiosk::test::startProgram(b, QStringLiteral(KIOSKCTL_PATH),
                withConfig({QStringLiteral("--db"), right, QStringLiteral("redeem"), tokens[i]}));
            QVERIFY(a.waitForFinished(30000) && b.waitForFinished(30000));
            QCOMPARE((a.exitCode() == 0) + (b.exitCode() == 0), 1);
        }

        // Lossy links: every pour at the left bar still reaches the right bar, through the left
        // bar's own lossy links only (the redeem does not dial the right bar itself).
        startBoth(QStringLiteral("{\"dropRate\": 0.33}"));
        QTRY_VERIFY_WITH_TIMEOUT(reachable(right) == 1, 30000);
        for (int i = 10; i < 20; ++i) {
            const Run poured = kioskctl(
                {QStringLiteral("--db"), left, QStringLiteral("redeem"), tokens[i], QStringLiteral("--no-peers")});
            QVERIFY2(poured.exit == 0, poured.out.constData());
        }
        for (int i = 10; i < 20; ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(
                kioskctl({QStringLiteral("--db"), right, QStringLiteral("verify"), tokens[i], QStringLiteral("--json")})
                    .json()
                    .value(QStringLiteral("reason"))
                    .toString(),
                QStringLiteral("ALREADY_REDEEMED"), 20000);
        }
        // A fault the option does not know is refused, and says which.
        const Run bad = kioskctl({QStringLiteral("--db"), left, QStringLiteral("sync"), QStringLiteral("--peer-faults"),
            QStringLiteral("{\"jitter\": 5}")});
        QCOMPARE(bad.exit, 2);
        QVERIFY2(bad.err.contains("'jitter'"), bad.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestLan)
#include "tst_lan.moc"
