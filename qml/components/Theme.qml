pragma Singleton
import QtQuick

// Colours chosen for WCAG 2.2 AA (4.5:1 for text, 3:1 for large text and controls) against
// the surfaces they sit on; the contrast ratios are checked in tests/qml/tst_theme.qml.
QtObject {
    readonly property color background: "#111417"
    readonly property color surface: "#1c2126"
    readonly property color surfaceRaised: "#272d34"
    readonly property color text: "#f2f4f5"
    readonly property color textMuted: "#b4bcc4"
    readonly property color accent: "#5cb8ff"
    readonly property color accentText: "#06121d"
    readonly property color focus: "#ffd54a"

    // Verdicts: never colour alone (each also has its icon, words and sound). Pour is light and
    // every don't-pour dark, so that they differ in lightness by at least 3:1 as well as in hue,
    // also for a red-green colour-blind bartender (tst_theme simulates protanopia and
    // deuteranopia).
    readonly property color ok: "#5ee08a"
    readonly property color okText: "#06121d"
    readonly property color already: "#8a5a00"
    readonly property color alreadyText: "#ffffff"
    readonly property color refused: "#9b1c1c"
    readonly property color refusedText: "#ffffff"
    // Neither pour nor alarm: an OK waiting for Pour (blue), and the same bartender's harmless
    // re-scan of a code just poured (slate). Dark, so they never pass for the light pour green.
    readonly property color pending: "#1f4e79"
    readonly property color pendingText: "#ffffff"
    readonly property color repeat: "#394b59"
    readonly property color repeatText: "#ffffff"
    // The verdict's action button (Scan again, Find by name, Call manager): white on every
    // verdict colour, the dark ones and the light OK alike.
    readonly property color action: "#ffffff"
    readonly property color actionText: "#111111"
    // Quick choices on a dialog (void reasons): light on the raised surface, dark words.
    readonly property color chip: "#b4bcc4"
    readonly property color chipText: "#111417"
    // Dark text on the yellow notice banner.
    readonly property color noticeText: "#111111"
    readonly property color error: "#3d4650"
    readonly property color errorText: "#ffffff"

    readonly property color online: "#3ddc84"
    readonly property color offline: "#ff8a80"
    readonly property color degraded: "#ffd54a"

    readonly property int touch: 64       // comfortable touch target (minimum is 48)
    readonly property int minTouch: 48
    readonly property int gap: 16
    readonly property int radius: 10
    readonly property int fontSmall: 18
    readonly property int fontBody: 22
    readonly property int fontLarge: 30
    readonly property int fontHuge: 64
    readonly property int fontGiant: 96
    readonly property string fontFamily: "DejaVu Sans"

    // Verdict kinds: ok, pending, already, repeat, refused, error, undone, unused.
    function verdictColor(kind) {
        return kind === "ok" ? ok
             : kind === "pending" ? pending
             : kind === "already" ? already
             : kind === "repeat" ? repeat
             : kind === "refused" || kind === "undone" ? refused : error
    }
    function verdictTextColor(kind) {
        return kind === "ok" ? okText : kind === "pending" ? pendingText : kind === "already" ? alreadyText
             : kind === "repeat" ? repeatText : kind === "refused" || kind === "undone" ? refusedText : errorText
    }

    // WCAG relative luminance and contrast ratio (for the tests and for a future theme editor).
    function luminance(c) {
        function ch(v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }
        return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
    }
    function contrast(a, b) {
        const la = luminance(a), lb = luminance(b)
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
    }
    // The colour as a protanope ("protan") or deuteranope ("deutan") sees it: Machado, Oliveira
    // and Fernandes (2009), full severity, applied in linear RGB.
    function simulate(c, kind) {
        function lin(v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }
        function gam(v) { v = Math.min(1, Math.max(0, v)); return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055 }
        const m = kind === "protan"
            ? [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
            : [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
        const v = [lin(c.r), lin(c.g), lin(c.b)]
        const out = m.map(row => gam(row[0] * v[0] + row[1] * v[1] + row[2] * v[2]))
        return Qt.rgba(out[0], out[1], out[2], 1)
    }
}
