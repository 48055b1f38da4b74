// History for the manager against the demo night: totals, filters, the double pour, roles
// (bartenders cannot void or export), voids with a reason, CSV and PDF exports.
#include "historymodel.h"
#include "kioskfixture.h"

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
            QStringLiteral("dev_bar_right"));
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
};

QTEST_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
