#pragma once
// What the kiosk's concern tests share: a demo kiosk (real SQLite database, backend thread,
// real redeem path) on a clock the test can move, and waiting for the backend's answers.
#include "clock.h"
#include "kioskapp.h"
#include "session.h"
#include "verdictcontroller.h"

#include <QDeadlineTimer>
#include <QTest>
#include <functional>

namespace kiosk::test {

inline bool waitFor(const std::function<bool()> &condition, int ms = 5000)
{
    QDeadlineTimer deadline(ms);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(5);
    }
    return true;
}

struct DemoKiosk
{
    OffsetClock clock;
    std::unique_ptr<app::KioskApp> app;

    explicit DemoKiosk(const std::function<void(app::KioskAppOptions &)> &adjust = {})
    {
        app::KioskAppOptions o;
        o.demo = true;
        o.withCamera = false;
        o.clock = &clock;
        if (adjust)
            adjust(o);
        auto created = app::KioskApp::create(o);
        if (!created)
            qFatal("%s", qPrintable(created.error().message));
        app = std::move(*created);
    }
    app::Session &session() const { return *app->session(); }
    app::VerdictController &verdicts() const { return *app->verdicts(); }
    QByteArray code(int index) const { return app->demoCodes().at(index); }

    // Moves the clock on and runs the deadline checks, as the kiosk's timer would.
    void skip(qint64 ms)
    {
        clock.advanceMs(ms);
        app->tick();
    }

    // Scans and waits for the verdict.
    QVariantMap scan(const QByteArray &code, const QString &source = QStringLiteral("camera")) const
    {
        app::VerdictController &v = verdicts();
        v.dismissVerdict();
        v.submitBytes(code, source);
        if (!waitFor([&] { return v.verdictVisible() && !v.busy(); }))
            return {};
        return v.verdict();
    }
};

} // namespace kiosk::test
