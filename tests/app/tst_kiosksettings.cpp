// The kiosk's settings: kept in the store across restarts, the language switched at run time,
// unknown values refused, the configuration's confirm mode as the default until changed.
#include "kioskfixture.h"
#include "kiosksettings.h"
#include "store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;

class TestKioskSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void languageSwitchesAtRunTime()
    {
        DemoKiosk k;
        KioskSettings &s = *k.app->settings();
        s.setLanguage(QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("kiosk::app::HistoryModel", "End-of-shift report"),
            QStringLiteral("Schichtbericht"));
        s.setLanguage(QStringLiteral("xx")); // unknown: ignored
        QCOMPARE(s.language(), QStringLiteral("de"));
        s.setLanguage(QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("kiosk::app::HistoryModel", "End-of-shift report"),
            QStringLiteral("End-of-shift report"));
    }

    void keptInTheStore()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("kiosk.db"));
        {
            DemoKiosk k([&](KioskAppOptions &o) { o.dbPath = db; });
            KioskSettings &s = *k.app->settings();
            QVERIFY(!s.confirmMode());
            s.setConfirmMode(true);
            s.setSoundsEnabled(false);
            s.setAutoLockSeconds(99999); // clamped to an hour
            s.setResolution(QStringLiteral("1920x1080"));
            QCOMPARE(s.autoLockSeconds(), 3600);
            QVERIFY(s.error().isEmpty());
        }
        auto store = Store::open(db);
        QVERIFY(store);
        KioskSettings again(**store, {});
        QVERIFY(again.confirmMode());
        QVERIFY(!again.soundsEnabled());
        QCOMPARE(again.autoLockSeconds(), 3600);
        QCOMPARE(again.resolution(), QStringLiteral("1920x1080"));
        // The configuration file's confirm mode is only a default: the saved choice wins.
        KioskSettings::Options configured;
        configured.confirmModeDefault = false;
        QVERIFY(KioskSettings(**store, configured).confirmMode());
    }

    void theConfigurationsDefault()
    {
        DemoKiosk k([](KioskAppOptions &o) { o.confirmModeDefault = true; });
        QVERIFY(k.app->settings()->confirmMode());
    }
};

QTEST_MAIN(TestKioskSettings)
#include "tst_kiosksettings.moc"
