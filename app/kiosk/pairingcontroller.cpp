#include "pairingcontroller.h"
#include "backend.h"
#include "pairing.h" // sync: the pairing call and bindToCloud
#include "session.h"
#include "store.h"

#include <QHostInfo>
#include <QUrl>

namespace kiosk::app {

PairingController::PairingController(Store &store, Backend &backend, Session &session, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_backend(backend)
    , m_session(session)
{ }

QString PairingController::serverUrl() const
{
    return m_store.meta(sync::SyncMeta::ServerUrl).value_or(QString());
}

void PairingController::pair(const QString &url, const QString &code)
{
    if (!m_session.manager() || m_pairing)
        return;
    const QUrl server(url.trimmed());
    if (auto problem = sync::CloudClient::urlProblem(server, false)) {
        m_message = *problem;
        Q_EMIT changed();
        return;
    }
    m_pairing = true;
    m_message.clear();
    Q_EMIT changed();
    auto *client = new sync::CloudClient(server, sync::ClientOptions{}, this);
    client->pair(code.trimmed(), QStringLiteral("Kiosk on ") + QHostInfo::localHostName(),
        [this, client, server](std::optional<sync::PairResult> r, std::optional<sync::ApiError> e) {
            client->deleteLater();
            m_pairing = false;
            bool ok = false;
            if (e) {
                m_message = e->describe();
            } else if (auto st = sync::bindToCloud(m_store, server, *r); !st) {
                m_message = st.error().message;
            } else {
                ok = true;
                m_message = QStringLiteral("paired");
                m_backend.stop();
                if (auto started = m_backend.start(true); !started)
                    m_message = started.error().message;
                m_session.reloadVenue();
            }
            Q_EMIT changed();
            if (ok)
                Q_EMIT paired();
        });
}

} // namespace kiosk::app
