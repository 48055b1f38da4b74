#include "peerlink.h"

#include "synclogging_p.h"

#include "devicekey.h"
#include "peertls.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace kiosk::sync {

PeerLink::PeerLink(QSslSocket *socket, bool dialer, const QByteArray &ourHello, const QString &venueId,
    const QString &ourDeviceId, KeyLookup keyOf, std::shared_ptr<const PeerFaults> faults,
    const PeerLinkOptions &options, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_dialer(dialer)
    , m_ourHello(ourHello)
    , m_venueId(venueId)
    , m_ourDevice(ourDeviceId)
    , m_keyOf(std::move(keyOf))
    , m_faults(std::move(faults))
    , m_options(options)
{
    socket->setParent(this);
    // Frames are small and answered at once: without this, Nagle's algorithm and the peer's
    // delayed acknowledgement hold an answer back 40 ms now and then.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Nothing read from a peer is buffered past what one frame may hold.
    socket->setReadBufferSize(kMaxPeerFrameBytes + 4);
    connect(socket, &QSslSocket::encrypted, this, &PeerLink::onEncrypted);
    connect(socket, &QSslSocket::readyRead, this, &PeerLink::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, [this] { close(QStringLiteral("disconnected")); });
    connect(socket, &QSslSocket::errorOccurred, this,
        [this](QAbstractSocket::SocketError) { close(m_socket ? m_socket->errorString() : QStringLiteral("error")); });
    // Certificates are self-made: who the peer is, is settled by its hello, not by a CA.
    connect(socket, &QSslSocket::sslErrors, socket, [socket](const QList<QSslError> &) { socket->ignoreSslErrors(); });
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] { close(QStringLiteral("no hello in time")); });
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    if (socket->state() != QAbstractSocket::ConnectedState) {
        m_connectTimer.setSingleShot(true);
        connect(&m_connectTimer, &QTimer::timeout, this, [this] {
            if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState)
                close(QStringLiteral("no answer within %1 ms").arg(m_options.connectTimeoutMs));
        });
        connect(socket, &QAbstractSocket::connected, &m_connectTimer, &QTimer::stop);
        m_connectTimer.start(m_options.connectTimeoutMs);
    }
    connect(&m_heartbeat, &QTimer::timeout, this, &PeerLink::checkAlive);
    m_lastHeard.start();
    if (socket->isEncrypted())
        onEncrypted();
    // QSslServer hands the socket over after the TLS handshake: the peer's hello (and what it
    // sent right behind it) may be waiting already, and its readyRead has been and gone.
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &PeerLink::onReadyRead, Qt::QueuedConnection);
}

std::optional<PeerFaults> PeerFaults::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("peer faults must be a JSON object like {\"dropRate\":0.3,\"delayMs\":20}");
        return std::nullopt;
    }
    PeerFaults f;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == QLatin1String("dropRate") && it->isDouble() && it->toDouble() >= 0 && it->toDouble() <= 1) {
            f.dropRate = it->toDouble();
        } else if (it.key() == QLatin1String("delayMs") && it->isDouble() && it->toInt(-1) >= 0
            && it->toInt() <= 10000) {
            f.delayMs = it->toInt();
        } else if (it.key() == QLatin1String("cut") && it->isArray()) {
            for (const auto &d : it->toArray())
                f.cut.insert(d.toString());
        } else {
            *error = QStringLiteral("peer faults: '%1' is not dropRate (0 to 1), delayMs (0 to 10000) or cut "
                                    "(a list of device ids)")
                         .arg(it.key());
            return std::nullopt;
        }
    }
    return f;
}

PeerLink::~PeerLink()
{
    m_closed = true; // no signals from a link being destroyed
    if (m_socket)
        m_socket->abort();
}

QString PeerLink::peerAddress() const
{
    if (!m_socket)
        return QString();
    return QStringLiteral("%1:%2").arg(m_socket->peerAddress().toString()).arg(m_socket->peerPort());
}

void PeerLink::onEncrypted()
{
    if (m_helloSent || m_closed)
        return;
    m_helloSent = true;
    // The hello is never dropped or delayed: faults apply to what follows it.
    m_socket->write(framePeerMessage(m_ourHello));
    if (m_helloReceived && !m_established) {
        m_established = true;
        m_handshakeTimer.stop();
        m_heartbeat.start(m_options.heartbeatMs);
        Q_EMIT established();
    }
}

void PeerLink::onReadyRead()
{
    while (!m_closed && m_socket && m_socket->bytesAvailable() > 0) {
        m_reader.append(m_socket->read(kMaxPeerFrameBytes + 4));
        m_lastHeard.restart();
        for (;;) {
            QString error;
            const auto payload = m_reader.next(m_helloReceived ? kMaxPeerFrameBytes : kMaxHelloBytes, &error);
            if (!error.isEmpty()) {
                close(QStringLiteral("peer frame refused: %1").arg(error));
                return;
            }
            if (!payload)
                break;
            if (!m_helloReceived) {
                onHello(*payload);
                if (m_closed)
                    return;
                continue;
            }
            auto msg = decodePeerMessage(*payload);
            if (!msg) {
                close(msg.error().message);
                return;
            }
            if (msg->type == PeerMessage::Type::Ping) {
                send(PeerMessage{PeerMessage::Type::Pong, {}, {}, false, {}, 0, {}});
                continue;
            }
            if (msg->type == PeerMessage::Type::Pong)
                continue;
            Q_EMIT message(*msg);
            if (m_closed)
                return;
        }
    }
}

void PeerLink::onHello(const QByteArray &payload)
{
    auto hello = decodeHello(payload);
    if (!hello) {
        close(hello.error().message);
        return;
    }
    if (hello->venueId != m_venueId) {
        close(QStringLiteral("hello from venue %1, this kiosk is of %2").arg(hello->venueId, m_venueId));
        return;
    }
    if (hello->deviceId == m_ourDevice) {
        close(QStringLiteral("a hello with this kiosk's own device id"));
        return;
    }
    if (m_faults && m_faults->cut.contains(hello->deviceId)) {
        close(QStringLiteral("cut off (test fault)"));
        return;
    }
    const QByteArray key = m_keyOf ? m_keyOf(hello->deviceId) : QByteArray();
    if (key.isEmpty()) {
        close(QStringLiteral("%1 is not an active device of this venue with a known key").arg(hello->deviceId));
        return;
    }
    const QByteArray presented = certificateFingerprint(m_socket->peerCertificate());
    if (hello->certificateFingerprint != presented) {
        close(QStringLiteral("%1's hello names another certificate than the one it presented").arg(hello->deviceId));
        return;
    }
    if (!verifyDeviceSignature(
            key, helloSigningInput(hello->venueId, hello->deviceId, hello->certificateFingerprint), hello->signature)) {
        close(QStringLiteral("%1's hello is not signed with its device key").arg(hello->deviceId));
        return;
    }
    m_peerDevice = hello->deviceId;
    m_helloReceived = true;
    if (m_helloSent) {
        m_established = true;
        m_handshakeTimer.stop();
        m_heartbeat.start(m_options.heartbeatMs);
        Q_EMIT established();
    }
}

void PeerLink::checkAlive()
{
    if (m_lastHeard.elapsed() > m_options.silentAfterMs) {
        close(QStringLiteral("silent for %1 ms").arg(m_lastHeard.elapsed()));
        return;
    }
    send(PeerMessage{PeerMessage::Type::Ping, {}, {}, false, {}, 0, {}});
}

void PeerLink::send(const PeerMessage &message)
{
    if (!m_established || m_closed)
        return;
    write(framePeerMessage(encodePeerMessage(message)));
}

void PeerLink::write(const QByteArray &frame)
{
    if (m_faults) {
        if (m_faults->cut.contains(m_peerDevice)) {
            close(QStringLiteral("cut off (test fault)"));
            return;
        }
        if (m_faults->dropRate > 0 && QRandomGenerator::global()->generateDouble() < m_faults->dropRate)
            return;
        if (m_faults->delayMs > 0) {
            QTimer::singleShot(m_faults->delayMs, this, [this, frame] {
                if (m_socket && !m_closed)
                    m_socket->write(frame);
            });
            return;
        }
    }
    m_socket->write(frame);
}

void PeerLink::close(const QString &why)
{
    if (m_closed)
        return;
    m_closed = true;
    m_established = false;
    m_handshakeTimer.stop();
    m_heartbeat.stop();
    const QString who = m_peerDevice.isEmpty() ? peerAddress() : m_peerDevice;
    if (m_socket)
        m_socket->abort();
    qCInfo(lcPeers).noquote() << "link with" << who << "closed:" << why;
    Q_EMIT closed(why);
}

} // namespace kiosk::sync
