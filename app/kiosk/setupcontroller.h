#pragma once
// The first screen of a kiosk that has no database yet: "Scan the setup code". The camera's
// codes are read as setup codes (sync/setupcode.h); a good one pairs the kiosk with the cloud,
// which creates the database; then `paired` asks main() to start the kiosk proper. The server
// and the code can be typed instead (on the virtual keyboard).
#include <QObject>
#include <QPointer>
#include <QString>

namespace kiosk {
class Clock;
namespace scanner {
class ScanWorker;
struct ScanResult;
} // namespace scanner
} // namespace kiosk

namespace kiosk::app {

class SetupController : public QObject
{
    Q_OBJECT
    // scanning | pairing | paired
    Q_PROPERTY(QString state READ state NOTIFY changed)
    // What went wrong with the last code, in words (empty when nothing did).
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString venueName READ venueName NOTIFY changed)
    Q_PROPERTY(QObject *frameSource READ frameSource NOTIFY cameraChanged)
    Q_PROPERTY(QString cameraDescription READ cameraDescription NOTIFY cameraChanged)
    // True when the on-screen keyboard is the input method (the kiosk session sets it).
    Q_PROPERTY(bool virtualKeyboard READ virtualKeyboard CONSTANT)
    // The configured language ("en" or "de"): the on-screen keyboard's layout.
    Q_PROPERTY(QString language READ language CONSTANT)
public:
    SetupController(const QString &dbPath, const Clock &clock, QObject *parent = nullptr);
    QString language() const { return m_language; }
    void setLanguage(const QString &language) { m_language = language; }

    void setScanWorker(scanner::ScanWorker *worker);
    void setFrameSource(QObject *source, const QString &description);

    QString state() const { return m_state; }
    QString message() const { return m_message; }
    QString venueName() const { return m_venueName; }
    QObject *frameSource() const { return m_frameSource; }
    QString cameraDescription() const { return m_cameraDescription; }
    bool virtualKeyboard() const;

    // A scanned or typed text: a setup code pairs, anything else is explained.
    Q_INVOKABLE void submitText(const QByteArray &text);
    // Typed on the screen: the server's address and the one-time code.
    Q_INVOKABLE void pairTyped(const QString &url, const QString &code);

Q_SIGNALS:
    void changed();
    void cameraChanged();
    // The database exists and is paired: time to start the kiosk.
    void paired();

private:
    void onScanned(const kiosk::scanner::ScanResult &result);
    void pair(const QUrl &url, const QString &code);
    void fail(const QString &message);

    QString m_dbPath;
    const Clock &m_clock;
    QString m_state = QStringLiteral("scanning");
    QString m_message;
    QString m_venueName;
    QByteArray m_lastText; // a code held in front of the camera is judged once
    QPointer<QObject> m_frameSource;
    QString m_cameraDescription;
    QString m_language = QStringLiteral("en");
};

} // namespace kiosk::app
