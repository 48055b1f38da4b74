// History for the manager against the demo night: totals, filters, the double pour, roles
// (bartenders cannot void or export), voids with a reason, CSV and PDF exports.
#include "historymodel.h"
#include "kioskfixture.h"
#include "kiosksettings.h"
#include "sqlite_p.h"
#include "store.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kiosk;
using namespace kiosk::app;
using kiosk::test::DemoKiosk;

class TestHistoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void historyTotalsFiltersAndRoles()
    {
        DemoKiosk demo;
        Session &k = demo.session();
        HistoryModel &h = *demo.app->history();
        h.setPeriod(QStringLiteral("24h"));
        h.refresh();
        // The seeded night: 26 orders poured (one voided, one double pour) + Dana's at the other bar.
        QCOMPARE(h.totals().value(QStringLiteral("redeemed")).toInt(), 25);
        QCOMPARE(h.totals().value(QStringLiteral("voided")).toInt(), 1);
        QCOMPARE(h.totals().value(QStringLiteral("conflicts")).toInt(), 1);
        QCOMPARE(h.totals().value(QStringLiteral("rejectedScans")).toInt(), 4);
        int perHour = 0;
        for (const QVariant &b : h.hourly())
            perHour += b.toMap().value(QStringLiteral("count")).toInt();
        QCOMPARE(perHour, 25);

        h.setStatus(QStringLiteral("conflict"));
        QCOMPARE(h.rowCount(), 1);
        const QVariantMap c = h.conflict(h.data(h.index(0), HistoryModel::SeqRole).toDouble());
        QCOMPARE(c.value(QStringLiteral("winner")).toMap().value(QStringLiteral("device")).toString(),
            QStringLiteral("Right bar")); // the roster's name, not the id
        QCOMPARE(
            c.value(QStringLiteral("winner")).toMap().value(QStringLiteral("staff")).toString(), QStringLiteral("Ada"));
        h.setStatus(QStringLiteral("scans"));
        QCOMPARE(h.rowCount(), 4);
        h.setStatus(QString());
        h.setStaffId(QStringLiteral("stf_ada"));
        QVERIFY(h.totals().value(QStringLiteral("redeemed")).toInt() < 25);
        h.setStaffId(QString());
        h.setStatus(QStringLiteral("redeemed"));
        const double seq = h.data(h.index(0), HistoryModel::SeqRole).toDouble();

        // A bartender cannot void or export.
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QSignalSpy voided(&h, &HistoryModel::voidFinished);
        QVERIFY(!h.voidRedemption(seq, QStringLiteral("spilled")));
        QCOMPARE(voided.takeFirst().at(1).toString(), QStringLiteral("manager_only"));
        QTemporaryDir out;
        QVERIFY(h.exportCsv(out.path()).isEmpty());
        k.signOut();

        // A manager can, with a reason.
        QVERIFY(k.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));
        QVERIFY(!h.voidRedemption(seq, QStringLiteral("  ")));
        QVERIFY(h.voidRedemption(seq, QStringLiteral("spilled")));
        QVERIFY(voided.wait(3000) || !voided.isEmpty());
        QVERIFY(voided.last().at(0).toBool());
        h.setStatus(QString());
        QCOMPARE(h.totals().value(QStringLiteral("voided")).toInt(), 2);

        const QString csv = h.exportCsv(out.path());
        QVERIFY2(!csv.isEmpty(), qPrintable(h.lastError()));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().split('\n');
        QVERIFY(lines.first().startsWith("seq,redeemed_at,status"));
        QCOMPARE(lines.size() - 2, h.rowCount()); // header + rows, trailing newline
        const QString pdf = h.exportPdf(out.path());
        QVERIFY2(!pdf.isEmpty(), qPrintable(h.lastError()));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QVERIFY(pdfFile.size() > 2000);
        // A missing folder (stick pulled) is a clear error, not a crash.
        QVERIFY(h.exportCsv(out.filePath(QStringLiteral("gone"))).isEmpty());
        QVERIFY(h.lastError().contains(QLatin1String("does not exist")));
    }

    void shiftStartsAtFourInTheAfternoon()
    {
        DemoKiosk demo;
        const auto [from, to] = demo.app->history()->periodRange();
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(from);
        QCOMPARE(start.time(), QTime(16, 0));
        QVERIFY(to - from <= 24 * 3600'000LL + 1);
        QVERIFY(to > from);
    }

    // A double pour is closed by a manager with a note: kept append-only, shown, exported.
    void aDoublePourIsResolvedWithANote()
    {
        DemoKiosk demo;
        Session &k = demo.session();
        HistoryModel &h = *demo.app->history();
        h.setPeriod(QStringLiteral("24h"));
        h.setStatus(QStringLiteral("conflict"));
        QCOMPARE(h.rowCount(), 1);
        const double seq = h.data(h.index(0), HistoryModel::SeqRole).toDouble();
        QSignalSpy reviewed(&h, &HistoryModel::reviewFinished);
        QVERIFY(k.signIn(QStringLiteral("stf_sam"), QStringLiteral("1111")));
        QVERIFY(!h.resolveConflict(seq, QStringLiteral("fine")));
        QCOMPARE(reviewed.takeFirst().at(1).toString(), QStringLiteral("manager_only"));
        k.signOut();
        QVERIFY(k.signIn(QStringLiteral("stf_morgan"), QStringLiteral("2468")));
        QVERIFY(!h.resolveConflict(seq, QStringLiteral("   ")));
        QCOMPARE(reviewed.takeFirst().at(1).toString(), QStringLiteral("note_required"));
        // Only a double pour takes a review.
        h.setStatus(QStringLiteral("redeemed"));
        QVERIFY(!h.resolveConflict(h.data(h.index(0), HistoryModel::SeqRole).toDouble(), QStringLiteral("note")));
        QVERIFY(reviewed.takeFirst().at(1).toString().contains(QLatin1String("not a double pour")));
        h.setStatus(QStringLiteral("conflict"));
        QVERIFY(h.resolveConflict(seq, QStringLiteral("Both bars poured; paid at the till")));
        QVERIFY(reviewed.takeFirst().at(0).toBool());
        QCOMPARE(h.data(h.index(0), HistoryModel::ReviewRole).toString(),
            QStringLiteral("Both bars poured; paid at the till"));
        const QVariantMap c = h.conflict(seq);
        QCOMPARE(c.value(QStringLiteral("review")).toMap().value(QStringLiteral("staff")).toString(),
            QStringLiteral("Morgan"));
        QCOMPARE(c.value(QStringLiteral("winner")).toMap().value(QStringLiteral("device")).toString(),
            QStringLiteral("Right bar"));
        QVERIFY(c.value(QStringLiteral("ours")).toMap().value(QStringLiteral("here")).toBool());
        // A second review is a new line; the newest counts. None can be changed or deleted.
        QVERIFY(h.resolveConflict(seq, QStringLiteral("Refunded the guest")));
        QCOMPARE(h.data(h.index(0), HistoryModel::ReviewRole).toString(), QStringLiteral("Refunded the guest"));
        QVERIFY(!demo.app->store().db().execScript("UPDATE conflict_reviews SET note = 'x'", QStringLiteral("test")));
        QVERIFY(!demo.app->store().db().execScript("DELETE FROM conflict_reviews", QStringLiteral("test")));
        QTemporaryDir out;
        const QString csv = h.exportCsv(out.path());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.startsWith("seq,redeemed_at,status"));
        QVERIFY(text.contains(",entered,review_note,reviewed_by,reviewed_at,device_name\r\n"));
        QVERIFY(text.contains("Refunded the guest,stf_morgan,"));
    }

    void typedAndScannedPours()
    {
        DemoKiosk demo;
        HistoryModel &h = *demo.app->history();
        h.setPeriod(QStringLiteral("24h"));
        QCOMPARE(h.totals().value(QStringLiteral("typed")).toInt(), 3);
        h.setStatus(QStringLiteral("typed"));
        QCOMPARE(h.rowCount(), 3);
        for (int i = 0; i < h.rowCount(); ++i)
            QVERIFY(h.data(h.index(i), HistoryModel::TypedRole).toBool());
        h.setStatus(QStringLiteral("scanned"));
        const int scanned = h.rowCount();
        QVERIFY(scanned >= 22);
        for (int i = 0; i < scanned; ++i)
            QVERIFY(!h.data(h.index(i), HistoryModel::TypedRole).toBool());
        // The same filter from the command line's side of the ledger.
        HistoryFilter f;
        f.status = QStringLiteral("typed");
        QCOMPARE(Ledger(demo.app->store()).history(f).value().size(), 3);
        // Per drink and per person add up to the totals.
        h.setStatus(QString());
        qint64 glasses = 0, byPeople = 0;
        for (const QVariant &d : h.totals().value(QStringLiteral("byDrink")).toList())
            glasses += d.toMap().value(QStringLiteral("qty")).toLongLong();
        for (const QVariant &p : h.totals().value(QStringLiteral("byStaff")).toList())
            byPeople += p.toMap().value(QStringLiteral("redeemed")).toLongLong();
        QCOMPARE(glasses, h.totals().value(QStringLiteral("drinks")).toLongLong());
        QCOMPARE(byPeople, h.totals().value(QStringLiteral("redeemed")).toLongLong());
    }

    void moneyInTheLanguagesWay()
    {
        QCOMPARE(HistoryModel::formatMoney(123456, QStringLiteral("USD"), QStringLiteral("en")),
            QStringLiteral("$1,234.56"));
        QCOMPARE(HistoryModel::formatMoney(123456, QStringLiteral("EUR"), QStringLiteral("de")),
            QStringLiteral("1.234,56\u00a0€"));
        QCOMPARE(HistoryModel::formatMoney(500, QStringLiteral("JPY"), QStringLiteral("en")), QStringLiteral("¥500"));
        QCOMPARE(
            HistoryModel::formatMoney(1999, QStringLiteral("CHF"), QStringLiteral("en")), QStringLiteral("CHF19.99"));
        QCOMPARE(HistoryModel::formatMoney(0, QString(), QStringLiteral("en")), QStringLiteral("$0.00"));
    }

    void theShiftStartsWhenSettingsSay()
    {
        DemoKiosk demo;
        HistoryModel &h = *demo.app->history();
        demo.app->settings()->setShiftStart(QStringLiteral("05:15"));
        const auto [from, to] = h.periodRange();
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(from).time(), QTime(5, 15));
        QVERIFY(to - from <= 24 * 3600'000LL + 1);
        QVERIFY(to > from);
        demo.app->settings()->setShiftStart(QStringLiteral("not a time"));
        QCOMPARE(demo.app->settings()->shiftStart(), QStringLiteral("05:15"));
    }
};

QTEST_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
