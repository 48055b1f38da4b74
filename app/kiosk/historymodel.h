#pragma once
// The manager's view of the ledger: redemptions (or rejected scans) over a period, filtered by
// staff and status, with totals, a redemptions-per-hour series, conflict review, voids, and the
// CSV and PDF exports. Reads the GUI thread's store connection; voids go through the Backend.
#include "ledger.h"

#include <QAbstractListModel>
#include <QDir>
#include <QPointer>
#include <QTime>

namespace kiosk {
class Clock;
class Store;
} // namespace kiosk

namespace kiosk::app {

class Backend;
class Session;

class HistoryModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(QString period READ period WRITE setPeriod NOTIFY filtersChanged)
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY filtersChanged)
    Q_PROPERTY(QString staffId READ staffId WRITE setStaffId NOTIFY filtersChanged)
    Q_PROPERTY(QVariantMap totals READ totals NOTIFY refreshed)
    Q_PROPERTY(QVariantList hourly READ hourly NOTIFY refreshed)
    Q_PROPERTY(int count READ rowCountProperty NOTIFY refreshed)
    Q_PROPERTY(QString lastError READ lastError NOTIFY refreshed)
    // The period shown, [from, to) in epoch ms, for the range on screen.
    Q_PROPERTY(double periodFromMs READ periodFromMs NOTIFY refreshed)
    Q_PROPERTY(double periodToMs READ periodToMs NOTIFY refreshed)
    // "HH:mm" when a bar shift starts ("this shift" runs from the last one).
    Q_PROPERTY(QString shiftStart READ shiftStartText NOTIFY filtersChanged)

public:
    enum Role {
        SeqRole = Qt::UserRole + 1,
        AtMsRole,
        RecipientRole,
        DrinksRole,
        StaffRole,
        StatusRole, // redeemed | voided | conflict | rejected | scan
        OfflineRole,
        SyncRole,
        ReasonRole, // void reason, cloud rejection, or the scan's verdict reason
        OriginRole,
        DeviceRole,
        AmountRole,
        WinnerRole,
        VoidSyncRole, // where a void made here stands with the cloud (Ledger's HistoryRow::voidSync)
        TypedRole, // typed by hand here rather than scanned
        ReviewRole, // a double pour's review note, "" when not reviewed
    };

    HistoryModel(Store &store, Backend &backend, Session &session, const Clock &clock, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString period() const { return m_period; }
    void setPeriod(const QString &period); // shift | 24h | 7d | all
    QString status() const { return m_status; }
    void setStatus(const QString &status); // "" | redeemed | offline | conflict | voided | rejected | scans
    QString staffId() const { return m_staffId; }
    void setStaffId(const QString &id);
    // When a bar shift starts (Settings); "this shift" runs from the last such time.
    void setShiftStart(QTime start);
    QString shiftStartText() const { return m_shiftStart.toString(QStringLiteral("HH:mm")); }
    // Money and numbers in the UI language's way ("$1,234.50", "1.234,50 €").
    void setLanguage(const QString &language);
    double periodFromMs() const { return double(m_fromMs); }
    double periodToMs() const { return double(m_toMs); }
    // Minor units as the language writes money: USD 123456 → "$1,234.56" (en), "1.234,56 $" (de).
    static QString formatMoney(qint64 minor, const QString &currency, const QString &language);
    QVariantMap totals() const { return m_totals; }
    QVariantList hourly() const { return m_hourly; }
    int rowCountProperty() const { return int(m_rows.size() + m_scans.size()); }
    QString lastError() const { return m_lastError; }

    // [from, to) of the current period in epoch ms. "shift": since the last shift start.
    std::pair<qint64, qint64> periodRange() const;

    Q_INVOKABLE void refresh();
    // Both sides of a double pour: ours and the cloud's winner.
    Q_INVOKABLE QVariantMap conflict(double seq) const;
    // Manager only; the reason is required. The answer arrives as voidFinished.
    Q_INVOKABLE bool voidRedemption(double seq, const QString &reason);
    // Manager only: marks a double pour resolved with a note (recorded, exported). The answer
    // arrives as reviewFinished.
    Q_INVOKABLE bool resolveConflict(double seq, const QString &note);
    // Places to export to: removable drives first, then the home folder.
    Q_INVOKABLE QVariantList exportTargets() const;
    // Manager only. Returns the written file's path; empty with lastError on failure.
    Q_INVOKABLE QString exportCsv(const QString &folder);
    Q_INVOKABLE QString exportPdf(const QString &folder);

Q_SIGNALS:
    void filtersChanged();
    void refreshed();
    void voidFinished(bool ok, const QString &message);
    void reviewFinished(bool ok, const QString &message);

private:
    QString fileName(const QString &suffix) const;
    static QString documentsFolder();
    // Manager only, and the folder must exist; otherwise lastError says why.
    std::optional<QDir> exportFolder(const QString &folder);
    void fail(const QString &message);

    Store &m_store;
    Backend &m_backend;
    Session &m_session;
    const Clock &m_clock;
    QString m_period = QStringLiteral("shift");
    QString m_status;
    QString m_staffId;
    QList<HistoryRow> m_rows;
    QList<ScanLogRow> m_scans; // when status == "scans"
    QHash<QString, QString> m_staffNames; // staff id → name for m_scans
    QVariantMap m_totals;
    QVariantList m_hourly;
    QString m_lastError;
    QTime m_shiftStart{16, 0};
    QString m_language = QStringLiteral("en");
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    QString m_ownDevice;
    // A device's name for the screens: "this bar" is the QML's, the roster's name, else the id.
    // Read once per refresh, not per row on every repaint.
    QString deviceName(const QString &id) const;
    mutable QHash<QString, QString> m_deviceNames;
};

} // namespace kiosk::app
