#include "base64url.h"

#include <QTest>

using namespace kiosk;

class TestBase64Url : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one") << QByteArray("\xfb", 1);
        QTest::newRow("two") << QByteArray("\xfb\xff", 2);
        QTest::newRow("three") << QByteArray("\xfb\xff\x00", 3);
        QTest::newRow("all bytes") << [] {
            QByteArray b;
            for (int i = 0; i < 256; ++i)
                b.append(char(i));
            return b;
        }();
    }
    void roundTrip()
    {
        QFETCH(QByteArray, bytes);
        const QByteArray enc = base64UrlEncode(bytes);
        QVERIFY(!enc.contains('='));
        QVERIFY(!enc.contains('+'));
        QVERIFY(!enc.contains('/'));
        QCOMPARE(base64UrlDecodeStrict(enc).value(), bytes);
    }

    void knownValues()
    {
        QCOMPARE(base64UrlDecodeStrict("-_8").value(), QByteArray("\xfb\xff", 2));
        QCOMPARE(base64UrlDecodeStrict("Zm9vYmFy").value(), QByteArray("foobar"));
        QCOMPARE(base64UrlDecodeStrict("Zm9vYg").value(), QByteArray("foob"));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("padding") << QByteArray("Zm9vYg==");
        QTest::newRow("standard alphabet +") << QByteArray("+_8");
        QTest::newRow("standard alphabet /") << QByteArray("/_8");
        QTest::newRow("impossible length") << QByteArray("Zm9vY");
        QTest::newRow("whitespace") << QByteArray("Zm9v Yg");
        QTest::newRow("newline") << QByteArray("Zm9vYg\n");
        QTest::newRow("non-zero trailing bits (2 chars)") << QByteArray("Zh");
        QTest::newRow("non-zero trailing bits (3 chars)") << QByteArray("Zm9");
        QTest::newRow("nul byte") << QByteArray("Zm\0v", 4);
        QTest::newRow("high byte") << QByteArray("Zm\xc3\xa9v");
    }
    void rejects()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!base64UrlDecodeStrict(text).has_value());
    }
};

QTEST_GUILESS_MAIN(TestBase64Url)
#include "tst_base64url.moc"
