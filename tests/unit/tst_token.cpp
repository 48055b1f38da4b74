// Structural classification of scanned texts: the two accepted forms and every way a text
// is MALFORMED, each with a specific detail that never echoes the text.

#include "minter.h"

#include "token.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kiosk;
using namespace kiosk::test;

class TestToken : public QObject
{
    Q_OBJECT

    SigningKey m_key = publishedTestKey();

    QByteArray tokenWith(const QJsonObject &claims) const { return mintToken(m_key, defaultHeader(m_key.kid), claims); }
    QJsonObject claims() const
    {
        return defaultClaims(
            QStringLiteral("ven_test"), QStringLiteral("ord_1"), QStringLiteral("tok_1"), 1789999940, 1790086400);
    }

private Q_SLOTS:
    void vectorsAreTheSpecsOwn()
    {
        // tests/data keeps a copy so the repository tests on its own; it must not drift.
        QFile shared(QStringLiteral(KIOSK_SHARED_DIR "/spec/test-vectors.json"));
        if (!shared.exists())
            QSKIP("shared/ is not beside this checkout; the copy in tests/data is used alone");
        QVERIFY(shared.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(shared.readAll()).object(), publishedVectors());
    }

    void validTokenParses()
    {
        const QByteArray text = tokenWith(claims());
        const ScannedCode c = classifyCode(text);
        QCOMPARE(c.form, CodeForm::Token);
        QCOMPARE(c.token.header.alg, QStringLiteral("EdDSA"));
        QCOMPARE(c.token.header.kid, QStringLiteral("test-2026"));
        QCOMPARE(c.token.claims.aud, QStringLiteral("ven_test"));
        QCOMPARE(c.token.claims.sub, QStringLiteral("ord_1"));
        QCOMPARE(c.token.claims.jti, QStringLiteral("tok_1"));
        QCOMPARE(c.token.claims.iat, 1789999940);
        QCOMPARE(c.token.claims.exp, 1790086400);
        QCOMPARE(c.token.claims.amount, 1400);
        QCOMPARE(c.token.claims.currency, QStringLiteral("USD"));
        QCOMPARE(c.token.claims.recipient, QStringLiteral("Alex M."));
        QCOMPARE(c.token.claims.phone4, QStringLiteral("0142"));
        QCOMPARE(c.token.claims.drinks, (QList<Drink>{{QStringLiteral("Negroni"), 1}}));
        QCOMPARE(c.token.signature.size(), 64);
        QCOMPARE(c.token.signingInput, text.left(text.lastIndexOf('.')));
    }

    void publishedVectorParses()
    {
        const auto vectors = publishedVectors().value(QLatin1String("vectors")).toArray();
        const ScannedCode c = classifyCode(vectors.at(0).toObject().value(QLatin1String("text")).toString().toLatin1());
        QCOMPARE(c.form, CodeForm::Token);
        QCOMPARE(c.token.claims.sub, QStringLiteral("ord_1"));
    }

    void legacyCodes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("legacy");
        QTest::newRow("backend form") << QByteArray("order_xyz_qr") << true;
        QTest::newRow("4 chars") << QByteArray("abcd") << true;
        QTest::newRow("3 chars") << QByteArray("abc") << false;
        QTest::newRow("128 chars") << QByteArray(128, 'a') << true;
        QTest::newRow("129 chars") << QByteArray(129, 'a') << false;
        QTest::newRow("dash and digits") << QByteArray("-0-9-") << true;
        QTest::newRow("space") << QByteArray("order xyz") << false;
        QTest::newRow("trailing newline") << QByteArray("order_xyz_qr\n") << false;
        QTest::newRow("unicode") << QByteArray("ordér_1") << false;
        QTest::newRow("url") << QByteArray("https://club.example/o/1") << false;
    }
    void legacyCodes()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, legacy);
        const ScannedCode c = classifyCode(text);
        QCOMPARE(c.form, legacy ? CodeForm::Legacy : CodeForm::Malformed);
        if (legacy)
            QCOMPARE(c.legacyCode, QString::fromLatin1(text));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("detail");
        const QByteArray good = tokenWith(claims());
        const auto parts = good.split('.');
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("2049 bytes") << QByteArray(2049, 'a') << "longer than 2048";
        QTest::newRow("2 parts") << parts[0] + '.' + parts[1] << "neither";
        QTest::newRow("4 parts") << good + ".x"
                                 << "neither";
        QTest::newRow("padding") << parts[0] + "=." + parts[1] + '.' + parts[2] << "header";
        QTest::newRow("bad sig base64") << parts[0] + '.' + parts[1] + ".*"
                                        << "signature";
        QTest::newRow("empty header") << '.' + parts[1] + '.' + parts[2] << "empty";
        QTest::newRow("header not JSON") << base64UrlEnc("not json") + '.' + parts[1] + '.' + parts[2] << "header";
        QTest::newRow("header array") << base64UrlEnc("[1]") + '.' + parts[1] + '.' + parts[2] << "header";
        QTest::newRow("no alg") << base64UrlEnc(R"({"kid":"test-2026"})") + '.' + parts[1] + '.' + parts[2] << "'alg'";
        QTest::newRow("alg number") << base64UrlEnc(R"({"alg":1,"kid":"k"})") + '.' + parts[1] + '.' + parts[2]
                                    << "'alg'";
        QTest::newRow("EdDSA without kid")
            << base64UrlEnc(R"({"alg":"EdDSA"})") + '.' + parts[1] + '.' + parts[2] << "'kid'";
        QTest::newRow("wrong typ") << base64UrlEnc(R"({"alg":"EdDSA","kid":"k","typ":"JWT"})") + '.' + parts[1] + '.'
                + parts[2] << "typ";
        QTest::newRow("crit") << base64UrlEnc(R"({"alg":"EdDSA","kid":"k","crit":["x"]})") + '.' + parts[1] + '.'
                + parts[2] << "critical";
        QTest::newRow("payload not JSON") << parts[0] + '.' + base64UrlEnc("{") + '.' + parts[2] << "payload";
        QTest::newRow("invalid UTF-8 in payload")
            << parts[0] + '.' + base64UrlEnc("{\"rcp\":\"\xff\"}") + '.' + parts[2] << "payload";

        auto claimCase = [&](const char *name, const std::function<void(QJsonObject &)> &edit, const char *detail) {
            QJsonObject c = claims();
            edit(c);
            QTest::newRow(name) << tokenWith(c) << QString::fromLatin1(detail);
        };
        for (const char *claim : {"iss", "aud", "sub", "jti", "iat", "exp", "drinks", "amt", "cur", "rcp"})
            claimCase(
                qPrintable(QStringLiteral("missing %1").arg(QLatin1String(claim))),
                [claim](QJsonObject &c) { c.remove(QLatin1String(claim)); },
                qPrintable(QStringLiteral("'%1' is missing").arg(QLatin1String(claim))));
        claimCase(
            "iat as string", [](QJsonObject &c) { c[QStringLiteral("iat")] = QStringLiteral("1789999940"); },
            "'iat' must be an integer");
        claimCase(
            "exp fractional", [](QJsonObject &c) { c[QStringLiteral("exp")] = 1790086400.5; },
            "'exp' must be an integer");
        claimCase(
            "exp beyond 2^53", [](QJsonObject &c) { c[QStringLiteral("exp")] = 1e17; }, "'exp' must be an integer");
        claimCase(
            "negative amount", [](QJsonObject &c) { c[QStringLiteral("amt")] = -1; }, "'amt' must be an integer");
        claimCase(
            "aud number", [](QJsonObject &c) { c[QStringLiteral("aud")] = 7; }, "'aud' must be a string");
        claimCase(
            "empty sub", [](QJsonObject &c) { c[QStringLiteral("sub")] = QString(); }, "'sub' must not be empty");
        claimCase(
            "control char in jti", [](QJsonObject &c) { c[QStringLiteral("jti")] = QStringLiteral("a\nb"); },
            "control");
        claimCase(
            "wrong issuer", [](QJsonObject &c) { c[QStringLiteral("iss")] = QStringLiteral("evil"); }, "'iss'");
        claimCase(
            "lowercase currency", [](QJsonObject &c) { c[QStringLiteral("cur")] = QStringLiteral("usd"); }, "ISO 4217");
        claimCase(
            "ph4 letters", [](QJsonObject &c) { c[QStringLiteral("ph4")] = QStringLiteral("01a2"); }, "four digits");
        claimCase(
            "ph4 too long", [](QJsonObject &c) { c[QStringLiteral("ph4")] = QStringLiteral("01234"); }, "'ph4'");
        claimCase(
            "drinks empty", [](QJsonObject &c) { c[QStringLiteral("drinks")] = QJsonArray(); }, "1 to 20");
        claimCase(
            "drinks 21",
            [](QJsonObject &c) {
                QJsonArray a;
                for (int i = 0; i < 21; ++i)
                    a.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Beer")}, {QStringLiteral("qty"), 1}});
                c[QStringLiteral("drinks")] = a;
            },
            "1 to 20");
        claimCase(
            "drink qty 0",
            [](QJsonObject &c) {
                c[QStringLiteral("drinks")] = QJsonArray{
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("Beer")}, {QStringLiteral("qty"), 0}}};
            },
            "drinks'[0]");
        claimCase(
            "drink without name",
            [](QJsonObject &c) {
                c[QStringLiteral("drinks")] = QJsonArray{QJsonObject{{QStringLiteral("qty"), 1}}};
            },
            "drinks'[0]");
        claimCase(
            "drinks object", [](QJsonObject &c) { c[QStringLiteral("drinks")] = QJsonObject(); }, "must be an array");
    }
    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, detail);
        const ScannedCode c = classifyCode(text);
        QCOMPARE(c.form, CodeForm::Malformed);
        QVERIFY2(c.malformedDetail.contains(detail), qPrintable(c.malformedDetail));
    }

    void twenty_drinks_are_fine()
    {
        QJsonObject c = claims();
        QJsonArray a;
        for (int i = 0; i < 20; ++i)
            a.append(
                QJsonObject{{QStringLiteral("name"), QStringLiteral("Beer %1").arg(i)}, {QStringLiteral("qty"), 99}});
        c[QStringLiteral("drinks")] = a;
        QCOMPARE(classifyCode(tokenWith(c)).token.claims.drinks.size(), 20);
    }

    void unknownClaimsAndNullPhoneAreIgnored()
    {
        QJsonObject c = claims();
        c[QStringLiteral("future")] = QJsonObject{{QStringLiteral("x"), 1}};
        c[QStringLiteral("ph4")] = QJsonValue::Null;
        const ScannedCode s = classifyCode(tokenWith(c));
        QCOMPARE(s.form, CodeForm::Token);
        QVERIFY(s.token.claims.phone4.isEmpty());
    }

    void otherAlgorithmsStillParse()
    {
        // The verifier, not the parser, rejects them, as UNSUPPORTED_ALG, even without kid or signature.
        const QByteArray none = base64UrlEnc(R"({"alg":"none"})") + '.'
            + base64UrlEnc(QJsonDocument(claims()).toJson(QJsonDocument::Compact)) + '.';
        const ScannedCode c = classifyCode(none);
        QCOMPARE(c.form, CodeForm::Token);
        QCOMPARE(c.token.header.alg, QStringLiteral("none"));
        QVERIFY(c.token.signature.isEmpty());
    }

    void size_limit_is_2048_bytes()
    {
        // A token padded to exactly 2048 bytes with an unknown claim is accepted structurally.
        QJsonObject c = claims();
        c[QStringLiteral("pad")] = QString();
        const qsizetype base = tokenWith(c).size();
        qsizetype padChars = (2048 - base) * 3 / 4;
        QByteArray text;
        for (int tries = 0; tries < 8; ++tries) {
            c[QStringLiteral("pad")] = QString(padChars, QLatin1Char('x'));
            text = tokenWith(c);
            if (text.size() == 2048)
                break;
            padChars += text.size() < 2048 ? 1 : -1;
        }
        QCOMPARE(text.size(), 2048); // the key and claims are fixed, so this is deterministic
        QCOMPARE(classifyCode(text).form, CodeForm::Token);
        c[QStringLiteral("pad")] = QString(padChars + 1, QLatin1Char('x'));
        const QByteArray longer = tokenWith(c);
        QVERIFY(longer.size() > 2048 && longer.size() <= 2050);
        const ScannedCode tooLong = classifyCode(longer);
        QCOMPARE(tooLong.form, CodeForm::Malformed);
        QVERIFY(tooLong.malformedDetail.contains(QLatin1String("longer than 2048")));
    }

    void fingerprintIsShortAndStable()
    {
        const QString f = codeFingerprint("order_xyz_qr");
        QCOMPARE(f.size(), 16);
        QCOMPARE(f, codeFingerprint("order_xyz_qr"));
        QVERIFY(f != codeFingerprint("order_xyz_qs"));
        QVERIFY(!f.contains(QLatin1String("order")));
    }

private:
    static QByteArray base64UrlEnc(const QByteArray &raw)
    {
        return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    }
};

QTEST_GUILESS_MAIN(TestToken)
#include "tst_token.moc"
