#include "kioskapp.h"
#include "backend.h"
#include "camerasource.h"
#include "camerawatch.h"
#include "capturesource.h"
#include "demoframesource.h"
#include "demovenue.h"
#include "feed.h"
#include "framepreview.h"
#include "historymodel.h"
#include "keyboardwedge.h"
#include "kiosksettings.h"
#include "ordersearch.h"
#include "pairingcontroller.h"
#include "scannerstate.h"
#include "scanworker.h"
#include "session.h"
#include "setupcontroller.h"
#include "store.h"
#include "syncmonitor.h"
#include "verdictcontroller.h"
#include "viewfinder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMediaDevices>
#include <QQmlApplicationEngine>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>
#include <QVideoSink>
#include <QWindow>
#include <QtQml>

namespace kiosk::app {

qint64 processStatusKb(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

KioskApp::KioskApp(const KioskAppOptions &options)
    : m_options(options)
    , m_clock(options.clock ? *options.clock : SystemClock::instance())
{ }

KioskApp::~KioskApp()
{
    // Sources first (they feed the worker), then the controllers, then the threads.
    m_wedge.reset();
    m_demo.reset();
    m_cameraWatch.reset();
    m_history.reset();
    m_scanner.reset();
    m_orders.reset();
    m_verdicts.reset();
    m_sync.reset();
    m_pairing.reset();
    m_settings.reset();
    m_session.reset();
    m_setup.reset();
    if (m_setupTranslator)
        QCoreApplication::removeTranslator(m_setupTranslator.get());
    m_worker.reset();
    m_backend.reset();
    m_store.reset();
}

Result<std::unique_ptr<KioskApp>> KioskApp::create(const KioskAppOptions &options)
{
    std::unique_ptr<KioskApp> app(new KioskApp(options));
    if (auto st = app->init(); !st)
        return st.error();
    return app;
}

Status KioskApp::createDemoDatabase()
{
    if (m_options.dbPath.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/club-kiosk-demo-XXXXXX"));
        if (!m_tempDir->isValid())
            return makeError(ErrorCode::Io, QStringLiteral("cannot create a temporary folder for the demo database"));
        m_dbPath = m_tempDir->filePath(QStringLiteral("demo.db"));
    } else {
        m_dbPath = m_options.dbPath;
    }
    const demo::DemoVenue venue = demo::makeDemoVenue(m_clock.nowMs() / 1000);
    auto created = Store::create(m_dbPath, venue.venueId, venue.venueName, m_clock);
    if (!created)
        return created.error();
    auto doc = parseFeedDocument(venue.feed);
    if (!doc)
        return doc.error();
    if (auto applied = FeedIngest(**created, m_clock).apply(*doc); !applied)
        return applied.error();
    QStringList staff;
    for (const demo::DemoStaff &s : venue.staff)
        staff << QStringLiteral("%1 (%2) PIN %3").arg(s.name, s.role, s.pin);
    m_demoHint = staff.join(QStringLiteral(" · "));
    if (auto seeded = demo::seedDemoHistory(**created, m_clock.nowMs()); !seeded)
        return seeded.error();
    m_store = std::move(*created);
    QList<QByteArray> codes;
    for (const demo::DemoCode &c : venue.codes) {
        codes << c.text;
        m_demoCodes << c.text;
    }
    m_worker = std::make_unique<scanner::ScanWorker>();
    // The demo venue with generated frames, unless --frames gives a video or folder to scan.
    if (m_options.withCamera && m_options.framesPath.isEmpty()) {
        m_demo = std::make_unique<scanner::DemoFrameSource>(codes, m_worker.get());
        if (m_options.fastDemo)
            m_demo->setTiming(30, 10, 6);
        m_sourceDescription = QStringLiteral("demo frames (%1 codes, 1280×720)").arg(codes.size());
    }
    return {};
}

void KioskApp::attachFrameSource(QObject *source, const QString &description)
{
    if (m_scanner)
        m_scanner->setFrameSource(source, description);
    if (m_setup)
        m_setup->setFrameSource(source, description);
}

// The frames the scanner reads: the demo's, a video or folder (--frames), or the camera. No
// camera is not an error: a keyboard-wedge scanner and typing still work, and the camera watch
// keeps trying, so one plugged in (or back) later just works. A --frames file or folder that
// cannot be read is an error at once.
Status KioskApp::openFrameSource()
{
    if (m_demo) {
        attachFrameSource(m_demo.get(), m_sourceDescription);
        return {};
    }
    if (!m_options.withCamera)
        return {};
    scanner::ScanWorker *worker = m_worker.get();
    scanner::CameraWatch::Opener opener;
    const QString frames = m_options.framesPath;
    if (!frames.isEmpty()) {
        opener = [frames](QString *error) -> std::unique_ptr<scanner::FrameSource> {
            scanner::CaptureSource::Options o;
            o.loop = true;
            o.fps = 15;
            return scanner::CaptureSource::open(frames, o, error);
        };
        if (!scanner::CaptureSource::isCamera(frames)) {
            QString error;
            if (!opener(&error))
                return makeError(ErrorCode::InvalidArgument, error);
        }
    } else {
        opener = [id = m_options.cameraId.toUtf8(), worker](QString *error) -> std::unique_ptr<scanner::FrameSource> {
            return scanner::CameraSource::open(id, worker, error);
        };
    }
    auto *preview = new FramePreview(15);
    m_preview.reset(preview);
    m_cameraWatch = std::make_unique<scanner::CameraWatch>(std::move(opener));
    // Each newly opened camera's frames go to the scanner and the viewfinder.
    connect(m_cameraWatch.get(), &scanner::CameraWatch::sourceChanged, preview,
        [this, worker, preview](scanner::FrameSource *source) {
            if (auto *capture = qobject_cast<scanner::CaptureSource *>(source)) {
                connect(
                    capture, &scanner::CaptureSource::frameCaptured, preview,
                    [worker, preview](std::shared_ptr<const scanner::FrameData> frame, qint64) {
                        worker->submit(frame);
                        preview->offerLuma(frame);
                    },
                    Qt::DirectConnection);
            } else if (auto *camera = qobject_cast<scanner::CameraSource *>(source)) {
                connect(camera->sink(), &QVideoSink::videoFrameChanged, preview, &FramePreview::offerVideoFrame);
            }
            if (source)
                attachFrameSource(preview, source->description());
        });
    // A camera plugged in or out: look again now, not at the next retry.
    auto *devices = new QMediaDevices(m_cameraWatch.get());
    connect(devices, &QMediaDevices::videoInputsChanged, m_cameraWatch.get(), &scanner::CameraWatch::retryNow);
    if (m_scanner)
        m_scanner->setCameraWatch(m_cameraWatch.get());
    attachFrameSource(nullptr, frames.isEmpty() ? QStringLiteral("camera not opened yet") : frames);
    return {};
}

Status KioskApp::init()
{
    if (m_options.setup) {
        m_dbPath = m_options.dbPath;
        // The database's folder, the kiosk's alone (0700), for the lock now and the database later.
        if (auto st = ensurePrivateFolder(QFileInfo(m_dbPath).absolutePath()); !st)
            return st;
        auto lock = RunLock::acquire(m_dbPath);
        if (!lock)
            return lock.error();
        m_runLock = std::move(*lock);
        // The configured language (no Settings yet): German, or English by default.
        if (m_options.language == QLatin1String("de")) {
            auto translator = std::make_unique<QTranslator>();
            if (translator->load(QStringLiteral(":/i18n/club-kiosk_de.qm"))) {
                QCoreApplication::installTranslator(translator.get());
                m_setupTranslator = std::move(translator);
            }
        }
        m_worker = std::make_unique<scanner::ScanWorker>();
        m_setup = std::make_unique<SetupController>(m_dbPath, m_clock);
        m_setup->setLanguage(m_options.language == QLatin1String("de") ? m_options.language : QStringLiteral("en"));
        m_setup->setScanWorker(m_worker.get());
        return openFrameSource();
    }
    if (m_options.demo) {
        if (auto st = createDemoDatabase(); !st)
            return st;
    } else {
        m_dbPath = m_options.dbPath;
        auto lock = RunLock::acquire(m_dbPath);
        if (!lock)
            return lock.error();
        m_runLock = std::move(*lock);
        auto opened = Store::open(m_dbPath);
        if (!opened)
            return opened.error();
        m_store = std::move(*opened);
        m_worker = std::make_unique<scanner::ScanWorker>();
    }

    sync::OnlineRedeemOptions redeem;
    redeem.confirmTimeoutMs = m_options.confirmTimeoutMs;
    redeem.verifier.clockSkewSeconds = m_options.clockSkewSeconds;
    redeem.strictPeers = m_options.peers.has_value() && m_options.peersStrict;
    m_backend = std::make_unique<Backend>(m_dbPath, m_clock, redeem);
    m_backend->setPollInterval(m_options.pollSeconds * 1000);
    m_backend->setPeerOptions(m_options.peers);
    StoreOptions storeOptions;
    storeOptions.maxDatabaseBytes = m_options.maxDatabaseBytes;
    m_backend->setStoreOptions(storeOptions);
    if (auto st = m_backend->start(m_options.withSync && !m_options.demo); !st)
        return st;

    // The composition root: one small object per concern, each handed what it needs.
    Session::Options sessionOptions;
    sessionOptions.demo = m_options.demo;
    sessionOptions.demoHint = m_demoHint;
    m_session = std::make_unique<Session>(*m_store, m_clock, sessionOptions);
    KioskSettings::Options settingsOptions;
    settingsOptions.confirmModeDefault = m_options.confirmModeDefault;
    settingsOptions.shiftStartDefault = m_options.shiftStart;
    m_settings = std::make_unique<KioskSettings>(*m_store, settingsOptions);
    if (!m_options.language.isEmpty())
        m_settings->setLanguage(m_options.language);
    m_session->setAutoLockSeconds(m_settings->autoLockSeconds());
    connect(m_settings.get(), &KioskSettings::changed, m_session.get(),
        [this] { m_session->setAutoLockSeconds(m_settings->autoLockSeconds()); });
    m_pairing = std::make_unique<PairingController>(*m_store, *m_backend, *m_session);
    m_sync = std::make_unique<SyncMonitor>(*m_store, *m_backend, m_clock, m_options.clockSkewSeconds);
    connect(m_pairing.get(), &PairingController::paired, m_sync.get(), &SyncMonitor::update);
    m_verdicts = std::make_unique<VerdictController>(
        *m_store, *m_backend, m_clock, *m_session, *m_settings, VerdictController::Options{});
    m_orders = std::make_unique<OrderSearch>(*m_store, *m_backend, *m_session);
    m_scanner = std::make_unique<ScannerState>(m_clock);
    m_scanner->setScanWorker(m_worker.get());
    VerdictController *verdicts = m_verdicts.get();
    connect(m_worker.get(), &scanner::ScanWorker::codeScanned, verdicts,
        [verdicts](const scanner::ScanResult &r) { verdicts->submitBytes(r.text, QStringLiteral("camera")); });
    m_history = std::make_unique<HistoryModel>(*m_store, *m_backend, *m_session, m_clock);
    connect(m_verdicts.get(), &VerdictController::ledgerChanged, m_history.get(), &HistoryModel::refresh);
    auto historySettings = [this] {
        m_history->setShiftStart(QTime::fromString(m_settings->shiftStart(), QStringLiteral("HH:mm")));
        m_history->setLanguage(m_settings->language());
    };
    historySettings();
    connect(m_settings.get(), &KioskSettings::changed, m_history.get(), historySettings);
    connect(m_backend.get(), &Backend::pulled, m_history.get(), [this] {
        m_session->refreshStaff();
        m_history->refresh();
    });
    m_ticker = new QTimer(this);
    m_ticker->setInterval(250);
    connect(m_ticker, &QTimer::timeout, this, &KioskApp::tick);
    m_ticker->start();

    if (auto st = openFrameSource(); !st)
        return st;
    if (auto *app = QCoreApplication::instance())
        app->installEventFilter(m_session.get());
    return {};
}

void KioskApp::registerQmlTypes()
{
    if (m_setup) {
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Setup", m_setup.get());
    } else {
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Session", m_session.get());
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Verdicts", m_verdicts.get());
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Orders", m_orders.get());
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Sync", m_sync.get());
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Settings", m_settings.get());
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Pairing", m_pairing.get());
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "Scanner", m_scanner.get());
        qmlRegisterSingletonInstance("ClubKiosk", 1, 0, "History", m_history.get());
    }
    qmlRegisterType<Viewfinder>("ClubKiosk", 1, 0, "Viewfinder");
}

Status KioskApp::load(QQmlApplicationEngine &engine)
{
    registerQmlTypes();
    if (m_settings)
        m_settings->setEngine(&engine);
    QStringList errors;
    const auto collect
        = QObject::connect(&engine, &QQmlApplicationEngine::warnings, &engine, [&errors](const QList<QQmlError> &list) {
              for (const QQmlError &e : list)
                  errors << e.toString();
          });
    engine.load(QUrl(m_setup ? QStringLiteral("qrc:/qml/Setup.qml") : QStringLiteral("qrc:/qml/Main.qml")));
    QObject::disconnect(collect);
    if (engine.rootObjects().isEmpty())
        return makeError(
            ErrorCode::Internal, QStringLiteral("the user interface did not load:\n") + errors.join(QLatin1Char('\n')));
    // A keyboard-wedge scanner types into the window: watch the window only (an application
    // filter would see each key again for every item it is delivered to).
    if (auto *window = qobject_cast<QWindow *>(engine.rootObjects().constFirst()); window && m_setup) {
        // A hand scanner can read the setup code too.
        m_wedge = std::make_unique<scanner::KeyboardWedge>();
        SetupController *setup = m_setup.get();
        connect(m_wedge.get(), &scanner::KeyboardWedge::scanned, setup,
            [setup](const QByteArray &text) { setup->submitText(text); });
        window->installEventFilter(m_wedge.get());
    } else if (window) {
        m_wedge = std::make_unique<scanner::KeyboardWedge>();
        VerdictController *verdicts = m_verdicts.get();
        connect(m_wedge.get(), &scanner::KeyboardWedge::scanned, verdicts,
            [verdicts](const QByteArray &text) { verdicts->submitBytes(text, QStringLiteral("wedge")); });
        window->installEventFilter(m_wedge.get());
    }
    return {};
}

void KioskApp::tick()
{
    if (!m_session)
        return;
    m_session->tick();
    m_verdicts->tick();
    m_sync->tick();
    m_scanner->tick();
}

void KioskApp::startScanning()
{
    if (m_demo)
        m_demo->start();
    if (m_cameraWatch && m_cameraWatch->state() == scanner::CameraWatch::State::Off) {
        if (!m_cameraWatch->start() && m_scanner) // none yet: say why on the screens, keep trying
            attachFrameSource(nullptr, m_cameraWatch->detail());
    }
}

} // namespace kiosk::app
