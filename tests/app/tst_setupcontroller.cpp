// The setup screen of a kiosk with no database: it reads setup codes from the camera or typed,
// explains a drink code or a newer format, pairs with the reference cloud and creates the
// database (the real QML scene).
#include "hardframes.h"
#include "kioskfixture.h"
#include "referencecloud.h"
#include "setupcontroller.h"
#include "store.h"

#include <QDir>
#include <QFileInfo>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::waitFor;

class TestSetupController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
        QVERIFY(!app.session() && !app.verdicts());
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
};

QTEST_MAIN(TestSetupController)
#include "tst_setupcontroller.moc"
