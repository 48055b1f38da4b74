#include "viewfinder.h"

#include <QPainter>
#include <QPainterPath>

namespace kiosk::app {

Viewfinder::Viewfinder(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setOpaquePainting(true);
    setFillColor(QColor(0x10, 0x12, 0x14));
}

void Viewfinder::setSource(QObject *source)
{
    if (source == m_source)
        return;
    disconnect(m_connection);
    m_source = source;
    if (source)
        m_connection = connect(source, SIGNAL(frameShown(QImage)), this, SLOT(showFrame(QImage)));
    Q_EMIT sourceChanged();
}

void Viewfinder::setOutline(const QVariantList &outline)
{
    if (outline == m_outline)
        return;
    m_outline = outline;
    Q_EMIT outlineChanged();
    update();
}

void Viewfinder::showFrame(const QImage &image)
{
    const bool had = hasFrame();
    m_image = image;
    if (!had)
        Q_EMIT hasFrameChanged();
    if (isVisible())
        update();
}

QRectF Viewfinder::targetRect() const
{
    // Fill the item, cropping the frame's excess (like a camera app), centred.
    const QSizeF frame = m_image.size();
    if (frame.isEmpty())
        return QRectF();
    const qreal scale = std::max(width() / frame.width(), height() / frame.height());
    const QSizeF size = frame * scale;
    return QRectF((width() - size.width()) / 2, (height() - size.height()) / 2, size.width(), size.height());
}

void Viewfinder::paint(QPainter *painter)
{
    if (m_image.isNull())
        return;
    const QRectF target = targetRect();
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(target, m_image);
    if (m_outline.size() < 3)
        return;
    const qreal scale = target.width() / m_image.width();
    QPainterPath path;
    for (int i = 0; i < m_outline.size(); ++i) {
        const QPointF p = m_outline.at(i).toPointF() * scale + target.topLeft();
        if (i == 0)
            path.moveTo(p);
        else
            path.lineTo(p);
    }
    path.closeSubpath();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(m_outlineColor, 6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPath(path);
}

} // namespace kiosk::app
