#pragma once
// DNS-SD for the LAN peers, through Avahi on the system D-Bus: a listening kiosk publishes
// `_clubkiosk._tcp` with its venue and device id in the TXT record, and every kiosk browses
// for the others of its venue. It is a hint, nothing more: what it finds is dialed like any
// address, and only a device of the roster that proves its key gets a link. Without Avahi (no
// system bus, no daemon) it says so once and does nothing; the roster and the static list are
// each enough. If Avahi starts or restarts later, publishing and browsing start again.

#include <QObject>
#include <QString>

class QDBusServiceWatcher;

namespace kiosk::sync {

inline constexpr char kDnsSdServiceType[] = "_clubkiosk._tcp";

class PeerDiscovery : public QObject
{
    Q_OBJECT
public:
    // `port` 0: browse only (a process that does not listen publishes nothing).
    PeerDiscovery(const QString &venueId, const QString &deviceId, quint16 port, QObject *parent = nullptr);
    ~PeerDiscovery() override;

    void start();
    // Whether Avahi answered: publishing (when listening) and browsing are running.
    bool active() const { return !m_browser.isEmpty(); }
    // Why not, when not active (for the operator's view and the log).
    QString problem() const { return m_problem; }

Q_SIGNALS:
    // Another kiosk of this venue announced itself at `address` ("host:port").
    void found(const QString &deviceId, const QString &address);

private Q_SLOTS:
    void onItemNew(
        int interface, int protocol, const QString &name, const QString &type, const QString &domain, uint flags);

private:
    void begin();
    void stopped(const QString &why);

    QString m_venue;
    QString m_device;
    quint16 m_port = 0;
    QString m_group; // Avahi's entry group object (our published service)
    QString m_browser; // Avahi's service browser object
    QString m_problem;
    QDBusServiceWatcher *m_watcher = nullptr;
};

} // namespace kiosk::sync
