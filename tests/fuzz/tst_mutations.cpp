// Deterministic mutation testing of everything that parses untrusted bytes: scanned texts and
// change-feed documents. Properties: nothing crashes (run it under the asan preset too), every
// verdict is one of the spec's reasons, and no mutation of a signed code is ever OK.

#include "fixture.h"

#include "compactcode.h"
#include "sqlite_p.h"
#include "verifier.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <sys/resource.h>

using namespace kiosk;
using namespace kiosk::test;

namespace {

QByteArray mutate(QByteArray s, QRandomGenerator &rng)
{
    static const char interesting[] = "._-=+/{}[]\":,\\ \n\x00\xff"
                                      "AZaz09";
    const int edits = 1 + int(rng.bounded(3));
    for (int e = 0; e < edits && !s.isEmpty(); ++e) {
        const qsizetype pos = qsizetype(rng.bounded(quint32(s.size())));
        switch (rng.bounded(6)) {
        case 0: // flip one bit
            s[pos] = char(s[pos] ^ (1 << rng.bounded(8)));
            break;
        case 1: // replace with an interesting byte
            s[pos] = interesting[rng.bounded(quint32(sizeof interesting - 1))];
            break;
        case 2: // delete
            s.remove(pos, 1 + qsizetype(rng.bounded(quint32(qMin<qsizetype>(8, s.size() - pos)))));
            break;
        case 3: // insert
            s.insert(pos, interesting[rng.bounded(quint32(sizeof interesting - 1))]);
            break;
        case 4: // truncate
            s.truncate(pos);
            break;
        case 5: // duplicate a slice
            s.insert(pos, s.mid(pos, 1 + qsizetype(rng.bounded(16))));
            break;
        }
    }
    return s;
}

} // namespace

class TestMutations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mutatedCodesNeverVerifyOk()
    {
        VenueFixture fx;
        QVERIFY(fx.import(FeedBuilder().order(QStringLiteral("ord_c"), QStringLiteral("tok_c"), QStringLiteral("PAID"),
            fx.nowSeconds(), QStringLiteral("order_c_qr"))));
        Verifier verifier(*fx.store, fx.clock);
        const QList<QByteArray> seeds{fx.token(QStringLiteral("ord_a"), QStringLiteral("tok_a")),
            fx.token(QStringLiteral("ord_c"), QStringLiteral("tok_c"))};
        for (const auto &seed : seeds)
            QCOMPARE(verifier.verify(seed).value().reason, Reason::Ok);
        QRandomGenerator rng(20261122);
        int ok = 0;
        int counts[14] = {};
        const int rounds = 20000;
        for (int i = 0; i < rounds; ++i) {
            const QByteArray &seed = seeds[i % seeds.size()];
            const QByteArray text = mutate(seed, rng);
            auto v = verifier.verify(text);
            QVERIFY2(v, qPrintable(v ? QString() : v.error().message));
            QVERIFY(int(v->reason) >= 0 && int(v->reason) < 14);
            counts[int(v->reason)]++;
            if (v->ok()) {
                // The only way to be OK is to be the signed text itself.
                QCOMPARE(text, seed);
                ++ok;
            }
            QVERIFY(!v->detail.contains(QString::fromLatin1(seed.left(40))));
        }
        // Mutations overwhelmingly break structure or signature; report the spread.
        QString spread;
        for (int r = 0; r < 14; ++r)
            if (counts[r])
                spread += QStringLiteral("%1=%2 ").arg(reasonCode(Reason(r))).arg(counts[r]);
        qInfo("%d mutations: %s", rounds, qPrintable(spread));
        QVERIFY(counts[int(Reason::BadSignature)] > 0);
        QVERIFY(counts[int(Reason::Malformed)] > 0);
    }

    // The compact form: mutations of the text (mostly stopped by strict Base45) and of the CBOR
    // under it, re-encoded (they reach the COSE and claims parsers), and random CBOR. Nothing
    // crashes or hangs, and nothing but the signed code itself is OK.
    void mutatedCompactCodesNeverVerifyOk()
    {
        const QByteArray seed = publishedCompactVector(0);
        VenueFixture fx; // ven_test at 1790000000 with the test key: the vector's venue and time
        Verifier verifier(*fx.store, fx.clock);
        QCOMPARE(verifier.verify(seed).value().reason, Reason::Ok);
        const QByteArray cbor = base45Decode(seed.mid(4)).value();
        QRandomGenerator rng(20261203);
        int counts[14] = {};
        QElapsedTimer slowest;
        qint64 worstUs = 0;
        const int rounds = 20000;
        for (int i = 0; i < rounds; ++i) {
            QByteArray text;
            switch (i % 3) {
            case 0:
                text = mutate(seed, rng);
                break;
            case 1:
                text = QByteArray("DK1:") + base45Encode(mutate(cbor, rng));
                break;
            default: {
                QByteArray random(qsizetype(rng.bounded(200)), Qt::Uninitialized);
                for (char &c : random)
                    c = char(rng.bounded(256));
                text = QByteArray("DK1:") + base45Encode(random);
            }
            }
            slowest.start();
            auto v = verifier.verify(text);
            worstUs = std::max(worstUs, slowest.nsecsElapsed() / 1000);
            QVERIFY2(v, qPrintable(v ? QString() : v.error().message));
            counts[int(v->reason)]++;
            if (v->ok())
                QCOMPARE(text, seed);
        }
        QString spread;
        for (int r = 0; r < 14; ++r)
            if (counts[r])
                spread += QStringLiteral("%1=%2 ").arg(reasonCode(Reason(r))).arg(counts[r]);
        qInfo("%d compact mutations: %s; slowest %lld us", rounds, qPrintable(spread), worstUs);
        QVERIFY(counts[int(Reason::BadSignature)] > 0); // some reached the signature check
        QVERIFY(counts[int(Reason::Malformed)] > 0);
        QVERIFY(worstUs < 200'000); // no input takes long (no hang)
    }

    // CBOR that lies about its sizes or nests as deep as 2048 characters allow: heads claiming
    // 2^32 or 2^64 elements or bytes, a thousand nested arrays, maps, tags or indefinite
    // arrays. Each is refused as MALFORMED, quickly, and the process's peak memory barely moves
    // (nothing is reserved on a head's word).
    void lyingCborStaysSmall()
    {
        VenueFixture fx;
        Verifier verifier(*fx.store, fx.clock);
        auto repeat = [](const char *unit, int times, const char *tail = "") {
            QByteArray out;
            for (int i = 0; i < times; ++i)
                out.append(unit);
            return out.append(tail);
        };
        const QList<QByteArray> payloads{
            QByteArray::fromHex("9bffffffffffffffff"), // array of 2^64-1
            QByteArray::fromHex("9affffffff01"), // array of 2^32-1
            QByteArray::fromHex("bbffffffffffffffff"), // map of 2^64-1 pairs
            QByteArray::fromHex("5bffffffffffffffff00"), // byte string of 2^64-1 bytes
            QByteArray::fromHex("7affffffff61"), // text string of 2^32-1 bytes
            QByteArray::fromHex("845a7fffffff"), // COSE array whose protected header claims 2 GiB
            repeat("\x81", 1300, "\x01"), // nested arrays
            repeat("\xa1\x01", 650, "\x01"), // nested maps
            repeat("\x9f", 1300), // open indefinite arrays
            repeat("\xd2", 1300, "\x01"), // tag 18 on tag 18 on ...
        };
        rusage before{};
        getrusage(RUSAGE_SELF, &before);
        for (const QByteArray &cbor : payloads) {
            const QByteArray text = QByteArray(kCompactPrefix) + base45Encode(cbor);
            QVERIFY(text.size() <= kMaxCodeBytes);
            QElapsedTimer t;
            t.start();
            const auto v = verifier.verify(text);
            QVERIFY(v);
            QCOMPARE(v->reason, Reason::Malformed);
            QVERIFY2(t.elapsed() < 200, qPrintable(QString::fromLatin1(cbor.left(8).toHex())));
        }
        rusage after{};
        getrusage(RUSAGE_SELF, &after);
        qInfo("peak resident memory %ld KiB before, %ld KiB after", before.ru_maxrss, after.ru_maxrss);
        QVERIFY(after.ru_maxrss - before.ru_maxrss < 16 * 1024); // KiB
    }

    void mutatedFeedDocumentsAreRefusedOrApplied()
    {
        VenueFixture fx;
        FeedBuilder feed;
        feed.order(QStringLiteral("ord_1"), QStringLiteral("tok_1"), QStringLiteral("PAID"), fx.nowSeconds(),
                QStringLiteral("order_1_qr"), fx.nowSeconds() + 60)
            .staff(QStringLiteral("stf_1"), QStringLiteral("Sam"), QStringLiteral("bartender"))
            .revocation(QStringLiteral("tok_9"))
            .redemption(QStringLiteral("red_1"), QStringLiteral("ord_2"), QStringLiteral("tok_2"),
                QStringLiteral("dev_2"), QString(), fx.nowSeconds(), true)
            .key(SigningKey::generate(QStringLiteral("k2")), fx.nowSeconds() - 10, fx.nowSeconds() + 10);
        const QByteArray seed = feed.toJson(QStringLiteral("c2"));
        QRandomGenerator rng(7);
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < 5000; ++i) {
            const QByteArray doc = mutate(seed, rng);
            auto d = parseFeedDocument(doc);
            if (!d) {
                QCOMPARE(d.error().code, ErrorCode::InvalidArgument);
                QVERIFY(!d.error().message.isEmpty());
                ++refused;
                continue;
            }
            ++parsed;
            auto applied = FeedIngest(*fx.store, fx.clock).apply(*d);
            if (!applied)
                QCOMPARE(applied.error().code, ErrorCode::InvalidArgument); // e.g. a mutated duplicate legacy code
        }
        qInfo("5000 mutated feeds: %d parsed, %d refused", parsed, refused);
        QVERIFY(refused > 0);
        // Whatever was applied or rolled back, the database is intact.
        auto check = fx.store->db().prepare("PRAGMA integrity_check");
        QVERIFY(check && check->next().value());
        QCOMPARE(check->text(0), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestMutations)
#include "tst_mutations.moc"
