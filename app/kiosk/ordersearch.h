#pragma once
// Manual entry's search: every order found by the guest's name (accents and case folded) or the
// phone's last four digits, each with the verdict it would get now, on
// the backend thread (a name search scans the order cache). An answer to an older query is
// dropped; the results leave with the bartender who searched.
#include "backend.h"

#include <QObject>
#include <QVariantList>

namespace kiosk {
class Store;
}

namespace kiosk::app {

class Session;

class OrderSearch : public QObject
{
    Q_OBJECT
    // [{orderId, recipient, phone4, drinks, expiresAtMs, state, reason, previous}], the
    // redeemable first. state: redeemable, redeemed, unpaid, expired, refused (any other reason).
    Q_PROPERTY(QVariantList orderMatches READ orderMatches NOTIFY orderMatchesChanged)
    Q_PROPERTY(int redeemableCount READ redeemableCount NOTIFY orderMatchesChanged)
    Q_PROPERTY(bool searchingOrders READ searchingOrders NOTIFY orderMatchesChanged)
    // Why the last search failed; empty when it worked.
    Q_PROPERTY(QString error READ error NOTIFY orderMatchesChanged)

public:
    OrderSearch(Store &store, Backend &backend, Session &session, QObject *parent = nullptr);

    QVariantList orderMatches() const { return m_matches; }
    int redeemableCount() const { return m_redeemable; }
    bool searchingOrders() const { return m_searching; }
    QString error() const { return m_error; }

    Q_INVOKABLE void searchOrders(const QString &query);

Q_SIGNALS:
    void orderMatchesChanged();

private:
    void clear();
    QVariantMap describe(const FoundOrder &found);

    Store &m_store;
    Backend &m_backend;
    Session &m_session;
    QVariantList m_matches;
    bool m_searching = false;
    QString m_error;
    quint64 m_generation = 0;
    int m_redeemable = 0;
};

} // namespace kiosk::app
