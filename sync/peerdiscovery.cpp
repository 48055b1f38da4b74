#include "peerdiscovery.h"

#include "synclogging_p.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QHostAddress>

namespace kiosk::sync {

namespace {

const QString kAvahi = QStringLiteral("org.freedesktop.Avahi");
const QString kServer = QStringLiteral("org.freedesktop.Avahi.Server");
const QString kServer2 = QStringLiteral("org.freedesktop.Avahi.Server2"); // Avahi 0.8: the *Prepare calls
const QString kEntryGroup = QStringLiteral("org.freedesktop.Avahi.EntryGroup");
const QString kServiceBrowser = QStringLiteral("org.freedesktop.Avahi.ServiceBrowser");
constexpr int kIfUnspec = -1; // AVAHI_IF_UNSPEC
constexpr int kProtoUnspec = -1; // AVAHI_PROTO_UNSPEC
constexpr int kCallTimeoutMs = 2000;

// One synchronous call to Avahi; the reply, or an error message.
QDBusMessage call(const QString &path, const QString &interface, const QString &method, const QVariantList &args)
{
    QDBusMessage m = QDBusMessage::createMethodCall(kAvahi, path, interface, method);
    m.setArguments(args);
    return QDBusConnection::systemBus().call(m, QDBus::Block, kCallTimeoutMs);
}

QString failure(const QDBusMessage &reply)
{
    return reply.type() == QDBusMessage::ErrorMessage ? reply.errorName() + QStringLiteral(": ") + reply.errorMessage()
                                                      : QString();
}

// "key=value" entries of a TXT record.
QHash<QString, QString> txtValues(const QList<QByteArray> &txt)
{
    QHash<QString, QString> out;
    for (const QByteArray &entry : txt) {
        const qsizetype eq = entry.indexOf('=');
        if (eq > 0)
            out.insert(QString::fromUtf8(entry.left(eq)), QString::fromUtf8(entry.mid(eq + 1)));
    }
    return out;
}

} // namespace

PeerDiscovery::PeerDiscovery(const QString &venueId, const QString &deviceId, quint16 port, QObject *parent)
    : QObject(parent)
    , m_venue(venueId)
    , m_device(deviceId)
    , m_port(port)
{
    qDBusRegisterMetaType<QList<QByteArray>>();
}

PeerDiscovery::~PeerDiscovery()
{
    // Avahi drops a client's entry groups and browsers when its connection goes; say goodbye
    // at once all the same, so the other bars stop seeing this one now.
    if (!m_group.isEmpty())
        (void)call(m_group, kEntryGroup, QStringLiteral("Free"), {});
    if (!m_browser.isEmpty())
        (void)call(m_browser, kServiceBrowser, QStringLiteral("Free"), {});
}

void PeerDiscovery::start()
{
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected()) {
        stopped(QStringLiteral("no system D-Bus: %1").arg(bus.lastError().message()));
        return;
    }
    // Avahi may start, stop and come back while the kiosk runs.
    m_watcher = new QDBusServiceWatcher(
        kAvahi, bus, QDBusServiceWatcher::WatchForRegistration | QDBusServiceWatcher::WatchForUnregistration, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceRegistered, this, [this] { begin(); });
    connect(m_watcher, &QDBusServiceWatcher::serviceUnregistered, this, [this] {
        m_group.clear();
        m_browser.clear();
        stopped(QStringLiteral("Avahi left the system bus"));
    });
    if (!bus.interface()->isServiceRegistered(kAvahi).value()) {
        stopped(QStringLiteral("Avahi is not running (no %1 on the system bus)").arg(kAvahi));
        return;
    }
    begin();
}

void PeerDiscovery::stopped(const QString &why)
{
    m_problem = why;
    qCInfo(lcPeers).noquote() << "DNS-SD off:" << why
                              << "(the other bars are found through the cloud's device list and the static list)";
}

void PeerDiscovery::begin()
{
    if (!m_browser.isEmpty())
        return;
    QDBusConnection bus = QDBusConnection::systemBus();
    if (m_port > 0) {
        const QDBusMessage group = call(QStringLiteral("/"), kServer, QStringLiteral("EntryGroupNew"), {});
        if (!failure(group).isEmpty()) {
            stopped(QStringLiteral("Avahi refused a service entry: ") + failure(group));
            return;
        }
        m_group = group.arguments().value(0).value<QDBusObjectPath>().path();
        const QList<QByteArray> txt{"venue=" + m_venue.toUtf8(), "device=" + m_device.toUtf8()};
        const QDBusMessage added = call(m_group, kEntryGroup, QStringLiteral("AddService"),
            {kIfUnspec, kProtoUnspec, 0u, QStringLiteral("Club Kiosk %1").arg(m_device),
                QLatin1String(kDnsSdServiceType), QString(), QString(), QVariant::fromValue(m_port),
                QVariant::fromValue(txt)});
        const QDBusMessage committed
            = failure(added).isEmpty() ? call(m_group, kEntryGroup, QStringLiteral("Commit"), {}) : added;
        if (!failure(committed).isEmpty()) {
            stopped(QStringLiteral("Avahi would not publish this bar: ") + failure(committed));
            return;
        }
    }
    // Prepare, subscribe, then start (Avahi 0.8): no announcement can slip through in between.
    // An older Avahi starts browsing at once; there, listen on every browser path first.
    const QVariantList browse{kIfUnspec, kProtoUnspec, QLatin1String(kDnsSdServiceType), QString(), 0u};
    QString path;
    const QDBusMessage prepared = call(QStringLiteral("/"), kServer2, QStringLiteral("ServiceBrowserPrepare"), browse);
    if (failure(prepared).isEmpty()) {
        path = prepared.arguments().value(0).value<QDBusObjectPath>().path();
        bus.connect(kAvahi, path, kServiceBrowser, QStringLiteral("ItemNew"), this,
            SLOT(onItemNew(int, int, QString, QString, QString, uint)));
        const QDBusMessage started = call(path, kServiceBrowser, QStringLiteral("Start"), {});
        if (!failure(started).isEmpty()) {
            stopped(QStringLiteral("Avahi would not browse: ") + failure(started));
            return;
        }
    } else {
        bus.connect(kAvahi, QString(), kServiceBrowser, QStringLiteral("ItemNew"), this,
            SLOT(onItemNew(int, int, QString, QString, QString, uint)));
        const QDBusMessage created = call(QStringLiteral("/"), kServer, QStringLiteral("ServiceBrowserNew"), browse);
        if (!failure(created).isEmpty()) {
            stopped(QStringLiteral("Avahi would not browse: ") + failure(created));
            return;
        }
        path = created.arguments().value(0).value<QDBusObjectPath>().path();
    }
    m_browser = path;
    m_problem.clear();
    qCInfo(lcPeers).noquote() << "DNS-SD on:" << (m_port > 0 ? "publishing this bar and" : "")
                              << "looking for the other bars (" << kDnsSdServiceType << ")";
}

void PeerDiscovery::onItemNew(
    int interface, int protocol, const QString &name, const QString &type, const QString &domain, uint flags)
{
    Q_UNUSED(flags)
    QDBusMessage m
        = QDBusMessage::createMethodCall(kAvahi, QStringLiteral("/"), kServer, QStringLiteral("ResolveService"));
    m.setArguments({interface, protocol, name, type, domain, kProtoUnspec, 0u});
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::systemBus().asyncCall(m, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        const QVariantList a = reply.arguments();
        if (reply.type() != QDBusMessage::ReplyMessage || a.size() < 10)
            return; // gone again, or a stranger's broken record
        const QHostAddress address(a.at(7).toString());
        const quint16 port = quint16(a.at(8).toUInt());
        QList<QByteArray> txt;
        a.at(9).value<QDBusArgument>() >> txt;
        const auto values = txtValues(txt);
        const QString device = values.value(QStringLiteral("device"));
        if (values.value(QStringLiteral("venue")) != m_venue || device.isEmpty() || device == m_device
            || address.isNull() || port == 0)
            return;
        // A link-local IPv6 address needs its interface to be dialed; an IPv4 one will come too.
        if (address.protocol() == QAbstractSocket::IPv6Protocol && address.isLinkLocal())
            return;
        const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
            : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
        Q_EMIT found(device, where);
    });
}

} // namespace kiosk::sync
