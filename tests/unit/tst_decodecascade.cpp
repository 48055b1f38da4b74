// The decode cascade on the generated hard frames: every category read at a high rate, dark
// mode through the inverted pass, no text ever from a frame without a code, corners where the
// code is, and the live path rotating one fallback per frame.

#include "decodecascade.h"
#include "hardframes.h"

#include <QLineF>
#include <QTest>

using namespace kiosk::scanner;
using namespace kiosk::test;

namespace {
LumaView view(const GreyFrame &f)
{
    return LumaView{f.pixels.data(), f.width, f.height, f.width};
}

bool readAll(const GreyFrame &f, const DecodeResult &r)
{
    for (const auto &e : f.expected) {
        if (!std::any_of(r.codes.cbegin(), r.codes.cend(), [&](const DecodedCode &c) { return c.text == e; }))
            return false;
    }
    return true;
}
} // namespace

class TestDecodeCascade : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsEveryCategory_data()
    {
        QTest::addColumn<int>("category");
        QTest::addColumn<int>("minimumOf12");
        // 12 seeded frames each. Thresholds sit a little below what the benchmark measures on
        // its 30-frame set, so an honest regression fails and noise does not.
        for (FrameCategory c : allCategories()) {
            if (c == FrameCategory::NoCode)
                continue;
            const int minimum = c == FrameCategory::MotionBlur || c == FrameCategory::Small ? 10 : 11;
            QTest::addRow("%s", qPrintable(categoryName(c))) << int(c) << minimum;
        }
    }
    void readsEveryCategory()
    {
        QFETCH(int, category);
        QFETCH(int, minimumOf12);
        const DecodeCascade cascade;
        int read = 0;
        for (const auto &f : generateFrames(FrameCategory(category), 12, 1280, 720, 5)) {
            const DecodeResult r = cascade.decodeAll(view(f));
            if (readAll(f, r))
                ++read;
            for (const auto &c : r.codes)
                QVERIFY2(f.expected.contains(c.text), "a text that is not in the frame");
        }
        QVERIFY2(read >= minimumOf12, qPrintable(QStringLiteral("%1 of 12").arg(read)));
    }

    void darkModeNeedsTheInvertedPass()
    {
        const DecodeCascade cascade;
        for (const auto &f : generateFrames(FrameCategory::DarkMode, 6, 1280, 720, 9)) {
            QVERIFY(cascade.decodeStep(view(f), DecodeStep::Fast).codes.isEmpty());
            const DecodeResult r = cascade.decodeAll(view(f));
            QVERIFY(readAll(f, r));
            QCOMPARE(r.step, DecodeStep::Inverted);
        }
    }

    void framesWithoutCodeNeverYieldText()
    {
        const DecodeCascade cascade;
        for (const auto &f : generateFrames(FrameCategory::NoCode, 30, 1280, 720, 11)) {
            QVERIFY(cascade.decodeAll(view(f)).codes.isEmpty());
            for (int slot = 0; slot < 7; ++slot)
                QVERIFY(cascade.decodeLive(view(f), slot).codes.isEmpty());
        }
        // Flat and noise-only frames too.
        std::vector<unsigned char> flat(640 * 480, 128);
        QVERIFY(cascade.decodeAll(LumaView{flat.data(), 640, 480, 640}).codes.isEmpty());
    }

    void cornersOutlineTheCode()
    {
        const DecodeCascade cascade;
        const auto frames = generateFrames(FrameCategory::Clean, 3, 1280, 720, 13);
        for (const auto &f : frames) {
            const DecodeResult r = cascade.decodeAll(view(f));
            QCOMPARE(r.codes.size(), 1);
            const auto &corners = r.codes.first().corners;
            QCOMPARE(corners.size(), 4);
            for (const QPointF &p : corners)
                QVERIFY(p.x() > 100 && p.x() < 1180 && p.y() > 50 && p.y() < 670);
            // A real outline, not a point: the diagonal spans most of a ~300 px code.
            QVERIFY(QLineF(corners[0], corners[2]).length() > 150);
        }
    }

    void liveRotatesOneFallbackPerFrame()
    {
        const DecodeCascade cascade;
        const auto f = generateFrames(FrameCategory::DarkMode, 1, 1280, 720, 17).first();
        const int inverted = int(DecodeCascade::fallbacks().indexOf(DecodeStep::Inverted));
        QVERIFY(inverted >= 0);
        const DecodeResult hit = cascade.decodeLive(view(f), inverted);
        QCOMPARE(hit.step, DecodeStep::Inverted);
        QCOMPARE(hit.stepsRun, 2);
        const DecodeResult miss = cascade.decodeLive(view(f), inverted + 1);
        QVERIFY(miss.codes.isEmpty());
        // Slots wrap around.
        QCOMPARE(
            cascade.decodeLive(view(f), inverted + int(DecodeCascade::fallbacks().size())).step, DecodeStep::Inverted);
    }

    void invalidViewsAreHarmless()
    {
        const DecodeCascade cascade;
        QVERIFY(cascade.decodeAll(LumaView{}).codes.isEmpty());
        unsigned char one = 0;
        QVERIFY(cascade.decodeAll(LumaView{&one, 1, 1, 0}).codes.isEmpty()); // stride < width
    }
};

QTEST_GUILESS_MAIN(TestDecodeCascade)
#include "tst_decodecascade.moc"
