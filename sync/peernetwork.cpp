#include "peernetwork.h"

#include "peerdiscovery.h"
#include "peertls.h"
#include "synclogging_p.h"

#include "clock.h"
#include "devicekey.h"
#include "sqlite_p.h"
#include "store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkInterface>
#include <QSslServer>

namespace kiosk::sync {

namespace {

std::pair<QString, quint16> splitAddress(const QString &address)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return {};
    bool ok = false;
    const uint port = address.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return {};
    QString host = address.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    return {host, quint16(port)};
}

} // namespace

bool firstRedemptionWins(qint64 atMsA, const QString &keyA, qint64 atMsB, const QString &keyB)
{
    return atMsA != atMsB ? atMsA < atMsB : keyA < keyB;
}

PeerNetwork::PeerNetwork(const QString &dbPath, const Clock &clock, const PeerOptions &options, QObject *parent)
    : QObject(parent)
    , m_dbPath(dbPath)
    , m_clock(clock)
    , m_options(options)
    , m_faults(std::make_shared<PeerFaults>())
{
    connect(&m_rosterTimer, &QTimer::timeout, this, &PeerNetwork::refreshTargets);
    connect(&m_vectorTimer, &QTimer::timeout, this, [this] {
        const QList<PeerLink *> links = establishedLinks();
        if (links.isEmpty())
            return;
        if (auto vector = m_shared->versionVector()) {
            for (PeerLink *l : links)
                l->send(PeerMessage{PeerMessage::Type::Vector, *vector, {}, false, {}, 0, {}});
        }
    });
    m_uptime.start();
}

PeerNetwork::~PeerNetwork()
{
    stop();
}

Status PeerNetwork::start()
{
    auto store = Store::open(m_dbPath);
    if (!store)
        return store.error();
    m_store = std::move(*store);
    // What this connection writes are copies: the peers' records (their makers hold them
    // durably and send them again on every connect). WAL's NORMAL keeps them safe from a
    // crash of this process and skips the fsync per record that would otherwise make every
    // answer to a pour wait for the disk; this kiosk's own pours are written FULL elsewhere.
    if (auto st = m_store->db().execScript("PRAGMA synchronous = NORMAL;", QStringLiteral("configuring")); !st)
        return st.error();
    m_shared = std::make_unique<SharedLedger>(*m_store);
    auto venue = m_store->venueId();
    auto device = m_store->deviceId();
    if (!venue)
        return venue.error();
    if (!device)
        return device.error();
    m_venue = *venue;
    m_device = *device;
    auto key = loadDeviceKey(*m_store, m_device);
    if (!key)
        return key.error();
    if (!*key)
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("this kiosk has no device key yet: pair it with the cloud (`kioskctl pair`) before it "
                           "talks to other bars"));
    auto tls = makePeerTlsIdentity(m_device);
    if (!tls)
        return makeError(ErrorCode::Internal, QStringLiteral("could not make the TLS certificate for peer links"));
    PeerHello hello;
    hello.venueId = m_venue;
    hello.deviceId = m_device;
    hello.certificateFingerprint = certificateFingerprint(tls->certificate);
    hello.signature = (*key)->sign(helloSigningInput(m_venue, m_device, hello.certificateFingerprint));
    m_hello = encodeHello(hello);

    m_tls = QSslConfiguration::defaultConfiguration();
    m_tls.setLocalCertificate(tls->certificate);
    m_tls.setPrivateKey(tls->privateKey);
    m_tls.setProtocol(QSsl::TlsV1_2OrLater);
    // Ask for the peer's certificate without judging it: its hello says whose it is.
    m_tls.setPeerVerifyMode(QSslSocket::QueryPeer);

    if (m_options.listenPort >= 0) {
        m_server = new QSslServer(this);
        m_server->setSslConfiguration(m_tls);
        m_server->setHandshakeTimeout(m_options.link.handshakeTimeoutMs);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (m_server->hasPendingConnections()) {
                auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
                if (!socket)
                    continue;
                // Strangers may knock, but only a few at a time are heard out.
                int unproven = 0;
                for (const auto &l : std::as_const(m_links))
                    unproven += l && !l->isEstablished() && !l->isDialer();
                if (unproven >= 16) {
                    socket->abort();
                    socket->deleteLater();
                    continue;
                }
                adopt(new PeerLink(
                          socket, false, m_hello, m_venue, m_device, [this](const QString &d) { return rosterKey(d); },
                          m_faults, m_options.link, this),
                    nullptr);
            }
        });
        if (!m_server->listen(m_options.listenAddress, quint16(m_options.listenPort)))
            return makeError(ErrorCode::Io,
                QStringLiteral("cannot listen for other bars on %1:%2: %3")
                    .arg(m_options.listenAddress.toString())
                    .arg(m_options.listenPort)
                    .arg(m_server->errorString()));
        qCInfo(lcPeers).noquote() << "listening for other bars on port" << m_server->serverPort();
    }
    for (const QString &a : std::as_const(m_options.staticPeers)) {
        Target &t = m_targets[a];
        t.address = a;
        t.fromConfig = true;
    }
    if (m_options.useDnsSd) {
        m_discovery = new PeerDiscovery(m_venue, m_device, m_server ? m_server->serverPort() : 0, this);
        connect(m_discovery, &PeerDiscovery::found, this, [this](const QString &peer, const QString &address) {
            Target &t = m_targets[address];
            if (t.fromDnsSd && t.knownDevice == peer)
                return;
            t.address = address;
            t.knownDevice = peer;
            t.fromDnsSd = true;
            qCInfo(lcPeers).noquote() << "found" << peer << "at" << address << "through DNS-SD";
            refreshTargets();
        });
        m_discovery->start();
    }
    m_running = true;
    m_pushedOwn = m_shared->versionVector().value_or(VersionVector()).value(m_device, 0);
    refreshTargets();
    m_rosterTimer.start(m_options.rosterCheckMs);
    m_vectorTimer.start(m_options.vectorEveryMs);
    return {};
}

void PeerNetwork::stop()
{
    m_running = false;
    m_rosterTimer.stop();
    m_vectorTimer.stop();
    delete m_discovery;
    m_discovery = nullptr;
    for (auto &[n, p] : m_pending) {
        if (p.timer)
            p.timer->stop();
    }
    auto pending = std::exchange(m_pending, {});
    for (auto &[n, p] : pending) {
        if (p.done)
            p.done(p.outcome);
    }
    for (const auto &l : std::as_const(m_links)) {
        if (l) {
            l->disconnect(this);
            delete l.data();
        }
    }
    m_links.clear();
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
}

quint16 PeerNetwork::listenPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

QStringList PeerNetwork::lanAddresses() const
{
    QStringList out;
    if (!m_server)
        return out;
    const QString port = QString::number(m_server->serverPort());
    auto add = [&](const QHostAddress &a) {
        out.append(a.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]:%2").arg(a.toString(), port)
                                                                 : QStringLiteral("%1:%2").arg(a.toString(), port));
    };
    const QHostAddress listen = m_options.listenAddress;
    if (listen != QHostAddress::Any && listen != QHostAddress::AnyIPv4 && listen != QHostAddress::AnyIPv6) {
        add(listen);
        return out;
    }
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
        if (!(i.flags() & QNetworkInterface::IsUp) || (i.flags() & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &e : i.addressEntries()) {
            const QHostAddress a = e.ip();
            if (a.protocol() == QAbstractSocket::IPv4Protocol
                || (a.protocol() == QAbstractSocket::IPv6Protocol && !a.isLinkLocal()))
                add(a);
        }
    }
    out.sort();
    return out.mid(0, 16);
}

QByteArray PeerNetwork::rosterKey(const QString &deviceId) const
{
    if (!m_store)
        return {};
    return m_store->activeDeviceKey(deviceId).value_or(QByteArray());
}

void PeerNetwork::pushNewOwnRecords()
{
    auto fresh = m_shared->recordsAfter(m_device, m_pushedOwn, kMaxRecordsPerFrame);
    if (!fresh || fresh->isEmpty())
        return;
    PeerMessage m{PeerMessage::Type::Records, {}, {}, false, {}, 0, {}};
    for (const HeldRecord &h : *fresh) {
        m.records.append(h.record);
        m_pushedOwn = qMax(m_pushedOwn, h.n);
    }
    for (PeerLink *l : establishedLinks())
        l->send(m);
}

void PeerNetwork::refreshTargets()
{
    if (!m_running)
        return;
    pushNewOwnRecords();
    if (m_options.useRoster) {
        auto q = m_store->db().prepare(
            "SELECT id, lan FROM devices WHERE active = 1 AND x IS NOT NULL AND id <> ?1 ORDER BY id");
        if (q) {
            q->bind(1, m_device);
            (void)q->forEachRow([&](const SqlQuery &row) {
                const QString device = row.text(0);
                // One link per pair: of two listening kiosks, the one with the smaller id dials.
                // A kiosk that does not listen (`kioskctl redeem`) dials every one.
                if (m_server && !(m_device < device))
                    return;
                for (const auto &v : QJsonDocument::fromJson(row.text(1).toUtf8()).array()) {
                    Target &t = m_targets[v.toString()];
                    t.address = v.toString();
                    t.knownDevice = device;
                    t.fromRoster = true;
                }
            });
        }
    }
    const qint64 now = m_uptime.elapsed();
    for (auto &[address, t] : m_targets) {
        if (t.link || now < t.nextAttemptMs)
            continue;
        // Found only through DNS-SD: a bar of the roster, and one link per pair as above.
        if (t.fromDnsSd && !t.fromConfig && !t.fromRoster
            && (rosterKey(t.knownDevice).isEmpty() || (m_server && !(m_device < t.knownDevice))))
            continue;
        if (!t.knownDevice.isEmpty() && (isConnected(t.knownDevice) || m_faults->cut.contains(t.knownDevice)))
            continue;
        dial(t);
    }
}

void PeerNetwork::dial(Target &t)
{
    const auto [host, port] = splitAddress(t.address);
    if (host.isEmpty()) {
        t.lastProblem = QStringLiteral("not a host:port address");
        t.nextAttemptMs = std::numeric_limits<qint64>::max();
        return;
    }
    auto *socket = new QSslSocket;
    socket->setSslConfiguration(m_tls);
    connect(socket, &QAbstractSocket::connected, socket,
        [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    auto *link = new PeerLink(
        socket, true, m_hello, m_venue, m_device, [this](const QString &d) { return rosterKey(d); }, m_faults,
        m_options.link, this);
    adopt(link, &t);
    socket->connectToHostEncrypted(host, port);
}

void PeerNetwork::adopt(PeerLink *link, Target *target)
{
    m_links.append(link);
    if (target)
        target->link = link;
    const QString address = target ? target->address : QString();
    connect(link, &PeerLink::established, this, [this, link] { onEstablished(link); });
    connect(link, &PeerLink::message, this, [this, link](const PeerMessage &m) { onMessage(link, m); });
    connect(link, &PeerLink::closed, this, [this, link, address](const QString &why) {
        if (!address.isEmpty()) {
            auto it = m_targets.find(address);
            if (it != m_targets.end()) {
                Target &t = it->second;
                t.lastProblem = why;
                if (!link->isDialer() || t.link == link) {
                    t.link = nullptr;
                    t.failures++;
                    const int delay = qMin(m_options.redialMaxMs, m_options.redialMinMs << qMin(t.failures, 10));
                    t.nextAttemptMs = m_uptime.elapsed() + delay;
                }
            }
        }
        onClosed(link, why);
    });
}

QList<PeerLink *> PeerNetwork::establishedLinks() const
{
    QList<PeerLink *> out;
    for (const auto &l : m_links) {
        if (l && l->isEstablished())
            out.append(l.data());
    }
    return out;
}

bool PeerNetwork::isConnected(const QString &deviceId) const
{
    for (PeerLink *l : establishedLinks()) {
        if (l->peerDevice() == deviceId)
            return true;
    }
    return false;
}

void PeerNetwork::onEstablished(PeerLink *link)
{
    // A peer may hold more than one link to this kiosk (its long-running process, and a
    // `kioskctl redeem` on the same database): each is served; a record that arrives twice is
    // held once, and a pour waits for one answer per device.
    const QString peer = link->peerDevice();
    for (auto &[address, t] : m_targets) {
        if (t.link == link) {
            t.knownDevice = peer;
            t.failures = 0;
            t.lastProblem.clear();
        }
    }
    qCInfo(lcPeers).noquote() << "linked with" << peer << "at" << link->peerAddress();
    // Pull what we lack: the peer answers our vector with the records we miss.
    auto vector = m_shared->versionVector();
    if (vector)
        link->send(PeerMessage{PeerMessage::Type::Vector, *vector, {}, false, {}, 0, {}});
    Q_EMIT peersChanged();
}

void PeerNetwork::onClosed(PeerLink *link, const QString &why)
{
    Q_UNUSED(why)
    const QString peer = link->peerDevice();
    m_links.removeAll(link);
    link->deleteLater();
    // A pour waiting on this peer waits no longer.
    QList<qint64> done;
    for (auto &[n, p] : m_pending) {
        if (p.waitingFor.remove(peer) && p.waitingFor.isEmpty())
            done.append(n);
    }
    for (qint64 n : done)
        finish(n);
    Q_EMIT peersChanged();
}

void PeerNetwork::onMessage(PeerLink *link, const PeerMessage &message)
{
    switch (message.type) {
    case PeerMessage::Type::Vector:
        sendMissing(link, message.vector);
        break;
    case PeerMessage::Type::Records:
        onRecords(link, message);
        break;
    case PeerMessage::Type::Ack:
        onAck(link, message);
        break;
    case PeerMessage::Type::Ping:
    case PeerMessage::Type::Pong:
        break;
    }
}

void PeerNetwork::sendMissing(PeerLink *link, const VersionVector &theirs)
{
    // In frames of at most kMaxRecordsPerFrame, until nothing is missing.
    VersionVector known = theirs;
    for (;;) {
        auto missing = m_shared->missingFrom(known, kMaxRecordsPerFrame);
        if (!missing || missing->isEmpty())
            return;
        PeerMessage m{PeerMessage::Type::Records, {}, {}, false, {}, 0, {}};
        for (const HeldRecord &h : *missing) {
            m.records.append(h.record);
            known[h.origin] = qMax(known.value(h.origin), h.n);
        }
        link->send(m);
    }
}

void PeerNetwork::onRecords(PeerLink *link, const PeerMessage &message)
{
    bool askedForGap = false;
    QList<SignedPeerRecord> fresh;
    for (const SignedPeerRecord &r : message.records) {
        auto accepted = m_shared->accept(r, m_clock.nowMs());
        if (!accepted) {
            // A record that cannot be trusted is dropped with its reason; the link stays (a
            // relayed record may come from a kiosk this one does not know yet).
            qCWarning(lcPeers).noquote() << "from" << link->peerDevice() << ":" << accepted.error().message;
            continue;
        }
        const PeerRecord &rec = accepted->record;
        qCDebug(lcPeers).noquote() << "record" << rec.deviceId << rec.n << "from" << link->peerDevice() << "outcome"
                                   << int(accepted->outcome) << (message.announce ? "announced" : "");
        if (accepted->outcome == AcceptedRecord::Outcome::Gap) {
            if (!askedForGap) {
                askedForGap = true;
                if (auto vector = m_shared->versionVector())
                    link->send(PeerMessage{PeerMessage::Type::Vector, *vector, {}, false, {}, 0, {}});
            }
            continue;
        }
        QString winnerKey;
        if (accepted->outcome == AcceptedRecord::Outcome::Applied) {
            fresh.append(r);
            Q_EMIT recordApplied(*accepted);
            if (accepted->clash && accepted->clash->seq) {
                // Two live redemptions of one order: the rule keeps one, the same everywhere.
                Ledger ledger(*m_store);
                auto other = ledger.entry(*accepted->clash->seq);
                if (other && *other) {
                    const LedgerEntry &mine = **other;
                    const bool theirsWins = firstRedemptionWins(rec.atMs, rec.key, mine.atMs, mine.idempotencyKey);
                    winnerKey = theirsWins ? rec.key : mine.idempotencyKey;
                    // Ours lost: withdraw it if its bartender has not been told yet (its
                    // announcement is still waiting); otherwise it is a double pour, as after a split.
                    bool withdrawn = false;
                    if (theirsWins && mine.origin == LedgerOrigin::Local) {
                        for (auto &[n, p] : m_pending) {
                            if (p.key == mine.idempotencyKey) {
                                p.outcome.winnerKey = rec.key;
                                p.outcome.winnerDevice = rec.deviceId;
                                p.outcome.winnerAtMs = rec.atMs;
                                withdrawn = true;
                                finish(n);
                                break;
                            }
                        }
                    }
                    if (!withdrawn && rec.kind == PeerRecord::Kind::Redeem)
                        Q_EMIT doublePour(*accepted);
                }
            }
        }
        if (message.announce)
            link->send(PeerMessage{PeerMessage::Type::Ack, {}, {}, false, rec.deviceId, rec.n, winnerKey});
    }
    // Pass new records on at once, so peers that cannot reach their maker hold them too.
    if (!fresh.isEmpty()) {
        for (PeerLink *other : establishedLinks()) {
            if (other != link)
                other->send(PeerMessage{PeerMessage::Type::Records, {}, fresh, false, {}, 0, {}});
        }
    }
}

void PeerNetwork::onAck(PeerLink *link, const PeerMessage &message)
{
    if (message.origin != m_device)
        return;
    auto it = m_pending.find(message.n);
    if (it == m_pending.end())
        return;
    Pending &p = it->second;
    if (!p.waitingFor.remove(link->peerDevice()))
        return;
    p.outcome.answered++;
    if (!message.winnerKey.isEmpty() && message.winnerKey != p.key && !p.outcome.lost()) {
        p.outcome.winnerKey = message.winnerKey;
        p.outcome.winnerDevice = link->peerDevice();
        // The winner's row is here by now (its record came first, or comes with the ack's
        // sender's push): name its maker and time from the ledger when it is.
        auto q = m_store->db().prepare("SELECT device_id, at_ms FROM ledger WHERE idempotency_key = ?1");
        if (q) {
            q->bind(1, message.winnerKey);
            if (q->next().value_or(false)) {
                p.outcome.winnerDevice = q->text(0);
                p.outcome.winnerAtMs = q->int64(1);
            }
        }
    }
    if (p.waitingFor.isEmpty() || p.outcome.lost())
        finish(message.n);
}

std::optional<SignedPeerRecord> PeerNetwork::recordOfSeq(qint64 seq, qint64 *n)
{
    auto q
        = m_store->db().prepare("SELECT n, body, signature FROM shared_records WHERE ledger_seq = ?1 AND origin = ?2");
    if (!q)
        return std::nullopt;
    q->bind(1, seq).bind(2, m_device);
    if (!q->next().value_or(false))
        return std::nullopt;
    *n = q->int64(0);
    return SignedPeerRecord{q->blob(1), q->blob(2)};
}

void PeerNetwork::push(qint64 seq)
{
    qint64 n = 0;
    const auto record = m_running ? recordOfSeq(seq, &n) : std::nullopt;
    if (!record)
        return;
    if (n == m_pushedOwn + 1)
        m_pushedOwn = n;
    for (PeerLink *l : establishedLinks())
        l->send(PeerMessage{PeerMessage::Type::Records, {}, {*record}, false, {}, 0, {}});
}

void PeerNetwork::announce(qint64 seq, std::function<void(AnnounceOutcome)> done)
{
    qint64 n = 0;
    const auto record = m_running ? recordOfSeq(seq, &n) : std::nullopt;
    const QList<PeerLink *> links = establishedLinks();
    if (!record || links.isEmpty()) {
        done(AnnounceOutcome{});
        return;
    }
    if (n == m_pushedOwn + 1)
        m_pushedOwn = n;
    const auto decoded = decodePeerRecord(record->body);
    Pending &p = m_pending[n];
    p.seq = seq;
    p.n = n;
    p.key = decoded ? decoded->key : QString();
    p.orderId = decoded ? decoded->orderId : QString();
    p.atMs = decoded ? decoded->atMs : 0;
    p.done = std::move(done);
    p.outcome.asked = int(links.size());
    for (PeerLink *l : links) {
        p.waitingFor.insert(l->peerDevice());
        l->send(PeerMessage{PeerMessage::Type::Records, {}, {*record}, true, {}, 0, {}});
    }
    if (m_options.windowMs <= 0) {
        finish(n);
        return;
    }
    p.timer = std::make_unique<QTimer>();
    p.timer->setSingleShot(true);
    connect(p.timer.get(), &QTimer::timeout, this, [this, n] { finish(n); });
    p.timer->start(m_options.windowMs);
}

void PeerNetwork::finish(qint64 n)
{
    auto it = m_pending.find(n);
    if (it == m_pending.end())
        return;
    Pending p = std::move(it->second);
    m_pending.erase(it);
    if (p.timer)
        p.timer->stop();
    if (p.done)
        p.done(p.outcome);
}

bool PeerNetwork::settled() const
{
    for (const auto &[address, t] : m_targets) {
        const bool linked = t.link && t.link->isEstablished();
        const bool viaOther = !t.knownDevice.isEmpty() && isConnected(t.knownDevice);
        if (!linked && !viaOther && t.failures == 0 && t.nextAttemptMs != std::numeric_limits<qint64>::max())
            return false;
    }
    return true;
}

bool PeerNetwork::allLinked() const
{
    for (const auto &[address, t] : m_targets) {
        const bool linked = t.link && t.link->isEstablished();
        const bool viaOther = !t.knownDevice.isEmpty() && isConnected(t.knownDevice);
        if (!linked && !viaOther && t.nextAttemptMs != std::numeric_limits<qint64>::max())
            return false;
    }
    return true;
}

bool PeerNetwork::discovering() const
{
    return m_discovery && m_discovery->active();
}

QString PeerNetwork::discoveryProblem() const
{
    if (!m_options.useDnsSd)
        return QStringLiteral("DNS-SD is switched off ([peers] dnssd=false)");
    return m_discovery ? m_discovery->problem() : QStringLiteral("not started");
}

int PeerNetwork::knownPeers() const
{
    if (!m_store)
        return 0;
    auto q = m_store->db().prepare("SELECT count(*) FROM devices WHERE active = 1 AND x IS NOT NULL AND id <> ?1");
    if (!q)
        return 0;
    q->bind(1, m_device);
    return q->next().value_or(false) ? int(q->int64(0)) : 0;
}

int PeerNetwork::connectedPeers() const
{
    QSet<QString> devices;
    for (PeerLink *l : establishedLinks())
        devices.insert(l->peerDevice());
    return int(devices.size());
}

QList<PeerState> PeerNetwork::peers() const
{
    QList<PeerState> out;
    QSet<QString> listed;
    if (m_store) {
        auto q = m_store->db().prepare(
            "SELECT id, name, lan FROM devices WHERE active = 1 AND x IS NOT NULL AND id <> ?1 ORDER BY name, id");
        if (q) {
            q->bind(1, m_device);
            (void)q->forEachRow([&](const SqlQuery &row) {
                PeerState s;
                s.deviceId = row.text(0);
                s.name = row.text(1);
                s.address = QJsonDocument::fromJson(row.text(2).toUtf8()).array().first().toString();
                s.connected = isConnected(s.deviceId);
                for (const auto &[address, t] : m_targets) {
                    if (t.knownDevice == s.deviceId) {
                        s.address = address;
                        if (!t.lastProblem.isEmpty())
                            s.lastProblem = t.lastProblem;
                    }
                }
                for (PeerLink *l : establishedLinks()) {
                    if (l->peerDevice() == s.deviceId)
                        s.address = l->peerAddress();
                }
                listed.insert(s.deviceId);
                out.append(s);
            });
        }
    }
    for (const auto &[address, t] : m_targets) {
        if (!t.fromConfig || (!t.knownDevice.isEmpty() && listed.contains(t.knownDevice)))
            continue;
        PeerState s;
        s.deviceId = t.knownDevice;
        s.address = address;
        s.connected = !t.knownDevice.isEmpty() && isConnected(t.knownDevice);
        s.lastProblem = t.lastProblem;
        out.append(s);
    }
    return out;
}

void PeerNetwork::setFaults(const PeerFaults &faults)
{
    *m_faults = faults;
    for (PeerLink *l : establishedLinks()) {
        if (faults.cut.contains(l->peerDevice()))
            l->close(QStringLiteral("cut off (test fault)"));
    }
}

} // namespace kiosk::sync
