import QtQuick
import QtTest
import "qrc:/qml/components"

// WCAG 2.2 AA: 4.5:1 for text, 3:1 for large text and control boundaries.
TestCase {
    name: "Theme"
    function test_textContrast_data() {
        return [
            { tag: "body on background", fg: Theme.text, bg: Theme.background, min: 4.5 },
            { tag: "muted on background", fg: Theme.textMuted, bg: Theme.background, min: 4.5 },
            { tag: "muted on surface", fg: Theme.textMuted, bg: Theme.surface, min: 4.5 },
            { tag: "text on raised", fg: Theme.text, bg: Theme.surfaceRaised, min: 4.5 },
            { tag: "accent button", fg: Theme.accentText, bg: Theme.accent, min: 4.5 },
            { tag: "OK verdict", fg: Theme.okText, bg: Theme.ok, min: 4.5 },
            { tag: "already verdict", fg: Theme.alreadyText, bg: Theme.already, min: 4.5 },
            { tag: "refused verdict", fg: Theme.refusedText, bg: Theme.refused, min: 4.5 },
            { tag: "error verdict", fg: Theme.errorText, bg: Theme.error, min: 4.5 },
            { tag: "online on strip", fg: Theme.online, bg: Theme.surface, min: 4.5 },
            { tag: "offline on strip", fg: Theme.offline, bg: Theme.surface, min: 4.5 },
            { tag: "degraded on background", fg: Theme.degraded, bg: Theme.background, min: 4.5 },
            { tag: "notice banner", fg: Theme.alreadyText, bg: Theme.degraded, min: 4.5 },
            { tag: "focus ring on raised", fg: Theme.focus, bg: Theme.surfaceRaised, min: 3 },
        ]
    }
    function test_textContrast(data) {
        const ratio = Theme.contrast(data.fg, data.bg)
        verify(ratio >= data.min, data.tag + ": " + ratio.toFixed(2) + ":1")
    }
    function test_verdictsDifferInLightnessNotOnlyHue() {
        // Red and green must not look alike to a red-green colour-blind bartender: they differ in
        // luminance from amber clearly, and each verdict also has its own symbol and words.
        verify(Theme.contrast(Theme.already, Theme.ok) >= 3)
        verify(Theme.contrast(Theme.already, Theme.refused) >= 3)
    }
    function test_touchTargets() {
        verify(Theme.minTouch >= 48)
        verify(Theme.touch >= Theme.minTouch)
    }
}
