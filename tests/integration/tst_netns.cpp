// Two kiosks on hosts of their own: each `kioskctl sync` runs in its own network namespace, with
// a veth cable to a bridge, and finds the other through the cloud's roster by its real address
// (10.77.0.x, not 127.0.0.1). The reference cloud and this test sit on the bridge too, in a
// namespace of the test's own, so nothing of the machine's network is touched. With the cloud
// down, a pour at one bar is refused at the other; a cable pulled (`ip link set down`) is a
// split, which lets a double pour through and flags it once the cable is back; a bar whose
// process is killed leaves the other pouring without waiting (or, in strict mode, holding
// every pour until it is back).
//
// Needs root (network namespaces, veth, a bridge): elsewhere every test reports skipped.

#include "clirun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace {

using Run = kiosk::test::CliRun;

// Why this machine cannot run the suite; empty when it can. Set in main(), before Qt starts any
// thread: a network namespace belongs to the thread that made it and the threads it starts.
QString g_skipReason;

const QString kCloudAddress = QStringLiteral("10.77.0.1");

Run ip(const QStringList &args)
{
    return kiosk::test::runProgram(QStringLiteral("ip"), args, {}, 10000);
}

struct Bar
{
    QString name; // "Left bar"
    QString ns; // its network namespace
    QString veth; // its end of the cable, inside `ns`
    QString address; // 10.77.0.x
    QString db;
    QProcess sync;
    QProcess bus; // its own system D-Bus
    QProcess avahi; // its own avahi-daemon
};

} // namespace

class TestNetns : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_cloud;
    QString m_url; // for this test's admin calls
    QUrl m_cloudUrl; // for the kiosks
    QString m_config;
    Bar m_left, m_right;
    QStringList m_tokens;
    int m_nextToken = 0;
    QString m_noAvahi; // why the hosts run no Avahi (the DNS-SD test is skipped); empty when they do

    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return kiosk::test::cloudAdmin(m_url, method, path, body);
    }
    // `kioskctl` run on `bar`'s host (with `config`, else the suite's), on that host's own
    // system bus (where its Avahi runs, if it does).
    QStringList onBar(const Bar &bar, const QStringList &args, const QString &config = {}) const
    {
        return QStringList{QStringLiteral("netns"), QStringLiteral("exec"), bar.ns, QStringLiteral("env"),
                   QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS=unix:path=") + busPath(bar), QStringLiteral(KIOSKCTL_PATH),
                   QStringLiteral("--config"), config.isEmpty() ? m_config : config, QStringLiteral("--db"), bar.db}
        + args;
    }
    QString busPath(const Bar &bar) const { return m_dir.filePath(bar.ns + QStringLiteral(".bus")); }
    Run kioskctl(const Bar &bar, const QStringList &args, const QString &config = {})
    {
        return kiosk::test::runProgram(QStringLiteral("ip"), onBar(bar, args, config));
    }
    void startSync(Bar &bar, const QString &config = {})
    {
        bar.sync.setProcessChannelMode(QProcess::MergedChannels);
        kiosk::test::startProgram(bar.sync, QStringLiteral("ip"),
            onBar(bar,
                {QStringLiteral("sync"), QStringLiteral("--interval"), QStringLiteral("1"),
                    QStringLiteral("--allow-insecure-http")},
                config));
    }
    // A system bus and avahi-daemon of the bar's own host. Avahi's runtime folder is made private
    // to it (a tmpfs in the mount namespace `ip netns exec` gives each command), so one daemon per
    // host can run.
    bool startAvahi(Bar &bar, QString *problem)
    {
        const QString dbus = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        const QString avahi
            = QStandardPaths::findExecutable(QStringLiteral("avahi-daemon"), {QStringLiteral("/usr/sbin")});
        if (dbus.isEmpty() || avahi.isEmpty()) {
            *problem = QStringLiteral("dbus-daemon and avahi-daemon are not installed");
            return false;
        }
        const QString conf = m_dir.filePath(bar.ns + QStringLiteral("-bus.conf"));
        QFile f(conf);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                               "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                               "<busconfig><type>system</type><listen>unix:path=%1</listen><auth>EXTERNAL</auth>"
                               "<policy context=\"default\"><allow user=\"*\"/><allow own=\"*\"/>"
                               "<allow send_destination=\"*\"/><allow receive_sender=\"*\"/></policy></busconfig>\n")
                    .arg(busPath(bar))
                    .toUtf8());
        f.close();
        bar.bus.setProcessChannelMode(QProcess::MergedChannels);
        bar.bus.start(dbus, {QStringLiteral("--config-file=") + conf, QStringLiteral("--nofork")});
        if (!QTest::qWaitFor([&] { return QFile::exists(busPath(bar)); }, 5000)) {
            *problem = QStringLiteral("dbus-daemon did not start: ") + QString::fromUtf8(bar.bus.readAll());
            return false;
        }
        bar.avahi.setProcessChannelMode(QProcess::MergedChannels);
        bar.avahi.start(QStringLiteral("ip"),
            {QStringLiteral("netns"), QStringLiteral("exec"), bar.ns, QStringLiteral("env"),
                QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS=unix:path=") + busPath(bar), QStringLiteral("sh"),
                QStringLiteral("-c"),
                QStringLiteral("mkdir -p /run/avahi-daemon && mount -t tmpfs none /run/avahi-daemon && exec %1 "
                               "--no-drop-root --no-chroot --no-rlimits")
                    .arg(avahi)});
        QByteArray said;
        if (!QTest::qWaitFor(
                [&] {
                    said += bar.avahi.readAll();
                    return said.contains("Server startup complete") || bar.avahi.state() == QProcess::NotRunning;
                },
                10000)
            || !said.contains("Server startup complete")) {
            *problem = QStringLiteral("avahi-daemon did not start: ") + QString::fromUtf8(said);
            return false;
        }
        return true;
    }
    int reachable(const Bar &bar, const QString &config = {})
    {
        return kioskctl(bar,
            {QStringLiteral("peers"), QStringLiteral("--json"), QStringLiteral("--peer-wait"), QStringLiteral("1500")},
            config)
            .json()
            .value(QStringLiteral("reachable"))
            .toInt(-1);
    }
    QString nextToken() { return m_tokens.value(m_nextToken++); }
    Run redeem(const Bar &bar, const QString &token)
    {
        return kioskctl(bar,
            {QStringLiteral("redeem"), token, QStringLiteral("--staff"), QStringLiteral("stf_sam"),
                QStringLiteral("--json")});
    }
    QString verdictAt(const Bar &bar, const QString &token)
    {
        return kioskctl(bar, {QStringLiteral("verify"), token, QStringLiteral("--json")})
            .json()
            .value(QStringLiteral("reason"))
            .toString();
    }
    // Both hosts, the cable of each to the bridge, and the bridge in this test's namespace.
    bool buildNetwork(QString *problem)
    {
        const QString tag = QString::number(QCoreApplication::applicationPid());
        int host = 2;
        for (Bar *b : {&m_left, &m_right}) {
            const QString side = b == &m_left ? QStringLiteral("l") : QStringLiteral("r");
            b->ns = QStringLiteral("ck%1%2").arg(tag, side);
            b->veth = QStringLiteral("ck") + side;
            b->address = QStringLiteral("10.77.0.%1").arg(host++);
        }
        const QList<QStringList> steps{
            {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")},
            {QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("ckbr"), QStringLiteral("type"),
                QStringLiteral("bridge"), QStringLiteral("forward_delay"), QStringLiteral("0"),
                QStringLiteral("mcast_snooping"), QStringLiteral("0")},
            {QStringLiteral("addr"), QStringLiteral("add"), kCloudAddress + QStringLiteral("/24"),
                QStringLiteral("dev"), QStringLiteral("ckbr")},
            {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("ckbr"), QStringLiteral("up")},
        };
        QList<QStringList> all = steps;
        for (Bar *b : {&m_left, &m_right}) {
            const QString hub = b->veth + QStringLiteral("b");
            all << QStringList{QStringLiteral("netns"), QStringLiteral("add"), b->ns}
                << QStringList{QStringLiteral("link"), QStringLiteral("add"), b->veth, QStringLiteral("type"),
                       QStringLiteral("veth"), QStringLiteral("peer"), QStringLiteral("name"), hub}
                << QStringList{QStringLiteral("link"), QStringLiteral("set"), b->veth, QStringLiteral("netns"), b->ns}
                << QStringList{QStringLiteral("link"), QStringLiteral("set"), hub, QStringLiteral("master"),
                       QStringLiteral("ckbr"), QStringLiteral("up")}
                << QStringList{QStringLiteral("-n"), b->ns, QStringLiteral("addr"), QStringLiteral("add"),
                       b->address + QStringLiteral("/24"), QStringLiteral("dev"), b->veth}
                << QStringList{QStringLiteral("-n"), b->ns, QStringLiteral("link"), QStringLiteral("set"), b->veth,
                       QStringLiteral("up")}
                << QStringList{QStringLiteral("-n"), b->ns, QStringLiteral("link"), QStringLiteral("set"),
                       QStringLiteral("lo"), QStringLiteral("up")};
        }
        for (const QStringList &step : all) {
            const Run r = ip(step);
            if (r.exit != 0) {
                *problem = QStringLiteral("ip %1: %2").arg(step.join(u' '), QString::fromUtf8(r.err).trimmed());
                return false;
            }
        }
        return true;
    }
    void cable(const Bar &bar, bool up)
    {
        const Run r = ip({QStringLiteral("-n"), bar.ns, QStringLiteral("link"), QStringLiteral("set"), bar.veth,
            up ? QStringLiteral("up") : QStringLiteral("down")});
        QVERIFY2(r.exit == 0, r.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!g_skipReason.isEmpty())
            QSKIP(qPrintable(g_skipReason));
        QString problem;
        if (!buildNetwork(&problem))
            QSKIP(qPrintable(QStringLiteral("this machine cannot build the test network: ") + problem));
        // Listening on every address of this namespace: the kiosks reach it on the bridge, this
        // test's admin calls on 127.0.0.1 (the cloud's admin routes answer loopback only).
        const QByteArray out = kiosk::test::startDemoCloud(
            m_cloud, QStringLiteral(CLUB_CLOUD_PATH), {QStringLiteral("--listen"), QStringLiteral("0.0.0.0")});
        m_url = kiosk::test::demoCloudUrl(out);
        QVERIFY2(!m_url.isEmpty(), out.constData());
        m_cloudUrl = QUrl(m_url);
        m_cloudUrl.setHost(kCloudAddress);
        m_config = m_dir.filePath(QStringLiteral("kiosk.conf"));
        QFile conf(m_config);
        QVERIFY(conf.open(QIODevice::WriteOnly));
        // No online confirmation (the cloud is down in these tests); the peers on their default
        // port, on every interface: each host reports its own 10.77.0.x address.
        conf.write("[kiosk]\nconfirmTimeoutMs=0\n[peers]\nwindowMs=150\n");
        conf.close();
        for (Bar *b : {&m_left, &m_right}) {
            b->name = b == &m_left ? QStringLiteral("Left bar") : QStringLiteral("Right bar");
            b->db = m_dir.filePath(b->ns + QStringLiteral(".db"));
            const QString code = admin("POST", QStringLiteral("/admin/venues/ven_demo/pairing-codes"))
                                     .value(QStringLiteral("code"))
                                     .toString();
            QVERIFY2(!code.isEmpty(), "the cloud made no pairing code: is it reachable from the test?");
            const Run pair = kioskctl(*b,
                {QStringLiteral("pair"), m_cloudUrl.toString(), code, QStringLiteral("--name"), b->name,
                    QStringLiteral("--allow-insecure-http")});
            QVERIFY2(pair.exit == 0, pair.err.constData());
        }
        for (int i = 0; i < 140; ++i) {
            const QJsonObject made = admin("POST", QStringLiteral("/admin/venues/ven_demo/orders"),
                QJsonObject{{QStringLiteral("id"), QStringLiteral("ord_ns_%1").arg(i)}});
            m_tokens.append(made.value(QStringLiteral("token")).toString());
            QVERIFY(!m_tokens.last().isEmpty());
        }
        for (Bar *b : {&m_left, &m_right}) {
            if (m_noAvahi.isEmpty())
                (void)startAvahi(*b, &m_noAvahi);
        }
        for (Bar *b : {&m_left, &m_right})
            startSync(*b);
        // Each reports its address, learns the other's from the roster, and they link.
        QTRY_VERIFY_WITH_TIMEOUT(reachable(m_left) == 1 && reachable(m_right) == 1, 30000);
        for (Bar *b : {&m_left, &m_right}) {
            QTRY_VERIFY_WITH_TIMEOUT(kioskctl(*b, {QStringLiteral("status"), QStringLiteral("--json")})
                                         .json()
                                         .value(QStringLiteral("cache"))
                                         .toObject()
                                         .value(QStringLiteral("orders"))
                                         .toInt()
                    >= m_tokens.size(),
                15000);
        }
        admin("POST", QStringLiteral("/admin/faults"), QJsonObject{{QStringLiteral("outage"), true}});
    }

    void cleanupTestCase()
    {
        for (QProcess *p :
            {&m_left.sync, &m_right.sync, &m_cloud, &m_left.avahi, &m_right.avahi, &m_left.bus, &m_right.bus}) {
            p->kill();
            p->waitForFinished();
        }
        for (const Bar *b : {&m_left, &m_right}) {
            if (!b->ns.isEmpty())
                (void)ip({QStringLiteral("netns"), QStringLiteral("del"), b->ns});
        }
    }

    // The bars reach each other at their hosts' addresses, which the roster carried.
    void theyLinkAtTheirOwnAddresses()
    {
        const QJsonObject peers = kioskctl(m_left, {QStringLiteral("peers"), QStringLiteral("--json")}).json();
        const QJsonArray list = peers.value(QStringLiteral("peers")).toArray();
        QCOMPARE(list.size(), 1);
        const QJsonObject right = list.first().toObject();
        QCOMPARE(right.value(QStringLiteral("name")).toString(), m_right.name);
        QVERIFY(right.value(QStringLiteral("reachable")).toBool());
        QCOMPARE(right.value(QStringLiteral("address")).toString(), m_right.address + QStringLiteral(":47800"));
        const QJsonObject device = admin("GET",
            QStringLiteral("/admin/devices/")
                + kioskctl(m_right, {QStringLiteral("status"), QStringLiteral("--json")})
                      .json()
                      .value(QStringLiteral("deviceId"))
                      .toString());
        QCOMPARE(device.value(QStringLiteral("lan")).toArray().first().toString(),
            m_right.address + QStringLiteral(":47800"));
    }

    // Cloud down: a code poured at the left bar is refused at the right one, naming it.
    void aPourIsRefusedAcrossTheNetwork()
    {
        const int trials = 100;
        QList<qint64> after;
        for (int i = 0; i < trials; ++i) {
            const QString token = nextToken();
            const Run poured = redeem(m_left, token);
            QVERIFY2(poured.exit == 0, poured.out.constData());
            QCOMPARE(
                poured.json().value(QStringLiteral("peers")).toObject().value(QStringLiteral("answered")).toInt(), 1);
            QElapsedTimer t;
            t.start();
            const Run refused = kioskctl(m_right, {QStringLiteral("verify"), token, QStringLiteral("--json")});
            after.append(t.elapsed());
            QCOMPARE(refused.json().value(QStringLiteral("reason")).toString(), QStringLiteral("ALREADY_REDEEMED"));
            QCOMPARE(refused.json()
                         .value(QStringLiteral("previous"))
                         .toObject()
                         .value(QStringLiteral("deviceName"))
                         .toString(),
                m_left.name);
        }
        std::sort(after.begin(), after.end());
        qInfo("hosts on a bridge, cloud down: %d of %d pours at the left bar refused at the right bar (the check, a "
              "process started after the pour's verdict: median %lld ms, p99 %lld ms)",
            trials, trials, after[after.size() / 2], after[after.size() * 99 / 100]);
    }

    // A pulled cable is a split: nothing can stop a double pour across it, but once the cable is
    // back the bars exchange what they missed and flag it.
    void aPulledCableIsASplitThatHeals()
    {
        cable(m_right, false);
        QTRY_VERIFY_WITH_TIMEOUT(reachable(m_left) == 0, 10000);
        const QString shared = nextToken();
        QCOMPARE(redeem(m_left, shared).exit, 0);
        QCOMPARE(redeem(m_right, shared).exit, 0); // the split lets it through: it can only be flagged
        QStringList leftOnly;
        for (int i = 0; i < 5; ++i) {
            leftOnly << nextToken();
            QCOMPARE(redeem(m_left, leftOnly.last()).exit, 0);
        }
        QCOMPARE(verdictAt(m_right, leftOnly.first()), QStringLiteral("OK"));
        (void)m_left.sync.readAll();
        (void)m_right.sync.readAll();
        cable(m_right, true);
        QElapsedTimer healed;
        healed.start();
        // Records arrive in their maker's order: the last one held means all are.
        QVERIFY(QTest::qWaitFor(
            [&] { return verdictAt(m_right, leftOnly.last()) == QLatin1String("ALREADY_REDEEMED"); }, 10000));
        const qint64 heldMs = healed.elapsed();
        for (const QString &t : std::as_const(leftOnly))
            QCOMPARE(verdictAt(m_right, t), QStringLiteral("ALREADY_REDEEMED"));
        QByteArray leftSaid, rightSaid;
        QVERIFY(QTest::qWaitFor(
            [&] {
                leftSaid += m_left.sync.readAll();
                rightSaid += m_right.sync.readAll();
                return leftSaid.contains("double pour") && rightSaid.contains("double pour");
            },
            5000));
        qInfo("cable back: the right bar refused the left bar's split-time pours %lld ms later (each check a "
              "process); both bars flagged the double pour",
            heldMs);
    }

    // A bar whose process dies leaves the other pouring, asking nobody and waiting for nobody;
    // started again, it catches up at once.
    void aKilledBarLeavesTheOtherPouring()
    {
        QTRY_VERIFY_WITH_TIMEOUT(reachable(m_right) == 1, 10000);
        m_left.sync.kill();
        m_left.sync.waitForFinished();
        // Strict mode at the right bar: no pour while the left bar is away; the code stays valid.
        QFile strictConf(m_dir.filePath(QStringLiteral("strict.conf")));
        QVERIFY(strictConf.open(QIODevice::WriteOnly));
        strictConf.write("[kiosk]\nconfirmTimeoutMs=0\n[peers]\nwindowMs=150\nstrict=true\n");
        strictConf.close();
        const QString strictToken = nextToken();
        QStringList strictArgs = onBar(m_right, {QStringLiteral("redeem"), strictToken});
        strictArgs[strictArgs.indexOf(m_config)] = strictConf.fileName();
        const Run held = kiosk::test::runProgram(QStringLiteral("ip"), strictArgs);
        QCOMPARE(held.exit, 2);
        QVERIFY2(held.err.contains("strict mode") && held.err.contains("Left bar"), held.err.constData());
        QCOMPARE(verdictAt(m_right, strictToken), QStringLiteral("OK"));

        QStringList alone;
        for (int i = 0; i < 5; ++i) {
            alone << nextToken();
            QElapsedTimer t;
            t.start();
            const Run r = redeem(m_right, alone.last());
            QCOMPARE(r.exit, 0);
            QCOMPARE(r.json().value(QStringLiteral("peers")).toObject().value(QStringLiteral("answered")).toInt(), 0);
            QVERIFY2(t.elapsed() < 3000, qPrintable(QStringLiteral("%1 ms").arg(t.elapsed())));
        }
        startSync(m_left);
        QElapsedTimer back;
        back.start();
        QVERIFY(QTest::qWaitFor(
            [&] { return verdictAt(m_left, alone.last()) == QLatin1String("ALREADY_REDEEMED"); }, 5000));
        const qint64 caughtUpMs = back.elapsed();
        for (const QString &t : std::as_const(alone))
            QCOMPARE(verdictAt(m_left, t), QStringLiteral("ALREADY_REDEEMED"));
        qInfo("a killed bar, started again, refused the 5 pours it missed %lld ms after it started", caughtUpMs);
    }

    // DNS-SD alone is enough: with the cloud's device list ignored ([peers] roster=false) and
    // no static address, each bar finds the other through Avahi (`_clubkiosk._tcp`, its venue
    // and device in the TXT record), links, and a pour is refused at the other bar.
    void dnsSdAloneIsEnough()
    {
        if (!m_noAvahi.isEmpty())
            QSKIP(qPrintable(m_noAvahi));
        const QString conf = m_dir.filePath(QStringLiteral("dnssd.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[kiosk]\nconfirmTimeoutMs=0\n[peers]\nwindowMs=150\nroster=false\ndnssd=true\n");
        f.close();
        for (Bar *b : {&m_left, &m_right}) {
            b->sync.kill();
            b->sync.waitForFinished();
        }
        QElapsedTimer t;
        t.start();
        for (Bar *b : {&m_left, &m_right})
            startSync(*b, conf);
        const bool linked
            = QTest::qWaitFor([&] { return reachable(m_left, conf) == 1 && reachable(m_right, conf) == 1; }, 20000);
        const qint64 linkedMs = t.elapsed();
        QVERIFY2(linked, QByteArray(m_left.sync.readAll() + m_right.sync.readAll()).constData());
        // Nothing else could have told the left bar where the right one is.
        const QJsonArray peers = kioskctl(m_left, {QStringLiteral("peers"), QStringLiteral("--json")}, conf)
                                     .json()
                                     .value(QStringLiteral("peers"))
                                     .toArray();
        QCOMPARE(peers.size(), 1);
        QCOMPARE(peers.first().toObject().value(QStringLiteral("address")).toString(),
            m_right.address + QStringLiteral(":47800"));
        const QString token = nextToken();
        const Run poured = kioskctl(m_left,
            {QStringLiteral("redeem"), token, QStringLiteral("--staff"), QStringLiteral("stf_sam"),
                QStringLiteral("--json")},
            conf);
        QCOMPARE(poured.exit, 0);
        QCOMPARE(poured.json().value(QStringLiteral("peers")).toObject().value(QStringLiteral("answered")).toInt(), 1);
        QCOMPARE(verdictAt(m_right, token), QStringLiteral("ALREADY_REDEEMED"));
        qInfo(
            "DNS-SD only (no roster addresses, no static list): the bars linked %lld ms after they started", linkedMs);
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() != 0)
        g_skipReason = QStringLiteral("needs root for network namespaces");
    else if (::unshare(CLONE_NEWNET) != 0)
        g_skipReason
            = QStringLiteral("cannot make a network namespace: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    QCoreApplication app(argc, argv);
    TestNetns test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_netns.moc"
