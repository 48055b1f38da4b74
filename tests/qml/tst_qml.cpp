// QuickTest runner: each tst_*.qml runs against a real kiosk (demo venue, real store, backend
// thread) whose controllers are registered exactly as club-kiosk registers them.
#include "clock.h"
#include "kioskapp.h"
#include "kiosksettings.h"

#include <QDir>
#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

// Lets a test look at what the kiosk wrote (QML cannot read files).
class Files : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // The newest file in `folder` matching `pattern`, or "".
    Q_INVOKABLE QString newest(const QString &folder, const QString &pattern) const
    {
        const QFileInfoList found = QDir(folder).entryInfoList({pattern}, QDir::Files, QDir::Time);
        return found.isEmpty() ? QString() : found.constFirst().absoluteFilePath();
    }
    Q_INVOKABLE int lineCount(const QString &path) const
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : -1;
    }
    Q_INVOKABLE QString head(const QString &path, int bytes) const
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.read(bytes)) : QString();
    }
};

// testClock in QML: the kiosk runs on an OffsetClock, and a test jumps past a deadline (the
// undo window, the Pour timeout) without sleeping. advance() runs the kiosk's deadline checks
// at once.
class TestClock : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    Q_INVOKABLE void advance(int ms)
    {
        m_clock.advanceMs(ms);
        if (m_app)
            m_app->tick();
    }
    const kiosk::Clock *clock() const { return &m_clock; }
    void setApp(kiosk::app::KioskApp *app) { m_app = app; }

private:
    kiosk::OffsetClock m_clock;
    kiosk::app::KioskApp *m_app = nullptr;
};

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        // Exports go to the documents folder (after any USB stick): a private one for the tests,
        // through the XDG user-dirs file the kiosk reads on a real machine too. The folder does
        // not exist yet: the kiosk makes it on first use.
        m_home.reset(new QTemporaryDir);
        QDir(m_home->path()).mkpath(QStringLiteral("config"));
        QFile dirs(m_home->filePath(QStringLiteral("config/user-dirs.dirs")));
        if (!dirs.open(QIODevice::WriteOnly))
            qFatal("cannot write user-dirs.dirs");
        dirs.write("XDG_DOCUMENTS_DIR=\"" + QFile::encodeName(exportFolder()) + "\"\n");
        dirs.close();
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home->filePath(QStringLiteral("config"))));
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->rootContext()->setContextProperty(QStringLiteral("exportFolder"), exportFolder());
        engine->rootContext()->setContextProperty(QStringLiteral("files"), &m_files);
        engine->rootContext()->setContextProperty(QStringLiteral("testClock"), &m_clock);
        kiosk::app::KioskAppOptions o;
        o.demo = true;
        o.withCamera = false;
        o.clock = m_clock.clock();
        auto app = kiosk::app::KioskApp::create(o);
        if (!app)
            qFatal("%s", qPrintable(app.error().message));
        m_app = std::move(*app);
        m_app->registerQmlTypes();
        m_app->settings()->setEngine(engine); // as KioskApp::load does: retranslate on a switch
        m_clock.setApp(m_app.get());
    }
    void cleanupTestCase()
    {
        m_clock.setApp(nullptr);
        m_app.reset();
    }

private:
    QString exportFolder() const { return m_home->filePath(QStringLiteral("Documents")); }

    std::unique_ptr<QTemporaryDir> m_home;
    Files m_files;
    TestClock m_clock;
    std::unique_ptr<kiosk::app::KioskApp> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(kiosk_qml, Setup)
#include "tst_qml.moc"
