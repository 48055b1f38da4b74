// The kiosk's own Ed25519 device key: made once per device id, kept in the database, signing
// what the kiosk shares with its peers; checked against RFC 8037's published example.

#include "fixture.h"

#include "base64url.h"
#include "devicekey.h"
#include "sqlite_p.h"

#include <QTest>

#include <sodium.h>

using namespace kiosk;

class TestDeviceKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // RFC 8037, appendix A: the Ed25519 key, its JWK thumbprint (A.3) and a signature (A.4).
    void matchesRfc8037()
    {
        QVERIFY(sodium_init() >= 0);
        const QByteArray seed = base64UrlDecodeStrict("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A").value();
        DeviceKey key;
        key.publicKey.resize(crypto_sign_PUBLICKEYBYTES);
        key.secretKey.resize(crypto_sign_SECRETKEYBYTES);
        crypto_sign_seed_keypair(reinterpret_cast<unsigned char *>(key.publicKey.data()),
            reinterpret_cast<unsigned char *>(key.secretKey.data()),
            reinterpret_cast<const unsigned char *>(seed.constData()));
        QCOMPARE(key.publicJwk().value(QLatin1String("x")).toString(),
            QStringLiteral("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"));
        QCOMPARE(key.publicJwk().value(QLatin1String("kty")).toString(), QStringLiteral("OKP"));
        QCOMPARE(key.publicJwk().value(QLatin1String("crv")).toString(), QStringLiteral("Ed25519"));
        QVERIFY(!key.publicJwk().contains(QLatin1String("d")));
        QCOMPARE(key.thumbprint(), QStringLiteral("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"));

        const QByteArray input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        const QByteArray signature = key.sign(input);
        QCOMPARE(base64UrlEncode(signature),
            QByteArray("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"));
        QVERIFY(verifyDeviceSignature(key.publicKey, input, signature));
    }

    void verifyRefusesAnythingElse()
    {
        test::VenueFixture f;
        QVERIFY2(f.ok(), qPrintable(f.errorString));
        const DeviceKey a = ensureDeviceKey(*f.store, QStringLiteral("dev_a"), f.clock.nowMs()).value();
        const DeviceKey b = ensureDeviceKey(*f.store, QStringLiteral("dev_b"), f.clock.nowMs()).value();
        const QByteArray message = "dev_a n=1 redeem ord_1";
        const QByteArray sig = a.sign(message);
        QCOMPARE(sig.size(), 64);
        QVERIFY(verifyDeviceSignature(a.publicKey, message, sig));
        QVERIFY(!verifyDeviceSignature(b.publicKey, message, sig)); // another kiosk's key
        QVERIFY(!verifyDeviceSignature(a.publicKey, "dev_a n=1 redeem ord_2", sig)); // another record
        QByteArray flipped = sig;
        flipped[10] = char(flipped[10] ^ 1);
        QVERIFY(!verifyDeviceSignature(a.publicKey, message, flipped));
        QVERIFY(!verifyDeviceSignature(a.publicKey, message, sig.left(63))); // short
        QVERIFY(!verifyDeviceSignature(a.publicKey.left(31), message, sig));
        QVERIFY(!verifyDeviceSignature(QByteArray(), message, sig));
        QVERIFY(!verifyDeviceSignature(a.publicKey, message, QByteArray(64, '\0')));
    }

    // One key per device id, made once: every later call, from any connection, returns it.
    void madeOnceAndKept()
    {
        test::VenueFixture f;
        QVERIFY2(f.ok(), qPrintable(f.errorString));
        QVERIFY(!loadDeviceKey(*f.store, QStringLiteral("dev_a")).value().has_value());
        const DeviceKey made = ensureDeviceKey(*f.store, QStringLiteral("dev_a"), f.clock.nowMs()).value();
        QCOMPARE(made.deviceId, QStringLiteral("dev_a"));
        QCOMPARE(made.publicKey.size(), 32);
        QCOMPARE(made.secretKey.size(), 64);
        QCOMPARE(made.createdMs, f.clock.nowMs());

        f.clock.advanceMs(60000);
        const DeviceKey again = ensureDeviceKey(*f.store, QStringLiteral("dev_a"), f.clock.nowMs()).value();
        QCOMPARE(again.publicKey, made.publicKey);
        QCOMPARE(again.createdMs, made.createdMs);

        auto other = Store::open(f.dbPath);
        QVERIFY(other);
        const auto loaded = loadDeviceKey(**other, QStringLiteral("dev_a")).value();
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->publicKey, made.publicKey);
        QCOMPARE(loaded->sign("x"), made.sign("x"));

        // A new pairing (a new device id) gets its own key.
        const DeviceKey next = ensureDeviceKey(*f.store, QStringLiteral("dev_b"), f.clock.nowMs()).value();
        QVERIFY(next.publicKey != made.publicKey);
        QVERIFY(!ensureDeviceKey(*f.store, QString(), f.clock.nowMs()));
    }

    // A row whose public half does not match its secret half is refused, never used to sign.
    void damagedKeyIsRefused()
    {
        test::VenueFixture f;
        QVERIFY2(f.ok(), qPrintable(f.errorString));
        QVERIFY(ensureDeviceKey(*f.store, QStringLiteral("dev_a"), f.clock.nowMs()));
        auto q = f.store->db().prepare("DELETE FROM device_keys WHERE device_id = ?1");
        QVERIFY(q);
        QVERIFY(q->bind(1, QStringLiteral("dev_a")).exec());
        auto ins = f.store->db().prepare(
            "INSERT INTO device_keys (device_id, public_key, secret_key, created_ms) VALUES (?1, ?2, ?3, 0)");
        QVERIFY(ins);
        QVERIFY(ins->bind(1, QStringLiteral("dev_a"))
                    .bindBlob(2, QByteArray(32, 'a'))
                    .bindBlob(3, QByteArray(64, 'b'))
                    .exec());
        const auto loaded = loadDeviceKey(*f.store, QStringLiteral("dev_a"));
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, ErrorCode::Corrupt);
        QVERIFY2(
            loaded.error().message.contains(QLatin1String("pair the kiosk again")), qPrintable(loaded.error().message));
        QVERIFY(!ensureDeviceKey(*f.store, QStringLiteral("dev_a"), f.clock.nowMs()));
    }
};

QTEST_GUILESS_MAIN(TestDeviceKey)
#include "tst_devicekey.moc"
