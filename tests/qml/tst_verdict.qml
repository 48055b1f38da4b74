import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"

// The verdict overlay: confirm mode shows Pour and records only when tapped; instant mode
// shows Undo; a refusal shows advice and no Pour.
Item {
    id: root
    width: 1280
    height: 800

    TestCase {
        id: tc
        name: "Verdict"
        width: 1280
        height: 800
        when: windowShown

        Component { id: overlayComponent; VerdictOverlay { width: 1280; height: 800; visible: Verdicts.verdictVisible } }

        function init() { verify(Session.signIn("stf_sam", "1111")) }
        function cleanup() { Verdicts.dismissVerdict(); Settings.confirmMode = false; Session.signOut("manual") }

        function test_confirmModeNeedsPour() {
            const overlay = createTemporaryObject(overlayComponent, root)
            wait(100)
            Settings.confirmMode = true
            Verdicts.redeemOrder("ord_m3")
            tryVerify(() => Verdicts.verdictVisible)
            const pour = findChild(overlay, "pourButton")
            verify(Verdicts.verdict.pending, JSON.stringify(Verdicts.verdict))
            tryVerify(() => pour.visible)
            verify(!Verdicts.verdict.recorded)
            compare(findChild(overlay, "verdictTitle").text, "OK – pour?")
            mouseClick(pour)
            tryVerify(() => Verdicts.verdict.recorded === true)
            verify(!pour.visible)
            const undo = findChild(overlay, "undoButton")
            verify(undo.visible)
            // The countdown starts full at once, not at the previous verdict's "0 s".
            const left = Number(/\((\d+) s\)/.exec(undo.text)[1])
            verify(left >= Verdicts.undoSeconds - 1 && left > 1, undo.text)
        }

        function test_refusalHasAdviceAndNoPour() {
            const overlay = createTemporaryObject(overlayComponent, root)
            wait(100)
            Verdicts.submitCode("https://example.com/menu", "manual")
            tryVerify(() => Verdicts.verdictVisible)
            compare(Verdicts.verdict.reason, "MALFORMED")
            verify(!findChild(overlay, "pourButton").visible)
            verify(findChild(overlay, "verdictAdvice").text.indexOf("Club") >= 0)
            compare(findChild(overlay, "verdictSymbol").text, "✖")
            mouseClick(findChild(overlay, "dismissButton"))
            verify(!Verdicts.verdictVisible)
        }
    }
}
