// Sync against the reference cloud over real HTTP on 127.0.0.1: pairing, snapshot then deltas,
// paging and resuming, 410, token rotation, revocation, outages, injected faults, the live
// channel, one refused item among many, the multi-kiosk partition test, and kiosks linked as
// LAN peers: a minute-long split, and a dead kiosk's pours and voids relayed by three others.

#include "kiosksim.h"

#include "base64url.h"
#include "devicekey.h"
#include "peernetwork.h"
#include "sharedledger.h"

#include "ledger.h"
#include "onlineredeemer.h"
#include "outbox.h"
#include "sqlite_p.h"
#include "timeutil.h"
#include "token.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace kiosk;
using namespace kiosk::sync;
using namespace kiosk::test;

namespace {
const QString kVenue = QStringLiteral("ven_it");

QList<MintedOrder> makeOrders(ReferenceCloud &cloud, int n, const QString &prefix = QStringLiteral("ord_"))
{
    QList<MintedOrder> out;
    for (int i = 0; i < n; ++i) {
        OrderSpec spec;
        spec.id = prefix + QString::number(i);
        out.append(cloud.createOrder(kVenue, spec));
    }
    return out;
}

RedeemOutcome redeemOnline(KioskSim &k, const Clock &clock, const QByteArray &text, int timeoutMs = 1500)
{
    OnlineRedeemOptions o;
    o.confirmTimeoutMs = timeoutMs;
    OnlineRedeemer redeemer(*k.store, clock, k.engine.get(), o);
    std::optional<Result<RedeemOutcome>> result;
    redeemer.redeem(text, QString(), QStringLiteral("test"), [&](Result<RedeemOutcome> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs + 10000))
        qFatal("online redeem did not finish");
    if (!*result)
        qFatal("online redeem failed: %s", qPrintable(result->error().message));
    return std::move(*result).value();
}
// Kiosks of one venue, paired with `cloud`, each knowing the others' keys, linked directly:
// kiosk i dials every kiosk before it (static addresses, as `[peers] static` would list them).
struct Bars
{
    std::vector<std::unique_ptr<KioskSim>> kiosks;
    std::vector<std::unique_ptr<PeerNetwork>> nets;

    bool setUp(ReferenceCloud &cloud, int n, const Clock &clock, QString *error)
    {
        SyncOptions o = fastOptions();
        o.appVersion = QStringLiteral("1.0.0");
        for (int i = 0; i < n; ++i) {
            kiosks.push_back(std::make_unique<KioskSim>());
            if (!kiosks.back()->setUp(cloud, kVenue, o, clock)) {
                *error = kiosks.back()->error;
                return false;
            }
        }
        // Twice round: each reports its key, then learns everyone's from the roster.
        for (int round = 0; round < 2; ++round) {
            for (auto &k : kiosks) {
                if (!k->syncOnce()) {
                    *error = k->error;
                    return false;
                }
            }
        }
        QStringList before;
        for (int i = 0; i < n; ++i) {
            if (!start(i, before, clock)) {
                *error = QStringLiteral("bar %1 did not start").arg(i);
                return false;
            }
            before.append(QStringLiteral("127.0.0.1:%1").arg(nets.back()->listenPort()));
        }
        return true;
    }
    bool start(int i, const QStringList &dial, const Clock &clock)
    {
        PeerOptions po;
        po.listenAddress = QHostAddress::LocalHost;
        po.listenPort = 0;
        po.rosterCheckMs = 50;
        po.redialMinMs = 50;
        po.redialMaxMs = 400;
        po.staticPeers = dial;
        po.useDnsSd = false;
        auto net = std::make_unique<PeerNetwork>(kiosks[size_t(i)]->dbPath, clock, po);
        if (!net->start())
            return false;
        if (size_t(i) < nets.size())
            nets[size_t(i)] = std::move(net);
        else
            nets.push_back(std::move(net));
        return true;
    }
    bool linked() const
    {
        return std::all_of(
            nets.begin(), nets.end(), [&](const auto &net) { return net->connectedPeers() == int(nets.size()) - 1; });
    }
    // Pours at bar i, then pushes the record to its peers as the kiosk does.
    Reason pour(size_t i, const QByteArray &token, const Clock &clock)
    {
        const Reason r = kiosks[i]->redeem(token, clock);
        if (r == Reason::Ok)
            nets[i]->push(Ledger(*kiosks[i]->store).history({}).value().first().entry.seq);
        return r;
    }
    qint64 held(size_t at, size_t origin)
    {
        return SharedLedger(*kiosks[at]->store).versionVector().value().value(kiosks[origin]->deviceId);
    }
};

// The cloud's live redemptions: order -> the devices it credits.
QMultiHash<QString, QString> liveInCloud(const ReferenceCloud &cloud)
{
    QMultiHash<QString, QString> byOrder;
    for (const QJsonObject &r : cloud.redemptions(kVenue)) {
        if (!r.value(QStringLiteral("voided")).toBool())
            byOrder.insert(
                r.value(QStringLiteral("orderId")).toString(), r.value(QStringLiteral("deviceId")).toString());
    }
    return byOrder;
}

} // namespace

class TestSync : public QObject
{
    Q_OBJECT

    SystemClock m_clock;

private Q_SLOTS:
    void pairingAndSnapshotInPages()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        cloud.addStaff(kVenue, QStringLiteral("stf_1"), QStringLiteral("Sam"), QStringLiteral("bartender"),
            QStringLiteral("1234"));
        makeOrders(cloud, 50);
        KioskSim k;
        SyncOptions o = fastOptions();
        o.pageLimit = 7;
        QVERIFY2(k.setUp(cloud, kVenue, o, m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        const auto c = k.store->counts().value();
        QCOMPARE(c.orders, 50);
        QCOMPARE(c.staff, 1);
        QCOMPARE(c.keys, 1);
        QVERIFY(k.engine->counters().pulledPages >= 8); // 52 entities in pages of 7
        QVERIFY(k.store->meta(MetaKey::FeedCursor).value().startsWith(QLatin1String("d:")));
        QCOMPARE(k.engine->status().connectivity, Connectivity::Online);

        // Deltas: new orders, a refund, a key rotation.
        makeOrders(cloud, 3, QStringLiteral("late_"));
        QVERIFY(cloud.refund(kVenue, QStringLiteral("ord_5")));
        const QString newKid = cloud.rotateKey(kVenue);
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.store->counts().value().orders, 53);
        QCOMPARE(k.store->orderById(QStringLiteral("ord_5")).value()->status, QStringLiteral("REFUNDED"));
        QVERIFY(k.store->isTokenRevoked(k.store->orderById(QStringLiteral("ord_5")).value()->jti).value());
        QVERIFY(k.store->key(newKid).value().has_value());
        QCOMPARE(k.store->counts().value().keys, 2);
    }

    // The kiosk tells the cloud its version once per version: after pairing, and again after an
    // upgrade; a sync that finds it already told sends nothing.
    void versionIsReportedOncePerVersion()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        KioskSim k;
        SyncOptions o = fastOptions();
        o.appVersion = QStringLiteral("1.0.0");
        QVERIFY2(k.setUp(cloud, kVenue, o, m_clock), qPrintable(k.error));
        QVERIFY(cloud.deviceVersion(k.deviceId).isEmpty());
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(cloud.deviceVersion(k.deviceId), QStringLiteral("1.0.0"));
        QCOMPARE(cloud.deviceReports(), 1);
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(cloud.deviceReports(), 1);

        // The upgrade: the same database, a newer program.
        o.appVersion = QStringLiteral("1.1.0");
        k.engine = std::make_unique<SyncEngine>(k.dbPath, m_clock, o);
        QVERIFY(k.engine->open());
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(cloud.deviceVersion(k.deviceId), QStringLiteral("1.1.0"));
        QCOMPARE(cloud.deviceReports(), 2);
        QCOMPARE(k.store->meta(SyncMeta::ReportedVersion).value(), QStringLiteral("1.1.0"));

        // A cloud that refuses the report (here: a malformed version) is not asked again by
        // this engine, and sync goes on.
        o.appVersion = QString(65, QLatin1Char('9'));
        k.engine = std::make_unique<SyncEngine>(k.dbPath, m_clock, o);
        QVERIFY(k.engine->open());
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(cloud.deviceReportAttempts(), 3);
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(cloud.deviceReportAttempts(), 3);
        QCOMPARE(cloud.deviceReports(), 2);
        QCOMPARE(cloud.deviceVersion(k.deviceId), QStringLiteral("1.1.0"));
        QCOMPARE(k.engine->status().connectivity, Connectivity::Online);
    }

    // Each kiosk's device key and LAN addresses reach the cloud (PUT /v1/devices/me) and, through
    // the feed's roster, every other kiosk of the venue. Only the public half leaves the kiosk
    // (the cloud refuses a JWK with a private part). A report is sent again only when something in
    // it changed.
    void deviceKeysReachTheVenueRoster()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        QStringList addressesOfA{QStringLiteral("127.0.0.1:47801")};
        KioskSim a, b;
        SyncOptions o = fastOptions();
        o.appVersion = QStringLiteral("1.0.0");
        SyncOptions oa = o;
        oa.lanAddresses = [&] { return addressesOfA; };
        QVERIFY2(a.setUp(cloud, kVenue, oa, m_clock), qPrintable(a.error));
        QVERIFY2(b.setUp(cloud, kVenue, o, m_clock), qPrintable(b.error));
        const DeviceKey keyA = loadDeviceKey(*a.store, a.deviceId).value().value();
        const DeviceKey keyB = loadDeviceKey(*b.store, b.deviceId).value().value();
        QVERIFY(keyA.publicKey != keyB.publicKey);

        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        QCOMPARE(cloud.devicePublicKey(a.deviceId).value(QLatin1String("x")).toString(),
            QString::fromLatin1(base64UrlEncode(keyA.publicKey)));
        QCOMPARE(cloud.devicePublicKey(a.deviceId).value(QLatin1String("lan")).toArray(),
            QJsonArray{QStringLiteral("127.0.0.1:47801")});
        QCOMPARE(cloud.devicePublicKey(b.deviceId).value(QLatin1String("lan")).toArray(), QJsonArray());
        QCOMPARE(cloud.deviceReports(), 2);

        auto rosterOf = [](KioskSim &k, const QString &device) -> std::pair<QByteArray, QString> {
            auto q = k.store->db().prepare("SELECT x, lan FROM devices WHERE id = ?1");
            if (!q)
                return {};
            q->bind(1, device);
            if (!q->next().value_or(false))
                return {};
            return {q->blob(0), q->text(1)};
        };
        QVERIFY2(a.syncOnce(), qPrintable(a.error)); // A learns B's key, B's report came after A's pull
        QCOMPARE(rosterOf(a, b.deviceId).first, keyB.publicKey);
        QCOMPARE(rosterOf(b, a.deviceId).first, keyA.publicKey);
        QVERIFY2(rosterOf(b, a.deviceId).second.contains(QLatin1String("127.0.0.1:47801")),
            qPrintable(rosterOf(b, a.deviceId).second));
        QCOMPARE(cloud.deviceReports(), 2); // nothing changed: nothing sent again

        // A's address changes (DHCP): reported at the next sync, seen by B at its next pull.
        addressesOfA = {QStringLiteral("10.0.0.7:47801")};
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QCOMPARE(cloud.deviceReports(), 3);
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        QVERIFY2(rosterOf(b, a.deviceId).second.contains(QLatin1String("10.0.0.7:47801")),
            qPrintable(rosterOf(b, a.deviceId).second));
        QCOMPARE(rosterOf(b, a.deviceId).first, keyA.publicKey);

        // A restarted engine keeps the key it has and sends nothing new.
        a.engine = std::make_unique<SyncEngine>(a.dbPath, m_clock, oa);
        QVERIFY(a.engine->open());
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QCOMPARE(loadDeviceKey(*a.store, a.deviceId).value()->publicKey, keyA.publicKey);
        QCOMPARE(cloud.deviceReports(), 3);
    }

    // A kiosk that dies with pours it never uploaded: its peer holds them (LAN records) and
    // relays them, signed by their maker, and the cloud records each once, as the dead kiosk's.
    // When the dead kiosk comes back and uploads them itself, nothing is counted twice; a
    // relayed record whose signature does not hold is refused.
    void aDeadKiosksPoursReachTheCloudThroughItsPeer()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        QList<MintedOrder> orders;
        for (int i = 0; i < 3; ++i) {
            OrderSpec spec;
            spec.id = QStringLiteral("ord_relay_%1").arg(i);
            orders.append(cloud.createOrder(kVenue, spec));
        }
        KioskSim a, b;
        SyncOptions o = fastOptions();
        o.appVersion = QStringLiteral("1.0.0");
        QVERIFY2(a.setUp(cloud, kVenue, o, m_clock), qPrintable(a.error));
        QVERIFY2(b.setUp(cloud, kVenue, o, m_clock), qPrintable(b.error));
        for (KioskSim *k : {&a, &b, &a})
            QVERIFY2(k->syncOnce(), qPrintable(k->error)); // both report their keys, both learn the other's
        PeerOptions po;
        po.useDnsSd = false;
        po.listenAddress = QHostAddress::LocalHost;
        po.listenPort = 0;
        po.rosterCheckMs = 50;
        PeerNetwork netA(a.dbPath, m_clock, po);
        QVERIFY(netA.start());
        po.staticPeers = {QStringLiteral("127.0.0.1:%1").arg(netA.listenPort())};
        PeerNetwork netB(b.dbPath, m_clock, po);
        QVERIFY(netB.start());
        QTRY_VERIFY_WITH_TIMEOUT(netA.connectedPeers() == 1 && netB.connectedPeers() == 1, 5000);

        // A pours three drinks and dies before its next upload; B heard of every one.
        for (const MintedOrder &m : orders) {
            QCOMPARE(a.redeem(m.token, m_clock), Reason::Ok);
            netA.push(Ledger(*a.store).history({}).value().first().entry.seq);
        }
        QTRY_COMPARE_WITH_TIMEOUT(SharedLedger(*b.store).versionVector().value().value(a.deviceId), 3, 3000);
        netA.stop();
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        QCOMPARE(b.engine->counters().relayed, 3);
        QCOMPARE(cloud.relayedReceived(), 3);
        auto live = [&] {
            QMultiHash<QString, QString> byOrder; // order -> device
            for (const QJsonObject &r : cloud.redemptions(kVenue)) {
                if (!r.value(QStringLiteral("voided")).toBool())
                    byOrder.insert(
                        r.value(QStringLiteral("orderId")).toString(), r.value(QStringLiteral("deviceId")).toString());
            }
            return byOrder;
        };
        QCOMPARE(live().size(), 3);
        for (const MintedOrder &m : orders)
            QCOMPARE(live().values(m.order.value(QStringLiteral("id")).toString()), QStringList{a.deviceId});
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        QCOMPARE(cloud.relayedReceived(), 3); // relayed once, not again

        // A comes back and uploads its own outbox: the same keys, the same answers, no second row.
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QCOMPARE(a.pending(), 0);
        QCOMPARE(live().size(), 3);

        // A relayed record signed by someone else than its maker is refused.
        OrderSpec spec;
        spec.id = QStringLiteral("ord_relay_forged");
        const MintedOrder forged = cloud.createOrder(kVenue, spec);
        QCOMPARE(a.redeem(forged.token, m_clock), Reason::Ok);
        const HeldRecord mine = SharedLedger(*a.store).recordsAfter(a.deviceId, 3, 1).value().first();
        const PeerRecord r = decodePeerRecord(mine.record.body).value();
        OutboxItem item;
        item.idempotencyKey = r.key;
        item.orderId = r.orderId;
        item.atMs = r.atMs;
        item.recordBody = mine.record.body;
        item.recordSignature = mine.record.signature;
        item.recordSignature[5] = char(item.recordSignature[5] ^ 1);
        std::optional<QList<UploadResult>> answer;
        b.engine->client()->uploadBatch({item}, true, [&](auto results, auto) { answer = results; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
        QCOMPARE(answer->size(), 1);
        QCOMPARE(answer->first().status, UploadStatus::Rejected);
        QVERIFY2(answer->first().reason.contains(QLatin1String("not signed")), qPrintable(answer->first().reason));
    }

    // Five kiosks hold a dead kiosk's pours and voids; three of them upload at once. The cloud
    // credits each pour once, to its maker, applies a void made after the pour reached it, and
    // never hears of the pour its maker withdrew before anyone uploaded it.
    void threeUploadersOneRecord()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const QList<MintedOrder> orders = makeOrders(cloud, 5, QStringLiteral("ord_three_"));
        Bars bars;
        QString error;
        QVERIFY2(bars.setUp(cloud, 5, m_clock, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(bars.linked(), 10000);
        CloudFaults down;
        down.outage = true;
        cloud.setFaults(down);

        // A pours four; it voids the fourth at once (withdrawn before the cloud could hear).
        for (int i = 0; i < 4; ++i)
            QCOMPARE(bars.pour(0, orders[i].token, m_clock), Reason::Ok);
        auto &a = *bars.kiosks[0];
        const auto rows = Ledger(*a.store).history({}).value();
        const qint64 fourth = rows.first().entry.seq;
        const qint64 voidOfFourth
            = Ledger(*a.store).voidRedemption(fourth, {}, QStringLiteral("spilled"), m_clock.nowMs()).value();
        bars.nets[0]->push(voidOfFourth);
        for (size_t i = 1; i < 5; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(bars.held(i, 0), 5, 3000);
        bars.nets[0]->stop(); // A dies

        // The cloud is back; B, C and D upload at the same time, each everything it holds.
        cloud.setFaults(CloudFaults{});
        int done = 0;
        QStringList errors;
        for (size_t i = 1; i <= 3; ++i) {
            bars.kiosks[i]->engine->runOnce([&](std::optional<ApiError> e) {
                ++done;
                if (e)
                    errors << e->describe();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 3, 30000);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1String("; "))));
        int relayed = 0;
        for (size_t i = 1; i <= 3; ++i)
            relayed += bars.kiosks[i]->engine->counters().relayed;
        // Each uploader: the three pours, and the void of the withdrawn fourth (which the cloud
        // answers unknown_target: nobody sent the pour it cancels).
        QCOMPARE(relayed, 12);
        const auto live = liveInCloud(cloud);
        QCOMPARE(live.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(live.values(orders[i].order.value(QStringLiteral("id")).toString()), QStringList{a.deviceId});
        QCOMPARE(cloud.redemptions(kVenue).size(), 3); // the withdrawn fourth never reached it

        // A comes back for a moment and voids its first pour, which the cloud already holds; it
        // dies again before uploading. E relays the void, and the cloud applies it as A's.
        QVERIFY(bars.start(0, {QStringLiteral("127.0.0.1:%1").arg(bars.nets[4]->listenPort())}, m_clock));
        QTRY_VERIFY_WITH_TIMEOUT(bars.nets[0]->isConnected(bars.kiosks[4]->deviceId), 5000);
        const qint64 firstSeq = rows.last().entry.seq;
        const qint64 voidOfFirst
            = Ledger(*a.store).voidRedemption(firstSeq, {}, QStringLiteral("wrong drink"), m_clock.nowMs()).value();
        bars.nets[0]->push(voidOfFirst);
        QTRY_COMPARE_WITH_TIMEOUT(bars.held(4, 0), 6, 3000);
        bars.nets[0]->stop();
        const int voidsBefore = cloud.voidsReceived();
        QVERIFY2(bars.kiosks[4]->syncOnce(), qPrintable(bars.kiosks[4]->error));
        QCOMPARE(cloud.voidsReceived(), voidsBefore + 1);
        QCOMPARE(liveInCloud(cloud).size(), 2);
        QVERIFY(!liveInCloud(cloud).contains(orders[0].order.value(QStringLiteral("id")).toString()));
        // A's own upload, when it finally syncs, changes nothing.
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QCOMPARE(a.pending(), 0);
        QCOMPARE(liveInCloud(cloud).size(), 2);
        QCOMPARE(cloud.redemptions(kVenue).size(), 3);
    }

    // The split: two bars cut apart for a minute (CLUB_KIOSK_SPLIT_MS shortens it for a
    // quick run) with the cloud down, 100 pours each, 5 codes poured at both. Within 2 s of
    // healing both hold the same 200 records and both flag the 5 double pours; once the cloud is
    // back it holds every record once: 195 redemptions and 5 conflicts.
    void aMinuteLongSplit()
    {
        const int splitMs = qEnvironmentVariableIsSet("CLUB_KIOSK_SPLIT_MS")
            ? qEnvironmentVariableIntValue("CLUB_KIOSK_SPLIT_MS")
            : 60000;
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const QList<MintedOrder> left = makeOrders(cloud, 95, QStringLiteral("ord_left_"));
        const QList<MintedOrder> right = makeOrders(cloud, 95, QStringLiteral("ord_right_"));
        const QList<MintedOrder> both = makeOrders(cloud, 5, QStringLiteral("ord_both_"));
        Bars bars;
        QString error;
        QVERIFY2(bars.setUp(cloud, 2, m_clock, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(bars.linked(), 5000);
        CloudFaults down;
        down.outage = true;
        cloud.setFaults(down);
        PeerFaults split;
        split.cut = {bars.kiosks[0]->deviceId, bars.kiosks[1]->deviceId};
        bars.nets[0]->setFaults(split);
        bars.nets[1]->setFaults(split);
        QTRY_VERIFY_WITH_TIMEOUT(bars.nets[0]->connectedPeers() == 0 && bars.nets[1]->connectedPeers() == 0, 3000);

        // 100 pours a side, spread over the split; the shared codes in the middle.
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 100; ++i) {
            const MintedOrder &l = i < 95 ? left[i] : both[i - 95];
            const MintedOrder &r = i < 95 ? right[i] : both[i - 95];
            QCOMPARE(bars.pour(0, l.token, m_clock), Reason::Ok);
            QCOMPARE(bars.pour(1, r.token, m_clock), Reason::Ok);
            const qint64 due = qint64(splitMs) * (i + 1) / 100;
            QTest::qWait(int(qMax<qint64>(0, due - clock.elapsed())));
        }
        QCOMPARE(bars.nets[0]->connectedPeers(), 0);
        QCOMPARE(bars.held(0, 1), 0);
        QSignalSpy doublesLeft(bars.nets[0].get(), &PeerNetwork::doublePour);
        QSignalSpy doublesRight(bars.nets[1].get(), &PeerNetwork::doublePour);
        bars.nets[0]->setFaults({});
        bars.nets[1]->setFaults({});
        QElapsedTimer healed;
        healed.start();
        QVERIFY(QTest::qWaitFor([&] { return bars.held(0, 1) == 100 && bars.held(1, 0) == 100; }, 2000));
        const qint64 sameRecordsMs = healed.elapsed();
        QVERIFY(QTest::qWaitFor(
            [&] { return doublesLeft.size() == 5 && doublesRight.size() == 5; }, 2000 - int(healed.elapsed())));
        qInfo("split for %d ms, 100 pours a side: both held the same 200 records %lld ms after healing, and "
              "flagged the 5 double pours within %lld ms",
            splitMs, sameRecordsMs, healed.elapsed());

        // The cloud is back: each bar uploads its own pours and relays the other's.
        cloud.setFaults(CloudFaults{});
        for (int round = 0; round < 2; ++round) {
            for (auto &k : bars.kiosks)
                QVERIFY2(k->syncOnce(), qPrintable(k->error));
        }
        const QList<QJsonObject> rows = cloud.redemptions(kVenue);
        QCOMPARE(rows.size(), 195);
        QSet<QString> keys;
        for (const QJsonObject &r : rows)
            keys.insert(r.value(QStringLiteral("idempotencyKey")).toString());
        QCOMPARE(keys.size(), 195);
        QCOMPARE(liveInCloud(cloud).size(), 195);
        QCOMPARE(cloud.answerCounts().value(QStringLiteral("conflict")), 5);
        QCOMPARE(cloud.answerCounts().value(QStringLiteral("accepted")), 195);
        for (const MintedOrder &m : both)
            QCOMPARE(liveInCloud(cloud).values(m.order.value(QStringLiteral("id")).toString()).size(), 1);
        QCOMPARE(bars.kiosks[0]->pending() + bars.kiosks[1]->pending(), 0);
        // The bar whose pour came second hears it as a conflict of its own, as without peers.
        QCOMPARE(bars.kiosks[0]->engine->counters().conflicts + bars.kiosks[1]->engine->counters().conflicts, 5);
    }

    void interruptedSnapshotResumes()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        makeOrders(cloud, 49); // 51 entities with the key and the kiosk's own roster entry
        KioskSim k;
        SyncOptions o = fastOptions();
        o.pageLimit = 10;
        QVERIFY2(k.setUp(cloud, kVenue, o, m_clock), qPrintable(k.error));
        // Cut the network after the second page.
        int pages = 0;
        connect(k.engine.get(), &SyncEngine::pulled, this, [&] {
            if (++pages == 2) {
                CloudFaults f;
                f.outage = true;
                cloud.setFaults(f);
            }
        });
        QVERIFY(!k.syncOnce());
        QCOMPARE(k.store->counts().value().orders, 19);
        QCOMPARE(k.store->meta(MetaKey::FeedCursor).value().left(2), QStringLiteral("s:"));
        cloud.setFaults(CloudFaults{});
        const int before = k.engine->counters().pulledPages;
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.store->counts().value().orders, 49);
        QCOMPARE(k.engine->counters().pulledPages - before, 4); // pages 3..6, not from the start
    }

    void goneCursorRestartsWithSnapshot()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        makeOrders(cloud, 5);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        makeOrders(cloud, 2, QStringLiteral("after_"));
        cloud.compact(kVenue); // the kiosk's cursor is now too old
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.engine->counters().snapshotsRestarted, 1);
        QCOMPARE(k.store->counts().value().orders, 7);
    }

    void accessTokenRefreshRotatesRefreshToken()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        cloud.setAccessTokenLifetime(1);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        const QString firstRefresh = k.store->meta(SyncMeta::RefreshToken).value();
        QTest::qWait(1100);
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        const QString secondRefresh = k.store->meta(SyncMeta::RefreshToken).value();
        QVERIFY(!secondRefresh.isEmpty());
        QVERIFY(secondRefresh != firstRefresh);
        // The old refresh token stopped working when it was rotated.
        QNetworkAccessManager nam;
        QNetworkRequest req(cloud.url().resolved(QUrl(QStringLiteral("/auth/refresh-token"))));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply
            = nam.post(req, QJsonDocument(QJsonObject{{QStringLiteral("refreshToken"), firstRefresh}}).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        reply->deleteLater();
    }

    void revokedDeviceStopsAndKeepsItsRedemptions()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 3);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QVERIFY(cloud.revokeDevice(k.deviceId));
        for (const auto &o : orders)
            QCOMPARE(k.redeem(o.token, m_clock), Reason::Ok); // the bar keeps pouring
        QVERIFY(!k.syncOnce());
        QCOMPARE(k.engine->status().connectivity, Connectivity::NeedsPairing);
        QCOMPARE(k.pending(), 3);
        QCOMPARE(k.store->meta(SyncMeta::NeedsPairing).value(), QStringLiteral("1"));
        SyncEngine again(k.dbPath, m_clock, fastOptions());
        const Status st = again.open();
        QVERIFY(!st);
        QVERIFY2(st.error().message.contains(QLatin1String("pair it again")), qPrintable(st.error().message));
        QVERIFY(st.error().message.contains(QLatin1String("3 unsent")));
        QCOMPARE(cloud.redemptions(kVenue).size(), 0);
    }

    void outageThenRecoveryLosesNothing()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 30);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        k.engine->start();
        CloudFaults down;
        down.outage = true;
        cloud.setFaults(down);
        QList<qint64> scanTimes;
        for (const auto &o : orders) {
            scanTimes.append(QDateTime::currentMSecsSinceEpoch());
            QCOMPARE(k.redeem(o.token, m_clock), Reason::Ok);
        }
        QTRY_COMPARE_WITH_TIMEOUT(k.engine->status().connectivity, Connectivity::Offline, 10000);
        QCOMPARE(k.pending(), 30);
        QTest::qWait(300);
        cloud.setFaults(CloudFaults{});
        QTRY_COMPARE_WITH_TIMEOUT(k.pending(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(k.engine->status().connectivity, Connectivity::Online, 10000);
        const auto redemptions = cloud.redemptions(kVenue);
        QCOMPARE(redemptions.size(), 30);
        // Original scan times reach the cloud, not upload times.
        for (const auto &r : redemptions) {
            const qint64 at = parseRfc3339Ms(r.value(QLatin1String("redeemedAt")).toString().toLatin1()).value();
            QVERIFY(at >= scanTimes.first() - 1000 && at <= scanTimes.last() + 1000);
        }
        auto rows = Ledger(*k.store).history({}).value();
        QCOMPARE(rows.size(), 30);
        for (const auto &row : rows) {
            QCOMPARE(row.syncState, QStringLiteral("accepted"));
            QVERIFY(row.uploadedMs.value() >= row.entry.atMs); // upload time kept separately
        }
        k.engine->stop();
    }

    void wallClockJumpsDoNotStallSync()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 2);
        ManualClock wall(QDateTime::currentMSecsSinceEpoch());
        KioskSim k;
        SyncOptions o = fastOptions();
        o.pollIntervalMs = 100;
        o.liveChannel = false;
        QVERIFY2(k.setUp(cloud, kVenue, o, wall), qPrintable(k.error));
        k.engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(k.engine->counters().pulledPages >= 1, 5000);
        QCOMPARE(k.redeem(orders[0].token, wall), Reason::Ok);
        // The wall clock leaps ten days ahead, then a year back: polling carries on at its pace.
        for (qint64 jump : {qint64(10) * 86400000, qint64(-375) * 86400000}) {
            wall.advanceMs(jump);
            const int before = k.engine->counters().pulledPages;
            QTest::qWait(1000);
            const int pulls = k.engine->counters().pulledPages - before;
            QVERIFY2(pulls >= 4 && pulls <= 20, qPrintable(QStringLiteral("%1 pulls in 1 s").arg(pulls)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(k.pending(), 0, 5000);
        k.engine->stop();
    }

    // Only an item's own `rejected` answer rejects it. A request-level failure (a redirect, a
    // 4xx, a 5xx, a proxy's HTML page, a batch refused whole) keeps every item queued with a
    // visible reason, and the items are delivered once the cloud takes them again.
    void requestLevelFailuresKeepEveryItem_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("html");
        QTest::addColumn<QString>("problem");
        QTest::newRow("301") << 301 << false << "uploads go to the wrong address";
        QTest::newRow("403") << 403 << false << "the cloud refuses uploads";
        QTest::newRow("404") << 404 << false << "the cloud refuses uploads";
        QTest::newRow("404 html") << 404 << true << "the cloud refuses uploads";
        QTest::newRow("413") << 413 << false << "the cloud refuses uploads";
        QTest::newRow("502 html") << 502 << true << "the cloud cannot be reached";
        QTest::newRow("200 html") << 200 << true << "the cloud refuses uploads";
        QTest::newRow("poisoned batch") << 0 << false << "the cloud refuses uploads";
    }
    void requestLevelFailuresKeepEveryItem()
    {
        QFETCH(int, status);
        QFETCH(bool, html);
        QFETCH(QString, problem);
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 20);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        for (const auto &o : orders)
            QCOMPARE(k.redeem(o.token, m_clock), Reason::Ok);
        // Order 3 is refunded in the cloud before the upload: answered "rejected" item by item.
        QVERIFY(cloud.refund(kVenue, QStringLiteral("ord_3")));
        CloudFaults faults;
        faults.pathPrefix = QStringLiteral("/v1/redemptions");
        if (status > 0) {
            faults.forceStatus = status;
            faults.htmlBody = html;
        } else {
            faults.poisonKey = Outbox(*k.store).pending(100).value().at(11).idempotencyKey;
        }
        cloud.setFaults(faults);
        for (int attempt = 0; attempt < 3; ++attempt) {
            QVERIFY(!k.syncOnce());
            QCOMPARE(k.pending(), 20); // nothing rejected, nothing lost
        }
        QCOMPARE(cloud.redemptions(kVenue).size(), 0);
        const QString shown = k.store->meta(SyncMeta::PushProblem).value();
        QVERIFY2(shown.startsWith(problem), qPrintable(shown));
        if (status > 0 && status != 200)
            QVERIFY2(shown.contains(QString::number(status)), qPrintable(shown));
        const qint64 since = k.store->meta(SyncMeta::PushProblemSinceMs).value().toLongLong();
        QVERIFY(since > 0);
        QCOMPARE(k.engine->pushProblem(), shown);
        // A 4xx on uploads is an answer: the cloud is reachable, scans still wait for it.
        if (status != 502)
            QVERIFY(!k.engine->knownOffline());
        // A status kioskctl prints from another process.
        cloud.setFaults({});
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.pending(), 0);
        QCOMPARE(cloud.redemptions(kVenue).size(), 19);
        QCOMPARE(k.engine->counters().rejected, 1);
        QVERIFY(k.store->meta(SyncMeta::PushProblem).value().isEmpty());
        QVERIFY(k.engine->pushProblem().isEmpty());
        HistoryFilter rejected;
        rejected.status = QStringLiteral("rejected");
        const auto rows = Ledger(*k.store).history(rejected).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().entry.orderId, QStringLiteral("ord_3"));
    }

    // A manager puts a rejected redemption back in the queue; the requeue is recorded, and the
    // cloud's answer (here: the order was refunded, so rejected again) comes back.
    void requeuedRejectionIsRecordedAndSentAgain()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 2);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.redeem(orders.at(0).token, m_clock), Reason::Ok);
        // The cloud thinks the order is pending payment (a backend glitch): rejected.
        QVERIFY(cloud.setOrderStatus(kVenue, QStringLiteral("ord_0"), QStringLiteral("PENDING")));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        Outbox outbox(*k.store);
        QCOMPARE(outbox.rejectedCount().value(), 1);
        // Fixed in the backend; the manager requeues.
        QVERIFY(cloud.setOrderStatus(kVenue, QStringLiteral("ord_0"), QStringLiteral("PAID")));
        auto requeued
            = outbox.requeueRejected({}, QStringLiteral("stf_mgr"), QStringLiteral("payment fixed"), m_clock.nowMs());
        QVERIFY(requeued);
        QCOMPARE(requeued->size(), 1);
        QCOMPARE(k.pending(), 1);
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.pending(), 0);
        QCOMPARE(outbox.rejectedCount().value(), 0);
        QCOMPARE(cloud.redemptions(kVenue).size(), 1);
        // A pending or accepted item cannot be requeued; the log keeps the one requeue.
        QVERIFY(!outbox.requeueRejected({requeued->first()}, QString(), QString(), m_clock.nowMs()));
        auto log = k.store->db().prepare("SELECT action, from_state, actor, note FROM outbox_log");
        QVERIFY(log && log->next().value());
        QCOMPARE(log->text(0), QStringLiteral("requeue"));
        QCOMPARE(log->text(1), QStringLiteral("rejected"));
        QCOMPARE(log->text(2), QStringLiteral("stf_mgr"));
        QCOMPARE(log->text(3), QStringLiteral("payment fixed"));
        QVERIFY(!log->next().value());
    }

    // Undo before the upload sends nothing; a void after the upload reaches the cloud, which
    // echoes the redemption voided in the feed, and another kiosk may then pour the order.
    void voidsFollowTheRedemption()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 2);
        KioskSim left, right;
        QVERIFY2(left.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(left.error));
        QVERIFY2(right.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(right.error));
        QVERIFY2(left.syncOnce(), qPrintable(left.error));
        QVERIFY2(right.syncOnce(), qPrintable(right.error));

        // Undo before upload: the redemption never leaves the kiosk.
        QCOMPARE(left.redeem(orders.at(0).token, m_clock), Reason::Ok);
        const qint64 undone = Outbox(*left.store).pending(10).value().first().seq;
        QVERIFY(Ledger(*left.store).voidRedemption(undone, QString(), QStringLiteral("undo"), m_clock.nowMs()));
        QCOMPARE(left.pending(), 0);
        QVERIFY2(left.syncOnce(), qPrintable(left.error));
        QCOMPARE(cloud.redemptions(kVenue).size(), 0);
        QCOMPARE(cloud.voidsReceived(), 0);
        const auto undoneRow = Ledger(*left.store).history({}).value().first();
        QCOMPARE(undoneRow.voidSync, QStringLiteral("not-uploaded"));
        // The re-pour is a plain first redemption, not a double pour.
        QCOMPARE(left.redeem(orders.at(0).token, m_clock), Reason::Ok);
        QVERIFY2(left.syncOnce(), qPrintable(left.error));
        QCOMPARE(cloud.answerCounts().value(QStringLiteral("conflict")), 0);

        // A void after the upload is sent, and comes back in the feed.
        QCOMPARE(left.redeem(orders.at(1).token, m_clock), Reason::Ok);
        QVERIFY2(left.syncOnce(), qPrintable(left.error));
        QVERIFY2(right.syncOnce(), qPrintable(right.error));
        QCOMPARE(right.redeem(orders.at(1).token, m_clock), Reason::AlreadyRedeemed);
        const qint64 uploaded = Ledger(*left.store).history({}).value().first().entry.seq;
        QVERIFY(Ledger(*left.store).voidRedemption(uploaded, QString(), QStringLiteral("spilled"), m_clock.nowMs()));
        QCOMPARE(Ledger(*left.store).history({}).value().first().voidSync, QStringLiteral("pending"));
        QVERIFY2(left.syncOnce(), qPrintable(left.error));
        QCOMPARE(cloud.voidsReceived(), 1);
        QCOMPARE(left.engine->counters().voidsSent, 1);
        QCOMPARE(Ledger(*left.store).history({}).value().first().voidSync, QStringLiteral("sent"));
        bool voidedInCloud = false;
        for (const QJsonObject &r : cloud.redemptions(kVenue))
            if (r.value(QStringLiteral("orderId")).toString() == QLatin1String("ord_1"))
                voidedInCloud = r.value(QStringLiteral("voided")).toBool();
        QVERIFY(voidedInCloud);
        // The other bar learns it from the feed: the order is redeemable again there.
        QVERIFY2(right.syncOnce(), qPrintable(right.error));
        QCOMPARE(right.redeem(orders.at(1).token, m_clock), Reason::Ok);
        // Sending the same void again (a retry) is harmless: nothing changes on the left.
        QVERIFY2(left.syncOnce(), qPrintable(left.error));
        QCOMPARE(cloud.voidsReceived(), 1);
    }

    // A void made while the redemption's upload is in flight: the cloud took the redemption,
    // so the void must follow it.
    void voidDuringUploadIsSentAfterIt()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 1);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.redeem(orders.at(0).token, m_clock), Reason::Ok);
        const auto item = Outbox(*k.store).pending(1).value().first();
        CloudFaults slow;
        slow.latencyMs = 400;
        slow.pathPrefix = QStringLiteral("/v1/redemptions/batch");
        cloud.setFaults(slow);
        k.engine->start();
        QTest::qWait(150); // the upload is on its way
        QVERIFY(Ledger(*k.store).voidRedemption(item.seq, QString(), QStringLiteral("wrong glass"), m_clock.nowMs()));
        QTRY_COMPARE_WITH_TIMEOUT(cloud.voidsReceived(), 1, 10000);
        k.engine->stop();
        QCOMPARE(cloud.redemptions(kVenue).first().value(QStringLiteral("voided")).toBool(), true);
    }

    void liveChannelPullsAtOnce()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        KioskSim k;
        SyncOptions o = fastOptions();
        o.pollIntervalMs = 600000; // only the live channel can bring news in time
        QVERIFY2(k.setUp(cloud, kVenue, o, m_clock), qPrintable(k.error));
        k.engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(k.engine->status().liveConnected, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(k.store->counts().value().keys, 1, 5000);
        makeOrders(cloud, 1, QStringLiteral("live_"));
        QTRY_COMPARE_WITH_TIMEOUT(k.store->counts().value().orders, 1, 3000);
        k.engine->stop();
    }

    void onlineConfirmationRefusesWhatAnotherKioskPoured()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 2);
        KioskSim a, b;
        QVERIFY2(a.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(a.error));
        QVERIFY2(b.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(b.error));
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        const auto first = redeemOnline(a, m_clock, orders[0].token);
        QCOMPARE(first.verdict.reason, Reason::Ok);
        HistoryFilter offline;
        offline.status = QStringLiteral("offline");
        QCOMPARE(Ledger(*a.store).history(offline).value().size(), 0); // confirmed online
        // B has not pulled since: locally the code looks fine; the cloud says no.
        const auto second = redeemOnline(b, m_clock, orders[0].token);
        QCOMPARE(second.verdict.reason, Reason::AlreadyRedeemed);
        QVERIFY(!second.recorded);
        QCOMPARE(second.verdict.previous->deviceId, a.deviceId);
        const auto rows = Ledger(*b.store).history({}).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].status, QStringLiteral("voided")); // no drink left the bar
        QVERIFY(rows[0].voidReason.contains(QLatin1String("online confirmation")));
        QCOMPARE(cloud.redemptions(kVenue).size(), 1);
    }

    // The reference cloud mints DK1 codes (the app's form) and JWS on request, one jti for both;
    // a paired kiosk redeems them offline and with online confirmation, one drink per order
    // whichever form shows it.
    void cloudMintedCodesInBothFormsAreOneDrink()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 2);
        for (const MintedOrder &o : orders) {
            QVERIFY2(o.token.startsWith("DK1:"), o.token.constData());
            QCOMPARE(o.token, o.compact);
            QCOMPARE(o.jws.count('.'), 2);
        }
        OrderSpec older;
        older.id = QStringLiteral("ord_older_app");
        older.form = TokenForm::Jws;
        const MintedOrder asked = cloud.createOrder(kVenue, older);
        QCOMPARE(asked.token, asked.jws);
        const ScannedCode dk1 = classifyCode(asked.compact);
        const ScannedCode jws = classifyCode(asked.jws);
        QCOMPARE(dk1.form, kiosk::CodeForm::Token);
        QCOMPARE(jws.form, kiosk::CodeForm::Token);
        QCOMPARE(dk1.token.signingInput.first(12), QByteArray("\x84\x6aSignature1")); // a COSE Sig_structure
        QCOMPARE(dk1.token.claims.jti, asked.order.value(QLatin1String("jti")).toString());
        QCOMPARE(jws.token.claims.jti, dk1.token.claims.jti);
        QCOMPARE(dk1.token.claims.drinks, jws.token.claims.drinks);

        KioskSim a, b;
        QVERIFY2(a.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(a.error));
        QVERIFY2(b.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(b.error));
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        // Offline at A: the DK1 pours; the same order's JWS is refused from A's own ledger.
        QCOMPARE(a.redeem(orders[0].compact, m_clock), Reason::Ok);
        QCOMPARE(a.redeem(orders[0].jws, m_clock), Reason::AlreadyRedeemed);
        // Online: B pours the second order's JWS, confirmed; A, not synced since, is refused the
        // DK1 by the cloud, naming B.
        const auto first = redeemOnline(b, m_clock, orders[1].jws);
        QCOMPARE(first.verdict.reason, Reason::Ok);
        const auto second = redeemOnline(a, m_clock, orders[1].compact);
        QCOMPARE(second.verdict.reason, Reason::AlreadyRedeemed);
        QCOMPARE(second.verdict.previous->deviceId, b.deviceId);
        // An order bought after the last sync: its DK1 pours on its signature alone, offline,
        // and online confirmation accepts it.
        const auto late = makeOrders(cloud, 1, QStringLiteral("late_"));
        QCOMPARE(redeemOnline(b, m_clock, late[0].compact).verdict.reason, Reason::Ok);
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        // The cloud holds one live redemption per order, whichever form was shown.
        QHash<QString, int> live;
        for (const QJsonObject &r : cloud.redemptions(kVenue))
            if (!r.value(QLatin1String("voided")).toBool())
                ++live[r.value(QLatin1String("orderId")).toString()];
        QCOMPARE(live,
            (QHash<QString, int>{
                {QStringLiteral("ord_0"), 1}, {QStringLiteral("ord_1"), 1}, {QStringLiteral("late_0"), 1}}));
        QCOMPARE(a.redeem(late[0].jws, m_clock), Reason::AlreadyRedeemed); // A learnt of it by sync
    }

    // Online confirmation follows reachability, not feed health: feed pages the kiosk cannot
    // parse (a proxy's HTML with 200) leave it on; a cloud that cannot be reached turns it off.
    void confirmationFollowsReachability()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 2);
        KioskSim a, b;
        QVERIFY2(a.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(a.error));
        QVERIFY2(b.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(b.error));
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        QCOMPARE(redeemOnline(a, m_clock, orders[0].token).verdict.reason, Reason::Ok);
        CloudFaults garbage;
        garbage.pathPrefix = QStringLiteral("/v1/venues");
        garbage.garbageRate = 1.0;
        cloud.setFaults(garbage);
        QVERIFY(!b.syncOnce()); // the feed fails to parse ...
        QVERIFY(!b.engine->knownOffline()); // ... but the cloud answered
        const auto second = redeemOnline(b, m_clock, orders[0].token);
        QCOMPARE(second.verdict.reason, Reason::AlreadyRedeemed); // still caught
        CloudFaults down;
        down.outage = true;
        cloud.setFaults(down);
        QVERIFY(!b.syncOnce());
        QVERIFY(b.engine->knownOffline());
        QElapsedTimer t;
        t.start();
        QCOMPARE(redeemOnline(b, m_clock, orders[1].token).verdict.reason, Reason::Ok); // no wait
        QVERIFY(t.elapsed() < 1000);
        cloud.setFaults({});
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        QVERIFY(!b.engine->knownOffline());
    }

    // A black hole: the connection opens, nothing ever answers. Every request times out, the
    // drinks stay queued with the reason, and scans stop waiting for the cloud.
    void blackHoleKeepsEverythingAndStopsTheWait()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 2);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.redeem(orders[0].token, m_clock), Reason::Ok);
        QTcpServer hole; // accepts, never reads, never answers
        QVERIFY(hole.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> held;
        connect(&hole, &QTcpServer::newConnection, this, [&] { held.append(hole.nextPendingConnection()); });
        SyncOptions o = fastOptions();
        o.client.requestTimeoutMs = 400;
        k.engine = std::make_unique<SyncEngine>(k.dbPath, m_clock, o);
        QVERIFY(k.engine->open(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(hole.serverPort()))));
        QVERIFY(!k.engine->knownOffline());
        QVERIFY(!k.syncOnce(5000));
        QVERIFY(!held.isEmpty()); // it did connect
        QVERIFY(k.engine->knownOffline());
        QCOMPARE(k.pending(), 1);
        QVERIFY2(k.engine->pushProblem().startsWith(QLatin1String("the cloud cannot be reached")),
            qPrintable(k.engine->pushProblem()));
        QElapsedTimer t;
        t.start();
        QCOMPARE(redeemOnline(k, m_clock, orders[1].token).verdict.reason, Reason::Ok); // no wait on the hole
        QVERIFY(t.elapsed() < 300);
        // The real cloud again: both drinks arrive.
        k.engine = std::make_unique<SyncEngine>(k.dbPath, m_clock, fastOptions());
        QVERIFY(k.engine->open());
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.pending(), 0);
        QCOMPARE(cloud.redemptions(kVenue).size(), 2);
    }

    // A database restored from a backup numbers new redemptions again from where the copy
    // stopped; the random part of the keys keeps the cloud from answering "duplicate" for
    // drinks it never saw.
    void restoredBackupGetsNewKeys()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 4);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(k.redeem(orders[0].token, m_clock), Reason::Ok);
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        // The backup, taken now.
        const QString backup = k.dir.filePath(QStringLiteral("backup.db"));
        {
            auto q = k.store->db().prepare("VACUUM INTO ?1");
            QVERIFY(q);
            QVERIFY(q->bind(1, backup).exec());
        }
        QCOMPARE(k.redeem(orders[1].token, m_clock), Reason::Ok);
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        const LedgerEntry lost = Ledger(*k.store).history({}).value().first().entry;
        // The disk dies; the backup is restored in place.
        k.engine.reset();
        k.store.reset();
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(k.dbPath + QLatin1String(suffix));
        QVERIFY(QFile::copy(backup, k.dbPath));
        auto reopened = Store::open(k.dbPath);
        QVERIFY(reopened);
        k.store = std::move(*reopened);
        k.engine = std::make_unique<SyncEngine>(k.dbPath, m_clock, fastOptions());
        QVERIFY(k.engine->open());
        QCOMPARE(k.redeem(orders[2].token, m_clock), Reason::Ok);
        const auto fresh = Ledger(*k.store).history({}).value().first().entry;
        QCOMPARE(fresh.seq, lost.seq);
        QVERIFY(fresh.idempotencyKey != lost.idempotencyKey); // same sequence number, another key
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QCOMPARE(cloud.answerCounts().value(QStringLiteral("duplicate")), 0);
        QCOMPARE(cloud.redemptions(kVenue).size(), 3);
        // The pour the restore lost comes back from the cloud's feed: the order is not poured twice.
        QCOMPARE(k.redeem(orders[1].token, m_clock), Reason::AlreadyRedeemed);
    }

    void onlineConfirmationTimeoutKeepsLocalVerdict()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 1);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        CloudFaults slow;
        slow.latencyMs = 2000;
        cloud.setFaults(slow);
        QElapsedTimer t;
        t.start();
        const auto out = redeemOnline(k, m_clock, orders[0].token, 300);
        QVERIFY(t.elapsed() < 1500);
        QCOMPARE(out.verdict.reason, Reason::Ok);
        QVERIFY(out.recorded);
        HistoryFilter offline;
        offline.status = QStringLiteral("offline");
        QTRY_COMPARE_WITH_TIMEOUT(k.pending(), 0, 10000); // the late answer is still recorded…
        QCOMPARE(Ledger(*k.store).history(offline).value().size(), 1); // …but the row stays "offline"
    }

    void onlineLookupOfUnknownLegacyCode()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        OrderSpec spec;
        spec.id = QStringLiteral("ord_legacy");
        spec.qrCode = QStringLiteral("order_legacy_qr");
        spec.recipient = QStringLiteral("Robin T.");
        cloud.createOrder(kVenue, spec);
        const auto out = redeemOnline(k, m_clock, "order_legacy_qr");
        QCOMPARE(out.verdict.reason, Reason::Ok);
        QCOMPARE(out.verdict.verifiedBy, VerifiedBy::Online);
        QCOMPARE(out.verdict.recipient, QStringLiteral("Robin T."));
        QCOMPARE(out.recorded->verifiedBy, VerifiedBy::Online);
        QCOMPARE(cloud.redemptions(kVenue).size(), 1);
        QCOMPARE(redeemOnline(k, m_clock, "order_nobody_qr").verdict.reason, Reason::UnknownOrder);
    }

    void onlineConfirmationRefusesARefund()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 1);
        KioskSim k;
        QVERIFY2(k.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(k.error));
        QVERIFY2(k.syncOnce(), qPrintable(k.error));
        QVERIFY(cloud.refund(kVenue, QStringLiteral("ord_0"))); // the kiosk has not heard yet
        const auto out = redeemOnline(k, m_clock, orders[0].token);
        QCOMPARE(out.verdict.reason, Reason::TokenRevoked);
        QVERIFY(!out.recorded);
    }

    // Every kind of injected fault at once; two kiosks keep redeeming; the system converges with
    // nothing lost and nothing accepted twice.
    void faultSoakConverges()
    {
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, 150);
        KioskSim a, b;
        QVERIFY2(a.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(a.error));
        QVERIFY2(b.setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(b.error));
        QVERIFY2(a.syncOnce(), qPrintable(a.error));
        QVERIFY2(b.syncOnce(), qPrintable(b.error));
        CloudFaults f;
        f.latencyMs = 2;
        f.errorRate = 0.15;
        f.rateLimitRate = 0.1;
        f.retryAfterSeconds = 0;
        f.resetRate = 0.1;
        f.truncateRate = 0.1;
        f.garbageRate = 0.1;
        f.seed = 42;
        cloud.setFaults(f);
        a.engine->start();
        b.engine->start();
        // 0..79 at A, 70..149 at B: ten orders are redeemed at both.
        for (int i = 0; i < 150; ++i) {
            if (i < 80)
                a.redeem(orders[i].token, m_clock);
            if (i >= 70)
                b.redeem(orders[i].token, m_clock);
            if (i % 10 == 0)
                QTest::qWait(20);
        }
        QTRY_VERIFY_WITH_TIMEOUT(a.pending() == 0 && b.pending() == 0, 60000);
        QVERIFY(a.engine->counters().pushFailures + a.engine->counters().pullFailures > 0); // faults did bite
        cloud.setFaults(CloudFaults{});
        a.engine->stop();
        b.engine->stop();
        const auto redemptions = cloud.redemptions(kVenue);
        QCOMPARE(redemptions.size(), 150); // one per order, none twice
        QSet<QString> seen;
        for (const auto &r : redemptions) {
            const QString order = r.value(QLatin1String("orderId")).toString();
            QVERIFY2(!seen.contains(order), qPrintable(order));
            seen.insert(order);
        }
        QCOMPARE(a.engine->counters().conflicts + b.engine->counters().conflicts, 10);
        QCOMPARE(a.engine->counters().uploaded + b.engine->counters().uploaded, 150);
    }

    // Four kiosks partitioned from the cloud; each of 1,000 orders is redeemed at two of them.
    // After reconnection: exactly one accepted redemption per order, every other one a conflict
    // on both the cloud and its kiosk, and all kiosks agree on who poured each drink.
    void multiKioskPartition()
    {
        constexpr int kOrders = 1000;
        constexpr int kKiosks = 4;
        ReferenceCloud cloud;
        QVERIFY(cloud.listenLocal());
        cloud.createVenue(kVenue, QStringLiteral("IT Bar"));
        const auto orders = makeOrders(cloud, kOrders);
        std::vector<std::unique_ptr<KioskSim>> kiosks;
        for (int i = 0; i < kKiosks; ++i) {
            kiosks.push_back(std::make_unique<KioskSim>());
            QVERIFY2(kiosks.back()->setUp(cloud, kVenue, fastOptions(), m_clock), qPrintable(kiosks.back()->error));
            QVERIFY2(kiosks.back()->syncOnce(60000), qPrintable(kiosks.back()->error));
        }
        CloudFaults partition;
        partition.outage = true;
        cloud.setFaults(partition);
        for (auto &k : kiosks)
            k->engine->start();
        for (int i = 0; i < kOrders; ++i) {
            QCOMPARE(kiosks[i % kKiosks]->redeem(orders[i].token, m_clock), Reason::Ok);
            QCOMPARE(kiosks[(i + 1) % kKiosks]->redeem(orders[i].token, m_clock), Reason::Ok); // offline: both pour
        }
        cloud.setFaults(CloudFaults{});
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(kiosks.begin(), kiosks.end(), [](auto &k) { return k->pending() == 0; }), 120000);
        for (auto &k : kiosks) {
            k->engine->stop();
            QVERIFY2(k->syncOnce(60000), qPrintable(k->error)); // final pull: everyone sees the winners
        }

        // The cloud: one accepted per order; the other 1,000 answered as conflicts.
        const auto redemptions = cloud.redemptions(kVenue);
        QCOMPARE(redemptions.size(), kOrders);
        QHash<QString, QString> cloudWinner;
        for (const auto &r : redemptions) {
            const QString order = r.value(QLatin1String("orderId")).toString();
            QVERIFY2(!cloudWinner.contains(order), qPrintable(order));
            cloudWinner.insert(order, r.value(QLatin1String("deviceId")).toString());
        }
        QCOMPARE(cloud.answerCounts().value(QStringLiteral("conflict")), kOrders);
        QCOMPARE(cloud.answerCounts().value(QStringLiteral("accepted")), kOrders);

        // Each kiosk: its own rows are accepted or conflict; its view of every winner matches.
        int accepted = 0;
        int conflicts = 0;
        for (auto &k : kiosks) {
            QHash<QString, QString> winner;
            for (const auto &row : Ledger(*k->store).history({}).value()) {
                const QString order = row.entry.orderId;
                if (row.entry.origin == LedgerOrigin::Local) {
                    QVERIFY2(row.syncState == QLatin1String("accepted") || row.syncState == QLatin1String("conflict"),
                        qPrintable(row.syncState));
                    if (row.syncState == QLatin1String("conflict")) {
                        ++conflicts;
                        QCOMPARE(row.status, QStringLiteral("conflict"));
                        QCOMPARE(row.winnerDevice, cloudWinner.value(order));
                        continue;
                    }
                    ++accepted;
                }
                QVERIFY2(!winner.contains(order),
                    qPrintable(QStringLiteral("%1 has two winners at %2").arg(order, k->deviceId)));
                winner.insert(order, row.entry.deviceId);
            }
            QStringList differences;
            for (auto it = cloudWinner.cbegin(); it != cloudWinner.cend(); ++it) {
                if (winner.value(it.key()) != it.value())
                    differences.append(QStringLiteral("%1: kiosk says '%2', cloud says '%3'")
                                           .arg(it.key(), winner.value(it.key()), it.value()));
            }
            QVERIFY2(differences.isEmpty() && winner.size() == cloudWinner.size(),
                qPrintable(QStringLiteral("kiosk %1 (%2 differences, %3 entries): %4")
                               .arg(k->deviceId)
                               .arg(differences.size())
                               .arg(winner.size())
                               .arg(differences.mid(0, 5).join(QLatin1String("; ")))));
        }
        QCOMPARE(accepted, kOrders);
        QCOMPARE(conflicts, kOrders);
    }
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
