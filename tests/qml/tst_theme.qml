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
            { tag: "pending verdict", fg: Theme.pendingText, bg: Theme.pending, min: 4.5 },
            { tag: "repeat verdict", fg: Theme.repeatText, bg: Theme.repeat, min: 4.5 },
            { tag: "verdict action button", fg: Theme.actionText, bg: Theme.action, min: 4.5 },
            { tag: "online on strip", fg: Theme.online, bg: Theme.surface, min: 4.5 },
            { tag: "offline on strip", fg: Theme.offline, bg: Theme.surface, min: 4.5 },
            { tag: "degraded on background", fg: Theme.degraded, bg: Theme.background, min: 4.5 },
            { tag: "notice banner", fg: Theme.noticeText, bg: Theme.degraded, min: 4.5 },
            { tag: "reason chip words", fg: Theme.chipText, bg: Theme.chip, min: 4.5 },
            { tag: "reason chip on the dialog", fg: Theme.chip, bg: Theme.surfaceRaised, min: 3 },
            { tag: "status band, severe", fg: Theme.noticeText, bg: Theme.offline, min: 4.5 },
            { tag: "Pour and Undo buttons", fg: Theme.ok, bg: Theme.okText, min: 4.5 },
            { tag: "focus ring on raised", fg: Theme.focus, bg: Theme.surfaceRaised, min: 3 },
        ]
    }
    function test_textContrast(data) {
        const ratio = Theme.contrast(data.fg, data.bg)
        verify(ratio >= data.min, data.tag + ": " + ratio.toFixed(2) + ":1")
    }
    // Pour and every don't-pour differ in lightness by 3:1 as well as hue: as everyone sees them,
    // and as a protanope and a deuteranope do (simulated), so the two full screens never look
    // alike to a red-green colour-blind bartender.
    function test_pourAndDontPourDifferInLightness_data() {
        const rows = []
        // Every kind that is not a recorded pour, the pending OK included: only a recorded pour
        // may look like one.
        const dontPour = {}
        for (const kind of ["pending", "already", "repeat", "refused", "error", "undone", "unused"])
            dontPour[kind] = Theme.verdictColor(kind)
        for (const vision of ["normal", "protan", "deutan"])
            for (const name in dontPour)
                rows.push({ tag: vision + ": ok vs " + name, vision: vision, other: dontPour[name] })
        return rows
    }
    function test_pourAndDontPourDifferInLightness(data) {
        const see = c => data.vision === "normal" ? c : Theme.simulate(c, data.vision)
        const ratio = Theme.contrast(see(Theme.ok), see(data.other))
        verify(ratio >= 3, data.tag + ": " + ratio.toFixed(2) + ":1")
    }
    function test_simulationMatchesKnownValues() {
        // Pure red is dark and yellowish to a protanope, brighter to a deuteranope; grey stays grey.
        const grey = Theme.simulate(Qt.rgba(0.5, 0.5, 0.5, 1), "protan")
        fuzzyCompare(grey.r, 0.5, 0.01)
        fuzzyCompare(grey.g, 0.5, 0.01)
        verify(Theme.luminance(Theme.simulate(Qt.rgba(1, 0, 0, 1), "protan")) < Theme.luminance(Qt.rgba(1, 0, 0, 1)))
        verify(Theme.luminance(Theme.simulate(Qt.rgba(1, 0, 0, 1), "deutan")) > Theme.luminance(Qt.rgba(1, 0, 0, 1)))
    }
    function test_touchTargets() {
        verify(Theme.minTouch >= 48)
        verify(Theme.touch >= Theme.minTouch)
    }
}
