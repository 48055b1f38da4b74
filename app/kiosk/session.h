#pragma once
// Who is at the bar: the venue this kiosk serves, the staff list, sign-in with its lockout,
// sign-out (by hand, auto-lock after inactivity, or staff deactivated in the cloud) and the
// notice that asks a guest's code to wait for someone on duty. Every other concern asks this
// one who is signed in; nothing is recorded without someone.
#include "records.h"

#include <QObject>
#include <QVariantList>

namespace kiosk {
class Clock;
class Store;
} // namespace kiosk

namespace kiosk::app {

class Session : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString venueName READ venueName NOTIFY venueChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY venueChanged)
    Q_PROPERTY(bool demo READ demo CONSTANT)
    Q_PROPERTY(QString demoHint READ demoHint CONSTANT)
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY staffChanged)
    Q_PROPERTY(QString staffId READ staffId NOTIFY staffChanged)
    Q_PROPERTY(QString staffName READ staffName NOTIFY staffChanged)
    Q_PROPERTY(bool manager READ manager NOTIFY staffChanged)
    Q_PROPERTY(QVariantList staffList READ staffList NOTIFY staffListChanged)
    // "", "wrong_pin", "locked", "unknown_staff", "unusable_pin" or "error".
    Q_PROPERTY(QString signInError READ signInError NOTIFY signInChanged)
    Q_PROPERTY(int failures READ failures NOTIFY signInChanged)
    Q_PROPERTY(int lockSeconds READ lockSeconds NOTIFY signInChanged)
    // Why the last person was signed out: "manual", "autolock", "deactivated".
    Q_PROPERTY(QString signOutReason READ signOutReason NOTIFY staffChanged)
    // A code arrived with nobody signed in: "sign_in_first" for a few seconds.
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)

public:
    struct Options
    {
        bool demo = false;
        QString demoHint; // shown on the sign-in screen in demo mode (the demo PINs)
        int noticeMs = 6000;
    };

    Session(Store &store, const Clock &clock, const Options &options, QObject *parent = nullptr);

    QString venueName() const { return m_venueName; }
    QString deviceId() const { return m_deviceId; }
    bool demo() const { return m_options.demo; }
    QString demoHint() const { return m_options.demoHint; }
    bool signedIn() const { return !m_staff.id.isEmpty(); }
    QString staffId() const { return m_staff.id; }
    QString staffName() const { return m_staff.name; }
    bool manager() const { return m_staff.role == QLatin1String("manager"); }
    QVariantList staffList() const { return m_staffList; }
    QString signInError() const { return m_signInError; }
    int failures() const { return m_failures; }
    int lockSeconds() const;
    QString signOutReason() const { return m_signOutReason; }
    QString notice() const { return m_notice; }

    Q_INVOKABLE bool signIn(const QString &staffId, const QString &pin);
    Q_INVOKABLE void signOut(const QString &reason = QString());
    Q_INVOKABLE void clearNotice();
    Q_INVOKABLE void refreshStaff();

    // Someone touched the screen or scanned: the auto-lock starts again.
    void touch();
    void showNotice(const QString &code);
    // 0: never.
    void setAutoLockSeconds(int seconds) { m_autoLockSeconds = seconds; }
    // The venue and device after pairing.
    void reloadVenue();
    // A staff member's name by id ("" when unknown).
    QString nameOf(const QString &staffId) const;
    // Auto-lock, the lockout countdown, the notice's end: called a few times a second.
    void tick();

    // Input events anywhere in the application count as activity.
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void venueChanged();
    void staffChanged();
    void staffListChanged();
    void signInChanged();
    void noticeChanged();

private:
    Store &m_store;
    const Clock &m_clock;
    Options m_options;
    QString m_venueName;
    QString m_deviceId;
    StaffRecord m_staff;
    QVariantList m_staffList;
    QString m_signInError;
    QString m_signOutReason;
    int m_failures = 0;
    qint64 m_lockedUntilMs = 0;
    qint64 m_lastActivityMs = 0;
    int m_autoLockSeconds = 300;
    QString m_notice;
    qint64 m_noticeUntilMs = 0;
};

} // namespace kiosk::app
