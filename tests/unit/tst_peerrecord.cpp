// The records kiosks share over the LAN: canonical CBOR (one byte form per record), strict
// decoding, and signatures bound to the maker's device key.

#include "fixture.h"

#include "devicekey.h"
#include "peerrecord.h"

#include <QCborMap>
#include <QCborStreamWriter>
#include <QTest>

using namespace kiosk;

namespace {

PeerRecord redemption()
{
    PeerRecord r;
    r.venueId = QStringLiteral("ven_test");
    r.deviceId = QStringLiteral("dev_left");
    r.n = 7;
    r.key = QStringLiteral("dev_left:000012-0123456789abcdef");
    r.orderId = QStringLiteral("ord_1");
    r.jti = QStringLiteral("tok_1");
    r.atMs = 1790000000123;
    r.staffId = QStringLiteral("stf_sam");
    return r;
}

} // namespace

class TestPeerRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        const PeerRecord r = redemption();
        const QByteArray body = encodePeerRecord(r);
        QVERIFY(body.size() < 200);
        QCOMPARE(decodePeerRecord(body).value(), r);
        // No guest name ever: the record has no field for one.
        QVERIFY(!body.contains("Alex"));

        PeerRecord v = r;
        v.kind = PeerRecord::Kind::Void;
        v.n = 8;
        v.key = QStringLiteral("dev_left:v:000013-fedcba9876543210");
        v.target = r.key;
        v.reason = QStringLiteral("spilled");
        QCOMPARE(decodePeerRecord(encodePeerRecord(v)).value(), v);

        PeerRecord legacy = r; // a legacy order code: no token id, no staff
        legacy.jti.clear();
        legacy.staffId.clear();
        QCOMPARE(decodePeerRecord(encodePeerRecord(legacy)).value(), legacy);
    }

    void refusesAnythingButTheCanonicalForm_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray good = encodePeerRecord(redemption());
        const QCborMap map = QCborValue::fromCbor(good).toMap();
        auto with = [&](qint64 key, const QCborValue &value) {
            QCborMap m = map;
            m.insert(key, value);
            return m.toCborValue().toCbor();
        };
        auto without = [&](qint64 key) {
            QCborMap m = map;
            m.remove(key);
            return m.toCborValue().toCbor();
        };
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not CBOR") << QByteArray("\xff\xff\xff", 3);
        QTest::newRow("an array") << QCborValue(QCborArray{1, 2}).toCbor();
        QTest::newRow("trailing byte") << good + '\0';
        QTest::newRow("too large") << QByteArray(kMaxPeerRecordBytes + 1, 'a');
        QTest::newRow("unknown field") << with(42, 1);
        QTest::newRow("text key") << [&] {
            QCborMap m = map;
            m.insert(QStringLiteral("x"), 1);
            return m.toCborValue().toCbor();
        }();
        QTest::newRow("version 2") << with(0, 2);
        QTest::newRow("no venue") << without(1);
        QTest::newRow("no device") << without(2);
        QTest::newRow("no number") << without(3);
        QTest::newRow("number 0") << with(3, 0);
        QTest::newRow("negative time") << with(8, -1);
        QTest::newRow("kind 2") << with(4, 2);
        QTest::newRow("empty order") << with(6, QString());
        QTest::newRow("order as bytes") << with(6, QByteArray("ord_1"));
        QTest::newRow("control char") << with(9, QStringLiteral("stf\nsam"));
        QTest::newRow("long id") << with(6, QString(129, QLatin1Char('a')));
        QTest::newRow("target on a redemption") << with(10, QStringLiteral("dev_left:000011-aa"));
        QTest::newRow("void without target") << with(4, 1);
        // The same map with its keys in another order: a second byte form of one record.
        QByteArray reordered;
        {
            QCborStreamWriter w(&reordered);
            w.startMap(map.size());
            QList<qint64> keys;
            for (auto it = map.begin(); it != map.end(); ++it)
                keys.prepend(it.key().toInteger());
            for (qint64 k : keys) {
                w.append(k);
                map.value(k).toCbor(w);
            }
            w.endMap();
        }
        QTest::newRow("reordered") << reordered;
        // An indefinite-length map: also another byte form.
        QByteArray indefinite;
        {
            QCborStreamWriter w(&indefinite);
            w.startMap();
            for (auto it = map.begin(); it != map.end(); ++it) {
                w.append(it.key().toInteger());
                it.value().toCbor(w);
            }
            w.endMap();
        }
        QTest::newRow("indefinite map") << indefinite;
    }

    void refusesAnythingButTheCanonicalForm()
    {
        QFETCH(QByteArray, body);
        const auto decoded = decodePeerRecord(body);
        QVERIFY(!decoded);
        QCOMPARE(decoded.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(decoded.error().message.startsWith(QLatin1String("peer record refused: ")),
            qPrintable(decoded.error().message));
    }

    void signaturesBindTheMaker()
    {
        test::VenueFixture f;
        QVERIFY2(f.ok(), qPrintable(f.errorString));
        const DeviceKey left = ensureDeviceKey(*f.store, QStringLiteral("dev_left"), 0).value();
        const DeviceKey right = ensureDeviceKey(*f.store, QStringLiteral("dev_right"), 0).value();
        const SignedPeerRecord s = signPeerRecord(redemption(), left);
        QCOMPARE(s.signature.size(), 64);
        QCOMPARE(verifyPeerRecord(s, left.publicKey).value(), redemption());

        const auto forged = verifyPeerRecord(s, right.publicKey);
        QVERIFY(!forged);
        QVERIFY2(forged.error().message.contains(QLatin1String("signature is not dev_left's")),
            qPrintable(forged.error().message));

        // Any change to the body breaks the signature: here the order.
        PeerRecord other = redemption();
        other.orderId = QStringLiteral("ord_2");
        QVERIFY(!verifyPeerRecord(SignedPeerRecord{encodePeerRecord(other), s.signature}, left.publicKey));
        // A signature over the bare body (no domain tag) is not a record signature.
        QVERIFY(!verifyPeerRecord(SignedPeerRecord{s.body, left.sign(s.body)}, left.publicKey));
        QVERIFY(!verifyPeerRecord(SignedPeerRecord{s.body, QByteArray()}, left.publicKey));
    }
};

QTEST_GUILESS_MAIN(TestPeerRecord)
#include "tst_peerrecord.moc"
