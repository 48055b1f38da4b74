import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"
import "qrc:/qml/components"

// Status readable from a metre: the band says what is wrong, worst first, in words and with the
// count of drinks waiting, and hides when all is well; the main window shows it on the sign-in
// screen too. The scan screen says when the camera stopped and when a code is the same one.
Item {
    id: root
    width: 1280
    height: 800

    TestCase {
        name: "Status"
        when: windowShown

        Component { id: bandComponent; StatusBand { width: root.width } }
        Component { id: scanComponent; ScanScreen { width: root.width; height: root.height } }

        function cleanup() {
            Verdicts.dismissVerdict()
            Session.signOut("manual")
        }

        function test_band_data() {
            const now = Date.parse("2026-12-03T21:30:00")
            return [
                { tag: "all well", state: { connectivity: "online" }, text: "", severe: false },
                { tag: "never paired", state: { connectivity: "local" }, text: "", severe: false },
                { tag: "offline", state: { connectivity: "offline", unsent: 12, lastSyncMs: now - 14 * 60000, nowMs: now },
                  text: "OFFLINE · 12 drinks waiting · last sync 14 min ago", severe: true },
                { tag: "one drink", state: { connectivity: "offline", unsent: 1, lastSyncMs: 0, nowMs: now },
                  text: "OFFLINE · 1 drink waiting · last sync never", severe: true },
                { tag: "uploads refused", state: { connectivity: "degraded", uploadProblem: "the cloud refuses uploads: 404", unsent: 3,
                                                   uploadProblemSinceMs: Date.parse("2026-12-03T21:02:00"), lastSyncMs: now - 60000, nowMs: now },
                  text: "NOT SYNCING since 21:02 · 3 drinks waiting · last sync 1 min ago", severe: true },
                { tag: "unstable", state: { connectivity: "degraded", unsent: 0, lastSyncMs: now - 5000, nowMs: now },
                  text: "CONNECTION UNSTABLE · 0 drinks waiting · last sync 5 s ago", severe: false },
                { tag: "clock", state: { connectivity: "online", clockDrifting: true, clockDriftSeconds: -300 },
                  text: "CLOCK OFF by 300 s · codes may be judged wrongly · call a manager", severe: false },
                // A full disk outranks everything: drinks cannot be recorded.
                { tag: "disk full", state: { connectivity: "offline", storageFault: "disk_full", unsent: 4 },
                  text: "DISK FULL · drinks cannot be recorded · call a manager", severe: true },
                { tag: "needs pairing", state: { connectivity: "needs_pairing", unsent: 2, lastSyncMs: now - 3600000, nowMs: now },
                  text: "NOT PAIRED · the cloud no longer accepts this kiosk · 2 drinks waiting · last sync 1 h ago", severe: true },
                // The LAN peers: offline, the band says which bars still protect against a double pour.
                { tag: "offline, bars linked", state: { connectivity: "offline", unsent: 3, lastSyncMs: now - 60000, nowMs: now,
                                                        barsKnown: 3, barsReachable: 3 },
                  text: "OFFLINE · 3 of 3 bars reachable · 3 drinks waiting · last sync 1 min ago", severe: true },
                { tag: "a bar away", state: { connectivity: "online", barsKnown: 3, barsReachable: 2 },
                  text: "2 OF 3 BARS REACHABLE · a code poured at the others may not be refused here", severe: false },
                { tag: "every bar there", state: { connectivity: "online", barsKnown: 2, barsReachable: 2 }, text: "", severe: false },
                { tag: "no peers", state: { connectivity: "online", barsKnown: 0, barsReachable: 0 }, text: "", severe: false },
            ]
        }
        function test_band(data) {
            const band = createTemporaryObject(bandComponent, root, Object.assign({ storageFault: "", uploadProblem: "", clockDrifting: false, barsKnown: 0, barsReachable: 0 }, data.state))
            compare(band.visible, data.text !== "")
            if (!band.visible) {
                compare(band.implicitHeight, 0)
                return
            }
            compare(findChild(band, "statusBandText").text, "⚠ " + data.text)
            verify(Qt.colorEqual(band.color, data.severe ? Theme.offline : Theme.degraded))
            verify(band.implicitHeight >= 64, "readable from a metre: " + band.implicitHeight)
            // Dark words on the band's colour, AA.
            verify(Theme.contrast(Theme.noticeText, band.color) >= 4.5)
        }

        // The window carries the band above every screen, the sign-in screen included.
        function test_bandOnEveryScreen() {
            const component = Qt.createComponent("qrc:/qml/Main.qml")
            compare(component.status, Component.Ready, component.errorString())
            const window = component.createObject(null)
            const band = findChild(window.contentItem.parent, "statusBand")
            verify(band, "the window has the band")
            compare(window.screen, "signin")
            // The demo kiosk is local only: no band. Its header stays out of the way.
            verify(!band.visible)
            band.connectivity = "offline"
            verify(band.visible)
            const p = band.mapToItem(null, 0, 0)
            compare(p.y, 0)
            fuzzyCompare(band.width, window.width, 1)
            window.destroy()
        }

        function test_cameraLostAndBack() {
            const scan = createTemporaryObject(scanComponent, root, { camera: "working" })
            const hint = findChild(scan, "scanHint")
            verify(hint.text.indexOf("Camera not working") < 0)
            scan.camera = "lost"
            compare(hint.text, "Camera not working: use the hand scanner or type the code")
            verify(hint.font.bold)
            scan.camera = "working"
            verify(hint.text.indexOf("Camera not working") < 0)
        }

        // The same code read again by the camera says so, and for how long ago.
        function test_sameCodeSaysSo() {
            verify(Session.signIn("stf_sam", "1111"))
            const scan = createTemporaryObject(scanComponent, root, { camera: "working" })
            const hint = findChild(scan, "scanHint")
            Verdicts.submitCode("order_nope_qr", "camera")
            tryVerify(() => Verdicts.verdictVisible && !Verdicts.busy)
            Verdicts.dismissVerdict()
            testClock.advance(3000)
            Verdicts.submitCode("order_nope_qr", "camera")
            verify(!Verdicts.verdictVisible)
            compare(hint.text, "Same code: checked 3 s ago")
            testClock.advance(3500)
            verify(hint.text.indexOf("Same code") < 0, hint.text)
        }
    }
}
