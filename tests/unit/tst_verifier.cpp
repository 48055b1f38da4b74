// Every verdict reason, produced where drink-token.md says, in its order; skew boundaries on
// both sides; the published vectors; and verify() never writing.

#include "fixture.h"

#include "ledger.h"
#include "redeemer.h"
#include "verifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kiosk;
using namespace kiosk::test;

namespace {
Reason verdictOf(VenueFixture &fx, const QByteArray &text, VerifierOptions options = {})
{
    auto v = Verifier(*fx.store, fx.clock, options).verify(text);
    if (!v)
        qFatal("verify failed: %s", qPrintable(v.error().message));
    return v->reason;
}
} // namespace

class TestVerifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void publishedVectors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        const auto vectors = kiosk::test::publishedVectors().value(QLatin1String("vectors")).toArray();
        QVERIFY(vectors.size() >= 6);
        int i = 0;
        for (const auto &v : vectors) {
            const QString reason = v.toObject().value(QLatin1String("reason")).toString();
            QTest::addRow("%d %s", i++, qPrintable(reason))
                << v.toObject().value(QLatin1String("text")).toString().toUtf8() << reason;
        }
    }
    void publishedVectors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        const QJsonObject vectors = kiosk::test::publishedVectors();
        VenueFixture fx(vectors.value(QLatin1String("venue")).toString());
        QVERIFY2(fx.ok(), qPrintable(fx.errorString));
        fx.clock.setNowMs(vectors.value(QLatin1String("now")).toInteger() * 1000);
        QCOMPARE(reasonCode(verdictOf(fx, text)), reason);
    }

    void okWithoutCachedOrderIsSignatureVerified()
    {
        VenueFixture fx;
        auto v = Verifier(*fx.store, fx.clock).verify(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")));
        QVERIFY(v);
        QCOMPARE(v->reason, Reason::Ok);
        QCOMPARE(v->verifiedBy, VerifiedBy::Signature);
        QVERIFY(!v->orderCached);
        QCOMPARE(v->recipient, QStringLiteral("Alex M."));
        QCOMPARE(v->phone4, QStringLiteral("0142"));
        QCOMPARE(v->amount.value(), 1400);
        QCOMPARE(v->drinks.size(), 1);
    }

    void okWithPaidOrderIsCacheVerified()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(
            QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"), fx.nowSeconds())));
        auto v = Verifier(*fx.store, fx.clock).verify(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")));
        QCOMPARE(v->reason, Reason::Ok);
        QCOMPARE(v->verifiedBy, VerifiedBy::Cache);
        QVERIFY(v->orderCached);
    }

    void unsupportedAlgorithms_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("none") << "none";
        QTest::newRow("HS256") << "HS256";
        QTest::newRow("ES256") << "ES256";
        QTest::newRow("eddsa lowercase") << "eddsa";
        QTest::newRow("Ed25519") << "Ed25519";
    }
    void unsupportedAlgorithms()
    {
        QFETCH(QString, alg);
        VenueFixture fx;
        QJsonObject header = defaultHeader(fx.key.kid);
        header[QStringLiteral("alg")] = alg;
        QCOMPARE(verdictOf(fx, mintToken(fx.key, header, fx.claims(QStringLiteral("o"), QStringLiteral("t")))),
            Reason::UnsupportedAlg);
        // alg=none with an empty signature segment is the classic forgery: same answer.
        const QByteArray unsigned_ = mintToken(fx.key, header, fx.claims(QStringLiteral("o"), QStringLiteral("t")));
        QCOMPARE(verdictOf(fx, unsigned_.left(unsigned_.lastIndexOf('.') + 1)), Reason::UnsupportedAlg);
    }

    void unknownKey()
    {
        VenueFixture fx;
        const SigningKey other = SigningKey::generate(QStringLiteral("other-kid"));
        QCOMPARE(verdictOf(fx,
                     mintToken(other, defaultHeader(other.kid), fx.claims(QStringLiteral("o"), QStringLiteral("t")))),
            Reason::UnknownKey);
    }

    void keyValidityWindowWithSkew()
    {
        VenueFixture fx;
        const SigningKey k = SigningKey::generate(QStringLiteral("windowed"));
        const qint64 now = fx.nowSeconds();
        const qint64 skew = 120;
        // Valid from now+skew (just reachable with skew) until now-skew+1 (just not yet over).
        QVERIFY(fx.import(FeedBuilder().key(k, now + skew, std::nullopt)));
        const QByteArray t = mintToken(k, defaultHeader(k.kid), fx.claims(QStringLiteral("o"), QStringLiteral("t")));
        QCOMPARE(verdictOf(fx, t), Reason::Ok);
        QVERIFY(fx.import(FeedBuilder().key(k, now + skew + 1, std::nullopt)));
        QCOMPARE(verdictOf(fx, t), Reason::UnknownKey);
        QVERIFY(fx.import(FeedBuilder().key(k, std::nullopt, now - skew + 1)));
        QCOMPARE(verdictOf(fx, t), Reason::Ok);
        QVERIFY(fx.import(FeedBuilder().key(k, std::nullopt, now - skew)));
        QCOMPARE(verdictOf(fx, t), Reason::UnknownKey);
    }

    void keyRevoked()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().key(fx.key, std::nullopt, std::nullopt, true)));
        QCOMPARE(verdictOf(fx, fx.token(QStringLiteral("o"), QStringLiteral("t"))), Reason::KeyRevoked);
        // Sticky: an older entry re-delivered without the flag does not un-revoke it.
        QVERIFY(fx.import(FeedBuilder().key(fx.key)));
        QCOMPARE(verdictOf(fx, fx.token(QStringLiteral("o"), QStringLiteral("t"))), Reason::KeyRevoked);
    }

    void badSignature_data()
    {
        QTest::addColumn<int>("tamper");
        QTest::newRow("payload changed after signing") << 0;
        QTest::newRow("signature bit flipped") << 1;
        QTest::newRow("signed by another key with the same kid") << 2;
        QTest::newRow("signature truncated to 63 bytes") << 3;
        QTest::newRow("empty signature") << 4;
    }
    void badSignature()
    {
        QFETCH(int, tamper);
        VenueFixture fx;
        QByteArray text = fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        auto parts = text.split('.');
        QByteArray sig = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
        switch (tamper) {
        case 0: {
            QJsonObject c = fx.claims(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
            c[QStringLiteral("amt")] = 1;
            parts[1] = QJsonDocument(c)
                           .toJson(QJsonDocument::Compact)
                           .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            break;
        }
        case 1:
            sig[10] = char(sig[10] ^ 0x01);
            break;
        case 2: {
            SigningKey impostor = SigningKey::generate(fx.key.kid);
            text = mintToken(
                impostor, defaultHeader(fx.key.kid), fx.claims(QStringLiteral("ord_1"), QStringLiteral("tok_1")));
            parts = text.split('.');
            sig = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
            break;
        }
        case 3:
            sig.chop(1);
            break;
        case 4:
            sig.clear();
            break;
        }
        if (tamper != 0)
            parts[2] = sig.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QCOMPARE(verdictOf(fx, parts.join('.')), Reason::BadSignature);
    }

    // A forged code (signed by someone else, or with an unknown key or algorithm) shows the
    // forgery, never the forger's words: no name, phone, drinks or order reach the verdict.
    void forgedCodeCarriesNoPayloadText()
    {
        VenueFixture fx;
        const SigningKey impostor = SigningKey::generate(fx.key.kid);
        QJsonObject c = fx.claims(QStringLiteral("ord_forged"), QStringLiteral("tok_forged"));
        c[QStringLiteral("rcp")] = QStringLiteral("<b>✔ OK – pour</b>");
        c[QStringLiteral("ph4")] = QStringLiteral("1234");
        const QList<QByteArray> forgeries{mintToken(impostor, defaultHeader(fx.key.kid), c),
            mintToken(impostor, defaultHeader(QStringLiteral("kid-nobody-knows")), c),
            mintToken(impostor,
                QJsonObject{{QStringLiteral("alg"), QStringLiteral("HS256")},
                    {QStringLiteral("typ"), QStringLiteral("drink+jwt")}, {QStringLiteral("kid"), fx.key.kid}},
                c)};
        const QList<Reason> expected{Reason::BadSignature, Reason::UnknownKey, Reason::UnsupportedAlg};
        for (int i = 0; i < forgeries.size(); ++i) {
            const Verdict v = Verifier(*fx.store, fx.clock).verify(forgeries.at(i)).value();
            QCOMPARE(v.reason, expected.at(i));
            QVERIFY(v.recipient.isEmpty());
            QVERIFY(v.phone4.isEmpty());
            QVERIFY(v.drinks.isEmpty());
            QVERIFY(v.orderId.isEmpty());
            QVERIFY(v.jti.isEmpty());
            QVERIFY(!v.detail.contains(QLatin1String("pour")));
        }
        // The genuine code with the same claims shows them.
        const Verdict genuine = Verifier(*fx.store, fx.clock).verify(fx.token(c)).value();
        QCOMPARE(genuine.reason, Reason::Ok);
        QCOMPARE(genuine.recipient, QStringLiteral("<b>✔ OK – pour</b>"));
    }

    void wrongVenue()
    {
        VenueFixture fx;
        QJsonObject c = fx.claims(QStringLiteral("o"), QStringLiteral("t"));
        c[QStringLiteral("aud")] = QStringLiteral("ven_other");
        QCOMPARE(verdictOf(fx, fx.token(c)), Reason::WrongVenue);
    }

    void skewBoundaries_data()
    {
        QTest::addColumn<int>("skew");
        QTest::addColumn<qint64>("iatOffset");
        QTest::addColumn<qint64>("expOffset");
        QTest::addColumn<QString>("reason");
        for (int skew : {120, 0, 300}) {
            QTest::addRow("skew %d: iat = now + skew", skew) << skew << qint64(skew) << qint64(86400) << "OK";
            QTest::addRow("skew %d: iat = now + skew + 1", skew)
                << skew << qint64(skew + 1) << qint64(86400) << "NOT_YET_VALID";
            QTest::addRow("skew %d: exp = now - skew + 1", skew) << skew << qint64(-86400) << qint64(-skew + 1) << "OK";
            QTest::addRow("skew %d: exp = now - skew", skew) << skew << qint64(-86400) << qint64(-skew) << "EXPIRED";
        }
    }
    void skewBoundaries()
    {
        QFETCH(int, skew);
        QFETCH(qint64, iatOffset);
        QFETCH(qint64, expOffset);
        QFETCH(QString, reason);
        VenueFixture fx;
        QJsonObject c = fx.claims(QStringLiteral("o"), QStringLiteral("t"));
        c[QStringLiteral("iat")] = fx.nowSeconds() + iatOffset;
        c[QStringLiteral("exp")] = fx.nowSeconds() + expOffset;
        QCOMPARE(reasonCode(verdictOf(fx, fx.token(c), VerifierOptions{skew})), reason);
    }

    void tokenRevoked()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().revocation(QStringLiteral("tok_7"))));
        QCOMPARE(verdictOf(fx, fx.token(QStringLiteral("ord_7"), QStringLiteral("tok_7"))), Reason::TokenRevoked);
    }

    void reissuedCodeSupersedesOldToken()
    {
        VenueFixture fx;
        // The order was reissued as tok_new; the old tok_old's revocation has not arrived yet.
        QVERIFY(fx.import(FeedBuilder().order(
            QStringLiteral("ord_1"), QStringLiteral("tok_new"), QStringLiteral("PAID"), fx.nowSeconds())));
        QCOMPARE(verdictOf(fx, fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_old"))), Reason::TokenRevoked);
        QCOMPARE(verdictOf(fx, fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_new"))), Reason::Ok);
    }

    void orderStatuses_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("reason");
        QTest::newRow("PAID") << "PAID"
                              << "OK";
        QTest::newRow("PENDING") << "PENDING"
                                 << "NOT_PAID";
        QTest::newRow("CANCELLED") << "CANCELLED"
                                   << "ORDER_CANCELLED";
        QTest::newRow("REJECTED") << "REJECTED"
                                  << "ORDER_CANCELLED";
        QTest::newRow("EXPIRED") << "EXPIRED"
                                 << "ORDER_CANCELLED";
        QTest::newRow("REFUNDED") << "REFUNDED"
                                  << "ORDER_CANCELLED";
        QTest::newRow("REDEEMED") << "REDEEMED"
                                  << "ALREADY_REDEEMED";
    }
    void orderStatuses()
    {
        QFETCH(QString, status);
        QFETCH(QString, reason);
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(
            QStringLiteral("ord_1"), QStringLiteral("tok_1"), status, fx.nowSeconds(), QStringLiteral("order_1_qr"))));
        QCOMPARE(reasonCode(verdictOf(fx, fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")))), reason);
        QCOMPARE(reasonCode(verdictOf(fx, "order_1_qr")), reason);
    }

    void alreadyRedeemedSaysWhenWhereWho()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder()
                              .staff(QStringLiteral("stf_3"), QStringLiteral("Sam"), QStringLiteral("bartender"))
                              .redemption(QStringLiteral("red_9"), QStringLiteral("ord_1"), QStringLiteral("tok_1"),
                                  QStringLiteral("dev_2"), QStringLiteral("stf_3"), fx.nowSeconds() - 300)));
        auto v = Verifier(*fx.store, fx.clock).verify(fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1")));
        QCOMPARE(v->reason, Reason::AlreadyRedeemed);
        QVERIFY(v->previous);
        QCOMPARE(v->previous->atMs.value(), (fx.nowSeconds() - 300) * 1000);
        QCOMPARE(v->previous->deviceId, QStringLiteral("dev_2"));
        QCOMPARE(v->previous->staffId, QStringLiteral("stf_3"));
        QCOMPARE(v->previous->staffName, QStringLiteral("Sam"));
        QVERIFY(!v->previous->local);
        // The same order under another token id is caught by the order id, and vice versa.
        QCOMPARE(
            verdictOf(fx, fx.token(QStringLiteral("ord_other"), QStringLiteral("tok_1"))), Reason::AlreadyRedeemed);
    }

    void voidedRedemptionNoLongerBlocks()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().redemption(QStringLiteral("red_9"), QStringLiteral("ord_1"),
            QStringLiteral("tok_1"), QStringLiteral("dev_2"), QString(), fx.nowSeconds() - 300, true)));
        QCOMPARE(verdictOf(fx, fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1"))), Reason::Ok);
    }

    void legacyCodes()
    {
        VenueFixture fx;
        QCOMPARE(verdictOf(fx, "order_xyz_qr"), Reason::UnknownOrder);
        QVERIFY(fx.import(FeedBuilder()
                              .order(QStringLiteral("ord_a"), QString(), QStringLiteral("PAID"), fx.nowSeconds(),
                                  QStringLiteral("order_a_qr"), fx.nowSeconds() + 3600)
                              .order(QStringLiteral("ord_b"), QStringLiteral("tok_b"), QStringLiteral("PAID"),
                                  fx.nowSeconds(), QStringLiteral("order_b_qr"), fx.nowSeconds() + 3600)
                              .order(QStringLiteral("ord_c"), QString(), QStringLiteral("PAID"), fx.nowSeconds(),
                                  QStringLiteral("order_c_qr"), fx.nowSeconds() - 120)
                              .order(QStringLiteral("ord_d"), QString(), QStringLiteral("PAID"), fx.nowSeconds(),
                                  QStringLiteral("order_d_qr"), fx.nowSeconds() - 119)
                              .revocation(QStringLiteral("tok_b"))));
        auto v = Verifier(*fx.store, fx.clock).verify("order_a_qr");
        QCOMPARE(v->reason, Reason::Ok);
        QCOMPARE(v->verifiedBy, VerifiedBy::Cache);
        QCOMPARE(v->orderId, QStringLiteral("ord_a"));
        QCOMPARE(v->recipient, QStringLiteral("Alex M."));
        QCOMPARE(verdictOf(fx, "order_b_qr"), Reason::TokenRevoked);
        QCOMPARE(verdictOf(fx, "order_c_qr"), Reason::Expired); // expired exactly skew ago
        QCOMPARE(verdictOf(fx, "order_d_qr"), Reason::Ok); // one second short of that
    }

    void malformedInputsNeverReachTheStore()
    {
        VenueFixture fx;
        for (const QByteArray &t :
            {QByteArray(), QByteArray("x"), QByteArray(5000, 'a'), QByteArray("a.b.c"), QByteArray("\0\0\0\0", 4)})
            QCOMPARE(verdictOf(fx, t), Reason::Malformed);
    }

    // Each token carries a combination of faults; the verdict must be the fault the spec checks
    // first. 2 × 3 × 2 × 2 × 2 × 2 × 3 × 2 = 576 combinations.
    void reasonsAreCheckedInSpecOrder()
    {
        VenueFixture fx;
        const SigningKey revokedKey = SigningKey::generate(QStringLiteral("revoked-key"));
        const SigningKey impostor = SigningKey::generate(fx.key.kid);
        FeedBuilder feed;
        feed.key(revokedKey, std::nullopt, std::nullopt, true);
        struct Case
        {
            QByteArray text;
            Reason expected;
        };
        QList<Case> cases;
        int n = 0;
        for (bool badAlg : {false, true})
            for (int kid : {0, 1, 2}) // good, unknown, revoked
                for (bool badSig : {false, true})
                    for (bool wrongVenue : {false, true})
                        for (bool expired : {false, true})
                            for (bool revoked : {false, true})
                                for (int order : {0, 1, 2}) // none cached, CANCELLED, PENDING
                                    for (bool redeemed : {false, true}) {
                                        const QString id = QStringLiteral("ord_%1").arg(n);
                                        const QString jti = QStringLiteral("tok_%1").arg(n++);
                                        QJsonObject c = fx.claims(id, jti);
                                        if (wrongVenue)
                                            c[QStringLiteral("aud")] = QStringLiteral("ven_other");
                                        if (expired)
                                            c[QStringLiteral("exp")] = fx.nowSeconds() - 3600;
                                        if (revoked)
                                            feed.revocation(jti);
                                        if (order)
                                            feed.order(id, jti,
                                                order == 1 ? QStringLiteral("CANCELLED") : QStringLiteral("PENDING"),
                                                fx.nowSeconds());
                                        if (redeemed)
                                            feed.redemption(QStringLiteral("red_%1").arg(n), id, jti,
                                                QStringLiteral("dev_2"), QString(), fx.nowSeconds() - 60);
                                        QJsonObject h = defaultHeader(kid == 0 ? fx.key.kid
                                                : kid == 1                     ? QStringLiteral("nope")
                                                                               : revokedKey.kid);
                                        if (badAlg)
                                            h[QStringLiteral("alg")] = QStringLiteral("HS256");
                                        const SigningKey &signer = badSig ? impostor : kid == 2 ? revokedKey : fx.key;
                                        Reason expected = badAlg ? Reason::UnsupportedAlg
                                            : kid == 1           ? Reason::UnknownKey
                                            : kid == 2           ? Reason::KeyRevoked
                                            : badSig             ? Reason::BadSignature
                                            : wrongVenue         ? Reason::WrongVenue
                                            : expired            ? Reason::Expired
                                            : revoked            ? Reason::TokenRevoked
                                            : order == 1         ? Reason::OrderCancelled
                                            : order == 2         ? Reason::NotPaid
                                            : redeemed           ? Reason::AlreadyRedeemed
                                                                 : Reason::Ok;
                                        cases.append({mintToken(signer, h, c), expected});
                                    }
        QCOMPARE(cases.size(), 576);
        QVERIFY2(fx.import(feed), qPrintable(fx.errorString));
        int checked = 0;
        for (const auto &c : cases) {
            const Reason got = verdictOf(fx, c.text);
            if (got != c.expected)
                QFAIL(qPrintable(QStringLiteral("case %1: got %2, expected %3")
                                     .arg(checked)
                                     .arg(reasonCode(got), reasonCode(c.expected))));
            ++checked;
        }
        QCOMPARE(checked, 576);
    }

    void verifyChangesNothing()
    {
        VenueFixture fx;
        const auto before = fx.store->counts();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(verdictOf(fx, fx.token(QStringLiteral("ord_1"), QStringLiteral("tok_1"))), Reason::Ok);
        QCOMPARE(verdictOf(fx, "garbage!"), Reason::Malformed);
        const auto after = fx.store->counts();
        QCOMPARE(after->ledgerRows, before->ledgerRows);
        QCOMPARE(after->scans, before->scans);
        QCOMPARE(after->outboxPending, before->outboxPending);
    }
};

QTEST_GUILESS_MAIN(TestVerifier)
#include "tst_verifier.moc"
