#pragma once
// The composition root as a class (main.cpp only parses flags): opens or creates the store,
// starts the backend thread, the scan worker and a frame source (camera, video/folder, or the
// demo sequence), builds the controllers, hands them to QML and loads Main.qml. Tests build it
// the same way, so the kiosk they drive is the kiosk that ships.
#include "clock.h"
#include "peernetwork.h"
#include "result.h"
#include "runlock.h"

#include <QObject>
#include <memory>
#include <optional>

class QQmlApplicationEngine;
class QTemporaryDir;
class QTranslator;
class QQmlEngine;
class QQuickWindow;
class QTimer;

namespace kiosk {
class Store;
namespace scanner {
class ScanWorker;
class DemoFrameSource;
class CameraWatch;
class KeyboardWedge;
} // namespace scanner
} // namespace kiosk

namespace kiosk::app {

class Backend;
class HistoryModel;
class KioskSettings;
class OrderSearch;
class PairingController;
class ScannerState;
class Session;
class SetupController;
class SyncMonitor;
class VerdictController;

// A figure from /proc/self/status in KiB ("VmRSS:", "VmHWM:"), -1 when unreadable: --measure
// and the benchmarks.
qint64 processStatusKb(const QByteArray &field);

struct KioskAppOptions
{
    bool demo = false;
    QString dbPath; // demo: where to create the demo database (empty: a temporary folder)
    QString framesPath; // a video file or a folder of images instead of the camera
    QString cameraId; // empty: the default camera (when not demo and no framesPath)
    QString language; // empty: the saved setting
    bool fastDemo = false; // demo frames at 4× speed (tests)
    bool withCamera = true; // false: no frame source at all (QuickTest)
    bool withSync = true;
    int clockSkewSeconds = 120;
    int confirmTimeoutMs = 1500;
    int pollSeconds = 15; // how often sync asks the cloud for changes
    std::optional<bool> confirmModeDefault; // confirm mode until Settings says otherwise
    QString shiftStart = QStringLiteral("16:00"); // when a bar shift starts, until Settings says otherwise
    // No database yet: the "Scan the setup code" screen (SetupController), which pairs and
    // creates the database at dbPath.
    bool setup = false;
    qint64 maxDatabaseBytes = 0; // the recording connection's size limit (0: none)
    // The venue's other kiosks on the LAN ([peers] in the configuration); none: no peers.
    std::optional<sync::PeerOptions> peers;
    bool peersStrict = false; // [peers] strict: no pour while a bar of the roster is unreachable
    // Time for every deadline on screen (verdicts, undo, auto-lock, camera lost); tests inject
    // one they can move. Null: the system clock. Must outlive the app.
    const Clock *clock = nullptr;
};

class KioskApp : public QObject
{
    Q_OBJECT
public:
    static Result<std::unique_ptr<KioskApp>> create(const KioskAppOptions &options);
    ~KioskApp() override;

    // Makes the controllers and the Viewfinder type known to a QML engine (ClubKiosk 1.0).
    void registerQmlTypes();
    // Loads qrc:/qml/Main.qml; fails with the QML errors.
    Status load(QQmlApplicationEngine &engine);
    // Starts the frame source (demo frames, camera, video).
    void startScanning();

    // The concerns QML sees, one singleton each (ClubKiosk 1.0: Session, Verdicts, Orders, Sync,
    // Settings, Pairing, Scanner, History). Null in setup mode.
    Session *session() const { return m_session.get(); }
    VerdictController *verdicts() const { return m_verdicts.get(); }
    OrderSearch *orders() const { return m_orders.get(); }
    SyncMonitor *syncMonitor() const { return m_sync.get(); }
    KioskSettings *settings() const { return m_settings.get(); }
    PairingController *pairing() const { return m_pairing.get(); }
    ScannerState *scanner() const { return m_scanner.get(); }
    // Runs every deadline check now (the timer does it four times a second): tests call it
    // after moving their clock.
    void tick();
    SetupController *setup() const { return m_setup.get(); }
    HistoryModel *history() const { return m_history.get(); }
    Backend *backend() const { return m_backend.get(); }
    scanner::ScanWorker *worker() const { return m_worker.get(); }
    scanner::DemoFrameSource *demoSource() const { return m_demo.get(); }
    Store &store() const { return *m_store; }
    QString dbPath() const { return m_dbPath; }
    // The demo's staff and codes, for console hints.
    QString demoHint() const { return m_demoHint; }
    QString sourceDescription() const { return m_sourceDescription; }
    // The demo's codes in order (valid, already redeemed, expired, …).
    const QList<QByteArray> &demoCodes() const { return m_demoCodes; }

private:
    explicit KioskApp(const KioskAppOptions &options);
    Status init();
    Status createDemoDatabase();
    Status openFrameSource();
    void attachFrameSource(QObject *source, const QString &description);

    KioskAppOptions m_options;
    const Clock &m_clock;
    QTimer *m_ticker = nullptr;
    QString m_dbPath;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    // Held while the kiosk runs: one kiosk per database, and no restore under it.
    RunLock m_runLock;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<KioskSettings> m_settings;
    std::unique_ptr<PairingController> m_pairing;
    std::unique_ptr<SyncMonitor> m_sync;
    std::unique_ptr<VerdictController> m_verdicts;
    std::unique_ptr<OrderSearch> m_orders;
    std::unique_ptr<ScannerState> m_scanner;
    std::unique_ptr<SetupController> m_setup;
    std::unique_ptr<QTranslator> m_setupTranslator;
    std::unique_ptr<HistoryModel> m_history;
    std::unique_ptr<scanner::ScanWorker> m_worker;
    std::unique_ptr<scanner::DemoFrameSource> m_demo;
    std::unique_ptr<scanner::CameraWatch> m_cameraWatch; // the camera, or --frames, kept open
    std::unique_ptr<QObject> m_preview;
    std::unique_ptr<scanner::KeyboardWedge> m_wedge;
    QString m_demoHint;
    QList<QByteArray> m_demoCodes;
    QString m_sourceDescription;
};

} // namespace kiosk::app
