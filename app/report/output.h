#pragma once
// How kioskctl prints verdicts, history and status: JSON as kioskctl.md specifies, tables for
// people, CSV for accountants.

#include "ledger.h"
#include "redeemer.h"

#include <QJsonObject>

namespace kioskctl {

QJsonObject verdictJson(const kiosk::Verdict &verdict, const std::optional<kiosk::LedgerEntry> &recorded);
QString verdictText(const kiosk::Verdict &verdict, const std::optional<kiosk::LedgerEntry> &recorded);

QJsonObject historyRowJson(const kiosk::HistoryRow &row);
QJsonObject scanRowJson(const kiosk::ScanLogRow &row);
QString historyTable(const QList<kiosk::HistoryRow> &rows);
QString scansTable(const QList<kiosk::ScanLogRow> &rows);
QByteArray historyCsv(const QList<kiosk::HistoryRow> &rows);
QByteArray scansCsv(const QList<kiosk::ScanLogRow> &rows);

// Text for a terminal: control characters (C0 but newline and tab, DEL, C1) and Unicode
// direction overrides become U+FFFD, so a name from the feed or a code cannot move the cursor,
// recolour the terminal or reorder what an operator reads.
QString printable(const QString &text);

QString formatMoney(qint64 minorUnits, const QString &currency);
QString drinksText(const QList<kiosk::Drink> &drinks);

} // namespace kioskctl
