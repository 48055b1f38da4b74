import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"
import "qrc:/qml/components"

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
            // Both bars by name, both staff, both times.
            compare(panel.conflict.winner.device, "Right bar")
            compare(panel.conflict.winner.staff, "Ada")
            verify(panel.conflict.ours.here)
            verify(findChild(screen, "conflictOurs").text.indexOf("at this bar") > 0, findChild(screen, "conflictOurs").text)
            verify(findChild(screen, "conflictWinner").text.indexOf("by Ada at Right bar") > 0, findChild(screen, "conflictWinner").text)
            verify(!findChild(screen, "voidButton").visible)   // a double pour is reviewed, not voided
            mouseClick(findChild(screen, "closeReview"))
            verify(!panel.visible)
        }

        // The manager marks the double pour resolved with a note: shown, tagged in the list,
        // in the export.
        function test_3b_resolveADoublePourWithANote() {
            const screen = openScreen()
            mouseClick(findChild(screen, "status_conflict"))
            mouseClick(firstRow(screen))
            const resolve = findChild(screen, "resolveButton")
            verify(resolve.visible)
            verify(!resolve.enabled)                    // no note, nothing to record
            findChild(screen, "reviewNote").text = "Both bars poured; Dana paid the second at the till"
            mouseClick(resolve)
            tryVerify(() => !findChild(screen, "reviewPanel").visible)
            tryVerify(() => firstRow(screen).row.review === "Both bars poured; Dana paid the second at the till")
            verify(findChild(firstRow(screen), "tagsCell").text.indexOf("resolved") >= 0)
            mouseClick(firstRow(screen))
            const shown = findChild(screen, "conflictReview")
            verify(shown.visible)
            verify(shown.text.indexOf("Resolved by Morgan") >= 0 && shown.text.indexOf("Dana paid") > 0, shown.text)
            mouseClick(findChild(screen, "closeReview"))
            mouseClick(findChild(screen, "exportButton"))
            const last = findChild(screen, "exportPanel").targets.length - 1
            mouseClick(findChild(screen, "exportCsv_" + last))
            const csv = files.newest(exportFolder, "*.csv")
            verify(files.head(csv, 4000).indexOf("Dana paid the second at the till") > 0)
        }

        // The review is modal: a tap beside it reaches no row behind it, and it stays open.
        function test_3c_tapsBesideTheReviewReachNothing() {
            const screen = openScreen()
            mouseClick(findChild(screen, "status_redeemed"))
            mouseClick(firstLocalRow(screen))
            const panel = findChild(screen, "reviewPanel")
            const chosen = screen.selected.seq
            // Just below the dialog, where the list's rows are.
            mouseClick(screen, 40, screen.height - 20)
            mouseClick(screen, screen.width - 10, panel.y + panel.height / 2)
            verify(panel.visible)
            compare(screen.selected.seq, chosen)
            // The quick reasons are visible on the dialog and fill the field.
            waitForRendering(panel)
            const chip = findChild(panel, "reasonChip")
            verify(chip.visible)
            verify(Theme.contrast(chip.tone, Theme.surfaceRaised) >= 3)
            mouseClick(chip)
            compare(findChild(screen, "voidReason").text, chip.text)
            mouseClick(findChild(screen, "closeReview"))
            verify(!panel.visible)
        }

        function test_3d_typedPoursAreMarkedAndFiltered() {
            Verdicts.redeemOrder("ord_m3")              // chosen by name: typed
            tryVerify(() => Verdicts.verdict.recorded === true)
            Verdicts.dismissVerdict()
            const screen = openScreen()
            // The seeded night has three orders found by name (of 25), and now Morgan's.
            compare(History.totals.typed, 4)
            mouseClick(findChild(screen, "status_typed"))
            const list = findChild(screen, "historyList")
            compare(list.count, 4)
            compare(firstRow(screen).row.staff, "Morgan")
            verify(firstRow(screen).row.typed)
            verify(findChild(firstRow(screen), "tagsCell").text.indexOf("typed") >= 0)
            // Per drink and per person.
            verify(History.totals.byDrink.length > 0)
            verify(History.totals.byStaff.some(p => p.name === "Morgan" && p.redeemed >= 1), JSON.stringify(History.totals.byStaff))
            const top = History.totals.byDrink[0]
            verify(History.totals.byDrink.every(d => d.qty <= top.qty), "the most poured first")
            const breakdown = findChild(screen, "breakdown").text
            verify(breakdown.indexOf(top.qty + " × " + top.name) >= 0 && breakdown.indexOf("Morgan 1 (2 drinks)") > 0, breakdown)
        }

        // "This shift" from the shift start in Settings, with the range on screen; money in the
        // UI language's way.
        function test_3e_shiftStartAndMoney() {
            const screen = openScreen()
            Settings.shiftStart = "04:30"
            mouseClick(findChild(screen, "period_shift"))
            const from = new Date(History.periodFromMs)
            compare(from.getHours(), 4)
            compare(from.getMinutes(), 30)
            verify(Date.now() - History.periodFromMs < 24 * 3600 * 1000 + 60000)
            verify(findChild(screen, "periodRange").text.indexOf("shifts start at 04:30") > 0, findChild(screen, "periodRange").text)
            Settings.shiftStart = "16:00"
            mouseClick(findChild(screen, "period_24h"))
            verify(/^\$[0-9,]+\.[0-9]{2}$/.test(History.totals.amountText), History.totals.amountText)
            Settings.language = "de"
            verify(/^[0-9.]+,[0-9]{2}\s\$$/.test(History.totals.amountText), History.totals.amountText)
            Settings.language = "en"
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
