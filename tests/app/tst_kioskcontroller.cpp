// The kiosk's controllers against the real demo venue: a real SQLite database, the backend
// thread, the real redeem path. No QML here (tests/qml covers the screens).
#include "hardframes.h"
#include "historymodel.h"
#include "kioskapp.h"
#include "kioskcontroller.h"
#include "referencecloud.h"
#include "setupcontroller.h"
#include "store.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kiosk;
using namespace kiosk::app;

namespace {
bool waitFor(const std::function<bool()> &condition, int ms = 5000)
{
    QDeadlineTimer deadline(ms);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(5);
    }
    return true;
}
} // namespace

class TestKioskController : public QObject
{
    Q_OBJECT

    std::unique_ptr<KioskApp> makeApp()
    {
        KioskAppOptions o;
        o.demo = true;
        o.withCamera = false;
        auto app = KioskApp::create(o);
        if (!app)
            qFatal("%s", qPrintable(app.error().message));
        return std::move(*app);
    }

    // Scans and waits for the verdict.
    static QVariantMap scan(
        KioskController &k, const QByteArray &code, const QString &source = QStringLiteral("camera"))
    {
        k.dismissVerdict();
        k.submitBytes(code, source);
        if (!waitFor([&] { return k.verdictVisible() && !k.busy(); }))
            return {};
        return k.verdict();
    }

private Q_SLOTS:
    // A kiosk without a database shows "Scan the setup code" (the real QML scene), reads the
    // camera's codes as setup codes: a drink code and a setup code of a newer format are
    // explained, the dashboard's code pairs it and creates the database.
    void setupScreenPairsFromTheScannedCode()
    {
        test::ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(QStringLiteral("ven_new"), QStringLiteral("The New Bar"));
        cloud.addStaff(QStringLiteral("ven_new"), QStringLiteral("stf_lee"), QStringLiteral("Lee"),
            QStringLiteral("manager"), QStringLiteral("4321"));
        QTemporaryDir dir;
        const QString frames = dir.filePath(QStringLiteral("frames"));
        QVERIFY(QDir().mkpath(frames));
        const QByteArray newer = cloud.setupCodeText(cloud.pairingCode(QStringLiteral("ven_new")), 2);
        const QByteArray good = cloud.setupCodeText(cloud.pairingCode(QStringLiteral("ven_new")));
        // What the camera sees, in order (looping): a drink code, a newer setup code, the right one.
        QVERIFY(test::writeFrame(test::frameShowing("order_paid_qr"), frames + QStringLiteral("/1.png")));
        QVERIFY(test::writeFrame(test::frameShowing(newer, 1280, 720, 2), frames + QStringLiteral("/2.png")));
        QVERIFY(test::writeFrame(test::frameShowing(good, 1280, 720, 3), frames + QStringLiteral("/3.png")));

        KioskAppOptions o;
        o.setup = true;
        o.dbPath = dir.filePath(QStringLiteral("state/kiosk.db"));
        o.framesPath = frames;
        auto created = KioskApp::create(o);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        KioskApp &app = **created;
        SetupController &setup = *app.setup();
        QVERIFY(!app.controller());
        QQmlApplicationEngine engine;
        QVERIFY(app.load(engine));
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
        QVERIFY(window);
        auto *title = window->findChild<QObject *>(QStringLiteral("setupTitle"));
        QVERIFY(title);
        QCOMPARE(title->property("text").toString(), QStringLiteral("Scan the setup code"));

        QStringList messages;
        connect(&setup, &SetupController::changed, this, [&] {
            if (!setup.message().isEmpty() && !messages.contains(setup.message()))
                messages << setup.message();
        });
        QSignalSpy paired(&setup, &SetupController::paired);
        app.startScanning();
        QVERIFY2(waitFor([&] { return paired.count() == 1; }, 20000), qPrintable(messages.join(QLatin1Char('\n'))));
        QCOMPARE(setup.state(), QStringLiteral("paired"));
        QVERIFY2(messages.size() >= 2, qPrintable(messages.join(QLatin1Char('\n'))));
        QVERIFY(messages.at(0).contains(QLatin1String("That is not a setup code")));
        QVERIFY(messages.at(1).contains(QLatin1String("newer Club Kiosk: update this kiosk")));
        QTRY_COMPARE(title->property("text").toString(), QStringLiteral("Paired with The New Bar"));

        // The database now exists, private, bound to the venue and paired with this cloud.
        QVERIFY(QFileInfo::exists(o.dbPath));
        QCOMPARE(QFileInfo(o.dbPath).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
            QFileDevice::Permissions());
        created->reset();
        auto store = Store::open(o.dbPath);
        QVERIFY(store);
        QCOMPARE((*store)->venueId().value_or(QString()), QStringLiteral("ven_new"));
        QCOMPARE((*store)->meta("cloud_url").value_or(QString()), cloud.url().toString());
        QVERIFY(!(*store)->meta("refresh_token").value_or(QString()).isEmpty());
    }

    // Typing instead of scanning: the same checks and the same pairing.
    void setupScreenPairsFromTypedCode()
    {
        test::ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(QStringLiteral("ven_new"), QStringLiteral("The New Bar"));
        QTemporaryDir dir;
        KioskAppOptions o;
        o.setup = true;
        o.withCamera = false;
        o.dbPath = dir.filePath(QStringLiteral("kiosk.db"));
        auto created = KioskApp::create(o);
        QVERIFY(created);
        SetupController &setup = *(*created)->setup();
        {
            // The configured language reaches the setup screen, the first thing a venue sees.
            KioskAppOptions german;
            german.setup = true;
            german.withCamera = false;
            german.language = QStringLiteral("de");
            german.dbPath = dir.filePath(QStringLiteral("other/kiosk.db"));
            auto de = KioskApp::create(german);
            QVERIFY(de);
            (*de)->setup()->submitText("order_paid_qr");
            QVERIFY2((*de)->setup()->message().startsWith(QLatin1String("Das ist kein Einrichtungscode")),
                qPrintable((*de)->setup()->message()));
        }
        setup.submitText("order_paid_qr");
        QVERIFY2(setup.message().startsWith(QLatin1String("That is not a setup code")), qPrintable(setup.message()));
        setup.pairTyped(QStringLiteral("http://cloud.example.com"), QStringLiteral("123-456"));
        QVERIFY2(setup.message().contains(QLatin1String("https://")), qPrintable(setup.message()));
        QCOMPARE(setup.state(), QStringLiteral("scanning"));
        setup.pairTyped(cloud.url().toString(), QStringLiteral("000-000-zzz"));
        QVERIFY(waitFor([&] { return setup.state() == QLatin1String("scanning") && !setup.message().isEmpty(); }));
        QVERIFY(!QFileInfo::exists(o.dbPath)); // a refused code creates nothing
        QSignalSpy paired(&setup, &SetupController::paired);
        setup.pairTyped(cloud.url().toString(), cloud.pairingCode(QStringLiteral("ven_new")));
        QVERIFY(waitFor([&] { return paired.count() == 1; }, 10000));
        QVERIFY(QFileInfo::exists(o.dbPath));
        // A second kiosk process on the same path is refused while this one runs (the run lock).
        KioskAppOptions again = o;
        again.setup = false;
        auto second = KioskApp::create(again);
        QVERIFY(!second);
        QVERIFY2(second.error().message.contains(QLatin1String("a kiosk is running on")),
            qPrintable(second.error().message));
    }

    void pairingFromSettingsAgainstTheReferenceCloud()
    {
        test::ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(QStringLiteral("ven_demo"), QStringLiteral("The Copper Still (cloud)"));
        cloud.createVenue(QStringLiteral("ven_other"), QStringLiteral("Elsewhere"));
        cloud.addStaff(QStringLiteral("ven_demo"), QStringLiteral("stf_kim"), QStringLiteral("Kim"),
            QStringLiteral("bartender"), QStringLiteral("5678"));
        auto app = makeApp();
        KioskController &k = *app->controller();
        const QString url = cloud.url().toString();

        k.pair(url, cloud.pairingCode(QStringLiteral("ven_demo")));
        QVERIFY(!k.pairing()); // managers only: nobody is signed in
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        k.pair(url, cloud.pairingCode(QStringLiteral("ven_demo")));
        QVERIFY(!k.pairing()); // a bartender cannot either
        QVERIFY(k.pairingMessage().isEmpty());
        QVERIFY(k.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));

        // Refused before any request: not https, not loopback.
        k.pair(QStringLiteral("http://cloud.example.com"), QStringLiteral("CODE"));
        QVERIFY(!k.pairing());
        QVERIFY2(k.pairingMessage().contains(QLatin1String("https://")), qPrintable(k.pairingMessage()));
        // A wrong code: the cloud's answer, and nothing changes here.
        k.pair(url, QStringLiteral("NOT-A-CODE"));
        QVERIFY(k.pairing());
        QVERIFY(waitFor([&] { return !k.pairing(); }));
        QVERIFY(!k.pairingMessage().isEmpty() && k.pairingMessage() != QLatin1String("paired"));
        QVERIFY(k.serverUrl().isEmpty());
        // A code for another venue: this database holds the demo venue's night, so it stays.
        k.pair(url, cloud.pairingCode(QStringLiteral("ven_other")));
        QVERIFY(waitFor([&] { return !k.pairing(); }));
        QVERIFY2(k.pairingMessage().contains(QLatin1String("ven_other")), qPrintable(k.pairingMessage()));
        QVERIFY(k.serverUrl().isEmpty());

        const QString localDevice = k.deviceId();
        k.pair(url, cloud.pairingCode(QStringLiteral("ven_demo")));
        QVERIFY(waitFor([&] { return !k.pairing(); }, 10000));
        QCOMPARE(k.pairingMessage(), QStringLiteral("paired"));
        QCOMPARE(k.serverUrl(), url);
        QVERIFY(k.deviceId() != localDevice);
        // The backend now syncs: the cloud's staff arrive and the strip says online.
        QVERIFY(waitFor(
            [&] {
                for (const QVariant &s : k.staffList())
                    if (s.toMap().value(QStringLiteral("id")) == QLatin1String("stf_kim"))
                        return true;
                return false;
            },
            10000));
        QVERIFY(waitFor([&] { return k.connectivity() == QLatin1String("online"); }, 10000));
        // The cloud's snapshot is the venue's truth: the demo's staff are not in it, so they can
        // no longer sign in (Morgan is signed out), and the cloud's staff can.
        QVERIFY(waitFor([&] { return !k.signedIn(); }, 10000));
        QVERIFY(!k.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));
        QVERIFY(k.signIn(QStringLiteral("stf_kim"), QStringLiteral("5678")));
        // A code the cloud signed is good here now, and its redemption goes up.
        test::OrderSpec spec;
        spec.recipient = QStringLiteral("Kim's friend");
        const test::MintedOrder minted = cloud.createOrder(QStringLiteral("ven_demo"), spec);
        const QString orderId = minted.order.value(QStringLiteral("id")).toString();
        QVERIFY(waitFor(
            [&] {
                k.dismissVerdict();
                return scan(k, minted.token, QStringLiteral("manual")).value(QStringLiteral("reason"))
                    == QLatin1String("OK"); // typed: no repeat suppression between tries
            },
            10000));
        QVERIFY(waitFor(
            [&] {
                for (const QJsonObject &r : cloud.redemptions(QStringLiteral("ven_demo")))
                    if (r.value(QStringLiteral("orderId")).toString() == orderId)
                        return true;
                return false;
            },
            10000));

        // A deploy answers uploads with 404: the drink stays queued and the strip says why.
        test::CloudFaults notFound;
        notFound.pathPrefix = QStringLiteral("/v1/redemptions");
        notFound.forceStatus = 404;
        cloud.setFaults(notFound);
        const test::MintedOrder second = cloud.createOrder(QStringLiteral("ven_demo"), spec);
        QVERIFY(waitFor(
            [&] {
                k.dismissVerdict();
                return scan(k, second.token, QStringLiteral("manual")).value(QStringLiteral("reason"))
                    == QLatin1String("OK");
            },
            10000));
        QVERIFY(waitFor([&] { return k.uploadProblem().contains(QLatin1String("404")); }, 15000));
        QVERIFY2(
            k.uploadProblem().startsWith(QLatin1String("the cloud refuses uploads")), qPrintable(k.uploadProblem()));
        QVERIFY(k.uploadProblemSinceMs() > 0);
        QVERIFY(k.unsent() >= 1);
        cloud.setFaults({});
        QVERIFY(waitFor([&] { return k.uploadProblem().isEmpty() && k.unsent() == 0; }, 30000));
    }

    // A full disk at the bar: the bartender sees ERROR (never OK, nothing recorded) and the
    // kiosk shows the fault. The recording connection is capped at the database's current size.
    void diskFullIsAnErrorNeverAnOk()
    {
        KioskAppOptions o;
        o.demo = true;
        o.withCamera = false;
        o.maxDatabaseBytes = 1; // no page beyond what the demo database has
        auto created = KioskApp::create(o);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        auto app = std::move(*created);
        KioskController &k = *app->controller();
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QVERIFY(k.storageFault().isEmpty());
        QString reason;
        int scans = 0;
        // Each refusal adds a scan-log row: the free space in the last pages runs out.
        for (; scans < 2000 && reason != QLatin1String("ERROR"); ++scans) {
            reason
                = scan(k, app->demoCodes().at(1), QStringLiteral("manual")).value(QStringLiteral("reason")).toString();
            // The first scan pours (code 1 is code 0 again); every later one is a refusal.
            QVERIFY2(
                reason == QLatin1String(scans == 0 ? "OK" : "ALREADY_REDEEMED") || reason == QLatin1String("ERROR"),
                qPrintable(reason));
        }
        QCOMPARE(reason, QStringLiteral("ERROR"));
        QCOMPARE(k.storageFault(), QStringLiteral("disk_full"));
        const qint64 ledgerBefore = app->store().counts().value().ledgerRows;
        // A good code now: ERROR as well, nothing recorded.
        const QVariantMap v = scan(k, app->demoCodes().at(2), QStringLiteral("manual"));
        QCOMPARE(v.value(QStringLiteral("reason")).toString(), QStringLiteral("ERROR"));
        QVERIFY(!v.value(QStringLiteral("recorded")).toBool());
        QCOMPARE(app->store().counts().value().ledgerRows, ledgerBefore);
    }

    void scansNeedSomeoneSignedIn()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        QVERIFY(!k.signedIn());
        k.submitBytes(app->demoCodes().first(), QStringLiteral("camera"));
        QTest::qWait(50);
        QVERIFY(!k.verdictVisible());
        QCOMPARE(k.notice(), QStringLiteral("sign_in_first"));
    }

    void everyDemoCodeGetsItsVerdict()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        const QStringList expected{QStringLiteral("OK"), QStringLiteral("ALREADY_REDEEMED"), QStringLiteral("OK"),
            QStringLiteral("ALREADY_REDEEMED"), QStringLiteral("EXPIRED"), QStringLiteral("WRONG_VENUE"),
            QStringLiteral("BAD_SIGNATURE"), QStringLiteral("NOT_PAID"), QStringLiteral("TOKEN_REVOKED"),
            QStringLiteral("OK"), QStringLiteral("UNKNOWN_ORDER"), QStringLiteral("MALFORMED")};
        QCOMPARE(app->demoCodes().size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            // "manual" bypasses the repeat quiet period (code 1 is code 0 again on purpose).
            const QVariantMap v = scan(k, app->demoCodes().at(i), QStringLiteral("manual"));
            QCOMPARE(v.value(QStringLiteral("reason")).toString(), expected.at(i));
            QCOMPARE(v.value(QStringLiteral("recorded")).toBool(), expected.at(i) == QLatin1String("OK"));
        }
        // The other bar's pour says when, where and who.
        const QVariantMap other = scan(k, app->demoCodes().at(3), QStringLiteral("manual"));
        const QVariantMap previous = other.value(QStringLiteral("previous")).toMap();
        QCOMPARE(previous.value(QStringLiteral("device")).toString(), QStringLiteral("dev_bar_right"));
        QCOMPARE(previous.value(QStringLiteral("staff")).toString(), QStringLiteral("Sam"));
        QVERIFY(!previous.value(QStringLiteral("here")).toBool());
    }

    void theSamePhoneHeldStillIsNotADoublePour()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QCOMPARE(scan(k, app->demoCodes().at(0)).value(QStringLiteral("reason")), QStringLiteral("OK"));
        // The camera reads it again while the guest is still holding it up: no new verdict.
        QSignalSpy shown(&k, &KioskController::verdictShown);
        k.dismissVerdict();
        k.submitBytes(app->demoCodes().at(0), QStringLiteral("camera"));
        QTest::qWait(100);
        QCOMPARE(shown.count(), 0);
        // Typed by hand, the bartender asked on purpose: the truth is shown.
        QCOMPARE(scan(k, app->demoCodes().at(0), QStringLiteral("manual")).value(QStringLiteral("reason")),
            QStringLiteral("ALREADY_REDEEMED"));
    }

    void undoVoidsWithinTheWindow()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        const QVariantMap ok = scan(k, app->demoCodes().at(2));
        QCOMPARE(ok.value(QStringLiteral("reason")), QStringLiteral("OK"));
        QVERIFY(k.undoSeconds() > 0);
        k.undo();
        QVERIFY(waitFor([&] { return k.verdict().value(QStringLiteral("kind")) == QLatin1String("undone"); }));
        // Voided, so the same code is redeemable again.
        QCOMPARE(scan(k, app->demoCodes().at(2), QStringLiteral("manual")).value(QStringLiteral("reason")),
            QStringLiteral("OK"));
    }

    void confirmModeRecordsOnlyOnPour()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        k.setConfirmMode(true);
        const QVariantMap pending = scan(k, app->demoCodes().at(0));
        QVERIFY(pending.value(QStringLiteral("pending")).toBool());
        QVERIFY(!pending.value(QStringLiteral("recorded")).toBool());
        // Another code arriving meanwhile does not replace the verdict awaiting Pour.
        k.submitBytes(app->demoCodes().at(4), QStringLiteral("camera"));
        QTest::qWait(50);
        QVERIFY(k.verdict().value(QStringLiteral("pending")).toBool());
        // Cancelled: nothing recorded, the code is still redeemable.
        k.dismissVerdict();
        QVERIFY(scan(k, app->demoCodes().at(0), QStringLiteral("manual")).value(QStringLiteral("pending")).toBool());
        k.confirmPour();
        QVERIFY(waitFor([&] { return k.verdict().value(QStringLiteral("recorded")).toBool(); }));
        QCOMPARE(k.verdict().value(QStringLiteral("reason")), QStringLiteral("OK"));
        // The setting survives a restart (it lives in the store).
        QCOMPARE(app->store().meta("ui_confirm_mode").value(), QStringLiteral("1"));
    }

    void lockoutAndAutoLock()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        for (int i = 0; i < 3; ++i)
            QVERIFY(!k.signIn(QStringLiteral("stf_sam"), QStringLiteral("9999")));
        QCOMPARE(k.signInError(), QStringLiteral("locked"));
        QVERIFY(k.lockSeconds() > 25 && k.lockSeconds() <= 30);
        QVERIFY(!k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111"))); // locked, even with the right PIN
        QVERIFY(!k.signedIn());

        auto second = makeApp(); // a fresh demo database: no lock there
        KioskController &k2 = *second->controller();
        QVERIFY(k2.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        k2.setAutoLockSeconds(1);
        QVERIFY(waitFor([&] { return !k2.signedIn(); }, 4000));
        QCOMPARE(k2.signOutReason(), QStringLiteral("autolock"));
    }

    void manualEntryFindsAndRedeemsOrders()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        QVERIFY(k.signIn(QStringLiteral("stf_ada"), QStringLiteral("3579")));
        auto names = [&](const QString &q) {
            QStringList out;
            k.searchOrders(q);
            if (!k.searchingOrders() || !waitFor([&] { return !k.searchingOrders(); }))
                return QStringList{QStringLiteral("(no answer)")};
            for (const QVariant &v : k.orderMatches())
                out << v.toMap().value(QStringLiteral("recipient")).toString();
            return out;
        };
        QCOMPARE(
            names(QStringLiteral("alex")), (QStringList{QStringLiteral("Alex M."), QStringLiteral("Alex Rivera")}));
        QCOMPARE(names(QStringLiteral("0142")), QStringList{QStringLiteral("Priya Kapoor")});
        k.redeemOrder(QStringLiteral("ord_m1"));
        QVERIFY(waitFor([&] { return k.verdictVisible() && !k.busy(); }));
        QCOMPARE(k.verdict().value(QStringLiteral("reason")), QStringLiteral("OK"));
        QCOMPARE(k.verdict().value(QStringLiteral("totalQty")).toInt(), 2);
        // Redeemed orders leave the list.
        QCOMPARE(names(QStringLiteral("0142")), QStringList());
        QCOMPARE(names(QStringLiteral("Dana")), QStringList()); // poured at the other bar
    }

    void historyTotalsFiltersAndRoles()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        HistoryModel &h = *app->history();
        h.setPeriod(QStringLiteral("24h"));
        h.refresh();
        // The seeded night: 26 orders poured (one voided, one double pour) + Dana's at the other bar.
        QCOMPARE(h.totals().value(QStringLiteral("redeemed")).toInt(), 25);
        QCOMPARE(h.totals().value(QStringLiteral("voided")).toInt(), 1);
        QCOMPARE(h.totals().value(QStringLiteral("conflicts")).toInt(), 1);
        QCOMPARE(h.totals().value(QStringLiteral("rejectedScans")).toInt(), 4);
        int perHour = 0;
        for (const QVariant &b : h.hourly())
            perHour += b.toMap().value(QStringLiteral("count")).toInt();
        QCOMPARE(perHour, 25);

        h.setStatus(QStringLiteral("conflict"));
        QCOMPARE(h.rowCount(), 1);
        const QVariantMap c = h.conflict(h.data(h.index(0), HistoryModel::SeqRole).toDouble());
        QCOMPARE(c.value(QStringLiteral("winner")).toMap().value(QStringLiteral("device")).toString(),
            QStringLiteral("dev_bar_right"));
        QCOMPARE(
            c.value(QStringLiteral("winner")).toMap().value(QStringLiteral("staff")).toString(), QStringLiteral("Ada"));
        h.setStatus(QStringLiteral("scans"));
        QCOMPARE(h.rowCount(), 4);
        h.setStatus(QString());
        h.setStaffId(QStringLiteral("stf_ada"));
        QVERIFY(h.totals().value(QStringLiteral("redeemed")).toInt() < 25);
        h.setStaffId(QString());
        h.setStatus(QStringLiteral("redeemed"));
        const double seq = h.data(h.index(0), HistoryModel::SeqRole).toDouble();

        // A bartender cannot void or export.
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QSignalSpy voided(&h, &HistoryModel::voidFinished);
        QVERIFY(!h.voidRedemption(seq, QStringLiteral("spilled")));
        QCOMPARE(voided.takeFirst().at(1).toString(), QStringLiteral("manager_only"));
        QTemporaryDir out;
        QVERIFY(h.exportCsv(out.path()).isEmpty());
        k.signOut();

        // A manager can, with a reason.
        QVERIFY(k.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));
        QVERIFY(!h.voidRedemption(seq, QStringLiteral("  ")));
        QVERIFY(h.voidRedemption(seq, QStringLiteral("spilled")));
        QVERIFY(voided.wait(3000) || !voided.isEmpty());
        QVERIFY(voided.last().at(0).toBool());
        h.setStatus(QString());
        QCOMPARE(h.totals().value(QStringLiteral("voided")).toInt(), 2);

        const QString csv = h.exportCsv(out.path());
        QVERIFY2(!csv.isEmpty(), qPrintable(h.lastError()));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().split('\n');
        QVERIFY(lines.first().startsWith("seq,redeemed_at,status"));
        QCOMPARE(lines.size() - 2, h.rowCount()); // header + rows, trailing newline
        const QString pdf = h.exportPdf(out.path());
        QVERIFY2(!pdf.isEmpty(), qPrintable(h.lastError()));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QVERIFY(pdfFile.size() > 2000);
        // A missing folder (stick pulled) is a clear error, not a crash.
        QVERIFY(h.exportCsv(out.filePath(QStringLiteral("gone"))).isEmpty());
        QVERIFY(h.lastError().contains(QLatin1String("does not exist")));
    }

    void shiftStartsAtFourInTheAfternoon()
    {
        auto app = makeApp();
        const auto [from, to] = app->history()->periodRange();
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(from);
        QCOMPARE(start.time(), QTime(16, 0));
        QVERIFY(to - from <= 24 * 3600'000LL + 1);
        QVERIFY(to > from);
    }

    void aHandScannerTypingIntoTheWindowIsAScan()
    {
        auto app = makeApp();
        QQmlApplicationEngine engine;
        QVERIFY(app->load(engine));
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        QVERIFY(window);
        KioskController &k = *app->controller();
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
        // A wedge scanner "types" the legacy code a few milliseconds per key, then Enter.
        for (const char c : QByteArrayLiteral("order_d6_qr"))
            QTest::keyClick(window, c, Qt::NoModifier, 1);
        QTest::keyClick(window, Qt::Key_Return);
        QVERIFY(waitFor([&] { return k.verdictVisible() && !k.busy(); }));
        QCOMPARE(k.verdict().value(QStringLiteral("reason")), QStringLiteral("OK"));
        QCOMPARE(k.verdict().value(QStringLiteral("source")), QStringLiteral("wedge"));
    }

    void languageSwitchesAtRunTime()
    {
        auto app = makeApp();
        KioskController &k = *app->controller();
        k.setLanguage(QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("kiosk::app::HistoryModel", "End-of-shift report"),
            QStringLiteral("Schichtbericht"));
        k.setLanguage(QStringLiteral("xx")); // unknown: ignored
        QCOMPARE(k.language(), QStringLiteral("de"));
        k.setLanguage(QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("kiosk::app::HistoryModel", "End-of-shift report"),
            QStringLiteral("End-of-shift report"));
    }
};

QTEST_MAIN(TestKioskController)
#include "tst_kioskcontroller.moc"
