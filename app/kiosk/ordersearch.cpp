#include "ordersearch.h"
#include "backend.h"
#include "session.h"

#include <QPointer>

namespace kiosk::app {

OrderSearch::OrderSearch(Backend &backend, Session &session, QObject *parent)
    : QObject(parent)
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
    m_backend.findOrders(query, 25, [self, generation](Result<QList<OrderRecord>> found) {
        if (!self || generation != self->m_generation)
            return; // the bartender has typed on; a newer answer is coming
        self->m_searching = false;
        self->m_matches.clear();
        self->m_error.clear();
        if (!found) {
            self->m_error = found.error().message;
        } else {
            for (const OrderRecord &o : std::as_const(*found)) {
                QVariantList drinks;
                for (const Drink &d : o.drinks)
                    drinks.append(QVariantMap{{QStringLiteral("name"), d.name}, {QStringLiteral("qty"), d.qty}});
                self->m_matches.append(
                    QVariantMap{{QStringLiteral("orderId"), o.id}, {QStringLiteral("recipient"), o.recipient},
                        {QStringLiteral("phone4"), o.phone4}, {QStringLiteral("drinks"), drinks},
                        {QStringLiteral("expiresAtMs"), double(o.expiresAtMs.value_or(0))}});
            }
        }
        Q_EMIT self->orderMatchesChanged();
    });
}

} // namespace kiosk::app
