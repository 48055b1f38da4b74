#pragma once
// The demo venue "The Copper Still": a change feed (fresh demo key, staff with PINs, orders,
// a refund, a redemption from the other bar) and fourteen codes that between them show every
// kind of verdict, dated around `nowSecs`: the signed ones as DK1 codes, the form the app shows,
// and two as the older app's JWS. Shared by `club-kiosk --demo` and club-demo-data.
#include <QByteArray>
#include <QList>
#include <QString>

#include "result.h"

namespace kiosk {
class Store;
}

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

// Fills a store holding makeDemoVenue's feed with earlier tonight's redemptions.
Status seedDemoHistory(Store &store, qint64 nowMs);

} // namespace kiosk::demo
