// QuickTest runner: each tst_*.qml runs against a real kiosk (demo venue, real store, backend
// thread) whose controllers are registered exactly as club-kiosk registers them.
#include "kioskapp.h"

#include <QQmlEngine>
#include <QtQuickTest>

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        kiosk::app::KioskAppOptions o;
        o.demo = true;
        o.withCamera = false;
        auto app = kiosk::app::KioskApp::create(o);
        if (!app)
            qFatal("%s", qPrintable(app.error().message));
        m_app = std::move(*app);
        m_app->registerQmlTypes();
        Q_UNUSED(engine)
    }
    void cleanupTestCase() { m_app.reset(); }

private:
    std::unique_ptr<kiosk::app::KioskApp> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(kiosk_qml, Setup)
#include "tst_qml.moc"
