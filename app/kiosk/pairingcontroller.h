#pragma once
// Pairing from Settings: a manager types the cloud's address and a pairing code; on success the
// database is bound to the cloud and the backend restarts syncing. (A kiosk with no database at
// all pairs on the setup screen instead: SetupController.)
#include <QObject>

namespace kiosk {
class Store;
}

namespace kiosk::app {

class Backend;
class Session;

class PairingController : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY changed)
    Q_PROPERTY(bool pairing READ pairing NOTIFY changed)
    // "" before any attempt, "paired" after success, else what went wrong.
    Q_PROPERTY(QString message READ message NOTIFY changed)

public:
    PairingController(Store &store, Backend &backend, Session &session, QObject *parent = nullptr);

    QString serverUrl() const;
    bool pairing() const { return m_pairing; }
    QString message() const { return m_message; }

    // Managers only; ignored while a pairing is under way.
    Q_INVOKABLE void pair(const QString &url, const QString &code);

Q_SIGNALS:
    void changed();
    void paired();

private:
    Store &m_store;
    Backend &m_backend;
    Session &m_session;
    bool m_pairing = false;
    QString m_message;
};

} // namespace kiosk::app
