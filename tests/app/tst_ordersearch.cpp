// Manual entry's search against the demo venue's order cache: by name and by the phone's last
// four, an order chosen goes through the normal verdict, and nobody signed in finds nothing.
#include "kioskfixture.h"
#include "ordersearch.h"

#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;
using kiosk::test::waitFor;

class TestOrderSearch : public QObject
{
    Q_OBJECT

    static QStringList names(OrderSearch &o, const QString &q)
    {
        QStringList out;
        o.searchOrders(q);
        if (!o.searchingOrders() || !waitFor([&] { return !o.searchingOrders(); }))
            return {QStringLiteral("(no answer)")};
        for (const QVariant &v : o.orderMatches())
            out << v.toMap().value(QStringLiteral("recipient")).toString();
        return out;
    }

    static QString state(const OrderSearch &o, int i)
    {
        return o.orderMatches().value(i).toMap().value(QStringLiteral("state")).toString();
    }

private Q_SLOTS:
    void findsAndRedeemsOrders()
    {
        DemoKiosk k;
        OrderSearch &o = *k.app->orders();
        QVERIFY(k.session().signIn(QStringLiteral("stf_ada"), QStringLiteral("3579")));
        QCOMPARE(
            names(o, QStringLiteral("alex")), (QStringList{QStringLiteral("Alex M."), QStringLiteral("Alex Rivera")}));
        QCOMPARE(names(o, QStringLiteral("0142")), QStringList{QStringLiteral("Priya Kapoor")});
        k.verdicts().redeemOrder(QStringLiteral("ord_m1"));
        QVERIFY(waitFor([&] { return k.verdicts().verdictVisible() && !k.verdicts().busy(); }));
        QCOMPARE(k.verdicts().verdict().value(QStringLiteral("reason")), QStringLiteral("OK"));
        QCOMPARE(k.verdicts().verdict().value(QStringLiteral("totalQty")).toInt(), 2);
        QCOMPARE(k.verdicts().verdict().value(QStringLiteral("source")), QStringLiteral("manual"));
        // Redeemed orders stay in the list, saying so (here, or at the other bar).
        QCOMPARE(names(o, QStringLiteral("0142")), QStringList{QStringLiteral("Priya Kapoor")});
        QCOMPARE(state(o, 0), QStringLiteral("redeemed"));
        QVERIFY(o.orderMatches()
                    .at(0)
                    .toMap()
                    .value(QStringLiteral("previous"))
                    .toMap()
                    .value(QStringLiteral("here"))
                    .toBool());
        QCOMPARE(o.redeemableCount(), 0);
        QCOMPARE(names(o, QStringLiteral("Dana")), QStringList{QStringLiteral("Dana W.")});
        const QVariantMap dana = o.orderMatches().at(0).toMap().value(QStringLiteral("previous")).toMap();
        QCOMPARE(dana.value(QStringLiteral("deviceName")).toString(), QStringLiteral("Right bar"));
        QCOMPARE(dana.value(QStringLiteral("staff")).toString(), QStringLiteral("Sam"));
    }

    // Every match, each with the verdict it would get now, the redeemable first; names match
    // without accents or case.
    void everyMatchWithItsStateAndFoldedNames()
    {
        DemoKiosk k;
        OrderSearch &o = *k.app->orders();
        QVERIFY(k.session().signIn(QStringLiteral("stf_ada"), QStringLiteral("3579")));
        for (const char *q : {"muller", "MULLER", "müller", "zoe m", "ZOË MÜ"}) {
            QCOMPARE(names(o, QString::fromUtf8(q)), QStringList{QStringLiteral("Zoë Müller")});
            QCOMPARE(state(o, 0), QStringLiteral("redeemable"));
        }
        QCOMPARE(names(o, QStringLiteral("Jo P")), QStringList{QStringLiteral("Jo P.")});
        QCOMPARE(state(o, 0), QStringLiteral("unpaid"));
        QCOMPARE(names(o, QStringLiteral("Kim")), QStringList{QStringLiteral("Kim L.")});
        QCOMPARE(
            o.orderMatches().at(0).toMap().value(QStringLiteral("reason")).toString(), QStringLiteral("TOKEN_REVOKED"));
        // Alex M. was poured earlier tonight? Not yet: both Alexes redeemable, then one poured.
        k.scan(k.code(0));
        QCOMPARE(
            names(o, QStringLiteral("alex")), (QStringList{QStringLiteral("Alex Rivera"), QStringLiteral("Alex M.")}));
        QCOMPARE(state(o, 0), QStringLiteral("redeemable"));
        QCOMPARE(state(o, 1), QStringLiteral("redeemed"));
        QCOMPARE(o.redeemableCount(), 1);
    }

    void shortQueriesAndNobodySignedInFindNothing()
    {
        DemoKiosk k;
        OrderSearch &o = *k.app->orders();
        o.searchOrders(QStringLiteral("alex"));
        QVERIFY(!o.searchingOrders());
        QVERIFY(o.orderMatches().isEmpty());
        QVERIFY(k.session().signIn(QStringLiteral("stf_ada"), QStringLiteral("3579")));
        o.searchOrders(QStringLiteral("a"));
        QVERIFY(!o.searchingOrders());
        QVERIFY(o.orderMatches().isEmpty());
        // An answer to an older query is dropped: only the last one lands.
        o.searchOrders(QStringLiteral("alex"));
        o.searchOrders(QStringLiteral("priya"));
        QVERIFY(waitFor([&] { return !o.searchingOrders(); }));
        QCOMPARE(o.orderMatches().size(), 1);
    }
};

QTEST_MAIN(TestOrderSearch)
#include "tst_ordersearch.moc"
