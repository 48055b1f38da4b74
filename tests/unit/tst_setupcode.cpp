// The setup code a new kiosk scans to pair (sync/setupcode.h): what is one, what is refused and
// with which words.
#include "setupcode.h"

#include <QTest>

using namespace kiosk;
using namespace kiosk::sync;

namespace {
// JSON written with single quotes (readable here, and moc-safe).
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}
} // namespace

class TestSetupCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        SetupCode s;
        s.url = QUrl(QStringLiteral("https://cloud.example"));
        s.code = QStringLiteral("483-219-k7q");
        auto parsed = parseSetupCode(s.toJson());
        QVERIFY(parsed);
        QCOMPARE(parsed->version, 1);
        QCOMPARE(parsed->url, s.url);
        QCOMPARE(parsed->code, s.code);
        // Whitespace around it (a hand scanner's Enter) is not part of it.
        QVERIFY(parseSetupCode("  " + s.toJson() + "\r\n"));
        // Loopback http is allowed (the reference cloud, a test bench).
        QVERIFY(parseSetupCode(j("{'type':'club-kiosk-setup','v':1,'url':'http://127.0.0.1:8080','code':'1234'}")));
    }

    void notASetupCode_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("drink token") << QByteArray("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJvcmQifQ.c2ln");
        QTest::newRow("legacy code") << QByteArray("order_paid_qr");
        QTest::newRow("web link") << QByteArray("https://club.example/o/123");
        QTest::newRow("other JSON") << QByteArray(j("{'type':'wifi','ssid':'bar'}"));
        QTest::newRow("JSON array") << QByteArray(j("[1,2]"));
        QTest::newRow("broken JSON") << QByteArray(j("{'type':'club-kiosk-setup',"));
        QTest::newRow("too long") << QByteArray(j("{'type':'club-kiosk-setup','x':'")) + QByteArray(4000, 'a')
                + QByteArray(j("'}"));
        QTest::newRow("empty") << QByteArray();
    }
    void notASetupCode()
    {
        QFETCH(QByteArray, text);
        auto parsed = parseSetupCode(text);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::NotFound);
    }

    void refusedWithTheReason_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const auto make
            = [](const char *rest) -> QByteArray { return j("{'type':'club-kiosk-setup',") + j(rest) + '}'; };
        QTest::newRow("newer format") << make(j("'v':2,'url':'https://c.example','code':'1234','wifi':{}"))
                                      << int(ErrorCode::TooNew) << QStringLiteral("update this kiosk");
        QTest::newRow("no version") << make(j("'url':'https://c.example','code':'1234'"))
                                    << int(ErrorCode::InvalidArgument) << QStringLiteral("no valid version");
        QTest::newRow("version 1.5") << make(j("'v':1.5,'url':'https://c.example','code':'1234'"))
                                     << int(ErrorCode::InvalidArgument) << QStringLiteral("no valid version");
        QTest::newRow("version as text") << make(j("'v':'1','url':'https://c.example','code':'1234'"))
                                         << int(ErrorCode::InvalidArgument) << QStringLiteral("no valid version");
        QTest::newRow("no url") << make(j("'v':1,'code':'1234'")) << int(ErrorCode::InvalidArgument)
                                << QStringLiteral("lacks the server or the code");
        QTest::newRow("code not text") << make(j("'v':1,'url':'https://c.example','code':1234"))
                                       << int(ErrorCode::InvalidArgument)
                                       << QStringLiteral("lacks the server or the code");
        QTest::newRow("plain http elsewhere") << make(j("'v':1,'url':'http://cloud.example','code':'1234'"))
                                              << int(ErrorCode::InvalidArgument) << QStringLiteral("https://");
        QTest::newRow("not a URL") << make(j("'v':1,'url':'cloud example','code':'1234'"))
                                   << int(ErrorCode::InvalidArgument) << QStringLiteral("server");
        QTest::newRow("code with spaces") << make(j("'v':1,'url':'https://c.example','code':'12 34'"))
                                          << int(ErrorCode::InvalidArgument) << QStringLiteral("malformed");
        QTest::newRow("code too short") << make(j("'v':1,'url':'https://c.example','code':'12'"))
                                        << int(ErrorCode::InvalidArgument) << QStringLiteral("malformed");
    }
    void refusedWithTheReason()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, code);
        QFETCH(QString, message);
        auto parsed = parseSetupCode(text);
        QVERIFY(!parsed);
        QCOMPARE(int(parsed.error().code), code);
        QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    }
};

QTEST_GUILESS_MAIN(TestSetupCode)
#include "tst_setupcode.moc"
