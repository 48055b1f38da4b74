#include "timeutil.h"

#include <QDateTime>
#include <QTest>

using namespace kiosk;

class TestTimeUtil : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("Z") << QByteArray("2026-11-22T21:04:05Z") << qint64(1795381445000);
        QTest::newRow("lower z") << QByteArray("2026-11-22t21:04:05z") << qint64(1795381445000);
        QTest::newRow("millis") << QByteArray("2026-11-22T21:04:05.123Z") << qint64(1795381445123);
        QTest::newRow("micros truncated") << QByteArray("2026-11-22T21:04:05.123456Z") << qint64(1795381445123);
        QTest::newRow("offset +") << QByteArray("2026-11-22T22:04:05+01:00") << qint64(1795381445000);
        QTest::newRow("offset -") << QByteArray("2026-11-22T16:04:05-05:00") << qint64(1795381445000);
        QTest::newRow("epoch") << QByteArray("1970-01-01T00:00:00Z") << qint64(0);
        QTest::newRow("leap day") << QByteArray("2028-02-29T00:00:00Z") << qint64(1835395200000);
    }
    void parses()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        QCOMPARE(parseRfc3339Ms(text).value_or(-1), ms);
        // Cross-check against Qt's own parser.
        QCOMPARE(QDateTime::fromString(QString::fromLatin1(text).toUpper(), Qt::ISODateWithMs).toMSecsSinceEpoch(), ms);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("no zone") << QByteArray("2026-11-22T21:04:05");
        QTest::newRow("date only") << QByteArray("2026-11-22");
        QTest::newRow("space") << QByteArray("2026-11-22 21:04:05Z");
        QTest::newRow("month 13") << QByteArray("2026-13-22T21:04:05Z");
        QTest::newRow("Feb 29 non-leap") << QByteArray("2026-02-29T00:00:00Z");
        QTest::newRow("hour 24") << QByteArray("2026-11-22T24:00:00Z");
        QTest::newRow("empty fraction") << QByteArray("2026-11-22T21:04:05.Z");
        QTest::newRow("trailing junk") << QByteArray("2026-11-22T21:04:05Zx");
        QTest::newRow("bad offset") << QByteArray("2026-11-22T21:04:05+0100");
        QTest::newRow("empty") << QByteArray();
    }
    void rejects()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!parseRfc3339Ms(text).has_value());
    }

    void formatsUtc()
    {
        QCOMPARE(formatRfc3339Ms(1795381445000), QStringLiteral("2026-11-22T21:04:05Z"));
        QCOMPARE(formatRfc3339Ms(1795381445123), QStringLiteral("2026-11-22T21:04:05.123Z"));
        QCOMPARE(parseRfc3339Ms(formatRfc3339Ms(1795381445123).toLatin1()).value(), qint64(1795381445123));
    }
};

QTEST_GUILESS_MAIN(TestTimeUtil)
#include "tst_timeutil.moc"
