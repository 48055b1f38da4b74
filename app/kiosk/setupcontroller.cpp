#include "setupcontroller.h"

#include "cloudclient.h"
#include "pairing.h"
#include "scanworker.h"
#include "setupcode.h"
#include "store.h"

#include <QHostInfo>

namespace kiosk::app {

SetupController::SetupController(const QString &dbPath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_dbPath(dbPath)
    , m_clock(clock)
{ }

bool SetupController::virtualKeyboard() const
{
    return qgetenv("QT_IM_MODULE") == "qtvirtualkeyboard";
}

void SetupController::setScanWorker(scanner::ScanWorker *worker)
{
    if (worker)
        connect(worker, &scanner::ScanWorker::codeScanned, this, &SetupController::onScanned);
}

void SetupController::setFrameSource(QObject *source, const QString &description)
{
    m_frameSource = source;
    m_cameraDescription = description;
    Q_EMIT cameraChanged();
}

void SetupController::onScanned(const scanner::ScanResult &result)
{
    // The scanner reports a code for as long as it is in view: judge each code once.
    if (result.text == m_lastText)
        return;
    m_lastText = result.text;
    submitText(result.text);
}

void SetupController::submitText(const QByteArray &text)
{
    if (m_state != QLatin1String("scanning"))
        return;
    auto setup = sync::parseSetupCode(text);
    if (!setup) {
        if (setup.error().code == ErrorCode::NotFound)
            fail(tr("That is not a setup code. Scan the setup code the venue dashboard shows for a new kiosk."));
        else if (setup.error().code == ErrorCode::TooNew)
            fail(tr("This setup code is for a newer Club Kiosk: update this kiosk, then scan it again."));
        else
            fail(setup.error().message);
        return;
    }
    pair(setup->url, setup->code);
}

void SetupController::pairTyped(const QString &url, const QString &code)
{
    if (m_state != QLatin1String("scanning"))
        return;
    const QUrl server(url.trimmed(), QUrl::StrictMode);
    if (auto problem = sync::CloudClient::urlProblem(server, false)) {
        fail(*problem);
        return;
    }
    if (code.trimmed().isEmpty()) {
        fail(tr("Type the pairing code from the venue dashboard."));
        return;
    }
    pair(server, code.trimmed());
}

void SetupController::pair(const QUrl &url, const QString &code)
{
    m_state = QStringLiteral("pairing");
    m_message.clear();
    Q_EMIT changed();
    auto *client = new sync::CloudClient(url, sync::ClientOptions{}, this);
    client->pair(code, QStringLiteral("Kiosk on ") + QHostInfo::localHostName(),
        [this, client, url](std::optional<sync::PairResult> r, std::optional<sync::ApiError> e) {
            client->deleteLater();
            if (e) {
                m_state = QStringLiteral("scanning");
                m_lastText.clear(); // the same code may be shown again once the network is back
                fail(e->describe());
                return;
            }
            auto store = sync::adoptPairing(nullptr, m_dbPath, url, *r, m_clock);
            if (!store) {
                m_state = QStringLiteral("scanning");
                fail(store.error().message);
                return;
            }
            m_venueName = r->venueName;
            m_state = QStringLiteral("paired");
            m_message.clear();
            Q_EMIT changed();
            Q_EMIT paired();
        });
}

void SetupController::fail(const QString &message)
{
    m_message = message;
    Q_EMIT changed();
}

} // namespace kiosk::app
