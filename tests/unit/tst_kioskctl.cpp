// kioskctl end to end, as an operator or script would run it: real processes, real databases,
// exact exit codes and JSON, stdin verbatim, batches, bad input of every kind, and several
// processes redeeming the same codes at once.

#include "clirun.h"
#include "hardframes.h"
#include "minter.h"

#include "clock.h"
#include "redeemer.h"
#include "runlock.h"
#include "store.h"
#include "timeutil.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <sys/stat.h>

using namespace kiosk;
using namespace kiosk::test;

namespace {
using Run = kiosk::test::CliRun;

constexpr qint64 kNow = 1790000000;
} // namespace

class TestKioskctl : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    SigningKey m_key = publishedTestKey();

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static Run kioskctl(const QStringList &args, const QByteArray &stdinData = QByteArray())
    {
        return runProgram(QStringLiteral(KIOSKCTL_PATH), args, stdinData);
    }

    // A fresh venue database with the test key, two staff and a few cached orders.
    QString freshDb(const QString &name)
    {
        const QString db = path(name);
        QFile::remove(db);
        Run init = kioskctl({QStringLiteral("--db"), db, QStringLiteral("init"), QStringLiteral("--venue"),
            QStringLiteral("ven_test"), QStringLiteral("--name"), QStringLiteral("Test Bar")});
        if (init.exit != 0)
            qFatal("init failed: %s", init.err.constData());
        const QString feed = path(name + QStringLiteral(".feed.json"));
        QFile f(feed);
        f.open(QIODevice::WriteOnly);
        f.write(
            FeedBuilder()
                .key(m_key, kNow - 86400, kNow + 86400 * 365)
                .staff(QStringLiteral("stf_3"), QStringLiteral("Sam"), QStringLiteral("bartender"))
                .staff(QStringLiteral("stf_9"), QStringLiteral("Morgan"), QStringLiteral("manager"))
                .order(QStringLiteral("ord_paid"), QStringLiteral("tok_paid"), QStringLiteral("PAID"), kNow - 100,
                    QStringLiteral("order_paid_qr"), kNow + 3600, QStringLiteral("=HYPERLINK(\"x\")"))
                .order(QStringLiteral("ord_pend"), QStringLiteral("tok_pend"), QStringLiteral("PENDING"), kNow - 100)
                .toJson());
        f.close();
        Run imp = kioskctl({QStringLiteral("--db"), db, QStringLiteral("import"), feed});
        if (imp.exit != 0)
            qFatal("import failed: %s", imp.err.constData());
        return db;
    }

    // `count` paid orders imported, so that the file spans many pages (to damage some).
    bool addOrders(const QString &db, int count)
    {
        FeedBuilder feed;
        for (int i = 0; i < count; ++i)
            feed.order(QStringLiteral("ord_%1").arg(i), QString(), QStringLiteral("PAID"), kNow);
        return kioskctl({QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("-")},
                   feed.toJson(QStringLiteral("c2")))
                   .exit
            == 0;
    }

    QByteArray token(const QString &order, const QString &jti) const
    {
        return mintToken(m_key, defaultHeader(m_key.kid),
            defaultClaims(QStringLiteral("ven_test"), order, jti, kNow - 60, kNow + 86400));
    }

    static QStringList at(const QString &db, QStringList args)
    {
        args.prepend(db);
        args.prepend(QStringLiteral("--db"));
        args << QStringLiteral("--now") << QString::number(kNow);
        return args;
    }

private Q_SLOTS:
    void verifyJsonHasTheSpecifiedShape()
    {
        const QString db = freshDb(QStringLiteral("shape.db"));
        Run r = kioskctl(at(db,
            {QStringLiteral("verify"), QString::fromLatin1(token(QStringLiteral("ord_1"), QStringLiteral("tok_1"))),
                QStringLiteral("--json")}));
        QCOMPARE(r.exit, 0);
        QVERIFY(r.err.isEmpty());
        QCOMPARE(r.out.count('\n'), 1);
        const QJsonObject o = r.json();
        for (const char *key : {"verdict", "reason", "orderId", "jti", "recipient", "drinks", "amount", "currency",
                 "verifiedBy", "previous"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QLatin1String("verdict")).toString(), QStringLiteral("OK"));
        QCOMPARE(o.value(QLatin1String("reason")).toString(), QStringLiteral("OK"));
        QCOMPARE(o.value(QLatin1String("orderId")).toString(), QStringLiteral("ord_1"));
        QCOMPARE(o.value(QLatin1String("jti")).toString(), QStringLiteral("tok_1"));
        QCOMPARE(o.value(QLatin1String("recipient")).toString(), QStringLiteral("Alex M."));
        QCOMPARE(o.value(QLatin1String("drinks")).toArray(),
            QJsonArray({QJsonObject{{QStringLiteral("name"), QStringLiteral("Negroni")}, {QStringLiteral("qty"), 1}}}));
        QCOMPARE(o.value(QLatin1String("amount")).toInt(), 1400);
        QCOMPARE(o.value(QLatin1String("currency")).toString(), QStringLiteral("USD"));
        QCOMPARE(o.value(QLatin1String("verifiedBy")).toString(), QStringLiteral("signature"));
        QVERIFY(o.value(QLatin1String("previous")).isNull());
        // verify changes nothing
        Run h = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--json")});
        QCOMPARE(h.json().value(QLatin1String("count")).toInt(), 0);
    }

    void publishedVectorsThroughTheCli()
    {
        const QString db = freshDb(QStringLiteral("vectors.db"));
        const auto vectors = publishedVectors().value(QLatin1String("vectors")).toArray();
        for (const auto &v : vectors) {
            const QString reason = v.toObject().value(QLatin1String("reason")).toString();
            Run r = kioskctl(at(db,
                {QStringLiteral("verify"), v.toObject().value(QLatin1String("text")).toString(),
                    QStringLiteral("--json")}));
            QCOMPARE(r.json().value(QLatin1String("reason")).toString(), reason);
            QCOMPARE(r.exit, reason == QLatin1String("OK") ? 0 : 1);
            QCOMPARE(r.json().value(QLatin1String("verdict")).toString(),
                reason == QLatin1String("OK") ? QStringLiteral("OK") : QStringLiteral("REJECTED"));
        }
    }

    void redeemTwiceShowsPrevious()
    {
        const QString db = freshDb(QStringLiteral("twice.db"));
        const QString t = QString::fromLatin1(token(QStringLiteral("ord_1"), QStringLiteral("tok_1")));
        Run first = kioskctl(at(db,
            {QStringLiteral("redeem"), t, QStringLiteral("--staff"), QStringLiteral("stf_3"),
                QStringLiteral("--json")}));
        QCOMPARE(first.exit, 0);
        const QJsonObject red = first.json().value(QLatin1String("redemption")).toObject();
        QVERIFY(red.value(QLatin1String("idempotencyKey")).toString().contains(QLatin1String(":000001-")));
        Run second = kioskctl(at(db, {QStringLiteral("redeem"), t, QStringLiteral("--json")}));
        QCOMPARE(second.exit, 1);
        const QJsonObject o = second.json();
        QCOMPARE(o.value(QLatin1String("reason")).toString(), QStringLiteral("ALREADY_REDEEMED"));
        const QJsonObject prev = o.value(QLatin1String("previous")).toObject();
        QCOMPARE(prev.value(QLatin1String("redeemedAt")).toString(), formatRfc3339Ms(kNow * 1000));
        QCOMPARE(prev.value(QLatin1String("staffId")).toString(), QStringLiteral("stf_3"));
        QVERIFY(prev.value(QLatin1String("deviceId")).toString().startsWith(QLatin1String("dev_")));
        // Human output names the same facts.
        Run text = kioskctl(at(db, {QStringLiteral("redeem"), t}));
        QCOMPARE(text.exit, 1);
        QVERIFY(text.out.contains("ALREADY_REDEEMED"));
        QVERIFY(text.out.contains("Sam (stf_3)"));
        QVERIFY(text.out.contains("this kiosk"));
    }

    void stdinIsVerbatim()
    {
        const QString db = freshDb(QStringLiteral("stdin.db"));
        const QByteArray t = token(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        QCOMPARE(kioskctl(at(db, {QStringLiteral("verify"), QStringLiteral("-")}), t).exit, 0);
        // Nothing stripped: a trailing newline is part of the text, and makes it malformed.
        Run nl = kioskctl(at(db, {QStringLiteral("verify"), QStringLiteral("-"), QStringLiteral("--json")}), t + '\n');
        QCOMPARE(nl.exit, 1);
        QCOMPARE(nl.json().value(QLatin1String("reason")).toString(), QStringLiteral("MALFORMED"));
        // Arbitrary bytes, NULs included, get a verdict, not a crash.
        Run bin = kioskctl(at(db, {QStringLiteral("verify"), QStringLiteral("-"), QStringLiteral("--json")}),
            QByteArray("\x00\xff\x01order\x00", 9));
        QCOMPARE(bin.exit, 1);
        QCOMPARE(bin.json().value(QLatin1String("reason")).toString(), QStringLiteral("MALFORMED"));
        Run huge = kioskctl(at(db, {QStringLiteral("verify"), QStringLiteral("-"), QStringLiteral("--json")}),
            QByteArray(10 * 1024 * 1024, 'a'));
        QCOMPARE(huge.exit, 1);
        QVERIFY(huge.json().value(QLatin1String("detail")).toString().contains(QLatin1String("2048")));
        // Legacy codes starting with "--" go after "--".
        Run dash = kioskctl({QStringLiteral("--db"), db, QStringLiteral("verify"), QStringLiteral("--json"),
            QStringLiteral("--"), QStringLiteral("--order_x")});
        QCOMPARE(dash.json().value(QLatin1String("reason")).toString(), QStringLiteral("UNKNOWN_ORDER"));
    }

    void batchPrintsOneLinePerTextInOrder()
    {
        const QString db = freshDb(QStringLiteral("batch.db"));
        const QByteArray a = token(QStringLiteral("ord_a"), QStringLiteral("tok_a"));
        const QByteArray b = token(QStringLiteral("ord_b"), QStringLiteral("tok_b"));
        const QByteArray input = a + "\n" + "garbage!\r\n" + "\n" + b + "\r\n" + a + "\n" + "order_paid_qr";
        QFile f(path(QStringLiteral("batch.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(input);
        f.close();
        Run r = kioskctl(at(db, {QStringLiteral("redeem"), QStringLiteral("--batch"), f.fileName()}));
        QCOMPARE(r.exit, 1);
        const auto lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        const QStringList expected{QStringLiteral("OK"), QStringLiteral("MALFORMED"), QStringLiteral("MALFORMED"),
            QStringLiteral("OK"), QStringLiteral("ALREADY_REDEEMED"), QStringLiteral("OK")};
        for (int i = 0; i < 6; ++i)
            QCOMPARE(QJsonDocument::fromJson(lines[i]).object().value(QLatin1String("reason")).toString(), expected[i]);
        QCOMPARE(QJsonDocument::fromJson(lines[5]).object().value(QLatin1String("verifiedBy")).toString(),
            QStringLiteral("cache"));
        // From stdin, verify-only, all OK → exit 0.
        Run v = kioskctl(at(db, {QStringLiteral("verify"), QStringLiteral("--batch"), QStringLiteral("-")}),
            token(QStringLiteral("ord_c"), QStringLiteral("tok_c")) + "\n");
        QCOMPARE(v.exit, 0);
        QCOMPARE(v.out.count('\n'), 1);
    }

    void historyFormats()
    {
        const QString db = freshDb(QStringLiteral("history.db"));
        QCOMPARE(kioskctl(at(db,
                              {QStringLiteral("redeem"), QStringLiteral("order_paid_qr"), QStringLiteral("--staff"),
                                  QStringLiteral("stf_3")}))
                     .exit,
            0);
        QCOMPARE(kioskctl(at(db,
                              {QStringLiteral("redeem"),
                                  QString::fromLatin1(token(QStringLiteral("ord_1"), QStringLiteral("tok_1")))}))
                     .exit,
            0);
        QCOMPARE(kioskctl(at(db, {QStringLiteral("redeem"), QStringLiteral("nonsense!")})).exit, 1);

        Run table = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history")});
        QCOMPARE(table.exit, 0);
        QVERIFY(table.out.startsWith("TIME"));
        QVERIFY(table.out.contains("2 row(s), 2 live redemption(s)"));

        Run csv = kioskctl(
            {QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(csv.exit, 0);
        const auto lines = csv.out.split('\n');
        QVERIFY(lines[0].startsWith("seq,redeemed_at,status,order_id"));
        QCOMPARE(csv.out.count("\r\n"), 3);
        // A guest-chosen name cannot become a spreadsheet formula.
        QVERIFY2(csv.out.contains("\"'=HYPERLINK(\"\"x\"\")\""), csv.out.constData());

        Run json = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--json")});
        const QJsonArray rows = json.json().value(QLatin1String("redemptions")).toArray();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].toObject().value(QLatin1String("orderId")).toString(),
            QStringLiteral("ord_1")); // newest first (seq breaks the tie)
        QCOMPARE(rows[1].toObject().value(QLatin1String("staffName")).toString(), QStringLiteral("Sam"));

        Run scans = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--scans"),
            QStringLiteral("--json")});
        QCOMPARE(scans.json().value(QLatin1String("count")).toInt(), 3);
        QCOMPARE(scans.json()
                     .value(QLatin1String("scans"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("reason"))
                     .toString(),
            QStringLiteral("MALFORMED"));

        // Time window and status filters.
        Run before = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--to"),
            QString::number(kNow), QStringLiteral("--json")});
        QCOMPARE(before.json().value(QLatin1String("count")).toInt(), 0);
        Run from = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--from"),
            formatRfc3339Ms(kNow * 1000), QStringLiteral("--status"), QStringLiteral("unsent"),
            QStringLiteral("--json")});
        QCOMPARE(from.json().value(QLatin1String("count")).toInt(), 2);

        // void, then the status filter sees it.
        Run v = kioskctl(at(db,
            {QStringLiteral("void"), QStringLiteral("1"), QStringLiteral("--reason"), QStringLiteral("spilled"),
                QStringLiteral("--staff"), QStringLiteral("stf_9")}));
        QCOMPARE(v.exit, 0);
        Run voided = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--status"),
            QStringLiteral("voided"), QStringLiteral("--json")});
        QCOMPARE(voided.json().value(QLatin1String("count")).toInt(), 1);
        QCOMPARE(voided.json()
                     .value(QLatin1String("redemptions"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("void"))
                     .toObject()
                     .value(QLatin1String("reason"))
                     .toString(),
            QStringLiteral("spilled"));
    }

    void statusReportsTheStore()
    {
        const QString db = freshDb(QStringLiteral("status.db"));
        QCOMPARE(kioskctl(at(db, {QStringLiteral("redeem"), QStringLiteral("order_paid_qr")})).exit, 0);
        Run s = kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(s.exit, 0);
        const QJsonObject o = s.json();
        QCOMPARE(o.value(QLatin1String("venue")).toObject().value(QLatin1String("id")).toString(),
            QStringLiteral("ven_test"));
        QCOMPARE(o.value(QLatin1String("venue")).toObject().value(QLatin1String("name")).toString(),
            QStringLiteral("Test Bar"));
        QCOMPARE(o.value(QLatin1String("cache")).toObject().value(QLatin1String("orders")).toInt(), 2);
        QCOMPARE(o.value(QLatin1String("cache")).toObject().value(QLatin1String("staff")).toInt(), 2);
        QCOMPARE(o.value(QLatin1String("ledger")).toObject().value(QLatin1String("outboxPending")).toInt(), 1);
        QCOMPARE(o.value(QLatin1String("keys")).toArray()[0].toObject().value(QLatin1String("kid")).toString(),
            QStringLiteral("test-2026"));
        QCOMPARE(o.value(QLatin1String("cursor")).toString(), QStringLiteral("c1"));
        Run text = kioskctl({QStringLiteral("--db"), db, QStringLiteral("status")});
        QVERIFY(text.out.contains("ven_test (Test Bar)"));
        QVERIFY(text.out.contains("outbox 1 unsent"));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString db = path(QStringLiteral("usage.db"));
        QTest::newRow("no command") << QStringList{} << "no command";
        QTest::newRow("unknown command") << QStringList{QStringLiteral("pour")} << "unknown command 'pour'";
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--db"), db, QStringLiteral("status"),
            QStringLiteral("--colour")} << "unknown option --colour for 'status'";
        QTest::newRow("option of another command") << QStringList{QStringLiteral("--db"), db, QStringLiteral("verify"),
            QStringLiteral("x"), QStringLiteral("--staff"), QStringLiteral("s")}
                                                   << "unknown option --staff for 'verify'";
        QTest::newRow("missing value") << QStringList{QStringLiteral("--db"), db, QStringLiteral("verify"),
            QStringLiteral("x"), QStringLiteral("--now")}
                                       << "--now needs a value";
        QTest::newRow("bad --now") << QStringList{QStringLiteral("--db"), db, QStringLiteral("verify"),
            QStringLiteral("x"), QStringLiteral("--now"), QStringLiteral("tomorrow")}
                                   << "--now 'tomorrow' must be Unix seconds";
        QTest::newRow("two texts") << QStringList{QStringLiteral("--db"), db, QStringLiteral("verify"),
            QStringLiteral("a"), QStringLiteral("b")}
                                   << "exactly one TEXT";
        QTest::newRow("no text") << QStringList{QStringLiteral("--db"), db, QStringLiteral("redeem")}
                                 << "exactly one TEXT";
        QTest::newRow("batch and text") << QStringList{QStringLiteral("--db"), db, QStringLiteral("verify"),
            QStringLiteral("a"), QStringLiteral("--batch"), QStringLiteral("f")}
                                        << "takes no TEXT";
        QTest::newRow("init without venue")
            << QStringList{QStringLiteral("--db"), db, QStringLiteral("init")} << "--venue";
        QTest::newRow("init bad venue") << QStringList{QStringLiteral("--db"), db, QStringLiteral("init"),
            QStringLiteral("--venue"), QStringLiteral("a b")}
                                        << "venue id 'a b'";
        QTest::newRow("bad status") << QStringList{QStringLiteral("--db"), db, QStringLiteral("history"),
            QStringLiteral("--status"), QStringLiteral("lost")}
                                    << "--status 'lost'";
        QTest::newRow("bad format") << QStringList{QStringLiteral("--db"), db, QStringLiteral("history"),
            QStringLiteral("--format"), QStringLiteral("xml")}
                                    << "--format must be";
        QTest::newRow("bad from") << QStringList{QStringLiteral("--db"), db, QStringLiteral("history"),
            QStringLiteral("--from"), QStringLiteral("last week")}
                                  << "--from 'last week'";
        QTest::newRow("flag with value") << QStringList{QStringLiteral("--db"), db, QStringLiteral("status"),
            QStringLiteral("--json=yes")} << "takes no value";
        QTest::newRow("option twice") << QStringList{QStringLiteral("--db"), db, QStringLiteral("--db"), db,
            QStringLiteral("status")} << "given twice";
        QTest::newRow("void without reason")
            << QStringList{QStringLiteral("--db"), db, QStringLiteral("void"), QStringLiteral("1")} << "--reason";
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        Run r = kioskctl(args);
        QCOMPARE(r.exit, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QVERIFY(!r.err.contains("Segmentation"));
    }

    void environmentErrorsExitTwoAndTouchNothing()
    {
        // Missing database.
        Run missing = kioskctl({QStringLiteral("--db"), path(QStringLiteral("none.db")), QStringLiteral("verify"),
            QStringLiteral("order_x_qr")});
        QCOMPARE(missing.exit, 2);
        QVERIFY(missing.err.contains("kioskctl init"));
        QVERIFY(!QFile::exists(path(QStringLiteral("none.db"))));

        // A file that is not a database stays byte-for-byte the same.
        const QString notDb = path(QStringLiteral("notes.txt"));
        QFile f(notDb);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("shopping list: limes, mint\n");
        f.close();
        for (const QStringList &args :
            {QStringList{QStringLiteral("verify"), QStringLiteral("order_x_qr")}, QStringList{QStringLiteral("status")},
                QStringList{QStringLiteral("init"), QStringLiteral("--venue"), QStringLiteral("v")}}) {
            Run r = kioskctl(QStringList{QStringLiteral("--db"), notDb} + args);
            QCOMPARE(r.exit, 2);
            QVERIFY2(r.err.contains("not a SQLite database") || r.err.contains("already exists"), r.err.constData());
        }
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("shopping list: limes, mint\n"));

        // Unreadable import file and an explicitly named config file that does not exist.
        const QString db = freshDb(QStringLiteral("env.db"));
        Run noFile
            = kioskctl({QStringLiteral("--db"), db, QStringLiteral("import"), path(QStringLiteral("nope.json"))});
        QCOMPARE(noFile.exit, 2);
        QVERIFY(noFile.err.contains("cannot read"));
        Run noConfig
            = kioskctl({QStringLiteral("--config"), path(QStringLiteral("nope.conf")), QStringLiteral("status")});
        QCOMPARE(noConfig.exit, 2);
        QVERIFY(noConfig.err.contains("config file"));

        // init on an existing database.
        Run again = kioskctl(
            {QStringLiteral("--db"), db, QStringLiteral("init"), QStringLiteral("--venue"), QStringLiteral("ven_x")});
        QCOMPARE(again.exit, 2);
        QVERIFY(again.err.contains("already exists"));
    }

    // One unusable entry is set aside (listed by `quarantine`, counted by `status`); the rest of
    // the document imports. A document that is not a feed page imports nothing.
    void badFeedEntryIsSetAside()
    {
        const QString db = freshDb(QStringLiteral("badfeed.db"));
        const int before = QJsonDocument::fromJson(
            kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")}).out)
                               .object()
                               .value(QStringLiteral("cache"))
                               .toObject()
                               .value(QStringLiteral("orders"))
                               .toInt();
        FeedBuilder feed;
        for (int i = 0; i < 20; ++i)
            feed.order(QStringLiteral("ord_n%1").arg(i), QString(), QStringLiteral("PAID"), kNow);
        feed.raw(QJsonObject{{QStringLiteral("type"), QStringLiteral("order")},
            {QStringLiteral("data"),
                QJsonObject{{QStringLiteral("id"), QStringLiteral("ord_broken")},
                    {QStringLiteral("recipient"), QStringLiteral("\x1b[2J\x1b[32mOK \u202e")},
                    {QStringLiteral("status"), QStringLiteral("PAID")}}}});
        Run r = kioskctl({QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("-")},
            feed.toJson(QStringLiteral("c2")));
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("1 entry set aside"), r.out.constData());
        Run status = kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")});
        const QJsonObject st = QJsonDocument::fromJson(status.out).object();
        QCOMPARE(st.value(QStringLiteral("cache")).toObject().value(QStringLiteral("orders")).toInt(), before + 20);
        QCOMPARE(st.value(QStringLiteral("quarantined")).toInt(), 1);
        QCOMPARE(st.value(QStringLiteral("cursor")).toString(), QStringLiteral("c2"));
        Run listed = kioskctl({QStringLiteral("--db"), db, QStringLiteral("quarantine")});
        QCOMPARE(listed.exit, 0);
        QVERIFY2(listed.out.contains("changes[20] (order 'ord_broken')"), listed.out.constData());
        QVERIFY2(listed.out.contains("field 'recipient' contains control characters"), listed.out.constData());
        // The raw entry is shown, but nothing in it can drive the terminal.
        QVERIFY(!listed.out.contains('\x1b'));
        QVERIFY(!listed.out.contains("\u202e"));
        Run json = kioskctl({QStringLiteral("--db"), db, QStringLiteral("quarantine"), QStringLiteral("--json")});
        const QJsonObject q = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(q.value(QStringLiteral("count")).toInt(), 1);
        QCOMPARE(q.value(QStringLiteral("entries")).toArray().first().toObject().value(QStringLiteral("entityId")),
            QJsonValue(QStringLiteral("ord_broken")));

        const QByteArray unchanged
            = kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")}).out;
        Run garbage = kioskctl({QStringLiteral("--db"), db, QStringLiteral("import"), QStringLiteral("-")},
            QByteArray("\x1f\x8b\x08 not json"));
        QCOMPARE(garbage.exit, 2);
        QVERIFY(garbage.err.contains("not valid JSON"));
        QVERIFY(garbage.err.contains("nothing was imported"));
        QCOMPARE(
            kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")}).out, unchanged);
    }

    // A kiosk whose clock is off the cloud's by more than the skew says so in `status`.
    void statusShowsClockDrift()
    {
        const QString db = freshDb(QStringLiteral("drift.db"));
        QJsonObject page = QJsonDocument::fromJson(FeedBuilder().toJson(QStringLiteral("c9"))).object();
        page[QStringLiteral("serverTime")] = rfc3339(kNow - 600);
        Run r = kioskctl(at(db, {QStringLiteral("import"), QStringLiteral("-")}), QJsonDocument(page).toJson());
        QCOMPARE(r.exit, 0);
        Run text = kioskctl({QStringLiteral("--db"), db, QStringLiteral("status")});
        QVERIFY2(text.out.contains("clock        600.0 s ahead of the cloud's - MORE THAN THE ALLOWED SKEW"),
            text.out.constData());
        Run json = kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(json.json().value(QStringLiteral("clockDriftMs")).toInteger(), 600000);
    }

    void backupWritesAConsistentCopy()
    {
        const QString db = freshDb(QStringLiteral("tobackup.db"));
        const QString copy = m_dir.filePath(QStringLiteral("tobackup-copy.db"));
        Run r = kioskctl({QStringLiteral("--db"), db, QStringLiteral("backup"), copy, QStringLiteral("--json")});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.json().value(QStringLiteral("bytes")).toInteger() > 0);
        const QByteArray original
            = kioskctl({QStringLiteral("--db"), db, QStringLiteral("status"), QStringLiteral("--json")}).out;
        const QByteArray copied
            = kioskctl({QStringLiteral("--db"), copy, QStringLiteral("status"), QStringLiteral("--json")}).out;
        QCOMPARE(QJsonDocument::fromJson(copied).object().value(QStringLiteral("cache")),
            QJsonDocument::fromJson(original).object().value(QStringLiteral("cache")));
        Run again = kioskctl({QStringLiteral("--db"), db, QStringLiteral("backup"), copy});
        QCOMPARE(again.exit, 2);
        QVERIFY2(again.err.contains("already exists"), again.err.constData());
        QCOMPARE(kioskctl({QStringLiteral("--db"), db, QStringLiteral("backup")}).exit, 2);
    }

    // A restore keeps what was recorded since the backup: the redemption made after it stays,
    // unsent; the void of an earlier one stays, so that one is never uploaded; the numbering
    // continues after the replaced database's; the replaced database is kept.
    void restoreKeepsWhatWasRecordedSinceTheBackup()
    {
        const QString db = freshDb(QStringLiteral("restore.db"));
        const QString before = token(QStringLiteral("ord_r1"), QStringLiteral("tok_r1"));
        const QString after = token(QStringLiteral("ord_r2"), QStringLiteral("tok_r2"));
        QCOMPARE(kioskctl(at(db, {QStringLiteral("redeem"), before, QStringLiteral("--offline")})).exit, 0);
        const QString copy = path(QStringLiteral("restore-backup.db"));
        QCOMPARE(kioskctl({QStringLiteral("--db"), db, QStringLiteral("backup"), copy}).exit, 0);
        QCOMPARE(kioskctl(at(db, {QStringLiteral("redeem"), after, QStringLiteral("--offline")})).exit, 0);
        QCOMPARE(kioskctl(at(db,
                              {QStringLiteral("void"), QStringLiteral("1"), QStringLiteral("--reason"),
                                  QStringLiteral("wrong glass")}))
                     .exit,
            0);

        Run r = kioskctl({QStringLiteral("--db"), db, QStringLiteral("restore"), copy, QStringLiteral("--json")});
        QVERIFY2(r.exit == 0, r.err.constData());
        const QJsonObject report = r.json();
        QCOMPARE(report.value(QLatin1String("carriedRows")).toInt(), 2); // the later redemption and the void
        QCOMPARE(report.value(QLatin1String("ledgerRows")).toInt(), 3);
        QCOMPARE(report.value(QLatin1String("outboxPending")).toInt(), 1); // the voided one is not sent
        const QString kept = report.value(QLatin1String("keptLiveCopy")).toString();
        QVERIFY2(kept.contains(QLatin1String("/backups/restore-before-restore-")), qPrintable(kept));
        QVERIFY(QFileInfo::exists(kept));
        QCOMPARE(QFileInfo(kept).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
            QFileDevice::Permissions());
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")) || QFileInfo(db).size() > 0);

        Run again = kioskctl(at(db, {QStringLiteral("redeem"), after, QStringLiteral("--json")}));
        QCOMPARE(again.exit, 1);
        QCOMPARE(again.json().value(QLatin1String("reason")).toString(), QStringLiteral("ALREADY_REDEEMED"));
        Run voided = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--status"),
            QStringLiteral("voided"), QStringLiteral("--json")});
        QCOMPARE(voided.json().value(QLatin1String("count")).toInt(), 1);
        QCOMPARE(voided.json()
                     .value(QLatin1String("redemptions"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("orderId"))
                     .toString(),
            QStringLiteral("ord_r1"));
        // A new redemption is numbered after every row the replaced database held (three).
        QCOMPARE(kioskctl(at(db,
                              {QStringLiteral("redeem"), token(QStringLiteral("ord_r3"), QStringLiteral("tok_r3")),
                                  QStringLiteral("--offline")}))
                     .exit,
            0);
        Run h = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--json")});
        const QJsonArray rows = h.json().value(QLatin1String("redemptions")).toArray();
        QCOMPARE(rows[0].toObject().value(QLatin1String("orderId")).toString(), QStringLiteral("ord_r3"));
        QCOMPARE(rows[0].toObject().value(QLatin1String("seq")).toInteger(), 4);
    }

    void restoreCanDiscardWhatCameAfterTheBackup()
    {
        const QString db = freshDb(QStringLiteral("discard.db"));
        const QString copy = path(QStringLiteral("discard-backup.db"));
        QCOMPARE(kioskctl({QStringLiteral("--db"), db, QStringLiteral("backup"), copy}).exit, 0);
        QCOMPARE(kioskctl(at(db,
                              {QStringLiteral("redeem"), token(QStringLiteral("ord_d1"), QStringLiteral("tok_d1")),
                                  QStringLiteral("--offline")}))
                     .exit,
            0);
        Run r = kioskctl(
            {QStringLiteral("--db"), db, QStringLiteral("restore"), copy, QStringLiteral("--discard-since-backup")});
        QVERIFY2(r.exit == 0, r.err.constData());
        QVERIFY2(
            r.out.contains("1 local redemption(s) or void(s) made since the backup were left out"), r.out.constData());
        QVERIFY2(r.out.contains("the replaced database is kept at"), r.out.constData());
        Run h = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--json")});
        QCOMPARE(h.json().value(QLatin1String("count")).toInt(), 0);
        // The dropped row's number (1) is not used again: fresh idempotency space.
        QCOMPARE(kioskctl(at(db,
                              {QStringLiteral("redeem"), token(QStringLiteral("ord_d2"), QStringLiteral("tok_d2")),
                                  QStringLiteral("--offline")}))
                     .exit,
            0);
        Run after = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--json")});
        const QJsonObject row = after.json().value(QLatin1String("redemptions")).toArray()[0].toObject();
        QCOMPARE(row.value(QLatin1String("seq")).toInteger(), 2);
        QVERIFY(row.value(QLatin1String("idempotencyKey")).toString().contains(QLatin1String(":000002-")));
    }

    // Every refusal names its reason and leaves the database exactly as it was.
    void restoreRefusesBadBackupsAndARunningKiosk()
    {
        const QString db = freshDb(QStringLiteral("refuse.db"));
        QCOMPARE(kioskctl(at(db,
                              {QStringLiteral("redeem"), token(QStringLiteral("ord_f1"), QStringLiteral("tok_f1")),
                                  QStringLiteral("--offline")}))
                     .exit,
            0);
        const QString good = path(QStringLiteral("refuse-backup.db"));
        QCOMPARE(kioskctl({QStringLiteral("--db"), db, QStringLiteral("backup"), good}).exit, 0);
        const auto hash = [](const QString &file) {
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                                               : QByteArray();
        };
        const auto writeFile = [this](const QString &name, const QByteArray &bytes) {
            QFile f(path(name));
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(bytes);
            return f.fileName();
        };
        QFile g(good);
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QByteArray goodBytes = g.readAll();
        QByteArray newer = goodBytes;
        newer[60] = 0; // user_version, big-endian at offset 60
        newer[61] = 0;
        newer[62] = 0;
        newer[63] = 99;
        QByteArray damaged = goodBytes;
        for (qsizetype i = 4096; i < damaged.size(); ++i)
            damaged[i] = '\x5A';
        const QString otherVenue = path(QStringLiteral("refuse-other.db"));
        QCOMPARE(kioskctl({QStringLiteral("--db"), otherVenue, QStringLiteral("init"), QStringLiteral("--venue"),
                              QStringLiteral("ven_other")})
                     .exit,
            0);
        const QString inUse = writeFile(QStringLiteral("refuse-inuse.db"), goodBytes);
        writeFile(QStringLiteral("refuse-inuse.db-wal"), QByteArray());

        const QByteArray original = hash(db);
        const struct
        {
            QString file;
            const char *message;
        } cases[] = {
            {path(QStringLiteral("missing.db")), "does not exist"},
            {writeFile(QStringLiteral("refuse-text.db"), "not a database at all, just text\n"),
                "is not a SQLite database"},
            {writeFile(QStringLiteral("refuse-newer.db"), newer), "newer Club Kiosk"},
            {writeFile(QStringLiteral("refuse-damaged.db"), damaged), "cannot be restored"},
            {otherVenue, "is of venue ven_other"},
            {inUse, "is a database in use, not a backup"},
            {db, "is the kiosk's database itself"},
        };
        for (const auto &c : cases) {
            Run r = kioskctl({QStringLiteral("--db"), db, QStringLiteral("restore"), c.file});
            QCOMPARE(r.exit, 2);
            QVERIFY2(r.err.contains(c.message), r.err.constData());
            QCOMPARE(hash(db), original);
        }
        {
            // A kiosk holds the run lock on the database: restore waits for it to stop.
            auto lock = RunLock::acquire(db);
            QVERIFY(lock);
            Run r = kioskctl({QStringLiteral("--db"), db, QStringLiteral("restore"), good});
            QCOMPARE(r.exit, 2);
            QVERIFY2(r.err.contains("a kiosk is running on")
                    && r.err.contains(QByteArray::number(QCoreApplication::applicationPid())),
                r.err.constData());
            QCOMPARE(hash(db), original);
            QCOMPARE(RunLock::holder(db), QCoreApplication::applicationPid());
        }
        QCOMPARE(RunLock::holder(db), 0);
        Run ok = kioskctl({QStringLiteral("--db"), db, QStringLiteral("restore"), good});
        QVERIFY2(ok.exit == 0, ok.err.constData());
        // A new box: no database, not even its folder; the backup becomes the database.
        const QString fresh = path(QStringLiteral("newbox/state/kiosk.db"));
        Run onNewBox
            = kioskctl({QStringLiteral("--db"), fresh, QStringLiteral("restore"), good, QStringLiteral("--json")});
        QVERIFY2(onNewBox.exit == 0, onNewBox.err.constData());
        QCOMPARE(onNewBox.json().value(QLatin1String("keptLiveCopy")).toString(), QString());
        QCOMPARE(onNewBox.json().value(QLatin1String("ledgerRows")).toInt(), 1);
    }

    void corruptDatabaseIsReported()
    {
        const QString db = freshDb(QStringLiteral("corrupt.db"));
        QVERIFY(addOrders(db, 3000));
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        // Every page but the first (which holds the schema) becomes garbage.
        f.seek(4096);
        f.write(QByteArray(f.size() - 4096, '\x5A'));
        f.close();
        QFile raw(db);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray before = QCryptographicHash::hash(raw.readAll(), QCryptographicHash::Sha256);
        raw.close();
        for (const QStringList &args : {QStringList{QStringLiteral("status")}, QStringList{QStringLiteral("history")},
                 QStringList{QStringLiteral("verify"), QStringLiteral("order_x_qr")}}) {
            Run r = kioskctl(QStringList{QStringLiteral("--db"), db} + args);
            QCOMPARE(r.exit, 2);
            QVERIFY2(r.err.contains("corrupt") || r.err.contains("not a"), r.err.constData());
        }
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(raw.readAll(), QCryptographicHash::Sha256), before);
    }

    void configFileSetsDatabaseAndSkew()
    {
        const QString db = freshDb(QStringLiteral("config.db"));
        const QString conf = path(QStringLiteral("kiosk.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[kiosk]\ndatabase=config.db\nclockSkewSeconds=0\n");
        f.close();
        // exp exactly now: OK with the default 120 s skew, EXPIRED with 0.
        const QByteArray t = mintToken(m_key, defaultHeader(m_key.kid),
            defaultClaims(QStringLiteral("ven_test"), QStringLiteral("o"), QStringLiteral("t"), kNow - 60, kNow));
        Run strict = kioskctl({QStringLiteral("--config"), conf, QStringLiteral("verify"), QString::fromLatin1(t),
            QStringLiteral("--now"), QString::number(kNow), QStringLiteral("--json")});
        QCOMPARE(strict.json().value(QLatin1String("reason")).toString(), QStringLiteral("EXPIRED"));
        Run lenient = kioskctl(at(db, {QStringLiteral("verify"), QString::fromLatin1(t), QStringLiteral("--json")}));
        QCOMPARE(lenient.json().value(QLatin1String("reason")).toString(), QStringLiteral("OK"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[kiosk]\ndatabse=typo.db\n");
        f.close();
        Run typo = kioskctl({QStringLiteral("--config"), conf, QStringLiteral("status")});
        QCOMPARE(typo.exit, 2);
        QVERIFY(typo.err.contains("unknown setting 'kiosk/databse'"));
    }

    // The installed configuration file (packaging/club-kiosk.conf) is valid as shipped, with
    // its # comments and commented-out keys; every key is checked; mistakes name their line.
    void configFileAsShippedAndItsMistakes()
    {
        const QString shipped = QStringLiteral(PACKAGING_DIR "/club-kiosk.conf");
        Run ok = kioskctl({QStringLiteral("--config"), shipped, QStringLiteral("--db"),
            freshDb(QStringLiteral("shipped.db")), QStringLiteral("doctor")});
        QVERIFY2(ok.exit == 0, ok.err.constData());
        QVERIFY2(ok.out.contains(QByteArray(QByteArray("config       ") + shipped.toUtf8())), ok.out.constData());
        const QString conf = path(QStringLiteral("mistakes.conf"));
        const struct
        {
            QByteArray text;
            const char *message;
        } cases[] = {
            {"[kiosk]\n# a comment = with an equals sign\n; another\nlanguage=fr\n",
                "language must be en or de, not 'fr'"},
            {"[kiosk]\nconfirmMode=maybe\n", "confirmMode must be true or false, not 'maybe'"},
            {"[kiosk]\npollSeconds=1\n", "pollSeconds must be 2 to 3600"},
            {"[kiosk]\nwatchdogSeconds=-5\n", "watchdogSeconds must be 0 to 3600"},
            {"[kiosk]\nshiftStart=25:00\n", "shiftStart must be a time like 16:00, not '25:00'"},
            {"[kiosk]\nlanguage=en\nlanguage=de\n", "line 3: 'kiosk/language' is set twice"},
            {"[kiosk\n", "line 1: a section header looks like [kiosk]"},
            {"[kiosk]\njust words\n", "line 2: expected key=value"},
            {"camera=/dev/video0\n", "unknown setting 'camera'"},
            {"[peers]\nport=70000\n", "peers/port must be 0 to 65535"},
            {"[peers]\nwindowMs=5000\n", "peers/windowMs must be 0 to 2000"},
            {"[peers]\nenabled=sometimes\n", "peers/enabled must be true or false, not 'sometimes'"},
            {"[peers]\nstrict=yes please\n", "peers/strict must be true or false, not 'yes please'"},
            {"[peers]\ndnssd=avahi\n", "peers/dnssd must be true or false, not 'avahi'"},
            {"[peers]\nlisten=bar.local\n", "peers/listen must be an IP address, not 'bar.local'"},
            {"[peers]\nstatic=10.0.0.2:47800, 10.0.0.3\n", "'10.0.0.3' is not one"},
            {"[peers]\nprot=1\n", "unknown setting 'peers/prot'"},
        };
        for (const auto &c : cases) {
            QFile f(conf);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(c.text);
            f.close();
            Run r = kioskctl({QStringLiteral("--config"), conf, QStringLiteral("status")});
            QCOMPARE(r.exit, 2);
            QVERIFY2(r.err.contains(c.message), r.err.constData());
        }
    }

    // doctor: every check in words, JSON for scripts, exit 1 when one fails.
    void doctorReportsWhatAnOperatorNeeds()
    {
        const QString db = freshDb(QStringLiteral("doctor.db"));
        Run r = kioskctl(at(db, {QStringLiteral("doctor")}));
        QVERIFY2(r.exit == 0, r.out.constData());
        for (const char *line :
            {"ok   version      kioskctl ", "ok   integrity    ok", "ok   keys         1 valid now, 1 known",
                "ok   staff        2 can sign in", "warn pairing      not paired", "ok   kiosk        not running",
                "upload queue 0 redemption(s) and 0 void(s) waiting", " free of "})
            QVERIFY2(r.out.contains(line), line);
        Run json = kioskctl(at(db, {QStringLiteral("doctor"), QStringLiteral("--json")}));
        QCOMPARE(json.json().value(QLatin1String("healthy")).toBool(), true);
        QStringList names;
        for (const QJsonValue &c : json.json().value(QLatin1String("checks")).toArray())
            names << c.toObject().value(QLatin1String("check")).toString();
        for (const char *name : {"version", "config", "disk", "cameras", "kiosk", "database", "integrity", "backups",
                 "venue", "pairing", "upload queue", "keys", "staff", "orders", "clock"})
            QVERIFY2(names.contains(QLatin1String(name)), name);

        // A year later every key has expired: the kiosk would refuse every code.
        Run late = kioskctl({QStringLiteral("--db"), db, QStringLiteral("doctor"), QStringLiteral("--now"),
            QString::number(kNow + 86400 * 400)});
        QCOMPARE(late.exit, 1);
        QVERIFY2(late.out.contains("FAIL keys         no signing key valid now (1 known)"), late.out.constData());

        Run missing = kioskctl({QStringLiteral("--db"), path(QStringLiteral("nothing.db")), QStringLiteral("doctor")});
        QCOMPARE(missing.exit, 1);
        QVERIFY2(missing.out.contains("FAIL database     no kiosk database at"), missing.out.constData());

        // Damaged pages: the integrity check fails and says what to do; nothing is written.
        const QString damaged = freshDb(QStringLiteral("doctor-damaged.db"));
        QVERIFY(addOrders(damaged, 2000));
        QFile f(damaged);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        f.write(QByteArray(8192, '\x5A'));
        f.close();
        Run bad = kioskctl({QStringLiteral("--db"), damaged, QStringLiteral("doctor")});
        QCOMPARE(bad.exit, 1);
        QVERIFY2(
            bad.out.contains("FAIL integrity    DAMAGED") && bad.out.contains("kioskctl restore"), bad.out.constData());
    }

    // Under systemd (stderr is the stream $JOURNAL_STREAM names) every log line carries its
    // priority and module for the journal; anywhere else the plain format stays.
    void logLinesCarryPriorityForTheJournal()
    {
        const QString db = freshDb(QStringLiteral("journal.db"));
        const auto runWith = [&](bool journal) {
            QFile::setPermissions(db, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
            const QString errFile = path(QStringLiteral("journal-stderr.txt"));
            QFile::remove(errFile);
            QFile touch(errFile);
            touch.open(QIODevice::WriteOnly);
            touch.close();
            struct stat st = {};
            ::stat(QFile::encodeName(errFile).constData(), &st);
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("CLUB_KIOSK_CONFIG"), QStringLiteral("/nonexistent"));
            env.remove(QStringLiteral("QT_LOGGING_RULES"));
            if (journal)
                env.insert(QStringLiteral("JOURNAL_STREAM"), QStringLiteral("%1:%2").arg(st.st_dev).arg(st.st_ino));
            else
                env.remove(QStringLiteral("JOURNAL_STREAM"));
            p.setProcessEnvironment(env);
            p.setStandardErrorFile(errFile, QIODevice::Append);
            p.start(QStringLiteral(KIOSKCTL_PATH), {QStringLiteral("--db"), db, QStringLiteral("status")});
            p.waitForFinished(30000);
            QFile f(errFile);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        };
        const QByteArray journal = runWith(true);
        QVERIFY2(
            journal.startsWith("<4>kiosk.store: ") && journal.contains("made it private (0600)"), journal.constData());
        const QByteArray plain = runWith(false);
        QVERIFY2(plain.startsWith("kiosk.store: "), plain.constData());
    }

    // Four processes redeem the same 60 codes at once (each in its own order): every code is
    // redeemed exactly once in total, and the ledger has exactly 60 rows.
    // SQLite's locks are POSIX locks: closing any descriptor of the database file drops every
    // lock the process holds on it. A second Store opened in a process (the kiosk's screen and its
    // sync, a redeem and its online confirmation, its peers) must never read the file outside
    // SQLite; else another process, closing last, thinks nobody else has the file open, folds the
    // WAL into it and deletes it under this process's feet, and rows committed here vanish.
    void aSecondConnectionKeepsTheLocks()
    {
        const QString db = freshDb(QStringLiteral("locks.db"));
        auto first = kiosk::Store::open(db);
        QVERIFY(first);
        auto second = kiosk::Store::open(db);
        QVERIFY(second);
        kiosk::ManualClock clock(kNow * 1000);
        QVERIFY(
            kiosk::Redeemer(**first, clock)
                .redeem(token(QStringLiteral("ord_l1"), QStringLiteral("tok_l1")), QString(), QStringLiteral("camera"))
                ->verdict.ok());
        // Other processes write and close while this one keeps both connections open, and this
        // one writes in between.
        for (int i = 0; i < 4; ++i) {
            Run other = kioskctl(at(db,
                {QStringLiteral("redeem"),
                    QString::fromLatin1(token(QStringLiteral("ord_o%1").arg(i), QStringLiteral("tok_o%1").arg(i)))}));
            QCOMPARE(other.exit, 0);
            auto &here = i % 2 ? *second : *first;
            QVERIFY(kiosk::Redeemer(*here, clock)
                        .redeem(token(QStringLiteral("ord_h%1").arg(i), QStringLiteral("tok_h%1").arg(i)), QString(),
                            QStringLiteral("camera"))
                        ->verdict.ok());
        }
        first->reset();
        second->reset();
        auto reopened = kiosk::Store::open(db);
        QVERIFY(reopened);
        QCOMPARE((*reopened)->counts().value().ledgerRows, 9);
        Run doctor = kioskctl({QStringLiteral("--db"), db, QStringLiteral("doctor"), QStringLiteral("--json")});
        QVERIFY2(!doctor.out.contains("DAMAGED") && !doctor.out.contains("malformed"), doctor.out.constData());
    }

    void concurrentProcessesGetExactlyOneOkPerToken()
    {
        const QString db = freshDb(QStringLiteral("race.db"));
        constexpr int kTokens = 60;
        constexpr int kProcs = 4;
        QList<QByteArray> tokens;
        for (int i = 0; i < kTokens; ++i)
            tokens.append(token(QStringLiteral("ord_%1").arg(i), QStringLiteral("tok_%1").arg(i)));
        QList<QProcess *> procs;
        for (int p = 0; p < kProcs; ++p) {
            QList<QByteArray> mine = tokens;
            std::shuffle(mine.begin(), mine.end(), *QRandomGenerator::global());
            auto *proc = new QProcess(this);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("CLUB_KIOSK_CONFIG"), QStringLiteral("/nonexistent"));
            proc->setProcessEnvironment(env);
            proc->start(QStringLiteral(KIOSKCTL_PATH),
                at(db, {QStringLiteral("redeem"), QStringLiteral("--batch"), QStringLiteral("-")}));
            QVERIFY(proc->waitForStarted());
            proc->write(mine.join('\n') + '\n');
            proc->closeWriteChannel();
            procs.append(proc);
        }
        QMap<QString, int> oks;
        int already = 0;
        for (auto *proc : procs) {
            QVERIFY(proc->waitForFinished(120000));
            QVERIFY2(proc->exitCode() == 0 || proc->exitCode() == 1, proc->readAllStandardError().constData());
            const auto lines = proc->readAllStandardOutput().trimmed().split('\n');
            QCOMPARE(lines.size(), kTokens);
            for (const auto &line : lines) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                const QString reason = o.value(QLatin1String("reason")).toString();
                if (reason == QLatin1String("OK"))
                    oks[o.value(QLatin1String("jti")).toString()]++;
                else if (reason == QLatin1String("ALREADY_REDEEMED"))
                    already++;
                else
                    QFAIL(qPrintable(QStringLiteral("unexpected verdict %1").arg(reason)));
            }
        }
        QCOMPARE(oks.size(), kTokens);
        for (auto it = oks.cbegin(); it != oks.cend(); ++it)
            QCOMPARE(it.value(), 1);
        QCOMPARE(already, kTokens * (kProcs - 1));
        Run h = kioskctl({QStringLiteral("--db"), db, QStringLiteral("history"), QStringLiteral("--json")});
        QCOMPARE(h.json().value(QLatin1String("count")).toInt(), kTokens);
    }

    void help()
    {
        Run help = kioskctl({QStringLiteral("help")});
        QCOMPARE(help.exit, 0);
        QVERIFY(help.out.contains("usage: kioskctl"));
    }

    void decodeImages()
    {
        const auto dark = generateFrames(FrameCategory::DarkMode, 1, 1280, 720, 21).first();
        const auto jpeg = generateFrames(FrameCategory::Clean, 1, 640, 480, 22).first();
        const auto none = generateFrames(FrameCategory::NoCode, 1, 640, 480, 23).first();
        QVERIFY(writeFrame(dark, path(QStringLiteral("dark.png"))));
        QVERIFY(writeFrame(jpeg, path(QStringLiteral("clean.jpg"))));
        QVERIFY(writeFrame(none, path(QStringLiteral("none.png"))));
        QFile text(path(QStringLiteral("notes.png")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not really a png");
        text.close();

        Run ok = kioskctl({QStringLiteral("decode"), path(QStringLiteral("dark.png")),
            path(QStringLiteral("clean.jpg")), QStringLiteral("--json")});
        QCOMPARE(ok.exit, 0);
        const QJsonArray results = ok.json().value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].toObject().value(QLatin1String("file")).toString(), path(QStringLiteral("dark.png")));
        QCOMPARE(results[0].toObject().value(QLatin1String("codes")).toArray(),
            QJsonArray{QString::fromLatin1(dark.expected.first())});
        QCOMPARE(results[1].toObject().value(QLatin1String("codes")).toArray(),
            QJsonArray{QString::fromLatin1(jpeg.expected.first())});
        QVERIFY(results[0].toObject().value(QLatin1String("ms")).toDouble() > 0);

        // Nothing decoded: exit 1. An unreadable file is an entry with "error", not an abort: exit 2.
        Run empty = kioskctl({QStringLiteral("decode"), path(QStringLiteral("none.png")), QStringLiteral("--json")});
        QCOMPARE(empty.exit, 1);
        QCOMPARE(empty.json()
                     .value(QLatin1String("results"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("codes"))
                     .toArray()
                     .size(),
            0);
        Run mixed = kioskctl({QStringLiteral("decode"), path(QStringLiteral("nope.png")),
            path(QStringLiteral("notes.png")), path(QStringLiteral("dark.png")), QStringLiteral("--json")});
        QCOMPARE(mixed.exit, 2);
        const QJsonArray m = mixed.json().value(QLatin1String("results")).toArray();
        QCOMPARE(m.size(), 3);
        QCOMPARE(m[0].toObject().value(QLatin1String("error")).toString(), QStringLiteral("no such file"));
        QVERIFY(m[1].toObject().value(QLatin1String("error")).toString().contains(QLatin1String("not an image")));
        QCOMPARE(m[2].toObject().value(QLatin1String("codes")).toArray().size(), 1);
        QCOMPARE(kioskctl({QStringLiteral("decode")}).exit, 2);
    }

    // A code's text is shown decoded as its charset says (an ECI), or as guessed (ISO-8859-1 here),
    // never as raw bytes read as UTF-8; what the kiosk would verify is the exact bytes, and the
    // terminal never receives a code's control characters.
    void decodeShowsTextByCharset()
    {
        const QByteArray greeting = QStringLiteral("Grüße aus der Bar").toUtf8();
        const QByteArray beer = QStringLiteral("ビール 🍺\n\x1b[2J").toUtf8();
        const QByteArray dk1 = mintCompactToken(publishedTestKey(),
            defaultClaims(QStringLiteral("ven_test"), QStringLiteral("ord_1"), QStringLiteral("YGBEyEl6bofRsB_p"),
                1789999940, 1790086400))
                                   .value();
        CodeStyle eci;
        eci.utf8Eci = true;
        QVERIFY(writeFrame(frameShowing(greeting, 640, 480, 1), path(QStringLiteral("latin1.png"))));
        QVERIFY(writeFrame(frameShowing(beer, 640, 480, 2, eci), path(QStringLiteral("eci.png"))));
        QVERIFY(writeFrame(frameShowing(dk1, 640, 480, 3), path(QStringLiteral("dk1.png"))));
        Run r = kioskctl({QStringLiteral("decode"), path(QStringLiteral("latin1.png")), path(QStringLiteral("eci.png")),
            path(QStringLiteral("dk1.png")), QStringLiteral("--json")});
        QCOMPARE(r.exit, 0);
        const QJsonArray results = r.json().value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), 3);
        auto detail
            = [&](int i) { return results[i].toObject().value(QLatin1String("details")).toArray().first().toObject(); };
        QCOMPARE(
            results[0].toObject().value(QLatin1String("codes")).toArray(), QJsonArray{QString::fromUtf8(greeting)});
        QCOMPARE(detail(0).value(QLatin1String("bytes")).toString(),
            QStringLiteral("4772fcdf6520617573206465722042617"
                           "2")); // ISO-8859-1, as sent
        QCOMPARE(detail(0).value(QLatin1String("eci")).toBool(), false);
        QVERIFY(detail(0).value(QLatin1String("drinkCode")).isNull());
        QCOMPARE(detail(1).value(QLatin1String("text")).toString(), QString::fromUtf8(beer));
        QCOMPARE(detail(1).value(QLatin1String("bytes")).toString(), QString::fromLatin1(beer.toHex()));
        QCOMPARE(detail(1).value(QLatin1String("eci")).toBool(), true);
        QCOMPARE(detail(0).value(QLatin1String("contentType")).toString(), QStringLiteral("text"));
        // ZXing calls text with control characters binary; it is still shown as its charset says.
        QCOMPARE(detail(1).value(QLatin1String("contentType")).toString(), QStringLiteral("binary"));
        QCOMPARE(detail(2).value(QLatin1String("text")).toString(), QString::fromLatin1(dk1));
        QCOMPARE(detail(2).value(QLatin1String("drinkCode")).toString(), QStringLiteral("dk1"));

        Run text
            = kioskctl({QStringLiteral("decode"), path(QStringLiteral("latin1.png")), path(QStringLiteral("eci.png"))});
        QCOMPARE(text.exit, 0);
        const QString out = QString::fromUtf8(text.out);
        QVERIFY2(out.contains(QStringLiteral("  Grüße aus der Bar\n    (not a drink code)")), text.out.constData());
        QVERIFY2(out.contains(QStringLiteral("ビール 🍺\\n\\x1b[2J")), text.out.constData());
        QVERIFY(!text.out.contains('\x1b'));
        QVERIFY2(out.contains(QStringLiteral("(not a drink code; binary content; charset from its ECI)")),
            text.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestKioskctl)
#include "tst_kioskctl.moc"
