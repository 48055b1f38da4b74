import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"
import "qrc:/qml/components"

// The verdict overlay as the bartender meets it: a headline that says what to do, one action
// for the advice, taps beside the buttons that do nothing, an OK that lasts as long as its
// undo, the scan screen's "Undo last pour" chip, confirm mode's pending and unused states, and
// twenty drinks with long names that never push a button off screen. Deadlines are passed with
// testClock.advance(), never by sleeping.
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

        Component { id: overlayComponent; VerdictOverlay { width: root.width; height: root.height; visible: Verdicts.verdictVisible } }
        Component { id: scanComponent; ScanScreen { width: root.width; height: root.height } }
        Component { id: fixedOverlay; VerdictOverlay { width: root.width; height: root.height } }
        SignalSpy { id: findSpy; signalName: "findByName" }

        function init() { verify(Session.signIn("stf_sam", "1111")) }
        function cleanup() {
            // A pour still in its window is undone, so that every test finds the demo's orders
            // redeemable whatever ran before it.
            if (Verdicts.undoSeconds > 0) {
                Verdicts.undo()
                tryVerify(() => !Verdicts.busy)
            }
            Verdicts.dismissVerdict()
            Settings.confirmMode = false
            Settings.language = "en"
            root.width = 1280
            root.height = 800
            Session.signOut("manual")
        }
        function text(item, name) { return findChild(item, name).text }

        function test_confirmModeIsPendingUntilPour() {
            const overlay = createTemporaryObject(overlayComponent, root)
            Settings.confirmMode = true
            Verdicts.redeemOrder("ord_m3")
            tryVerify(() => Verdicts.verdictVisible)
            verify(Verdicts.verdict.pending, JSON.stringify(Verdicts.verdict))
            compare(text(overlay, "verdictHeadline"), "CHECK")
            compare(text(overlay, "verdictTitle"), "Valid code: tap Pour to record it")
            // Its own look: not the recorded pour's green.
            verify(!Qt.colorEqual(overlay.color, Theme.ok))
            const pour = findChild(overlay, "pourButton")
            tryVerify(() => pour.visible)
            verify(!Verdicts.verdict.recorded)
            verify(!findChild(overlay, "undoButton").visible)
            waitForRendering(overlay)
            mouseClick(pour)
            tryVerify(() => Verdicts.verdict.recorded === true)
            compare(text(overlay, "verdictHeadline"), "POUR")
            verify(Qt.colorEqual(overlay.color, Theme.ok))
            verify(!pour.visible)
            const undo = findChild(overlay, "undoButton")
            verify(undo.visible)
            compare(undo.text, "Undo (10 s)") // starts full at once, not at the last verdict's "0 s"
        }

        function test_pendingNobodyTapsBecomesUnused() {
            const overlay = createTemporaryObject(overlayComponent, root)
            Settings.confirmMode = true
            Verdicts.redeemOrder("ord_m3")
            tryVerify(() => Verdicts.verdict.pending === true)
            testClock.advance(19000)
            verify(Verdicts.verdict.pending)
            testClock.advance(1200)
            compare(Verdicts.verdict.kind, "unused")
            compare(text(overlay, "verdictHeadline"), "CHECK")
            compare(text(overlay, "verdictTitle"), "Not used, nothing recorded")
            verify(!findChild(overlay, "pourButton").visible)
            testClock.advance(5200)
            verify(!Verdicts.verdictVisible)
            // Still redeemable: nothing was recorded.
            Settings.confirmMode = false
            Verdicts.redeemOrder("ord_m3")
            tryVerify(() => Verdicts.verdictVisible && !Verdicts.busy)
            compare(Verdicts.verdict.reason, "OK")
        }

        function test_refusalSaysDontPourWithItsAction() {
            const overlay = createTemporaryObject(overlayComponent, root)
            Verdicts.submitCode("https://example.com/menu", "manual")
            tryVerify(() => Verdicts.verdictVisible)
            compare(Verdicts.verdict.reason, "MALFORMED")
            compare(text(overlay, "verdictHeadline"), "DON'T POUR")
            compare(text(overlay, "verdictTitle"), "Not a drink code")
            compare(text(overlay, "verdictSymbol"), "✖")
            verify(!findChild(overlay, "pourButton").visible)
            verify(text(overlay, "verdictAdvice").indexOf("Club") >= 0)
            const action = findChild(overlay, "actionButton")
            verify(action.visible)
            compare(action.text, "Scan again")
            mouseClick(action)
            verify(!Verdicts.verdictVisible)
        }

        function test_unknownOrderOffersFindByName() {
            const overlay = createTemporaryObject(overlayComponent, root)
            findSpy.target = overlay
            findSpy.clear()
            Verdicts.submitCode("order_nope_qr", "manual")
            tryVerify(() => Verdicts.verdictVisible && !Verdicts.busy)
            const action = findChild(overlay, "actionButton")
            compare(action.text, "Find by name")
            mouseClick(action)
            compare(findSpy.count, 1)
            verify(!Verdicts.verdictVisible)
        }

        // A tap beside the buttons neither closes the OK (and its undo) nor reaches the screen
        // behind it.
        function test_tapBesideTheButtonsDoesNothing() {
            const scan = createTemporaryObject(scanComponent, root)
            const overlay = createTemporaryObject(overlayComponent, root)
            Verdicts.redeemOrder("ord_m1")
            tryVerify(() => Verdicts.verdictVisible && Verdicts.verdict.recorded === true)
            const manual = findChild(scan, "manualButton")
            const spy = createTemporaryQmlObject("import QtTest; SignalSpy { signalName: \"clicked\" }", tc)
            spy.target = manual
            // Where the scan screen's "Type or find a code" button lies under the verdict.
            const p = manual.mapToItem(root, manual.width / 2, manual.height / 2)
            mouseClick(root, p.x, p.y)
            mouseClick(root, 20, 20)
            verify(Verdicts.verdictVisible)
            compare(spy.count, 0)
            verify(findChild(overlay, "undoButton").visible)
        }

        // The OK stays until its undo window ends; after Next guest, the scan screen's chip
        // keeps the undo for the rest of the window.
        function test_okLastsAsLongAsItsUndoThenTheChip() {
            const scan = createTemporaryObject(scanComponent, root)
            const overlay = createTemporaryObject(overlayComponent, root)
            Verdicts.redeemOrder("ord_d1")
            tryVerify(() => Verdicts.verdict.recorded === true)
            testClock.advance(9000)
            verify(Verdicts.verdictVisible)
            compare(findChild(overlay, "undoButton").text, "Undo (1 s)")
            testClock.advance(1200)
            verify(!Verdicts.verdictVisible)
            const chip = findChild(scan, "undoChip")
            verify(!chip.visible)

            // Next guest at once: the chip offers the undo, names the drinks, and works.
            Verdicts.submitCode("order_d6_qr", "manual")
            tryVerify(() => Verdicts.verdict.recorded === true)
            mouseClick(findChild(overlay, "dismissButton"))
            verify(!Verdicts.verdictVisible)
            testClock.advance(3000)
            tryVerify(() => chip.visible)
            verify(chip.text.indexOf("Undo last pour (7 s)") === 0, chip.text)
            verify(chip.text.indexOf("House Red") > 0, chip.text)
            mouseClick(chip)
            tryVerify(() => Verdicts.verdict.kind === "undone")
            compare(text(overlay, "verdictHeadline"), "DON'T POUR")
            verify(!chip.visible)
        }

        function test_germanHeadlines() {
            Settings.language = "de"
            const overlay = createTemporaryObject(overlayComponent, root)
            Verdicts.submitCode("order_m2_qr", "manual")
            tryVerify(() => Verdicts.verdict.recorded === true)
            compare(text(overlay, "verdictHeadline"), "AUSSCHENKEN")
            compare(findChild(overlay, "dismissButton").text, "Nächster Gast")
            Verdicts.submitCode("https://example.com/menu", "manual")
            tryVerify(() => Verdicts.verdict.reason === "MALFORMED")
            compare(text(overlay, "verdictHeadline"), "NICHT AUSSCHENKEN")
            compare(findChild(overlay, "actionButton").text, "Nochmal scannen")
        }

        // Twenty drinks with 60-character names, a 60-character guest: the middle scrolls, the
        // buttons stay whole and on screen, on its side and upright, in English and German.
        function test_twentyLongDrinksNeverHideAButton_data() {
            return [
                { tag: "landscape-en", width: 1280, height: 800, lang: "en" },
                { tag: "portrait-en", width: 800, height: 1280, lang: "en" },
                { tag: "landscape-de", width: 1280, height: 800, lang: "de" },
                { tag: "portrait-de", width: 800, height: 1280, lang: "de" },
            ]
        }
        function test_twentyLongDrinksNeverHideAButton(data) {
            root.width = data.width
            root.height = data.height
            Settings.language = data.lang
            const longName = "Extra Large Smoked Rosemary Grapefruit Gin Tonic Special 0"
            const drinks = []
            for (let i = 0; i < 20; ++i)
                drinks.push({ name: longName + (i % 10) + "", qty: 1 + i % 3 })
            const cases = [
                { kind: "ok", headline: "pour", reason: "OK", recorded: true },
                { kind: "pending", headline: "check", reason: "OK", pending: true },
                { kind: "refused", headline: "dont_pour", reason: "NOT_PAID", action: "scan_again" },
            ]
            for (const c of cases) {
                const v = Object.assign({ drinks: drinks, recipient: "Maximiliane Alexandra von Hohenzollern-Sigmaringen-Weißenfels", phone4: "0142",
                                          staffName: "Sam", atMs: Date.now(), source: "camera" }, c)
                const overlay = createTemporaryObject(fixedOverlay, root, { v: v })
                waitForRendering(overlay)
                wait(50)
                const names = ["dismissButton"].concat(c.pending ? ["pourButton"] : []).concat(c.action ? ["actionButton"] : [])
                for (const name of names) {
                    const b = findChild(overlay, name)
                    verify(b.visible, data.tag + " " + c.kind + ": " + name + " visible")
                    const p = b.mapToItem(overlay, 0, 0)
                    verify(p.x >= 0 && p.y >= 0 && p.x + b.width <= overlay.width + 1 && p.y + b.height <= overlay.height + 1,
                           data.tag + " " + c.kind + ": " + name + " at " + p.x + "," + p.y + " size " + b.width + "×" + b.height)
                    verify(b.height >= Theme.minTouch, name + " is " + b.height + " px tall")
                    verify(!b.contentItem.truncated, name + "'s label is cut: " + b.text)
                }
                // The headline fits its line, and the list says there is more and scrolls to it.
                const headline = findChild(overlay, "verdictHeadline")
                verify(headline.contentWidth <= headline.width + 1, data.tag + " headline " + headline.contentWidth + " > " + headline.width)
                if (c.kind !== "refused") {
                    const middle = findChild(overlay, "verdictMiddle")
                    verify(middle.contentHeight > middle.height, "twenty drinks overflow the middle")
                    verify(findChild(overlay, "moreBelow").visible)
                    middle.contentY = middle.contentHeight - middle.height
                    tryVerify(() => !findChild(overlay, "moreBelow").visible)
                }
                overlay.destroy()
                wait(0)
            }
        }
    }
}
