// The compact DK1 code: strict Base45 (RFC 9285's vectors), the COSE Sig_structure (the COSE
// working group's Ed25519 example), every published DK1 vector through the verifier with the
// same reasons as a JWS, one redemption per jti across both forms, each rule of the form, and
// mutated codes that never pass.

#include "fixture.h"
#include "minter.h"

#include "compactcode.h"
#include "redeemer.h"
#include "verifier.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <sodium.h>

using namespace kiosk;
using namespace kiosk::test;

namespace {
// tests/data keeps a copy of the spec's vectors so that the repository tests on its own.
QJsonObject readVectors(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("%s is missing", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}
QJsonObject dk1Vectors()
{
    return publishedCompactVectors();
}

// A DK1 text signed with the published test key over `claims`, with the protected header,
// kid and tag given (the minter the demo and the reference cloud use).
QByteArray mintDk1(const QCborMap &claims, const QCborMap &protectedHeader = QCborMap{{1, -8}},
    const QByteArray &kid = QByteArrayLiteral("test-2026"), bool tagged = false)
{
    return mintCompactRaw(publishedTestKey(), protectedHeader, kid, claims, tagged);
}

QCborMap goodClaims()
{
    return QCborMap{{2, QStringLiteral("ord_1")}, {3, QStringLiteral("ven_test")}, {4, 1790086400}, {6, 1789999940},
        {7, QByteArray::fromHex("6060444c897a6e87d1b01fe9")},
        {-1, QCborArray{QCborArray{1, QStringLiteral("Negroni")}}}, {-2, 1400}, {-3, QStringLiteral("USD")},
        {-4, QStringLiteral("Alex M.")}, {-5, QStringLiteral("0142")}};
}

QByteArray dk1Text(const QByteArray &cbor)
{
    return QByteArray("DK1:") + base45Encode(cbor);
}

Reason verdictOf(VenueFixture &fx, const QByteArray &text)
{
    auto v = Verifier(*fx.store, fx.clock).verify(text);
    if (!v)
        qFatal("verify failed: %s", qPrintable(v.error().message));
    return v->reason;
}
} // namespace

class TestCompactCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectorsAreTheSpecsOwn()
    {
        if (!QFile::exists(QStringLiteral(KIOSK_SHARED_DIR "/spec/test-vectors-dk1.json")))
            QSKIP("shared/ is not beside this checkout; the copy in tests/data is used alone");
        QCOMPARE(dk1Vectors(), readVectors(QStringLiteral(KIOSK_SHARED_DIR "/spec/test-vectors-dk1.json")));
    }

    void base45Vectors()
    {
        for (const QJsonValue &v :
            dk1Vectors().value(QLatin1String("external")).toObject().value(QLatin1String("base45_rfc9285")).toArray()) {
            const QByteArray bytes = v.toObject().value(QLatin1String("bytes")).toString().toUtf8();
            const QByteArray text = v.toObject().value(QLatin1String("text")).toString().toUtf8();
            QCOMPARE(base45Encode(bytes), text);
            QCOMPARE(base45Decode(text).value_or("(refused)"), bytes);
        }
        QCOMPARE(base45Decode("").value(), QByteArray());
        // Strict: one character too many, a character outside the alphabet (lower case too),
        // a group past 0xffff, a final pair past 0xff.
        for (const char *bad : {"BB8A", "bb8", "BB#", "GGW", ":G", "ZZ"})
            QVERIFY2(!base45Decode(bad), bad);
        QVERIFY(base45Decode("FGW")); // 65535, the largest group
    }

    void coseWorkingGroupExample()
    {
        const QJsonObject ex = dk1Vectors()
                                   .value(QLatin1String("external"))
                                   .toObject()
                                   .value(QLatin1String("cose_wg_eddsa_sig_01"))
                                   .toObject();
        const QByteArray cbor = QByteArray::fromHex(ex.value(QLatin1String("cbor_hex")).toString().toLatin1());
        const QCborArray parts = QCborValue::fromCbor(cbor).taggedValue().toArray();
        const QByteArray toSign = coseSigStructure(parts.at(0).toByteArray(), parts.at(2).toByteArray());
        QCOMPARE(toSign.toHex(), ex.value(QLatin1String("to_be_signed_hex")).toString().toLatin1());
        const QByteArray x = QByteArray::fromHex(ex.value(QLatin1String("x_hex")).toString().toLatin1());
        const QByteArray sig = parts.at(3).toByteArray();
        QCOMPARE(crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(sig.constData()),
                     reinterpret_cast<const unsigned char *>(toSign.constData()), quint64(toSign.size()),
                     reinterpret_cast<const unsigned char *>(x.constData())),
            0);
        // As a drink code its payload is not a claims map.
        const ScannedCode c = classifyCode(dk1Text(cbor));
        QCOMPARE(c.form, CodeForm::Malformed);
        QVERIFY2(c.malformedDetail.contains(QLatin1String("claims map")), qPrintable(c.malformedDetail));
    }

    void publishedVectors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("jti");
        int i = 0;
        for (const QJsonValue &v : dk1Vectors().value(QLatin1String("vectors")).toArray()) {
            const QJsonObject o = v.toObject();
            QTest::addRow("%d %s", i++, qPrintable(o.value(QLatin1String("reason")).toString()))
                << o.value(QLatin1String("text")).toString().toUtf8() << o.value(QLatin1String("reason")).toString()
                << o.value(QLatin1String("jti")).toString();
        }
    }
    void publishedVectors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        QFETCH(QString, jti);
        const QJsonObject vectors = dk1Vectors();
        VenueFixture fx(vectors.value(QLatin1String("venue")).toString());
        QVERIFY2(fx.ok(), qPrintable(fx.errorString));
        fx.clock.setNowMs(vectors.value(QLatin1String("now")).toInteger() * 1000);
        QCOMPARE(reasonCode(verdictOf(fx, text)), reason);
        if (!jti.isEmpty())
            QCOMPARE(classifyCode(text).token.claims.jti, jti);
    }

    // The first published vector fits a QR code of version 9 at level M: at most 262
    // characters in alphanumeric mode (ISO/IEC 18004, table 7), and every character is one of
    // the 45 that mode holds.
    void aOneDrinkCodeIsSmall()
    {
        const QByteArray text = publishedCompactVector(0);
        QVERIFY2(text.size() <= 262, QByteArray::number(text.size()));
        QVERIFY(base45Decode(text.mid(4)).has_value()); // "DK1:" itself is alphanumeric too
        const ScannedCode c = classifyCode(text);
        QCOMPARE(c.form, CodeForm::Token);
        QCOMPARE(c.token.header.alg, QStringLiteral("EdDSA"));
        QCOMPARE(c.token.header.kid, QStringLiteral("test-2026"));
        QCOMPARE(c.token.claims.iss, QStringLiteral("club"));
    }

    void mintedHereVerifies()
    {
        VenueFixture fx;
        const ScannedCode c = classifyCode(mintDk1(goodClaims()));
        QCOMPARE(c.form, CodeForm::Token);
        QCOMPARE(c.token.claims.jti, QStringLiteral("YGBETIl6bofRsB_p"));
        QCOMPARE(c.token.claims.drinks, (QList<Drink>{{QStringLiteral("Negroni"), 1}}));
        QCOMPARE(c.token.claims.phone4, QStringLiteral("0142"));
        QCOMPARE(verdictOf(fx, mintDk1(goodClaims())), Reason::Ok);
        QCOMPARE(verdictOf(fx, mintDk1(goodClaims(), QCborMap{{1, -8}}, "test-2026", true)), Reason::Ok);
    }

    // The demo and the reference cloud's minter: the JWS claims as a DK1 code.
    void theMinterWritesWhatTheParserReads()
    {
        VenueFixture fx;
        const QJsonObject claims = fx.claims(QStringLiteral("ord_7"), QStringLiteral("YGBETIl6bofRsB_p"));
        const auto dk1 = mintCompactToken(publishedTestKey(), claims);
        QVERIFY(dk1);
        const ScannedCode c = classifyCode(*dk1);
        QCOMPARE(c.form, CodeForm::Token);
        QCOMPARE(c.token.claims.sub, QStringLiteral("ord_7"));
        QCOMPARE(c.token.claims.jti, QStringLiteral("YGBETIl6bofRsB_p"));
        QCOMPARE(c.token.claims.recipient, claims.value(QLatin1String("rcp")).toString());
        QCOMPARE(verdictOf(fx, *dk1), Reason::Ok);
        // A JWS-style token id is not a CWT cti: refused rather than minted wrong.
        QVERIFY(!mintCompactToken(publishedTestKey(), fx.claims(QStringLiteral("ord_7"), QStringLiteral("tok_7"))));
    }

    // The same rules in the same order as the JWS: each one broken in a DK1 code.
    void everyRuleOfTheForm_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("detail");
        auto with = [](const std::function<void(QCborMap &)> &edit) {
            QCborMap c = goodClaims();
            edit(c);
            return mintDk1(c);
        };
        QTest::newRow("alg ES256") << mintDk1(goodClaims(), QCborMap{{1, -7}}) << "UNSUPPORTED_ALG"
                                   << "";
        QTest::newRow("alg as text") << mintDk1(goodClaims(), QCborMap{{1, QStringLiteral("EdDSA")}})
                                     << "UNSUPPORTED_ALG"
                                     << "";
        QTest::newRow("no alg") << mintDk1(goodClaims(), QCborMap{}) << "MALFORMED"
                                << "no alg";
        QTest::newRow("crit") << mintDk1(goodClaims(), QCborMap{{1, -8}, {2, QCborArray{99}}}) << "MALFORMED"
                              << "critical";
        QTest::newRow("no kid") << mintDk1(goodClaims(), QCborMap{{1, -8}}, QByteArray()) << "MALFORMED"
                                << "kid";
        QTest::newRow("unknown kid") << mintDk1(goodClaims(), QCborMap{{1, -8}}, "other-kid") << "UNKNOWN_KEY"
                                     << "";
        QTest::newRow("wrong venue") << with([](QCborMap &c) { c[3] = QStringLiteral("ven_other"); }) << "WRONG_VENUE"
                                     << "";
        QTest::newRow("expired") << with([](QCborMap &c) { c[4] = 1789990000; }) << "EXPIRED"
                                 << "";
        QTest::newRow("not yet valid") << with([](QCborMap &c) { c[6] = 1790001000; }) << "NOT_YET_VALID"
                                       << "";
        QTest::newRow("exp as text") << with([](QCborMap &c) { c[4] = QStringLiteral("1790086400"); }) << "MALFORMED"
                                     << "claim 4 (exp)";
        QTest::newRow("exp negative") << with([](QCborMap &c) { c[4] = -1; }) << "MALFORMED"
                                      << "claim 4 (exp)";
        QTest::newRow("no sub") << with([](QCborMap &c) { c.remove(2); }) << "MALFORMED"
                                << "claim 2 (sub) is missing";
        QTest::newRow("cti short") << with([](QCborMap &c) { c[7] = QByteArray(7, 'x'); }) << "MALFORMED"
                                   << "cti";
        QTest::newRow("cti long") << with([](QCborMap &c) { c[7] = QByteArray(33, 'x'); }) << "MALFORMED"
                                  << "cti";
        QTest::newRow("cti as text") << with([](QCborMap &c) { c[7] = QStringLiteral("tok_1234"); }) << "MALFORMED"
                                     << "cti";
        QTest::newRow("iss other") << with([](QCborMap &c) { c[1] = QStringLiteral("evil"); }) << "MALFORMED"
                                   << "iss";
        QTest::newRow("no drinks") << with([](QCborMap &c) { c[-1] = QCborArray{}; }) << "MALFORMED"
                                   << "drinks";
        QTest::newRow("21 drinks") << with([](QCborMap &c) {
            QCborArray a;
            for (int i = 0; i < 21; ++i)
                a.append(QCborArray{1, QStringLiteral("Beer")});
            c[-1] = a;
        }) << "MALFORMED"
                                   << "drinks";
        QTest::newRow("drink as map") << with([](QCborMap &c) {
            c[-1] = QCborArray{QCborMap{{QStringLiteral("name"), QStringLiteral("Beer")}}};
        }) << "MALFORMED"
                                      << "drinks";
        QTest::newRow("qty 0") << with([](QCborMap &c) {
            c[-1] = QCborArray{QCborArray{0, QStringLiteral("Beer")}};
        }) << "MALFORMED"
                               << "drinks";
        QTest::newRow("currency lower") << with([](QCborMap &c) { c[-3] = QStringLiteral("usd"); }) << "MALFORMED"
                                        << "cur";
        QTest::newRow("ph4 letters") << with([](QCborMap &c) { c[-5] = QStringLiteral("01a2"); }) << "MALFORMED"
                                     << "ph4";
        QTest::newRow("control chars") << with([](QCborMap &c) { c[-4] = QStringLiteral("Alex\nM."); }) << "MALFORMED"
                                       << "rcp";
        QTest::newRow("unknown claim ignored") << with([](QCborMap &c) { c[99] = QStringLiteral("x"); }) << "OK"
                                               << "";
        QTest::newRow("no ph4 is fine") << with([](QCborMap &c) { c.remove(-5); }) << "OK"
                                        << "";
        QTest::newRow("not base45") << QByteArray("DK1:dk1 in lower case") << "MALFORMED"
                                    << "Base45";
        QTest::newRow("empty") << QByteArray("DK1:") << "MALFORMED"
                               << "CBOR";
        QTest::newRow("a map, not an array") << dk1Text(QCborMap{{1, 2}}.toCborValue().toCbor()) << "MALFORMED"
                                             << "four";
        QTest::newRow("array of three") << dk1Text(QCborArray{1, 2, 3}.toCborValue().toCbor()) << "MALFORMED"
                                        << "four";
        QTest::newRow("other tag") << dk1Text(
            QCborValue(QCborTag(98), QCborArray{QByteArray(), QCborMap{}, QByteArray(), QByteArray()}).toCbor())
                                   << "MALFORMED"
                                   << "tagged";
        QTest::newRow("protected as map")
            << dk1Text(QCborArray{QCborMap{{1, -8}}, QCborMap{}, QByteArray(), QByteArray()}.toCborValue().toCbor())
            << "MALFORMED"
            << "bstr";
        QByteArray trailing = mintDk1(goodClaims());
        const QByteArray raw = base45Decode(trailing.mid(4)).value() + QByteArray(1, '\0');
        QTest::newRow("trailing byte") << dk1Text(raw) << "MALFORMED"
                                       << "one CBOR item";
        QByteArray tampered = mintDk1(goodClaims());
        QByteArray bytes = base45Decode(tampered.mid(4)).value();
        bytes[bytes.size() - 1] = char(bytes.at(bytes.size() - 1) ^ 1);
        QTest::newRow("signature flipped") << dk1Text(bytes) << "BAD_SIGNATURE"
                                           << "";
    }
    void everyRuleOfTheForm()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        QFETCH(QString, detail);
        VenueFixture fx;
        QCOMPARE(reasonCode(verdictOf(fx, text)), reason);
        if (!detail.isEmpty()) {
            const ScannedCode c = classifyCode(text);
            QVERIFY2(c.malformedDetail.contains(detail), qPrintable(c.malformedDetail));
        }
    }

    // One redemption per jti across both forms: the DK1 code of an order, then the JWS of the
    // same token id (and the other way round), is ALREADY_REDEEMED.
    void oneRedemptionAcrossBothForms()
    {
        const QString jti = QStringLiteral("YGBETIl6bofRsB_p"); // the base64url of goodClaims()'s cti
        {
            VenueFixture fx;
            Redeemer redeemer(*fx.store, fx.clock);
            QCOMPARE(redeemer.redeem(mintDk1(goodClaims()), QString(), QStringLiteral("camera"))->verdict.reason,
                Reason::Ok);
            QCOMPARE(redeemer.redeem(fx.token(QStringLiteral("ord_1"), jti), QString(), QStringLiteral("camera"))
                         ->verdict.reason,
                Reason::AlreadyRedeemed);
        }
        {
            VenueFixture fx;
            Redeemer redeemer(*fx.store, fx.clock);
            QCOMPARE(redeemer.redeem(fx.token(QStringLiteral("ord_1"), jti), QString(), QStringLiteral("camera"))
                         ->verdict.reason,
                Reason::Ok);
            QCOMPARE(redeemer.redeem(mintDk1(goodClaims()), QString(), QStringLiteral("camera"))->verdict.reason,
                Reason::AlreadyRedeemed);
        }
    }

    // Every one-character change of a valid code: no crash, and never OK.
    void mutatedCodesNeverPass()
    {
        VenueFixture fx;
        const QByteArray good = mintDk1(goodClaims());
        static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        int checked = 0;
        for (qsizetype i = 4; i < good.size(); ++i) {
            for (int k = 0; k < 45; k += 7) {
                QByteArray t = good;
                if (t[i] == alphabet[k])
                    continue;
                t[i] = alphabet[k];
                QVERIFY2(verdictOf(fx, t) != Reason::Ok, qPrintable(QStringLiteral("position %1").arg(i)));
                ++checked;
            }
        }
        QVERIFY(checked > 1000);
    }
};

QTEST_MAIN(TestCompactCode)
#include "tst_compactcode.moc"
