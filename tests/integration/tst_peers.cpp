// Kiosks of one venue linked directly over TLS on 127.0.0.1, each with its own database, device
// key and roster, as in a bar with no cloud: a pour at one bar is refused at the others, a code
// scanned at two bars at once is poured once, a peer that was away catches up, records pass
// through a peer to a bar that cannot reach their maker, and nobody but a roster device with
// its own key gets a link (forged, unknown, replayed, oversized and garbage first frames).

#include "peerbars.h"

#include "devicekey.h"
#include "ledger.h"
#include "onlineredeemer.h"
#include "peernetwork.h"
#include "peertls.h"
#include "peerwire.h"
#include "redeemer.h"
#include "sharedledger.h"
#include "sqlite_p.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>
#include <QtEndian>

#include <algorithm>
#include <memory>

using namespace kiosk;
using namespace kiosk::sync;
using namespace kiosk::test;

class TestPeers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPourIsRefusedAtTheOtherBar()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &left = *bars[0];
        Bar &right = *bars[1];
        QCOMPARE(left.net->knownPeers(), 1);

        QList<qint64> latencies;
        const int trials = 1000;
        for (int i = 0; i < trials; ++i) {
            const QString order = QStringLiteral("ord_%1").arg(i);
            const QString jti = QStringLiteral("tok_%1").arg(i);
            // The pour is recorded (a durable commit), then announced: from then until the right
            // bar holds it is what a guest racing to the other bar would have to beat.
            auto poured = left.pour(order, jti);
            QVERIFY(poured && poured->verdict.ok());
            std::optional<AnnounceOutcome> outcome;
            QElapsedTimer t;
            t.start();
            left.net->announce(poured->recorded->seq, [&](AnnounceOutcome o) { outcome = o; });
            QVERIFY(waitFor([&] { return outcome.has_value(); }, 5000));
            latencies.append(t.nsecsElapsed() / 1000);
            QCOMPARE(outcome->asked, 1);
            QCOMPARE(outcome->answered, 1);
            QVERIFY(!outcome->lost());
            // Answered means held: the right bar refuses it now, naming the left bar.
            auto again = right.pour(order, jti);
            QCOMPARE(again->verdict.reason, Reason::AlreadyRedeemed);
            QCOMPARE(again->verdict.previous->deviceId, left.device);
            QCOMPARE(again->verdict.previous->staffId, QStringLiteral("stf_sam"));
        }
        std::sort(latencies.begin(), latencies.end());
        const qint64 p99 = latencies[latencies.size() * 99 / 100];
        qInfo("%d of %d pours refused at the other bar; recorded to held there (answered): median %.2f ms, p99 "
              "%.2f ms, max %.2f ms",
            trials, trials, latencies[latencies.size() / 2] / 1000.0, p99 / 1000.0, latencies.last() / 1000.0);
        QVERIFY2(p99 < 50000, qPrintable(QStringLiteral("p99 %1 µs").arg(p99)));
        QCOMPARE(right.vector().value(left.device), trials);
    }

    void aCodeScannedAtTwoBarsAtOnceIsPouredOnce()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        int poursA = 0, poursB = 0;
        const int trials = 1000;
        QRandomGenerator rng(20261203);
        // The redeem path itself: record, announce, withdraw a pour that lost.
        OnlineRedeemer redeemA(*a.fx->store, a.fx->clock, nullptr);
        OnlineRedeemer redeemB(*b.fx->store, b.fx->clock, nullptr);
        redeemA.setPeers(a.net.get());
        redeemB.setPeers(b.net.get());
        for (int i = 0; i < trials; ++i) {
            // Who scanned first, by each bar's clock: either, or both in the same millisecond.
            const qint64 base = qMax(a.fx->clock.nowMs(), b.fx->clock.nowMs()) + 10;
            a.fx->clock.setNowMs(base + rng.bounded(3));
            b.fx->clock.setNowMs(base + rng.bounded(3));
            const QString order = QStringLiteral("ord_race_%1").arg(i);
            const QString jti = QStringLiteral("tok_race_%1").arg(i);
            // Both record before either hears of the other: the race the window settles.
            std::optional<Result<RedeemOutcome>> ra, rb;
            redeemA.redeem(a.fx->token(order, jti), QStringLiteral("stf_sam"), QStringLiteral("camera"),
                [&](Result<RedeemOutcome> r) { ra = std::move(r); });
            redeemB.redeem(b.fx->token(order, jti), QStringLiteral("stf_sam"), QStringLiteral("camera"),
                [&](Result<RedeemOutcome> r) { rb = std::move(r); });
            QVERIFY(waitFor([&] { return ra && rb; }, 5000));
            QVERIFY(*ra && *rb);
            const bool okA = (*ra)->verdict.ok();
            const bool okB = (*rb)->verdict.ok();
            QVERIFY2(okA != okB, qPrintable(QStringLiteral("trial %1: A %2, B %3").arg(i).arg(okA).arg(okB)));
            const Verdict &refused = okA ? (*rb)->verdict : (*ra)->verdict;
            QCOMPARE(refused.reason, Reason::AlreadyRedeemed);
            QCOMPARE(refused.previous->deviceId, okA ? a.device : b.device);
            (okA ? poursA : poursB)++;
            // Both ledgers agree: one live redemption of the order.
            QVERIFY(waitFor([&] { return a.liveRedemptions(order) == 1 && b.liveRedemptions(order) == 1; }, 2000));
        }
        QCOMPARE(poursA + poursB, trials);
        QVERIFY(poursA > 0 && poursB > 0); // the rule, not the order of the calls, picks the bar
        qInfo("same code at two bars at once, %d trials: %d poured at A, %d at B, never both", trials, poursA, poursB);
    }

    // A bar that was away (cut off) catches up on everything it missed as soon as it is back,
    // and records reach a bar through a peer when it cannot reach their maker.
    void catchUpAndRelay()
    {
        auto bars = linkedBars(3);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        Bar &c = *bars[2];
        // C cannot reach A (and A not C); B reaches both.
        PeerFaults cutC;
        cutC.cut.insert(c.device);
        a.net->setFaults(cutC);
        PeerFaults cutA;
        cutA.cut.insert(a.device);
        c.net->setFaults(cutA);
        QTRY_VERIFY_WITH_TIMEOUT(!a.net->isConnected(c.device) && !c.net->isConnected(a.device), 3000);
        for (int i = 0; i < 20; ++i)
            QVERIFY(a.pour(QStringLiteral("ord_r%1").arg(i), QStringLiteral("tok_r%1").arg(i))->verdict.ok());
        // Pushed as they are made: the last one is enough to send them all (B asks for the gap).
        const qint64 lastSeq = Ledger(*a.fx->store).history({}).value().first().entry.seq;
        a.net->push(lastSeq);
        QTRY_COMPARE_WITH_TIMEOUT(b.vector().value(a.device), 20, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(c.vector().value(a.device), 20, 2000); // through B
        QCOMPARE(c.pour(QStringLiteral("ord_r7"), QStringLiteral("tok_r7"))->verdict.reason, Reason::AlreadyRedeemed);

        // B is away while A pours 30 more; back, it catches up at once from the version vectors.
        b.net->stop();
        QElapsedTimer away;
        away.start();
        for (int i = 20; i < 50; ++i)
            QVERIFY(a.pour(QStringLiteral("ord_r%1").arg(i), QStringLiteral("tok_r%1").arg(i))->verdict.ok());
        QVERIFY(b.start());
        for (auto &x : bars) {
            if (x.get() != &b)
                x->knows(b, QStringLiteral("Bar B")); // B's new port, as the roster would carry it
        }
        QElapsedTimer back;
        back.start();
        QTRY_COMPARE_WITH_TIMEOUT(b.vector().value(a.device), 50, 5000);
        qInfo("a restarted bar held all 50 records %lld ms after it started again", back.elapsed());
    }

    // Five bars: any four go down and the fifth keeps pouring, waiting for nobody; a bar that
    // comes back catches up on what it missed within 5 s and refuses those codes.
    void fiveBarsDownToOne()
    {
        auto bars = linkedBars(5, 10000);
        QVERIFY(!bars.empty());
        Bar &last = *bars[4];
        bool ok = false;
        const auto linked = last.pourAndAnnounce(QStringLiteral("ord_f0"), QStringLiteral("tok_f0"), &ok);
        QVERIFY(ok);
        QCOMPARE(linked->answered, 4);
        for (int i = 0; i < 4; ++i)
            bars[size_t(i)]->net->stop();
        QVERIFY(waitFor([&] { return last.net->connectedPeers() == 0; }, 3000));
        for (int i = 1; i <= 10; ++i) {
            QElapsedTimer t;
            t.start();
            const auto alone
                = last.pourAndAnnounce(QStringLiteral("ord_f%1").arg(i), QStringLiteral("tok_f%1").arg(i), &ok);
            QVERIFY(ok);
            QCOMPARE(alone->asked, 0); // nobody to wait for
            QVERIFY2(t.elapsed() < 150, qPrintable(QStringLiteral("%1 ms").arg(t.elapsed())));
        }
        // One bar comes back (its address is new: the roster tells the others).
        Bar &back = *bars[0];
        QVERIFY(back.start());
        last.knows(back, QStringLiteral("Bar back"));
        QElapsedTimer t;
        t.start();
        QVERIFY(waitFor([&] { return back.vector().value(last.device) == 11; }, 5000));
        qInfo("four of five bars down, the fifth poured 10 alone; a bar back held them %lld ms after it started",
            t.elapsed());
        QCOMPARE(
            back.pour(QStringLiteral("ord_f7"), QStringLiteral("tok_f7"))->verdict.reason, Reason::AlreadyRedeemed);
    }

    // A split heals: the link is back and both bars hold the same records within 2 s, however
    // long the split lasted (the kiosks' clocks here stand still: redials run on their own timer).
    void aSplitHealsWithinTwoSeconds()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        PeerFaults split;
        split.cut = {a.device, b.device};
        a.net->setFaults(split);
        b.net->setFaults(split);
        QVERIFY(waitFor([&] { return a.net->connectedPeers() == 0 && b.net->connectedPeers() == 0; }, 3000));
        // Both sides pour while split, 5 codes of them the same: double pours nobody can stop.
        for (int i = 0; i < 20; ++i) {
            QVERIFY(a.pour(QStringLiteral("ord_a%1").arg(i), QStringLiteral("tok_a%1").arg(i))->verdict.ok());
            QVERIFY(b.pour(QStringLiteral("ord_b%1").arg(i), QStringLiteral("tok_b%1").arg(i))->verdict.ok());
        }
        for (int i = 0; i < 5; ++i) {
            QVERIFY(a.pour(QStringLiteral("ord_s%1").arg(i), QStringLiteral("tok_s%1").arg(i))->verdict.ok());
            QVERIFY(b.pour(QStringLiteral("ord_s%1").arg(i), QStringLiteral("tok_s%1").arg(i))->verdict.ok());
        }
        QTest::qWait(1500); // a split that lasts: every redial in it failed
        QSignalSpy doublesAtA(a.net.get(), &PeerNetwork::doublePour);
        QSignalSpy doublesAtB(b.net.get(), &PeerNetwork::doublePour);
        a.net->setFaults({});
        b.net->setFaults({});
        QElapsedTimer healed;
        healed.start();
        QVERIFY(waitFor([&] { return a.vector() == b.vector() && a.vector().size() == 2; }, 2000));
        qInfo("after the split healed, both bars held the same 50 records in %lld ms", healed.elapsed());
        QCOMPARE(a.vector().value(b.device), 25);
        QCOMPARE(b.vector().value(a.device), 25);
        // The 5 shared codes are double pours, found on both sides; the others are single.
        QVERIFY(waitFor([&] { return doublesAtA.size() == 5 && doublesAtB.size() == 5; }, 2000));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(a.liveRedemptions(QStringLiteral("ord_s%1").arg(i)), 2);
            QCOMPARE(b.liveRedemptions(QStringLiteral("ord_s%1").arg(i)), 2);
        }
        QCOMPARE(a.liveRedemptions(QStringLiteral("ord_b3")), 1);
    }

    // Nobody but an active roster device holding its own key gets past the first frame: each
    // hostile connection is closed, nothing is applied, and the bar keeps working.
    void strangersAndForgersAreDropped()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        Bar stranger; // not in A's roster
        const auto tls = makePeerTlsIdentity(QStringLiteral("intruder")).value();
        const QByteArray fp = certificateFingerprint(tls.certificate);
        auto helloOf = [&](const QString &device, const DeviceKey &key, const QByteArray &certFp,
                           const QString &venue = QStringLiteral("ven_test")) {
            PeerHello h;
            h.venueId = venue;
            h.deviceId = device;
            h.certificateFingerprint = certFp;
            h.signature = key.sign(helloSigningInput(venue, device, certFp));
            return framePeerMessage(encodeHello(h));
        };
        // Each attempt: connect with TLS, send `bytes`, and see A close the connection.
        auto attempt = [&](const QByteArray &bytes, const char *what) {
            QSslSocket s;
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            conf.setLocalCertificate(tls.certificate);
            conf.setPrivateKey(tls.privateKey);
            conf.setPeerVerifyMode(QSslSocket::VerifyNone);
            s.setSslConfiguration(conf);
            s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), a.net->listenPort());
            // A runs in this thread: wait by spinning the event loop, never by blocking it.
            QElapsedTimer t;
            t.start();
            while (!s.isEncrypted() && t.elapsed() < 5000)
                QTest::qWait(5);
            if (!s.isEncrypted())
                return QStringLiteral("%1: no TLS: %2").arg(QLatin1String(what), s.errorString());
            s.write(bytes);
            t.restart();
            while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 5000) {
                QTest::qWait(10);
                s.readAll();
            }
            return s.state() == QAbstractSocket::ConnectedState
                ? QStringLiteral("%1: still connected").arg(QLatin1String(what))
                : QString();
        };
        QStringList problems;
        // An unknown device, signing correctly with its own key.
        problems << attempt(helloOf(stranger.device, stranger.key, fp), "unknown device");
        // B's name, signed by the stranger's key.
        problems << attempt(helloOf(b.device, stranger.key, fp), "forged signature");
        // B's real hello, replayed: it names B's certificate, not the one presented.
        problems << attempt(helloOf(b.device, b.key, QByteArray(32, 'x')), "replayed hello");
        problems << attempt(helloOf(b.device, b.key, fp, QStringLiteral("ven_other")), "other venue");
        problems << attempt(helloOf(a.device, a.key, fp), "A's own id");
        QByteArray huge(4, Qt::Uninitialized);
        qToBigEndian(quint32(50 * 1024 * 1024), huge.data());
        problems << attempt(huge, "oversized first frame");
        problems << attempt(
            framePeerMessage(encodePeerMessage(PeerMessage{PeerMessage::Type::Vector, {}, {}, false, {}, 0, {}})),
            "a message before the hello");
        QRandomGenerator rng(7);
        for (int i = 0; i < 30; ++i) {
            QByteArray junk(int(rng.bounded(1, 600)), Qt::Uninitialized);
            for (char &ch : junk)
                ch = char(rng.bounded(256));
            if (i % 2)
                junk = framePeerMessage(junk.left(200)); // a well-framed garbage payload
            problems << attempt(junk, "fuzzed first frame");
        }
        problems.removeAll(QString());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("; "))));
        QCOMPARE(a.net->connectedPeers(), 1); // B only
        QVERIFY(a.vector().isEmpty());
        // A still works with B.
        bool ok = false;
        const auto outcome = a.pourAndAnnounce(QStringLiteral("ord_after"), QStringLiteral("tok_after"), &ok);
        QVERIFY(ok);
        QCOMPARE(outcome->answered, 1);
    }

    // `kioskctl redeem` is a short-lived process on a kiosk's database: it does not listen, dials
    // every peer, announces its pour and leaves. The peer holds the record once it answered.
    void aDialOnlyProcessAnnounces()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        for (int i = 0; i < 20; ++i) {
            PeerOptions o = Bar::fastOptions();
            o.listenPort = -1;
            PeerNetwork shortLived(a.fx->dbPath, a.fx->clock, o);
            QVERIFY(shortLived.start());
            QTRY_VERIFY_WITH_TIMEOUT(shortLived.settled(), 3000);
            QCOMPARE(shortLived.connectedPeers(), 1);
            auto out = a.pour(QStringLiteral("ord_d%1").arg(i), QStringLiteral("tok_d%1").arg(i));
            std::optional<AnnounceOutcome> answer;
            shortLived.announce(out->recorded->seq, [&](AnnounceOutcome o2) { answer = o2; });
            QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 3000);
            QCOMPARE(answer->answered, 1);
            QCOMPARE(b.pour(QStringLiteral("ord_d%1").arg(i), QStringLiteral("tok_d%1").arg(i))->verdict.reason,
                Reason::AlreadyRedeemed);
        }
    }

    // Strict mode: while a bar of the roster is away, a code that would pour is held back (nothing
    // recorded, the bar named), a refusal is still a refusal, and once the bar is back it pours.
    void strictModeHoldsPoursWhileABarIsAway()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        OnlineRedeemOptions strict;
        strict.strictPeers = true;
        OnlineRedeemer redeemer(*a.fx->store, a.fx->clock, nullptr, strict);
        redeemer.setPeers(a.net.get());
        auto redeem = [&](const QString &order, const QString &jti) {
            std::optional<Result<RedeemOutcome>> r;
            redeemer.redeem(a.fx->token(order, jti), QStringLiteral("stf_sam"), QStringLiteral("camera"),
                [&](Result<RedeemOutcome> out) { r = std::move(out); });
            waitFor([&] { return r.has_value(); }, 5000);
            return std::move(*r);
        };
        auto linked = redeem(QStringLiteral("ord_strict_1"), QStringLiteral("tok_strict_1"));
        QVERIFY(linked && linked->verdict.ok());

        b.net->stop();
        QVERIFY(waitFor([&] { return a.net->connectedPeers() == 0; }, 5000));
        auto held = redeem(QStringLiteral("ord_strict_2"), QStringLiteral("tok_strict_2"));
        QVERIFY(!held);
        QCOMPARE(held.error().code, ErrorCode::Unavailable);
        QVERIFY2(held.error().message.contains(QStringLiteral("Bar ") + b.device.right(4)),
            qPrintable(held.error().message));
        QCOMPARE(a.liveRedemptions(QStringLiteral("ord_strict_2")), 0);
        auto refused = redeem(QStringLiteral("ord_strict_1"), QStringLiteral("tok_strict_1"));
        QVERIFY(refused);
        QCOMPARE(refused->verdict.reason, Reason::AlreadyRedeemed);

        QVERIFY(b.start());
        a.knows(b, QStringLiteral("Bar ") + b.device.right(4));
        QTRY_VERIFY_WITH_TIMEOUT(allLinked(bars), 5000);
        auto back = redeem(QStringLiteral("ord_strict_2"), QStringLiteral("tok_strict_2"));
        QVERIFY(back && back->verdict.ok());
        QCOMPARE(back->peersAnswered, 1);
    }

    // Slow and lossy links (transport faults: every frame after the hello delayed, or a third of
    // them lost): a race is still settled within the window, and every record still reaches the
    // other bar, lost ones through the periodic version vectors.
    void slowAndLossyLinks()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        PeerFaults slow;
        slow.delayMs = 30; // each way: a round trip of 60 ms, well inside the 150 ms window
        a.net->setFaults(slow);
        b.net->setFaults(slow);
        OnlineRedeemer redeemA(*a.fx->store, a.fx->clock, nullptr);
        OnlineRedeemer redeemB(*b.fx->store, b.fx->clock, nullptr);
        redeemA.setPeers(a.net.get());
        redeemB.setPeers(b.net.get());
        int pours = 0;
        for (int i = 0; i < 50; ++i) {
            const qint64 at = qMax(a.fx->clock.nowMs(), b.fx->clock.nowMs()) + 10;
            a.fx->clock.setNowMs(at + i % 2);
            b.fx->clock.setNowMs(at + (i + 1) % 2);
            const QString order = QStringLiteral("ord_slow_%1").arg(i);
            const QString jti = QStringLiteral("tok_slow_%1").arg(i);
            std::optional<Result<RedeemOutcome>> ra, rb;
            redeemA.redeem(a.fx->token(order, jti), QStringLiteral("stf_sam"), QStringLiteral("camera"),
                [&](Result<RedeemOutcome> r) { ra = std::move(r); });
            redeemB.redeem(b.fx->token(order, jti), QStringLiteral("stf_sam"), QStringLiteral("camera"),
                [&](Result<RedeemOutcome> r) { rb = std::move(r); });
            QVERIFY(waitFor([&] { return ra && rb; }, 5000));
            QVERIFY(*ra && *rb);
            QVERIFY2((*ra)->verdict.ok() != (*rb)->verdict.ok(), qPrintable(QStringLiteral("slow trial %1").arg(i)));
            pours += (*ra)->verdict.ok() + (*rb)->verdict.ok();
        }
        QCOMPARE(pours, 50);

        PeerFaults lossy;
        lossy.dropRate = 0.33;
        a.net->setFaults(lossy);
        b.net->setFaults(lossy);
        const qint64 before = b.vector().value(a.device);
        int unanswered = 0;
        for (int i = 0; i < 60; ++i) {
            bool ok = false;
            const auto outcome
                = a.pourAndAnnounce(QStringLiteral("ord_lossy_%1").arg(i), QStringLiteral("tok_lossy_%1").arg(i), &ok);
            QVERIFY(ok);
            unanswered += outcome->answered < outcome->asked;
        }
        QVERIFY(unanswered > 0); // the faults did lose frames
        QElapsedTimer t;
        t.start();
        QVERIFY(waitFor([&] { return b.vector().value(a.device) == before + 60; }, 10000));
        qInfo("a third of the frames lost: %d of 60 pours went unanswered in the window, and the other bar "
              "held all 60 %lld ms after the last",
            unanswered, t.elapsed());
        QCOMPARE(b.pour(QStringLiteral("ord_lossy_59"), QStringLiteral("tok_lossy_59"))->verdict.reason,
            Reason::AlreadyRedeemed);
    }

    // A bar restored from an older backup: its pours made before it hears from anyone retake
    // numbers the other bar holds with other bytes, and are refused there (the known limit);
    // on the first exchange its lost pours with untaken numbers come back, and its next pour
    // is numbered past everything and shared again.
    void aRestoredBarRejoins()
    {
        auto bars = linkedBars(2);
        QVERIFY(!bars.empty());
        Bar &a = *bars[0];
        Bar &b = *bars[1];
        bool ok = false;
        const QString backup = a.fx->dir.filePath(QStringLiteral("backup.db"));
        for (int i = 1; i <= 10; ++i) {
            if (i == 6)
                QVERIFY(a.fx->store->backup(backup)); // after 5 pours
            (void)a.pourAndAnnounce(QStringLiteral("ord_b%1").arg(i), QStringLiteral("tok_b%1").arg(i), &ok);
            QVERIFY(ok);
        }
        QTRY_COMPARE_WITH_TIMEOUT(b.vector().value(a.device), 10, 3000);
        a.net->stop();

        // The bar comes back from the backup, and pours twice before it reaches anyone.
        auto restored = Store::open(backup).value();
        Redeemer redeemer(*restored, a.fx->clock);
        for (int i = 0; i < 2; ++i)
            QVERIFY(redeemer
                        .redeem(a.fx->token(QStringLiteral("ord_n%1").arg(i), QStringLiteral("tok_n%1").arg(i)),
                            QStringLiteral("stf_sam"), QStringLiteral("camera"))
                        ->verdict.ok());
        PeerNetwork net(backup, a.fx->clock, Bar::fastOptions());
        QVERIFY(net.start());
        b.knowsAt(a.device, a.key, QStringLiteral("Bar A"), QStringLiteral("127.0.0.1:%1").arg(net.listenPort()));
        QTRY_COMPARE_WITH_TIMEOUT(net.connectedPeers(), 1, 5000);
        // Its own pours 8 to 10 came back from the other bar; 6 and 7 did not (numbers retaken).
        QTRY_COMPARE_WITH_TIMEOUT(SharedLedger(*restored).versionVector().value().value(a.device), 10, 3000);
        for (int i : {8, 9, 10})
            QCOMPARE(redeemer
                         .redeem(a.fx->token(QStringLiteral("ord_b%1").arg(i), QStringLiteral("tok_b%1").arg(i)),
                             QStringLiteral("stf_sam"), QStringLiteral("camera"))
                         ->verdict.reason,
                Reason::AlreadyRedeemed);
        // The other bar refused the two that retook numbers: it holds its own 6 and 7.
        QCOMPARE(b.vector().value(a.device), 10);
        QCOMPARE(b.liveRedemptions(QStringLiteral("ord_n0")), 0);
        // The next pour is number 11 and reaches the other bar, which then refuses it.
        auto next = redeemer.redeem(a.fx->token(QStringLiteral("ord_n2"), QStringLiteral("tok_n2")),
            QStringLiteral("stf_sam"), QStringLiteral("camera"));
        QVERIFY(next->verdict.ok());
        net.push(next->recorded->seq);
        QTRY_COMPARE_WITH_TIMEOUT(b.vector().value(a.device), 11, 3000);
        QCOMPARE(b.pour(QStringLiteral("ord_n2"), QStringLiteral("tok_n2"))->verdict.reason, Reason::AlreadyRedeemed);
    }

    // With no peer linked, a pour waits for nothing.
    void noPeerNoWait()
    {
        Bar alone;
        QVERIFY(alone.start());
        QCOMPARE(alone.net->knownPeers(), 0);
        auto out = alone.pour(QStringLiteral("ord_1"), QStringLiteral("tok_1"));
        bool called = false;
        QElapsedTimer t;
        t.start();
        alone.net->announce(out->recorded->seq, [&](AnnounceOutcome o) {
            called = true;
            QCOMPARE(o.asked, 0);
        });
        QVERIFY(called); // at once, not after the window
        QVERIFY(t.elapsed() < 50);
    }
};

QTEST_GUILESS_MAIN(TestPeers)
#include "tst_peers.moc"
