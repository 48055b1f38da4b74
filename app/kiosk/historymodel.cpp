#include "historymodel.h"
#include "backend.h"
#include "clock.h"
#include "output.h"
#include "session.h"
#include "store.h"
#include "timeutil.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStorageInfo>

namespace kiosk::app {

namespace {
constexpr QFileDevice::Permissions kPrivateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
} // namespace

namespace {
constexpr qint64 HourMs = 3600'000;

bool isRedeemed(const HistoryRow &r)
{
    return r.status == QLatin1String("redeemed");
}
} // namespace

HistoryModel::HistoryModel(Store &store, Backend &backend, Session &session, const Clock &clock, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
    , m_backend(backend)
    , m_session(session)
    , m_clock(clock)
{
    m_ownDevice = m_store.deviceId().value_or(QString());
}

void HistoryModel::setShiftStart(QTime start)
{
    if (!start.isValid() || start == m_shiftStart)
        return;
    m_shiftStart = start;
    Q_EMIT filtersChanged();
    refresh();
}

void HistoryModel::setLanguage(const QString &language)
{
    if (language == m_language)
        return;
    m_language = language;
    refresh();
}

QString HistoryModel::formatMoney(qint64 minor, const QString &currency, const QString &language)
{
    const QLocale locale(language == QLatin1String("de") ? QLocale(QLocale::German, QLocale::Germany)
                                                         : QLocale(QLocale::English, QLocale::UnitedStates));
    // The currencies a venue is likely to use get their sign; any other shows its ISO code.
    static const QHash<QString, QString> signs{{QStringLiteral("USD"), QStringLiteral("$")},
        {QStringLiteral("EUR"), QStringLiteral("€")}, {QStringLiteral("GBP"), QStringLiteral("£")},
        {QStringLiteral("JPY"), QStringLiteral("¥")}};
    // ISO 4217 minor units: two for nearly all, none for these.
    static const QStringList noMinor{QStringLiteral("JPY"), QStringLiteral("KRW"), QStringLiteral("ISK")};
    const QString code = currency.isEmpty() ? QStringLiteral("USD") : currency.toUpper();
    const int digits = noMinor.contains(code) ? 0 : 2;
    const double value = digits ? double(minor) / 100.0 : double(minor);
    return locale.toCurrencyString(value, signs.value(code, code), digits);
}

QString HistoryModel::deviceName(const QString &id) const
{
    if (id.isEmpty())
        return QString();
    auto cached = m_deviceNames.constFind(id);
    if (cached != m_deviceNames.cend())
        return *cached;
    QString name = m_store.deviceName(id).value_or(QString());
    if (name.isEmpty())
        name = id;
    m_deviceNames.insert(id, name);
    return name;
}

void HistoryModel::setPeriod(const QString &period)
{
    static const QStringList known{
        QStringLiteral("shift"), QStringLiteral("24h"), QStringLiteral("7d"), QStringLiteral("all")};
    if (period == m_period || !known.contains(period))
        return;
    m_period = period;
    Q_EMIT filtersChanged();
    refresh();
}

void HistoryModel::setStatus(const QString &status)
{
    if (status == m_status)
        return;
    if (!status.isEmpty() && status != QLatin1String("scans") && !Ledger::historyStatuses().contains(status))
        return;
    m_status = status;
    Q_EMIT filtersChanged();
    refresh();
}

void HistoryModel::setStaffId(const QString &id)
{
    if (id == m_staffId)
        return;
    m_staffId = id;
    Q_EMIT filtersChanged();
    refresh();
}

std::pair<qint64, qint64> HistoryModel::periodRange() const
{
    const qint64 now = m_clock.nowMs();
    const qint64 to = now + 1;
    if (m_period == QLatin1String("24h"))
        return {now - 24 * HourMs, to};
    if (m_period == QLatin1String("7d"))
        return {now - 7 * 24 * HourMs, to};
    if (m_period == QLatin1String("all"))
        return {0, to};
    // "This shift": since the last shift start, today's or (before it) yesterday's.
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(now);
    QDateTime start(local.date(), m_shiftStart);
    if (local < start)
        start = start.addDays(-1);
    return {start.toMSecsSinceEpoch(), to};
}

void HistoryModel::refresh()
{
    beginResetModel();
    m_deviceNames.clear(); // the roster may have changed with the last sync
    m_rows.clear();
    m_scans.clear();
    m_lastError.clear();
    const auto [from, to] = periodRange();
    m_fromMs = from;
    m_toMs = to;
    HistoryFilter all;
    all.fromMs = from;
    all.toMs = to;
    auto rows = Ledger(m_store).history(all);
    auto scans = Ledger(m_store).scans(from, to);
    if (!rows || !scans) {
        m_lastError = (rows ? scans.error() : rows.error()).message;
        endResetModel();
        Q_EMIT refreshed();
        return;
    }
    // Totals and the chart cover the period (and staff), whatever the status filter shows.
    qint64 redeemed = 0, drinks = 0, amount = 0, voided = 0, conflicts = 0, offline = 0, rejected = 0, typed = 0;
    QMap<QString, qint64> perDrink; // name → glasses
    QMap<QString, std::pair<qint64, qint64>> perStaff; // name → redemptions, glasses
    QString currency;
    const bool byHourOfDay = to - from > 24 * HourMs + 1;
    const qint64 firstHour = from / HourMs;
    const int buckets = byHourOfDay ? 24 : int((to - 1) / HourMs - firstHour + 1);
    QList<int> perHour(buckets, 0);
    for (const HistoryRow &r : std::as_const(*rows)) {
        if (!m_staffId.isEmpty() && r.entry.staffId != m_staffId)
            continue;
        if (r.status == QLatin1String("voided"))
            ++voided;
        if (r.status == QLatin1String("conflict"))
            ++conflicts;
        if (!isRedeemed(r))
            continue;
        ++redeemed;
        offline += r.entry.offline && r.entry.origin == LedgerOrigin::Local;
        typed += r.typed;
        const QString who
            = r.staffName.isEmpty() ? (r.entry.staffId.isEmpty() ? tr("unknown") : r.entry.staffId) : r.staffName;
        auto &staffTotal = perStaff[who];
        ++staffTotal.first;
        for (const Drink &d : r.entry.drinks) {
            drinks += d.qty;
            perDrink[d.name] += d.qty;
            staffTotal.second += d.qty;
        }
        amount += r.entry.amount.value_or(0);
        if (currency.isEmpty())
            currency = r.entry.currency;
        const int bucket = byHourOfDay ? QDateTime::fromMSecsSinceEpoch(r.entry.atMs).time().hour()
                                       : int(r.entry.atMs / HourMs - firstHour);
        if (bucket >= 0 && bucket < buckets)
            ++perHour[bucket];
    }
    for (const ScanLogRow &s : std::as_const(*scans)) {
        if ((!m_staffId.isEmpty() && s.scan.staffId != m_staffId) || s.scan.reason == QLatin1String("OK"))
            continue;
        ++rejected;
        if (m_status == QLatin1String("scans"))
            m_scans.append(s);
    }
    std::reverse(m_scans.begin(), m_scans.end()); // newest first, like the ledger
    // Names for the scan rows, read once here rather than per row on every repaint.
    m_staffNames.clear();
    for (const ScanLogRow &s : std::as_const(m_scans)) {
        if (s.scan.staffId.isEmpty() || m_staffNames.contains(s.scan.staffId))
            continue;
        auto staff = m_store.staff(s.scan.staffId);
        if (staff && *staff)
            m_staffNames.insert(s.scan.staffId, (*staff)->name);
    }
    if (m_status != QLatin1String("scans")) {
        for (const HistoryRow &r : std::as_const(*rows)) {
            if (!m_staffId.isEmpty() && r.entry.staffId != m_staffId)
                continue;
            const bool local = r.entry.origin == LedgerOrigin::Local;
            const bool match = m_status.isEmpty() || r.status == m_status
                || (m_status == QLatin1String("offline") && r.entry.offline && isRedeemed(r) && local)
                || (m_status == QLatin1String("typed") && r.typed)
                || (m_status == QLatin1String("scanned") && !r.typed && local);
            if (match)
                m_rows.append(r);
        }
    }
    m_totals = QVariantMap{{QStringLiteral("redeemed"), double(redeemed)}, {QStringLiteral("drinks"), double(drinks)},
        {QStringLiteral("amount"), double(amount)}, {QStringLiteral("currency"), currency},
        {QStringLiteral("amountText"), formatMoney(amount, currency, m_language)},
        {QStringLiteral("typed"), double(typed)}, {QStringLiteral("voided"), double(voided)},
        {QStringLiteral("conflicts"), double(conflicts)}, {QStringLiteral("offline"), double(offline)},
        {QStringLiteral("rejectedScans"), double(rejected)}};
    // The most poured first, then by name.
    QVariantList byDrink;
    QList<std::pair<QString, qint64>> drinkList;
    for (auto it = perDrink.cbegin(); it != perDrink.cend(); ++it)
        drinkList.append({it.key(), it.value()});
    std::stable_sort(
        drinkList.begin(), drinkList.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    for (const auto &[name, qty] : drinkList)
        byDrink.append(QVariantMap{{QStringLiteral("name"), name}, {QStringLiteral("qty"), double(qty)}});
    QVariantList byStaff;
    for (auto it = perStaff.cbegin(); it != perStaff.cend(); ++it)
        byStaff.append(QVariantMap{{QStringLiteral("name"), it.key()}, {QStringLiteral("redeemed"), double(it->first)},
            {QStringLiteral("drinks"), double(it->second)}});
    m_totals.insert(QStringLiteral("byDrink"), byDrink);
    m_totals.insert(QStringLiteral("byStaff"), byStaff);
    m_hourly.clear();
    for (int i = 0; i < buckets; ++i) {
        const int hour = byHourOfDay ? i : QDateTime::fromMSecsSinceEpoch((firstHour + i) * HourMs).time().hour();
        m_hourly.append(QVariantMap{{QStringLiteral("hour"), hour}, {QStringLiteral("count"), perHour.at(i)}});
    }
    endResetModel();
    Q_EMIT refreshed();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rowCountProperty();
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCountProperty())
        return {};
    if (!m_scans.isEmpty()) {
        const ScanLogRow &s = m_scans.at(index.row());
        switch (role) {
        case SeqRole:
            return double(s.id);
        case AtMsRole:
            return double(s.scan.atMs);
        case StaffRole:
            return m_staffNames.value(s.scan.staffId, s.scan.staffId);
        case StatusRole:
            return QStringLiteral("scan");
        case ReasonRole:
            return s.scan.reason;
        case OriginRole:
            return s.scan.source;
        case RecipientRole:
            return s.scan.orderId;
        default:
            return QString();
        }
    }
    const HistoryRow &r = m_rows.at(index.row());
    const LedgerEntry &e = r.entry;
    switch (role) {
    case SeqRole:
        return double(e.seq);
    case AtMsRole:
        return double(e.atMs);
    case RecipientRole:
        return e.recipient.isEmpty() ? e.orderId : e.recipient;
    case DrinksRole:
        return kioskctl::drinksText(e.drinks);
    case StaffRole:
        return r.staffName.isEmpty() ? e.staffId : r.staffName;
    case StatusRole:
        return r.status;
    case OfflineRole:
        return e.offline && e.origin == LedgerOrigin::Local;
    case SyncRole:
        return r.syncState;
    case ReasonRole:
        return r.status == QLatin1String("rejected") ? r.rejectReason : r.voidReason;
    case OriginRole:
        return e.origin == LedgerOrigin::Local ? QStringLiteral("local") : QStringLiteral("foreign");
    case DeviceRole:
        return e.deviceId == m_ownDevice ? QString() : deviceName(e.deviceId); // "": this bar
    case AmountRole:
        return e.amount ? formatMoney(*e.amount, e.currency, m_language) : QString();
    case TypedRole:
        return r.typed;
    case ReviewRole:
        return r.reviewNote;
    case WinnerRole:
        return r.winnerDevice;
    case VoidSyncRole:
        return r.voidSync;
    default:
        return {};
    }
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    return {{SeqRole, "seq"}, {AtMsRole, "atMs"}, {RecipientRole, "recipient"}, {DrinksRole, "drinks"},
        {StaffRole, "staff"}, {StatusRole, "status"}, {OfflineRole, "offline"}, {SyncRole, "sync"},
        {ReasonRole, "reason"}, {OriginRole, "origin"}, {DeviceRole, "device"}, {AmountRole, "amount"},
        {WinnerRole, "winner"}, {VoidSyncRole, "voidSync"}, {TypedRole, "typed"}, {ReviewRole, "review"}};
}

QVariantMap HistoryModel::conflict(double seq) const
{
    for (const HistoryRow &r : m_rows) {
        if (r.entry.seq != qint64(seq))
            continue;
        auto winnerStaff = m_store.staff(r.winnerStaff);
        QVariantMap out{{QStringLiteral("ours"),
                            QVariantMap{{QStringLiteral("atMs"), double(r.entry.atMs)},
                                {QStringLiteral("device"), deviceName(r.entry.deviceId)},
                                {QStringLiteral("here"), r.entry.deviceId == m_ownDevice},
                                {QStringLiteral("staff"), r.staffName.isEmpty() ? r.entry.staffId : r.staffName},
                                {QStringLiteral("offline"), r.entry.offline}}},
            {QStringLiteral("winner"),
                QVariantMap{{QStringLiteral("atMs"), double(r.winnerAtMs.value_or(0))},
                    {QStringLiteral("device"), deviceName(r.winnerDevice)},
                    {QStringLiteral("here"), r.winnerDevice == m_ownDevice},
                    {QStringLiteral("staff"), winnerStaff && *winnerStaff ? (*winnerStaff)->name : r.winnerStaff}}},
            {QStringLiteral("recipient"), r.entry.recipient},
            {QStringLiteral("drinks"), kioskctl::drinksText(r.entry.drinks)},
            {QStringLiteral("orderId"), r.entry.orderId}};
        if (!r.reviewNote.isEmpty()) {
            auto by = m_store.staff(r.reviewedBy);
            out.insert(QStringLiteral("review"),
                QVariantMap{{QStringLiteral("note"), r.reviewNote},
                    {QStringLiteral("staff"), by && *by ? (*by)->name : r.reviewedBy},
                    {QStringLiteral("atMs"), double(r.reviewedAtMs.value_or(0))}});
        }
        return out;
    }
    return {};
}

bool HistoryModel::resolveConflict(double seq, const QString &note)
{
    if (!m_session.manager()) {
        Q_EMIT reviewFinished(false, QStringLiteral("manager_only"));
        return false;
    }
    if (note.trimmed().isEmpty()) {
        Q_EMIT reviewFinished(false, QStringLiteral("note_required"));
        return false;
    }
    const Status st = Ledger(m_store).reviewConflict(qint64(seq), m_session.staffId(), note, m_clock.nowMs());
    if (!st) {
        Q_EMIT reviewFinished(false, st.error().message);
        return false;
    }
    refresh();
    Q_EMIT reviewFinished(true, QString());
    return true;
}

bool HistoryModel::voidRedemption(double seq, const QString &reason)
{
    if (!m_session.manager()) {
        Q_EMIT voidFinished(false, QStringLiteral("manager_only"));
        return false;
    }
    if (reason.trimmed().isEmpty()) {
        Q_EMIT voidFinished(false, QStringLiteral("reason_required"));
        return false;
    }
    QPointer<HistoryModel> self(this);
    m_backend.voidRedemption(qint64(seq), m_session.staffId(), reason.trimmed(), [self](Result<qint64> r) {
        if (!self)
            return;
        self->refresh();
        Q_EMIT self->voidFinished(bool(r), r ? QString() : r.error().message);
    });
    return true;
}

QVariantList HistoryModel::exportTargets() const
{
    QVariantList out;
    const auto volumes = QStorageInfo::mountedVolumes();
    for (const QStorageInfo &v : volumes) {
        const QString root = v.rootPath();
        const bool removable = root.startsWith(QLatin1String("/media/"))
            || root.startsWith(QLatin1String("/run/media/")) || root.startsWith(QLatin1String("/mnt/"));
        if (removable && v.isValid() && v.isReady() && !v.isReadOnly())
            out.append(QVariantMap{{QStringLiteral("path"), root}, {QStringLiteral("name"), v.displayName()},
                {QStringLiteral("removable"), true},
                {QStringLiteral("freeMb"), double(v.bytesAvailable() / (1024 * 1024))}});
    }
    const QString home = documentsFolder();
    // Free space of the folder, or of the folder it will be made in.
    QString existing = home;
    while (!QFileInfo::exists(existing) && existing.size() > 1)
        existing = QFileInfo(existing).absolutePath();
    out.append(QVariantMap{{QStringLiteral("path"), home}, {QStringLiteral("name"), home},
        {QStringLiteral("removable"), false},
        {QStringLiteral("freeMb"), double(QStorageInfo(existing).bytesAvailable() / (1024 * 1024))}});
    return out;
}

QString HistoryModel::documentsFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

QString HistoryModel::fileName(const QString &suffix) const
{
    const QString venue = m_store.venueId().value_or(QStringLiteral("venue"));
    return QStringLiteral("club-kiosk-%1-%2-%3.%4")
        .arg(venue, m_period, QDateTime::fromMSecsSinceEpoch(m_clock.nowMs()).toString(QStringLiteral("yyyyMMdd-HHmm")),
            suffix);
}

void HistoryModel::fail(const QString &message)
{
    m_lastError = message;
    Q_EMIT refreshed();
}

std::optional<QDir> HistoryModel::exportFolder(const QString &folder)
{
    if (!m_session.manager()) {
        fail(QStringLiteral("only a manager can export"));
        return std::nullopt;
    }
    const QDir dir(folder);
    // The documents folder is the kiosk's own fallback: made on first use. A stick's folder
    // must be there (a missing one means the stick was pulled).
    if (!folder.isEmpty() && folder == documentsFolder() && !QFileInfo::exists(folder)) {
        QDir().mkpath(folder);
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    if (folder.isEmpty() || !dir.exists()) {
        fail(QStringLiteral("the folder %1 does not exist (is the USB stick plugged in?)").arg(folder));
        return std::nullopt;
    }
    return dir;
}

QString HistoryModel::exportCsv(const QString &folder)
{
    const auto dir = exportFolder(folder);
    if (!dir)
        return QString();
    const QString path = dir->filePath(fileName(QStringLiteral("csv")));
    // Written whole or not at all: a pulled stick never leaves half a file that looks complete.
    QSaveFile file(path);
    const QByteArray body = m_scans.isEmpty() && m_status != QLatin1String("scans") ? kioskctl::historyCsv(m_rows)
                                                                                    : kioskctl::scansCsv(m_scans);
    // Names, amounts and staff of a night: readable by the kiosk's user only (where the file
    // system keeps permissions; a FAT stick does not).
    if (!file.open(QIODevice::WriteOnly) || !(file.setPermissions(kPrivateFile), true)
        || file.write(body) != body.size() || !file.commit()) {
        fail(QStringLiteral("could not write %1: %2").arg(path, file.errorString()));
        return QString();
    }
    m_lastError.clear();
    Q_EMIT refreshed();
    return path;
}

QString HistoryModel::exportPdf(const QString &folder)
{
    const auto dir = exportFolder(folder);
    if (!dir)
        return QString();
    const QString path = dir->filePath(fileName(QStringLiteral("pdf")));
    const QString partial = path + QStringLiteral(".part");
    {
        // Made private before the PDF writer fills it (it keeps the mode when it truncates).
        QFile f(partial);
        if (f.open(QIODevice::WriteOnly))
            f.setPermissions(kPrivateFile);
    }
    {
        QPdfWriter pdf(partial);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setResolution(150);
        pdf.setTitle(tr("End-of-shift report"));
        pdf.setCreator(QStringLiteral("Club Kiosk"));
        QPainter p;
        if (!p.begin(&pdf)) {
            fail(QStringLiteral("could not write %1").arg(path));
            return QString();
        }
        const int w = pdf.width();
        const int h = pdf.height();
        const auto [from, to] = periodRange();
        auto when
            = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm")); };
        QFont title(QStringLiteral("DejaVu Sans"), 18, QFont::Bold);
        QFont body(QStringLiteral("DejaVu Sans"), 9);
        QFont bold = body;
        bold.setBold(true);
        int y = 0;
        p.setFont(title);
        p.drawText(QRect(0, y, w, 60), Qt::AlignLeft | Qt::AlignVCenter,
            tr("End-of-shift report — %1").arg(m_store.meta(MetaKey::VenueName).value_or(QString())));
        y += 70;
        p.setFont(body);
        p.drawText(QRect(0, y, w, 30), Qt::AlignLeft,
            tr("Period %1 to %2 · kiosk %3 · printed by %4")
                .arg(when(from == 0 ? (m_rows.isEmpty() ? to : m_rows.last().entry.atMs) : from), when(to),
                    m_store.deviceId().value_or(QString()), m_session.staffName()));
        y += 50;
        const QStringList labels{tr("Redemptions"), tr("Drinks"), tr("Value"), tr("Voided"), tr("Double pours"),
            tr("Recorded offline"), tr("Rejected scans")};
        const QStringList values{m_totals.value(QStringLiteral("redeemed")).toString(),
            m_totals.value(QStringLiteral("drinks")).toString(),
            m_totals.value(QStringLiteral("amountText")).toString(),
            m_totals.value(QStringLiteral("voided")).toString(), m_totals.value(QStringLiteral("conflicts")).toString(),
            m_totals.value(QStringLiteral("offline")).toString(),
            m_totals.value(QStringLiteral("rejectedScans")).toString()};
        const int cell = w / int(labels.size());
        for (int i = 0; i < labels.size(); ++i) {
            p.setFont(body);
            p.drawText(QRect(i * cell, y, cell, 30), Qt::AlignLeft, labels.at(i));
            p.setFont(bold);
            p.drawText(QRect(i * cell, y + 30, cell, 34), Qt::AlignLeft, values.at(i));
        }
        y += 90;
        // Redemptions per hour.
        p.setFont(bold);
        p.drawText(QRect(0, y, w, 30), Qt::AlignLeft, tr("Redemptions per hour"));
        y += 40;
        const int chartH = 260;
        int peak = 1;
        for (const QVariant &v : std::as_const(m_hourly))
            peak = std::max(peak, v.toMap().value(QStringLiteral("count")).toInt());
        const int n = std::max<int>(1, int(m_hourly.size()));
        const int bar = w / n;
        p.setFont(body);
        for (int i = 0; i < m_hourly.size(); ++i) {
            const QVariantMap b = m_hourly.at(i).toMap();
            const int count = b.value(QStringLiteral("count")).toInt();
            const int bh = count * (chartH - 40) / peak;
            p.fillRect(QRect(i * bar + 4, y + chartH - 30 - bh, bar - 8, bh), QColor(0x1b, 0x5e, 0x20));
            if (count)
                p.drawText(QRect(i * bar, y + chartH - 60 - bh, bar, 28), Qt::AlignHCenter, QString::number(count));
            p.drawText(QRect(i * bar, y + chartH - 28, bar, 28), Qt::AlignHCenter,
                QStringLiteral("%1").arg(b.value(QStringLiteral("hour")).toInt(), 2, 10, QLatin1Char('0')));
        }
        y += chartH + 30;
        // What was poured and by whom.
        QStringList drinkParts, staffParts;
        for (const QVariant &d : m_totals.value(QStringLiteral("byDrink")).toList())
            drinkParts << QStringLiteral("%1 × %2")
                              .arg(d.toMap().value(QStringLiteral("qty")).toLongLong())
                              .arg(d.toMap().value(QStringLiteral("name")).toString());
        for (const QVariant &v : m_totals.value(QStringLiteral("byStaff")).toList()) {
            const QVariantMap m = v.toMap();
            staffParts << tr("%1: %2 redemptions, %3 drinks")
                              .arg(m.value(QStringLiteral("name")).toString())
                              .arg(m.value(QStringLiteral("redeemed")).toLongLong())
                              .arg(m.value(QStringLiteral("drinks")).toLongLong());
        }
        for (const auto &[label, parts] :
            {std::pair{tr("Per drink"), drinkParts}, std::pair{tr("Per person"), staffParts}}) {
            p.setFont(bold);
            p.drawText(QRect(0, y, w, 30), Qt::AlignLeft, label);
            y += 34;
            p.setFont(body);
            const QRect box(0, y, w, 400);
            const QRect used = p.boundingRect(box, Qt::AlignLeft | Qt::TextWordWrap, parts.join(QStringLiteral(" · ")));
            p.drawText(box, Qt::AlignLeft | Qt::TextWordWrap, parts.join(QStringLiteral(" · ")));
            y += used.height() + 20;
        }
        // The ledger itself.
        const QStringList heads{tr("Time"), tr("Status"), tr("Recipient"), tr("Drinks"), tr("Staff"), tr("Note")};
        const QList<double> cols{0.0, 0.14, 0.27, 0.47, 0.70, 0.82};
        auto header = [&] {
            p.setFont(bold);
            for (int i = 0; i < heads.size(); ++i)
                p.drawText(QRect(int(cols.at(i) * w), y, w / 4, 30), Qt::AlignLeft, heads.at(i));
            y += 36;
            p.setFont(body);
        };
        header();
        for (const HistoryRow &r : std::as_const(m_rows)) {
            if (y > h - 40) {
                pdf.newPage();
                y = 0;
                header();
            }
            QString note = r.status == QLatin1String("conflict") ? tr("first: %1").arg(deviceName(r.winnerDevice))
                                                                 : r.voidReason;
            if (!r.reviewNote.isEmpty())
                note += QStringLiteral(" · ") + tr("resolved: %1").arg(r.reviewNote);
            if (r.typed)
                note = (note.isEmpty() ? QString() : note + QStringLiteral(" · ")) + tr("typed");
            const QStringList cells{when(r.entry.atMs), r.status, r.entry.recipient,
                kioskctl::drinksText(r.entry.drinks), r.staffName.isEmpty() ? r.entry.staffId : r.staffName, note};
            for (int i = 0; i < cells.size(); ++i) {
                const int right = i + 1 < cols.size() ? int(cols.at(i + 1) * w) : w;
                p.drawText(QRect(int(cols.at(i) * w), y, right - int(cols.at(i) * w) - 8, 28),
                    Qt::AlignLeft | Qt::TextSingleLine, cells.at(i));
            }
            y += 30;
        }
        if (!p.end()) {
            QFile::remove(partial);
            fail(QStringLiteral("could not write %1").arg(path));
            return QString();
        }
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        fail(QStringLiteral("could not write %1").arg(path));
        return QString();
    }
    m_lastError.clear();
    Q_EMIT refreshed();
    return path;
}

} // namespace kiosk::app
