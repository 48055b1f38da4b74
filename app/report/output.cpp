#include "output.h"

#include "timeutil.h"

#include <QDateTime>
#include <QJsonArray>

using namespace kiosk;

namespace kioskctl {

namespace {

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue timeOrNull(std::optional<qint64> ms)
{
    return ms ? QJsonValue(formatRfc3339Ms(*ms)) : QJsonValue(QJsonValue::Null);
}

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// Spreadsheet programs execute cells that start with these; names come from guests.
QString csvCell(QString s)
{
    if (!s.isEmpty() && QStringLiteral("=+-@\t\r").contains(s.front()))
        s.prepend(QLatin1Char('\''));
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))
        || s.contains(QLatin1Char('\r')) || s.contains(QLatin1Char('\''))) {
        s.replace(QLatin1String("\""), QLatin1String("\"\""));
        s = QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}

QString padded(const QString &s, int width)
{
    QString t = s.size() > width ? s.left(width - 1) + QChar(0x2026) : s;
    return t.leftJustified(width);
}

QString table(const QStringList &headers, const QList<QStringList> &rows)
{
    QList<int> widths;
    for (const auto &h : headers)
        widths.append(static_cast<int>(h.size()));
    for (const auto &r : rows)
        for (int i = 0; i < r.size(); ++i)
            widths[i] = qMin(40, qMax(widths[i], static_cast<int>(r[i].size())));
    auto line = [&](const QStringList &cells) -> QString {
        QStringList out;
        for (int i = 0; i < cells.size(); ++i)
            out.append(i + 1 == cells.size() ? cells[i] : padded(cells[i], widths[i]));
        return out.join(QLatin1String("  ")).trimmed() + QLatin1Char('\n');
    };
    QString text = line(headers);
    for (const auto &r : rows)
        text += line(r);
    return text;
}

} // namespace

QString printable(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        const bool control = (u < 0x20 && u != u'\n' && u != u'\t') || (u >= 0x7f && u <= 0x9f);
        const bool bidi = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f;
        if (control || bidi)
            c = QChar(0xfffd);
    }
    return out;
}

QString formatMoney(qint64 minorUnits, const QString &currency)
{
    return QStringLiteral("%1 %2.%3")
        .arg(currency)
        .arg(minorUnits / 100)
        .arg(qAbs(minorUnits % 100), 2, 10, QLatin1Char('0'));
}

QString drinksText(const QList<Drink> &drinks)
{
    QStringList parts;
    for (const auto &d : drinks)
        parts.append(QStringLiteral("%1 × %2").arg(d.qty).arg(d.name));
    return parts.join(QLatin1String(", "));
}

QJsonObject verdictJson(const Verdict &v, const std::optional<LedgerEntry> &recorded)
{
    QJsonObject o;
    o.insert(QStringLiteral("verdict"), v.ok() ? QStringLiteral("OK") : QStringLiteral("REJECTED"));
    o.insert(QStringLiteral("reason"), reasonCode(v.reason));
    o.insert(QStringLiteral("detail"), v.detail);
    o.insert(QStringLiteral("message"), reasonExplanation(v.reason));
    o.insert(QStringLiteral("form"),
        v.form == CodeForm::Token        ? QStringLiteral("token")
            : v.form == CodeForm::Legacy ? QStringLiteral("legacy")
                                         : QStringLiteral("malformed"));
    o.insert(QStringLiteral("orderId"), orNull(v.orderId));
    o.insert(QStringLiteral("jti"), orNull(v.jti));
    o.insert(QStringLiteral("recipient"), orNull(v.recipient));
    o.insert(QStringLiteral("phone4"), orNull(v.phone4));
    o.insert(QStringLiteral("drinks"), drinksToJsonArray(v.drinks));
    o.insert(QStringLiteral("amount"), v.amount ? QJsonValue(*v.amount) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("currency"), orNull(v.currency));
    o.insert(QStringLiteral("expiresAt"), timeOrNull(v.expiresAtMs));
    o.insert(
        QStringLiteral("verifiedBy"), v.ok() ? orNull(verifiedByCode(v.verifiedBy)) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("offlineVerified"), v.ok() && !v.orderCached);
    if (v.previous) {
        const auto &p = *v.previous;
        o.insert(QStringLiteral("previous"),
            QJsonObject{{QStringLiteral("redeemedAt"), timeOrNull(p.atMs)},
                {QStringLiteral("deviceId"), orNull(p.deviceId)}, {QStringLiteral("staffId"), orNull(p.staffId)},
                {QStringLiteral("staffName"), orNull(p.staffName)}, {QStringLiteral("thisKiosk"), p.local},
                {QStringLiteral("deviceName"), orNull(p.deviceName)}});
    } else {
        o.insert(QStringLiteral("previous"), QJsonValue::Null);
    }
    if (recorded) {
        o.insert(QStringLiteral("redemption"),
            QJsonObject{{QStringLiteral("seq"), recorded->seq},
                {QStringLiteral("idempotencyKey"), recorded->idempotencyKey},
                {QStringLiteral("redeemedAt"), formatRfc3339Ms(recorded->atMs)},
                {QStringLiteral("staffId"), orNull(recorded->staffId)},
                {QStringLiteral("offline"), recorded->offline}});
    }
    return o;
}

QString verdictText(const Verdict &v, const std::optional<LedgerEntry> &recorded)
{
    QString text;
    const QString indent = QStringLiteral("          ");
    if (v.ok()) {
        text += QStringLiteral("OK        %1").arg(drinksText(v.drinks));
        if (!v.recipient.isEmpty())
            text += QStringLiteral(" for %1").arg(v.recipient);
        if (!v.phone4.isEmpty())
            text += QStringLiteral(" (phone …%1)").arg(v.phone4);
        text += QLatin1Char('\n');
        text += indent + QStringLiteral("order %1").arg(v.orderId);
        if (v.amount)
            text += QStringLiteral(" · %1").arg(formatMoney(*v.amount, v.currency));
        text += QStringLiteral(" · verified by %1%2\n")
                    .arg(verifiedByCode(v.verifiedBy),
                        v.orderCached ? QString() : QStringLiteral(" (order not yet in the cache)"));
        if (recorded)
            text += indent
                + QStringLiteral("recorded as %1 at %2\n").arg(recorded->idempotencyKey, localTime(recorded->atMs));
        else
            text += indent + QStringLiteral("not recorded (verify only)\n");
    } else {
        text += QStringLiteral("REJECTED  %1: %2\n").arg(reasonCode(v.reason), reasonExplanation(v.reason));
        text += indent + v.detail + QLatin1Char('\n');
        if (v.previous) {
            const auto &p = *v.previous;
            QString who = p.staffName.isEmpty() ? p.staffId : QStringLiteral("%1 (%2)").arg(p.staffName, p.staffId);
            text += indent
                + QStringLiteral("redeemed %1 on %2%3%4\n")
                      .arg(p.atMs ? localTime(*p.atMs) : QStringLiteral("at an unknown time"),
                          p.deviceId.isEmpty()         ? QStringLiteral("an unknown kiosk")
                              : p.deviceName.isEmpty() ? p.deviceId
                                                       : QStringLiteral("%1 (%2)").arg(p.deviceName, p.deviceId),
                          p.local ? QStringLiteral(" (this kiosk)") : QString(),
                          who.isEmpty() ? QString() : QStringLiteral(" by ") + who);
        }
        if (!v.orderId.isEmpty())
            text += indent + QStringLiteral("order %1").arg(v.orderId)
                + (v.recipient.isEmpty() ? QString() : QStringLiteral(" for %1").arg(v.recipient)) + QLatin1Char('\n');
    }
    return text;
}

QJsonObject historyRowJson(const HistoryRow &h)
{
    const LedgerEntry &e = h.entry;
    QJsonObject o{
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("idempotencyKey"), e.idempotencyKey},
        {QStringLiteral("status"), h.status},
        {QStringLiteral("redeemedAt"), formatRfc3339Ms(e.atMs)},
        {QStringLiteral("recordedAt"), formatRfc3339Ms(e.recordedMs)},
        {QStringLiteral("origin"),
            e.origin == LedgerOrigin::Local ? QStringLiteral("local") : QStringLiteral("foreign")},
        {QStringLiteral("orderId"), e.orderId},
        {QStringLiteral("jti"), orNull(e.jti)},
        {QStringLiteral("qrCode"), orNull(e.qrCode)},
        {QStringLiteral("recipient"), orNull(e.recipient)},
        {QStringLiteral("drinks"), drinksToJsonArray(e.drinks)},
        {QStringLiteral("amount"), e.amount ? QJsonValue(*e.amount) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("currency"), orNull(e.currency)},
        {QStringLiteral("deviceId"), e.deviceId},
        {QStringLiteral("deviceName"), orNull(h.deviceName)},
        {QStringLiteral("staffId"), orNull(e.staffId)},
        {QStringLiteral("staffName"), orNull(h.staffName)},
        {QStringLiteral("verifiedBy"), orNull(verifiedByCode(e.verifiedBy))},
        {QStringLiteral("offline"), e.offline},
        {QStringLiteral("remoteId"), orNull(e.remoteId)},
        {QStringLiteral("sync"), orNull(h.syncState)},
        {QStringLiteral("uploadedAt"), timeOrNull(h.uploadedMs)},
    };
    if (h.voidedAtMs)
        o.insert(QStringLiteral("void"),
            QJsonObject{{QStringLiteral("at"), formatRfc3339Ms(*h.voidedAtMs)},
                {QStringLiteral("reason"), h.voidReason}, {QStringLiteral("staffId"), orNull(h.voidedBy)},
                // Where the void stands with the cloud: not-uploaded, pending, sent, refused.
                {QStringLiteral("sync"), orNull(h.voidSync)},
                {QStringLiteral("syncReason"), orNull(h.voidSyncReason)}});
    if (!h.winnerDevice.isEmpty())
        o.insert(QStringLiteral("winner"),
            QJsonObject{{QStringLiteral("deviceId"), h.winnerDevice},
                {QStringLiteral("staffId"), orNull(h.winnerStaff)},
                {QStringLiteral("redeemedAt"), timeOrNull(h.winnerAtMs)}});
    if (!h.rejectReason.isEmpty())
        o.insert(QStringLiteral("rejectReason"), h.rejectReason);
    if (e.origin == LedgerOrigin::Local)
        o.insert(QStringLiteral("entered"), h.typed ? QStringLiteral("typed") : QStringLiteral("scanned"));
    if (!h.reviewNote.isEmpty())
        o.insert(QStringLiteral("review"),
            QJsonObject{{QStringLiteral("note"), h.reviewNote}, {QStringLiteral("staffId"), h.reviewedBy},
                {QStringLiteral("at"), timeOrNull(h.reviewedAtMs)}});
    return o;
}

QJsonObject scanRowJson(const ScanLogRow &r)
{
    return QJsonObject{{QStringLiteral("id"), r.id}, {QStringLiteral("at"), formatRfc3339Ms(r.scan.atMs)},
        {QStringLiteral("reason"), r.scan.reason}, {QStringLiteral("detail"), orNull(r.scan.detail)},
        {QStringLiteral("form"), r.scan.form}, {QStringLiteral("source"), r.scan.source},
        {QStringLiteral("fingerprint"), r.scan.fingerprint}, {QStringLiteral("orderId"), orNull(r.scan.orderId)},
        {QStringLiteral("jti"), orNull(r.scan.jti)}, {QStringLiteral("staffId"), orNull(r.scan.staffId)},
        {QStringLiteral("deviceId"), r.deviceId},
        {QStringLiteral("ledgerSeq"), r.scan.ledgerSeq ? QJsonValue(*r.scan.ledgerSeq) : QJsonValue(QJsonValue::Null)}};
}

QString historyTable(const QList<HistoryRow> &rows)
{
    if (rows.isEmpty())
        return QStringLiteral("No redemptions match.\n");
    QList<QStringList> cells;
    qint64 live = 0;
    for (const auto &h : rows) {
        const auto &e = h.entry;
        if (h.status == QLatin1String("redeemed"))
            ++live;
        cells.append(
            {localTime(e.atMs), h.voidSync.isEmpty() ? h.status : QStringLiteral("%1 (%2)").arg(h.status, h.voidSync),
                e.orderId, drinksText(e.drinks), e.recipient, h.staffName.isEmpty() ? e.staffId : h.staffName,
                h.deviceName.isEmpty() ? e.deviceId : h.deviceName,
                e.origin == LedgerOrigin::Foreign ? QStringLiteral("other kiosk") : h.syncState});
    }
    return table({QStringLiteral("TIME"), QStringLiteral("STATUS"), QStringLiteral("ORDER"), QStringLiteral("DRINKS"),
                     QStringLiteral("RECIPIENT"), QStringLiteral("STAFF"), QStringLiteral("DEVICE"),
                     QStringLiteral("SYNC")},
               cells)
        + QStringLiteral("%1 row(s), %2 live redemption(s)\n").arg(rows.size()).arg(live);
}

QString scansTable(const QList<ScanLogRow> &rows)
{
    if (rows.isEmpty())
        return QStringLiteral("No scans match.\n");
    QList<QStringList> cells;
    for (const auto &r : rows)
        cells.append(
            {localTime(r.scan.atMs), r.scan.reason, r.scan.orderId, r.scan.source, r.scan.fingerprint, r.scan.detail});
    return table({QStringLiteral("TIME"), QStringLiteral("REASON"), QStringLiteral("ORDER"), QStringLiteral("SOURCE"),
                     QStringLiteral("FINGERPRINT"), QStringLiteral("DETAIL")},
               cells)
        + QStringLiteral("%1 scan(s)\n").arg(rows.size());
}

QByteArray historyCsv(const QList<HistoryRow> &rows)
{
    QString out = QStringLiteral("seq,redeemed_at,status,order_id,jti,qr_code,recipient,drinks,amount_minor,currency,"
                                 "staff_id,staff_name,device_id,origin,verified_by,offline,sync,uploaded_at,"
                                 "voided_at,void_reason,voided_by,idempotency_key,winner_device,winner_staff,"
                                 "winner_at,entered,review_note,reviewed_by,reviewed_at,device_name\r\n");
    for (const auto &h : rows) {
        const auto &e = h.entry;
        const QStringList cells{
            QString::number(e.seq),
            formatRfc3339Ms(e.atMs),
            h.status,
            e.orderId,
            e.jti,
            e.qrCode,
            e.recipient,
            drinksText(e.drinks),
            e.amount ? QString::number(*e.amount) : QString(),
            e.currency,
            e.staffId,
            h.staffName,
            e.deviceId,
            e.origin == LedgerOrigin::Local ? QStringLiteral("local") : QStringLiteral("foreign"),
            verifiedByCode(e.verifiedBy),
            e.offline ? QStringLiteral("1") : QStringLiteral("0"),
            h.syncState,
            h.uploadedMs ? formatRfc3339Ms(*h.uploadedMs) : QString(),
            h.voidedAtMs ? formatRfc3339Ms(*h.voidedAtMs) : QString(),
            h.voidReason,
            h.voidedBy,
            e.idempotencyKey,
            h.winnerDevice,
            h.winnerStaff,
            h.winnerAtMs ? formatRfc3339Ms(*h.winnerAtMs) : QString(),
            // How a pour made here got in: scanned, or typed by hand (manual entry).
            e.origin == LedgerOrigin::Local ? (h.typed ? QStringLiteral("typed") : QStringLiteral("scanned"))
                                            : QString(),
            h.reviewNote,
            h.reviewedBy,
            h.reviewedAtMs ? formatRfc3339Ms(*h.reviewedAtMs) : QString(),
            h.deviceName,
        };
        QStringList quoted;
        for (const auto &c : cells)
            quoted.append(csvCell(c));
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray scansCsv(const QList<ScanLogRow> &rows)
{
    QString out = QStringLiteral("id,at,reason,detail,form,source,fingerprint,order_id,jti,staff_id,device_id,"
                                 "ledger_seq\r\n");
    for (const auto &r : rows) {
        const QStringList cells{QString::number(r.id), formatRfc3339Ms(r.scan.atMs), r.scan.reason, r.scan.detail,
            r.scan.form, r.scan.source, r.scan.fingerprint, r.scan.orderId, r.scan.jti, r.scan.staffId, r.deviceId,
            r.scan.ledgerSeq ? QString::number(*r.scan.ledgerSeq) : QString()};
        QStringList quoted;
        for (const auto &c : cells)
            quoted.append(csvCell(c));
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

} // namespace kioskctl
