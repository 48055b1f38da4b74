#pragma once
// What the QML screens see: who is signed in, the verdict on screen, the sync strip and the
// bartender's settings. Thin: the rules live in core (verifier, redeemer, sign-in guard), the
// writes happen on the Backend's thread; this class sequences them and keeps the screen state.
// Words are the QML's job (qsTr): verdicts reach QML as reason codes and facts.
#include "records.h"
#include "redeemer.h"
#include "result.h"
#include "verifier.h"

#include <QElapsedTimer>
#include <QObject>

#include <QPointF>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>
#include <QVariantMap>
#include <optional>

#include <functional>
#include <memory>

class QSoundEffect;
class QTranslator;

namespace kiosk {
class Clock;
class Store;
namespace scanner {
class ScanWorker;
struct ScanResult;
} // namespace scanner
} // namespace kiosk

namespace kiosk::app {

class Backend;

class KioskController : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString venueName READ venueName NOTIFY venueChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY venueChanged)
    Q_PROPERTY(bool demo READ demo CONSTANT)
    Q_PROPERTY(QString demoHint READ demoHint CONSTANT)

    Q_PROPERTY(bool signedIn READ signedIn NOTIFY staffChanged)
    Q_PROPERTY(QString staffId READ staffId NOTIFY staffChanged)
    Q_PROPERTY(QString staffName READ staffName NOTIFY staffChanged)
    Q_PROPERTY(bool manager READ manager NOTIFY staffChanged)
    Q_PROPERTY(QVariantList staffList READ staffList NOTIFY staffListChanged)
    Q_PROPERTY(QString signInError READ signInError NOTIFY signInChanged)
    Q_PROPERTY(int failures READ failures NOTIFY signInChanged)
    Q_PROPERTY(int lockSeconds READ lockSeconds NOTIFY signInChanged)
    Q_PROPERTY(QString signOutReason READ signOutReason NOTIFY staffChanged)

    Q_PROPERTY(QString connectivity READ connectivity NOTIFY syncChanged)
    Q_PROPERTY(int unsent READ unsent NOTIFY syncChanged)
    Q_PROPERTY(double lastSyncMs READ lastSyncMs NOTIFY syncChanged)
    // Why uploads fail as a whole (the engine's words, "the cloud refuses uploads: …") and
    // since when; empty and 0 when they work.
    Q_PROPERTY(QString uploadProblem READ uploadProblem NOTIFY syncChanged)
    Q_PROPERTY(double uploadProblemSinceMs READ uploadProblemSinceMs NOTIFY syncChanged)
    // Local clock minus the cloud's in seconds, and whether that is more than the allowed skew.
    Q_PROPERTY(int clockDriftSeconds READ clockDriftSeconds NOTIFY syncChanged)
    Q_PROPERTY(bool clockDrifting READ clockDrifting NOTIFY syncChanged)
    // The last redeem could not be written: "disk_full" or "write_failed" (read-only, broken or
    // locked database); no drink can be recorded until it is fixed. Cleared by the next redeem
    // that is written. Empty when all is well.
    Q_PROPERTY(QString storageFault READ storageFault NOTIFY storageFaultChanged)
    Q_PROPERTY(double nowMs READ nowMs NOTIFY tick)

    Q_PROPERTY(QVariantMap verdict READ verdict NOTIFY verdictChanged)
    Q_PROPERTY(bool verdictVisible READ verdictVisible NOTIFY verdictChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(int undoSeconds READ undoSeconds NOTIFY tick)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(QVariantList orderMatches READ orderMatches NOTIFY orderMatchesChanged)
    Q_PROPERTY(bool searchingOrders READ searchingOrders NOTIFY orderMatchesChanged)

    Q_PROPERTY(bool confirmMode READ confirmMode WRITE setConfirmMode NOTIFY settingsChanged)
    Q_PROPERTY(bool soundsEnabled READ soundsEnabled WRITE setSoundsEnabled NOTIFY settingsChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY settingsChanged)
    Q_PROPERTY(int autoLockSeconds READ autoLockSeconds WRITE setAutoLockSeconds NOTIFY settingsChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY settingsChanged)
    Q_PROPERTY(QString cameraId READ cameraId WRITE setCameraId NOTIFY settingsChanged)
    Q_PROPERTY(QString resolution READ resolution WRITE setResolution NOTIFY settingsChanged)
    Q_PROPERTY(QStringList cameras READ cameras CONSTANT)
    Q_PROPERTY(QString cameraDescription READ cameraDescription NOTIFY cameraChanged)
    Q_PROPERTY(QString pairingMessage READ pairingMessage NOTIFY pairingChanged)
    Q_PROPERTY(bool pairing READ pairing NOTIFY pairingChanged)

    Q_PROPERTY(QVariantMap scanStats READ scanStats NOTIFY scanStatsChanged)
    Q_PROPERTY(QVariantList codeOutline READ codeOutline NOTIFY codeOutlineChanged)
    Q_PROPERTY(QObject *frameSource READ frameSource NOTIFY cameraChanged)

public:
    struct Options
    {
        bool demo = false;
        QString demoHint; // shown on the sign-in screen in demo mode (the demo PINs)
        int okSeconds = 4; // an OK verdict returns to scanning after this long
        int refusalSeconds = 7;
        int confirmSeconds = 20; // an unconfirmed OK is dropped (nothing recorded) after this long
        int undoSeconds = 10;
        int clockSkewSeconds = 120; // a clock further off the cloud's than this is shown
        std::optional<bool> confirmModeDefault; // the configuration file's, until Settings sets it
    };

    KioskController(
        Store &store, Backend &backend, const Clock &clock, const Options &options, QObject *parent = nullptr);
    ~KioskController() override;

    void setEngine(QQmlEngine *engine) { m_engine = engine; }
    void setScanWorker(scanner::ScanWorker *worker);
    void setFrameSource(QObject *source, const QString &description);
    // The application's input events reset the auto-lock timer.
    bool eventFilter(QObject *watched, QEvent *event) override;

    QString venueName() const { return m_venueName; }
    QString deviceId() const { return m_deviceId; }
    bool demo() const { return m_options.demo; }
    QString demoHint() const { return m_options.demoHint; }
    bool signedIn() const { return !m_staff.id.isEmpty(); }
    QString staffId() const { return m_staff.id; }
    QString staffName() const { return m_staff.name; }
    bool manager() const { return m_staff.role == QLatin1String("manager"); }
    QVariantList staffList() const { return m_staffList; }
    QString signInError() const { return m_signInError; }
    int failures() const { return m_failures; }
    int lockSeconds() const;
    QString signOutReason() const { return m_signOutReason; }
    QString connectivity() const;
    int unsent() const { return m_unsent; }
    double lastSyncMs() const { return double(m_lastSyncMs); }
    QString uploadProblem() const { return m_uploadProblem; }
    double uploadProblemSinceMs() const { return double(m_uploadProblemSinceMs); }
    int clockDriftSeconds() const { return int(m_clockDriftMs / 1000); }
    bool clockDrifting() const;
    QString storageFault() const { return m_storageFault; }
    double nowMs() const;
    QVariantMap verdict() const { return m_verdict; }
    bool verdictVisible() const { return !m_verdict.isEmpty(); }
    bool busy() const { return m_busy; }
    int undoSeconds() const;
    QString notice() const { return m_notice; }
    QVariantList orderMatches() const { return m_orderMatches; }
    bool searchingOrders() const { return m_searchingOrders; }
    bool confirmMode() const { return m_confirmMode; }
    void setConfirmMode(bool on);
    bool soundsEnabled() const { return m_sounds; }
    void setSoundsEnabled(bool on);
    QString language() const { return m_language; }
    void setLanguage(const QString &language);
    int autoLockSeconds() const { return m_autoLockSeconds; }
    void setAutoLockSeconds(int seconds);
    QString serverUrl() const;
    QString cameraId() const { return m_cameraId; }
    void setCameraId(const QString &id);
    QString resolution() const { return m_resolution; }
    void setResolution(const QString &resolution);
    QStringList cameras() const;
    QString cameraDescription() const { return m_cameraDescription; }
    QString pairingMessage() const { return m_pairingMessage; }
    bool pairing() const { return m_pairing; }
    QVariantMap scanStats() const { return m_scanStats; }
    QVariantList codeOutline() const { return m_outline; }
    QObject *frameSource() const { return m_frameSource; }

    Q_INVOKABLE bool signIn(const QString &staffId, const QString &pin);
    Q_INVOKABLE void signOut(const QString &reason = QString());
    // A code from the camera, the keyboard wedge or typed by hand ("camera", "wedge", "manual").
    Q_INVOKABLE void submitCode(const QString &text, const QString &source);
    void submitBytes(const QByteArray &text, const QString &source);
    // Manual entry: finds redeemable orders by name or phone last four on the backend thread;
    // the answer lands in orderMatches (an answer to an older query is dropped).
    Q_INVOKABLE void searchOrders(const QString &query);
    Q_INVOKABLE void redeemOrder(const QString &orderId);
    Q_INVOKABLE void confirmPour();
    Q_INVOKABLE void undo();
    Q_INVOKABLE void dismissVerdict();
    Q_INVOKABLE void pair(const QString &url, const QString &code);
    Q_INVOKABLE void clearNotice();
    Q_INVOKABLE void refreshStaff();

Q_SIGNALS:
    void venueChanged();
    void staffChanged();
    void staffListChanged();
    void signInChanged();
    void syncChanged();
    void storageFaultChanged();
    void tick();
    void verdictChanged();
    void busyChanged();
    void noticeChanged();
    void orderMatchesChanged();
    void settingsChanged();
    void cameraChanged();
    void pairingChanged();
    void scanStatsChanged();
    void codeOutlineChanged();
    // A verdict reached the screen (for the headless demo's console and for tests).
    void verdictShown(const QVariantMap &verdict);
    void ledgerChanged();

private:
    struct Pending
    {
        QByteArray text;
        QString orderId; // manual entry by order
        QString source;
    };
    void showOutcome(const Result<RedeemOutcome> &outcome, const QString &source);
    void showVerdict(const Verdict &v, std::optional<LedgerEntry> recorded, bool pending, const QString &source);
    void showError(const QString &message);
    void startRedeem(const Pending &p, const std::function<Result<Verdict>(Verifier &)> &preview);
    void redeemNow(const Pending &p);
    void setBusy(bool busy);
    void playSound(const QString &kind);
    void onScanned(const scanner::ScanResult &result);
    void updateSync();
    void updateScanStats();
    void everySecond();
    void loadSettings();
    void saveSetting(const char *key, const QString &value);
    QString staffName(const QString &id) const;

    Store &m_store;
    Backend &m_backend;
    const Clock &m_clock;
    Options m_options;
    QPointer<QQmlEngine> m_engine;
    QPointer<scanner::ScanWorker> m_worker;
    QPointer<QObject> m_frameSource;
    QString m_cameraDescription;

    QString m_venueName;
    QString m_deviceId;
    StaffRecord m_staff;
    QVariantList m_staffList;
    QString m_signInError;
    QString m_signOutReason;
    int m_failures = 0;
    qint64 m_lockedUntilMs = 0;
    QElapsedTimer m_sinceActivity;

    QString m_connectivity = QStringLiteral("local");
    int m_unsent = 0;
    qint64 m_lastSyncMs = 0;
    QString m_uploadProblem;
    qint64 m_uploadProblemSinceMs = 0;
    qint64 m_clockDriftMs = 0;
    QString m_storageFault;

    QVariantMap m_verdict;
    QVariantMap m_lastShown; // the verdict last dismissed: a repeat of its code stays quiet
    std::optional<Pending> m_pending;
    std::optional<qint64> m_undoSeq;
    QElapsedTimer m_undoClock;
    QTimer m_verdictTimer;
    QTimer m_noticeTimer; // a notice (e.g. "sign in first") clears itself
    bool m_busy = false;
    QString m_notice;
    QVariantList m_orderMatches;
    bool m_searchingOrders = false;
    quint64 m_searchGeneration = 0;

    bool m_confirmMode = false;
    bool m_sounds = true;
    QString m_language = QStringLiteral("en");
    int m_autoLockSeconds = 300;
    QString m_cameraId;
    QString m_resolution = QStringLiteral("1280x720");
    QString m_pairingMessage;
    bool m_pairing = false;

    QVariantMap m_scanStats;
    QVariantList m_outline;
    QElapsedTimer m_outlineAge;
    QTimer m_secondTimer;
    std::unique_ptr<QTranslator> m_translator;
    QMap<QString, QSoundEffect *> m_soundEffects;
};

} // namespace kiosk::app
