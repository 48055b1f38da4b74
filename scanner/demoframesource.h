#pragma once
// Demo mode's camera: a generated 1280×720 frame sequence showing a phone with one code after
// another (every third one in dark mode), each held for a while and followed by empty frames,
// cycling for ever. Frames go to the scan worker like a camera's and, as images, to a viewfinder.
#include "scanworker.h"

#include <QImage>
#include <QObject>
#include <QTimer>

namespace kiosk::scanner {

class DemoFrameSource : public QObject
{
    Q_OBJECT
public:
    static constexpr int Width = 1280;
    static constexpr int Height = 720;

    DemoFrameSource(const QList<QByteArray> &codes, ScanWorker *worker, QObject *parent = nullptr);
    // Frames per second, frames each code is shown, empty frames between codes.
    void setTiming(int fps, int codeFrames, int gapFrames);
    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    int cycle() const { return m_cycle; }
    qint64 framesEmitted() const { return m_frames; }
    // Shows code `index` in the viewfinder only (the scanner does not see it): screenshots.
    void preview(int index) { Q_EMIT frameShown(imageOf(frameFor(index))); }
    // The frame showing code `index` (also for tests and benchmarks).
    std::shared_ptr<const OwnedFrame> frameFor(int index) const;

Q_SIGNALS:
    void frameShown(const QImage &image);
    void cycleFinished(int cycle);

private:
    void tick();
    std::shared_ptr<const OwnedFrame> render(const QByteArray &text, bool darkMode) const;
    QImage imageOf(const std::shared_ptr<const OwnedFrame> &frame) const;

    ScanWorker *m_worker;
    QList<std::shared_ptr<const OwnedFrame>> m_codeImages;
    std::shared_ptr<const OwnedFrame> m_empty;
    QTimer m_timer;
    int m_codeFrames = 30;
    int m_gapFrames = 12;
    int m_position = 0;
    int m_cycle = 0;
    qint64 m_frames = 0;
};

} // namespace kiosk::scanner
