#pragma once
// The scan screen's live picture: the latest frame of whatever feeds the scanner (camera,
// video, demo sequence), scaled to fill, with the aiming guide drawn by QML on top and the
// outline of the code just read. A painted item, so it works on the software renderer too.
#include <QImage>
#include <QPointer>
#include <QQuickPaintedItem>

namespace kiosk::app {

class Viewfinder : public QQuickPaintedItem
{
    Q_OBJECT
    Q_PROPERTY(QObject *source READ source WRITE setSource NOTIFY sourceChanged)
    Q_PROPERTY(QVariantList outline READ outline WRITE setOutline NOTIFY outlineChanged)
    Q_PROPERTY(QColor outlineColor MEMBER m_outlineColor NOTIFY outlineChanged)
    Q_PROPERTY(bool hasFrame READ hasFrame NOTIFY hasFrameChanged)

public:
    explicit Viewfinder(QQuickItem *parent = nullptr);
    QObject *source() const { return m_source; }
    // Any object with a frameShown(QImage) signal.
    void setSource(QObject *source);
    QVariantList outline() const { return m_outline; }
    void setOutline(const QVariantList &outline);
    bool hasFrame() const { return !m_image.isNull(); }
    void paint(QPainter *painter) override;

public Q_SLOTS:
    void showFrame(const QImage &image);

Q_SIGNALS:
    void sourceChanged();
    void outlineChanged();
    void hasFrameChanged();

private:
    QRectF targetRect() const;
    QPointer<QObject> m_source;
    QMetaObject::Connection m_connection;
    QImage m_image;
    QVariantList m_outline;
    QColor m_outlineColor = QColor(0x00, 0xe6, 0x76);
};

} // namespace kiosk::app
