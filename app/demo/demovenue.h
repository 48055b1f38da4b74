#pragma once
// The demo venue "The Copper Still": a change feed (fresh demo key, staff with PINs, orders,
// a refund, a redemption from the other bar) and a dozen codes that between them show every
// kind of verdict, dated around `nowSecs`. Shared by `club-kiosk --demo` and club-demo-data.
#include <QByteArray>
#include <QList>
#include <QString>

namespace kiosk::demo {

struct DemoCode
{
    QString label; // what the code is, in English (console output)
    QString expected; // the reason code the kiosk must reach
    QByteArray text;
};

struct DemoStaff
{
    QString id;
    QString name;
    QString role;
    QString pin;
};

struct DemoVenue
{
    QString venueId;
    QString venueName;
    QByteArray feed; // one change-feed document
    QList<DemoStaff> staff;
    QList<DemoCode> codes;
};

DemoVenue makeDemoVenue(qint64 nowSecs);

} // namespace kiosk::demo
