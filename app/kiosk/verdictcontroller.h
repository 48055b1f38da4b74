#pragma once
// The verdict on screen: a code (camera, hand scanner, typed) or an order chosen by name goes
// through the redeemer on the Backend's thread and comes back as what the bartender must do
// (pour, don't pour, check), with the reason, one action, and the honest undo window of the
// last pour. Confirm mode shows a valid code as pending until Pour. Words are the QML's job:
// verdicts reach QML as codes and facts. Every deadline is measured on the injected clock.
#include "records.h"
#include "redeemer.h"
#include "result.h"
#include "verifier.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QVariantMap>
#include <functional>
#include <optional>

class QSoundEffect;

namespace kiosk {
class Clock;
class Store;
} // namespace kiosk

namespace kiosk::app {

class Backend;
class KioskSettings;
class Session;

class VerdictController : public QObject
{
    Q_OBJECT
    // The verdict's facts: reason, kind (ok, pending, already, repeat, refused, error, undone,
    // unused), headline (pour, dont_pour, check), action (scan_again, find_by_name,
    // call_manager or ""), drinks, guest, previous pour, recorded, checkedOffline, atMs …
    Q_PROPERTY(QVariantMap verdict READ verdict NOTIFY verdictChanged)
    Q_PROPERTY(bool verdictVisible READ verdictVisible NOTIFY verdictChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    // Seconds left to undo the last pour (0: no undo), whether or not its OK is still on screen.
    Q_PROPERTY(int undoSeconds READ undoSeconds NOTIFY undoChanged)
    // The last pour that can still be undone: {seq, recipient, drinks, totalQty}; empty when none.
    Q_PROPERTY(QVariantMap lastPour READ lastPour NOTIFY undoChanged)
    // The code just read is the one checked a moment ago: {atMs} of that check, for "Same code:
    // checked 3 s ago"; empty when not.
    Q_PROPERTY(QVariantMap repeatNotice READ repeatNotice NOTIFY repeatNoticeChanged)
    // The last redeem could not be written: "disk_full" or "write_failed" (read-only, broken or
    // locked database); no drink can be recorded until it is fixed. Cleared by the next redeem
    // that is written. Empty when all is well.
    Q_PROPERTY(QString storageFault READ storageFault NOTIFY storageFaultChanged)

public:
    struct Options
    {
        int refusalSeconds = 7;
        int confirmSeconds = 20; // an unconfirmed OK becomes "not used" (nothing recorded) after this long
        int unusedSeconds = 5;
        int undoSeconds = 10; // the OK stays this long, and Undo works this long
        // A code read again this soon after its verdict is the same phone still in front of the
        // camera: "Same code", not a new verdict.
        int repeatQuietMs = 8000;
        // ALREADY_REDEEMED for a pour made here by the same bartender this recently is a
        // harmless re-scan, shown calmly; older or elsewhere it is the alarm.
        int harmlessRepeatMs = 120000;
    };

    VerdictController(Store &store, Backend &backend, const Clock &clock, Session &session, KioskSettings &settings,
        const Options &options, QObject *parent = nullptr);

    QVariantMap verdict() const { return m_verdict; }
    bool verdictVisible() const { return !m_verdict.isEmpty(); }
    bool busy() const { return m_busy; }
    int undoSeconds() const;
    QVariantMap lastPour() const;
    QVariantMap repeatNotice() const { return m_repeatNotice; }
    QString storageFault() const { return m_storageFault; }

    // A code from the camera, the keyboard wedge or typed by hand ("camera", "wedge", "manual").
    Q_INVOKABLE void submitCode(const QString &text, const QString &source);
    void submitBytes(const QByteArray &text, const QString &source);
    // Manual entry: an order chosen from the search results, after the identity check.
    Q_INVOKABLE void redeemOrder(const QString &orderId);
    Q_INVOKABLE void confirmPour();
    // Voids the last pour while its window lasts (from the OK or from the scan screen's chip).
    Q_INVOKABLE void undo();
    Q_INVOKABLE void dismissVerdict();
    // "Scan again": closes the verdict and lets the same code be checked again at once.
    Q_INVOKABLE void scanAgain();
    // "Call manager": the verdict stays on screen until someone closes it.
    Q_INVOKABLE void holdForManager();
    // Deadlines (verdict, undo window, pending Pour, repeat notice).
    void tick();

Q_SIGNALS:
    void verdictChanged();
    void busyChanged();
    void undoChanged();
    void repeatNoticeChanged();
    void storageFaultChanged();
    // A verdict reached the screen (for the headless demo's console and for tests).
    void verdictShown(const QVariantMap &verdict);
    // A redemption or void was written: lists re-read.
    void ledgerChanged();

private:
    struct Pending
    {
        QByteArray text;
        QString orderId; // manual entry by order
        QString source;
    };
    struct LastPour
    {
        qint64 seq = 0;
        qint64 untilMs = 0;
        QVariantMap summary;
    };
    void startRedeem(const Pending &p, const std::function<Result<Verdict>(Verifier &)> &preview);
    void redeemNow(const Pending &p);
    void showOutcome(const Result<RedeemOutcome> &outcome, const Pending &p);
    void showVerdict(const Verdict &v, std::optional<LedgerEntry> recorded, bool pending, const Pending &p,
        std::optional<bool> confirmedOnline = std::nullopt);
    void showError(const QString &message);
    void present(QVariantMap verdict, qint64 visibleMs, const QString &sound);
    void setBusy(bool busy);
    void setRepeatNotice(qint64 checkedAtMs);
    void playSound(const QString &kind);
    void onStaffChanged();
    QVariantMap previousForQml(const PreviousRedemption &p) const;

    Store &m_store;
    Backend &m_backend;
    const Clock &m_clock;
    Session &m_session;
    KioskSettings &m_settings;
    Options m_options;

    QVariantMap m_verdict;
    qint64 m_verdictUntilMs = 0; // 0: stays until closed
    // The codes of the verdict on screen and the one before it, with when they were checked.
    QList<std::pair<QByteArray, qint64>> m_recent;
    std::optional<Pending> m_pending;
    std::optional<LastPour> m_lastPour;
    QVariantMap m_repeatNotice;
    qint64 m_repeatNoticeUntilMs = 0;
    bool m_busy = false;
    int m_shownUndoSeconds = 0;
    QString m_storageFault;
    QMap<QString, QSoundEffect *> m_soundEffects;
};

} // namespace kiosk::app
