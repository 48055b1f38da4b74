#pragma once
// Manual entry's search: orders found by the guest's name or the phone's last four digits, on
// the backend thread (a name search scans the order cache). An answer to an older query is
// dropped; the results leave with the bartender who searched.
#include <QObject>
#include <QVariantList>

namespace kiosk::app {

class Backend;
class Session;

class OrderSearch : public QObject
{
    Q_OBJECT
    // [{orderId, recipient, phone4, drinks, expiresAtMs}]
    Q_PROPERTY(QVariantList orderMatches READ orderMatches NOTIFY orderMatchesChanged)
    Q_PROPERTY(bool searchingOrders READ searchingOrders NOTIFY orderMatchesChanged)
    // Why the last search failed; empty when it worked.
    Q_PROPERTY(QString error READ error NOTIFY orderMatchesChanged)

public:
    OrderSearch(Backend &backend, Session &session, QObject *parent = nullptr);

    QVariantList orderMatches() const { return m_matches; }
    bool searchingOrders() const { return m_searching; }
    QString error() const { return m_error; }

    Q_INVOKABLE void searchOrders(const QString &query);

Q_SIGNALS:
    void orderMatchesChanged();

private:
    void clear();

    Backend &m_backend;
    Session &m_session;
    QVariantList m_matches;
    bool m_searching = false;
    QString m_error;
    quint64 m_generation = 0;
};

} // namespace kiosk::app
