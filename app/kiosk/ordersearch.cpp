#include "ordersearch.h"
#include "backend.h"
#include "session.h"
#include "store.h"

#include <QJsonArray>
#include <QPointer>

namespace kiosk::app {

OrderSearch::OrderSearch(Store &store, Backend &backend, Session &session, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_backend(backend)
    , m_session(session)
{
    // Guests' names and orders leave with the bartender.
    connect(&m_session, &Session::staffChanged, this, [this] {
        if (!m_session.signedIn())
            clear();
    });
}

void OrderSearch::clear()
{
    ++m_generation;
    m_matches.clear();
    m_redeemable = 0;
    m_searching = false;
    m_error.clear();
    Q_EMIT orderMatchesChanged();
}

void OrderSearch::searchOrders(const QString &query)
{
    m_session.touch();
    if (query.trimmed().size() < 2 || !m_session.signedIn()) {
        clear();
        return;
    }
    const quint64 generation = ++m_generation;
    m_searching = true;
    Q_EMIT orderMatchesChanged();
    QPointer<OrderSearch> self(this);
    m_backend.findOrders(query, 25, [self, generation](Result<QList<FoundOrder>> found) {
        if (!self || generation != self->m_generation)
            return; // the bartender has typed on; a newer answer is coming
        self->m_searching = false;
        self->m_matches.clear();
        self->m_redeemable = 0;
        self->m_error.clear();
        if (!found) {
            self->m_error = found.error().message;
        } else {
            for (const FoundOrder &f : std::as_const(*found))
                self->m_matches.append(self->describe(f));
        }
        Q_EMIT self->orderMatchesChanged();
    });
}

QVariantMap OrderSearch::describe(const FoundOrder &f)
{
    const OrderRecord &o = f.order;
    const QVariantList drinks = drinksToJsonArray(o.drinks).toVariantList(); // [{name, qty}], as verdicts give them
    const Reason r = f.verdict.reason;
    const QString state = r == Reason::Ok ? QStringLiteral("redeemable")
        : r == Reason::AlreadyRedeemed    ? QStringLiteral("redeemed")
        : r == Reason::NotPaid            ? QStringLiteral("unpaid")
        : r == Reason::Expired            ? QStringLiteral("expired")
                                          : QStringLiteral("refused");
    m_redeemable += r == Reason::Ok;
    QVariantMap m{{QStringLiteral("orderId"), o.id}, {QStringLiteral("recipient"), o.recipient},
        {QStringLiteral("phone4"), o.phone4}, {QStringLiteral("drinks"), drinks},
        {QStringLiteral("expiresAtMs"), double(o.expiresAtMs.value_or(0))}, {QStringLiteral("state"), state},
        {QStringLiteral("reason"), reasonCode(r)}};
    if (const auto &p = f.verdict.previous) {
        m.insert(QStringLiteral("previous"),
            QVariantMap{{QStringLiteral("atMs"), double(p->atMs.value_or(0))}, {QStringLiteral("here"), p->local},
                {QStringLiteral("deviceName"), m_store.deviceName(p->deviceId).value_or(QString())},
                {QStringLiteral("staff"), p->staffName.isEmpty() ? m_session.nameOf(p->staffId) : p->staffName}});
    }
    return m;
}

} // namespace kiosk::app
