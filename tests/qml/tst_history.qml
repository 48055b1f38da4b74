import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"

// The manager's history screen on the demo venue's seeded night (25 redemptions in 24 hours,
// one double pour, one void, four refused scans).
Item {
    id: root
    width: 1280
    height: 800

    TestCase {
        id: tc
        name: "History"
        width: 1280
        height: 800
        when: windowShown

        Component { id: screenComponent; HistoryScreen { width: 1280; height: 800 } }

        function init() { verify(Session.signIn("stf_morgan", "2468")) }
        function cleanup() { Session.signOut("manual") }

        function openScreen() {
            const screen = createTemporaryObject(screenComponent, root)
            waitForRendering(screen)
            mouseClick(findChild(screen, "period_24h"))
            compare(History.period, "24h")
            mouseClick(findChild(screen, "status_all"))
            compare(History.status, "")
            return screen
        }

        function firstRow(screen) {
            const list = findChild(screen, "historyList")
            waitForRendering(list)
            tryVerify(() => list.itemAtIndex(0) !== null)
            return list.itemAtIndex(0)
        }

        // The first row this kiosk recorded (another kiosk's pours are voided there, not here).
        function firstLocalRow(screen) {
            const list = findChild(screen, "historyList")
            firstRow(screen)
            for (let i = 0; i < list.count; ++i) {
                const item = list.itemAtIndex(i)
                if (item && item.row.origin === "local")
                    return item
            }
            fail("no row recorded here among the rows shown")
        }

        function test_1_periodAndStatusFilters() {
            const screen = openScreen()
            const list = findChild(screen, "historyList")
            compare(History.totals.redeemed, 25)
            compare(History.totals.conflicts, 1)
            const everything = list.count
            compare(everything, History.count)
            verify(everything >= 25 + 1)                 // redemptions and the void; scans apart
            mouseClick(findChild(screen, "status_conflict"))
            compare(list.count, 1)
            compare(firstRow(screen).row.status, "conflict")
            mouseClick(findChild(screen, "status_voided"))
            compare(list.count, 1)
            compare(firstRow(screen).row.status, "voided")
            mouseClick(findChild(screen, "status_scans"))
            compare(list.count, 4)
            mouseClick(findChild(screen, "status_all"))
            compare(list.count, everything)
            mouseClick(findChild(screen, "period_7d"))
            verify(list.count >= everything)
        }

        function test_2_staffFilter() {
            const screen = openScreen()
            const list = findChild(screen, "historyList")
            const everything = list.count
            const combo = findChild(screen, "staffFilter")
            combo.currentIndex = combo.indexOfValue("stf_ada")
            verify(combo.currentIndex > 0)
            combo.activated(combo.currentIndex)
            compare(History.staffId, "stf_ada")
            verify(list.count > 0 && list.count < everything)
            compare(firstRow(screen).row.staff, "Ada")
            combo.currentIndex = 0
            combo.activated(0)
            compare(History.staffId, "")
            compare(list.count, everything)
        }

        function test_3_aDoublePourShowsBothSides() {
            const screen = openScreen()
            mouseClick(findChild(screen, "status_conflict"))
            mouseClick(firstRow(screen))
            const panel = findChild(screen, "reviewPanel")
            verify(panel.visible)
            compare(panel.conflict.winner.device, "dev_bar_right")
            compare(panel.conflict.winner.staff, "Ada")
            verify(panel.conflict.ours.device !== panel.conflict.winner.device)
            verify(!findChild(screen, "voidButton").visible)   // a double pour is reviewed, not voided
            mouseClick(findChild(screen, "closeReview"))
            verify(!panel.visible)
        }

        function test_4_voidNeedsAReasonAndIsANewRow() {
            const screen = openScreen()
            mouseClick(findChild(screen, "status_redeemed"))
            const before = History.totals.voided
            mouseClick(firstLocalRow(screen))
            const panel = findChild(screen, "reviewPanel")
            verify(panel.visible)
            const voidButton = findChild(screen, "voidButton")
            verify(voidButton.visible)
            verify(!voidButton.enabled)                 // no reason, no void
            findChild(screen, "voidReason").text = "Spilled"
            verify(voidButton.enabled)
            mouseClick(voidButton)
            tryVerify(() => History.totals.voided === before + 1)
            verify(!panel.visible)
        }

        function test_5_bartendersCannotVoid() {
            const screen = openScreen()
            mouseClick(findChild(screen, "status_redeemed"))
            const seq = firstRow(screen).row.seq
            Session.signOut("manual")
            verify(Session.signIn("stf_sam", "1111"))
            verify(!History.voidRedemption(seq, "Spilled"))
        }

        function test_6_exportToAChosenFolder() {
            const screen = openScreen()
            mouseClick(findChild(screen, "exportButton"))
            const panel = findChild(screen, "exportPanel")
            verify(panel.visible)
            const targets = panel.targets
            const last = targets.length - 1
            compare(targets[last].path, exportFolder)   // the documents folder, after any USB stick
            verify(targets[last].freeMb > 0)             // of the disk it will be made on
            mouseClick(findChild(screen, "exportCsv_" + last))
            verify(!panel.visible)
            const csv = files.newest(exportFolder, "*.csv")
            verify(csv.length > 0)
            compare(files.lineCount(csv), 1 + History.count)   // header + every row shown
            mouseClick(findChild(screen, "exportButton"))
            mouseClick(findChild(screen, "exportPdf_" + last))
            const pdf = files.newest(exportFolder, "*.pdf")
            verify(pdf.length > 0)
            compare(files.head(pdf, 5), "%PDF-")
        }
    }
}
