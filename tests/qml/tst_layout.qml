import QtQuick
import QtTest
import ClubKiosk

// Every screen, upright (800×1280) and on its side (1280×800), in English and German: nothing
// visible reaches past the window's edges and no button's label is cut short. The check walks
// the real scene of Main.qml and measures what each Text actually paints, so a title too wide
// for the screen, a navigation button pushed off the edge or a settings column outside the
// window all fail it.
TestCase {
    id: tc
    name: "Layout"
    when: windowShown

    property var root: null

    function initTestCase() {
        const component = Qt.createComponent("qrc:/qml/Main.qml")
        compare(component.status, Component.Ready, component.errorString())
        root = component.createObject(null)
        verify(root)
    }
    function cleanupTestCase() {
        Settings.language = "en"
        root.destroy()
    }
    function cleanup() {
        Verdicts.dismissVerdict()
        Settings.confirmMode = false
        Session.clearNotice()
        History.status = ""
        root.reviewFirstConflict = false
        if (Session.signedIn)
            Session.signOut("manual")
    }

    function describe(item) {
        return item.objectName ? item.objectName
             : item.text !== undefined && item.text !== "" ? JSON.stringify(String(item.text)) : String(item)
    }
    // What is wrong with the item and everything visible in it. Items in a list (inside a
    // Flickable) may run past the bottom, where the list clips them; nothing may run sideways.
    function problems(item, inList, out) {
        if (!item || !item.visible || item.opacity === 0)
            return out
        const p = item.mapToItem(null, 0, 0)
        const isText = item.truncated !== undefined && item.elide !== undefined && item.contentWidth !== undefined
        let left = p.x
        let right = p.x + item.width
        if (isText) {
            // The painted extent: an unelided line or an unbreakable word can exceed the box.
            const wraps = item.wrapMode !== Text.NoWrap
            const painted = item.elide !== Text.ElideNone && !wraps ? Math.min(item.contentWidth, item.width) : item.contentWidth
            const align = item.effectiveHorizontalAlignment
            const offset = align === Text.AlignHCenter ? (item.width - painted) / 2 : align === Text.AlignRight ? item.width - painted : 0
            left = p.x + offset
            right = left + painted
        }
        const measured = isText ? item.text !== "" : item.width > 0 && item.height > 0
        if (measured) {
            if (left < -1 || right > root.width + 1)
                out.push(describe(item) + " spans x " + Math.round(left) + " to " + Math.round(right) + " of " + root.width)
            if (!inList && p.y + item.height > root.height + 1)
                out.push(describe(item) + " ends at y " + Math.round(p.y + item.height) + " of " + root.height)
        }
        // Text from a code or the feed is never markup: every text on screen is plain.
        // (A text field's placeholder is the style's own item, showing our translated hint.)
        const placeholder = item.parent && item.parent.placeholderText !== undefined && item.parent.placeholderText === item.text
        if (isText && !placeholder && item.textFormat !== undefined && item.textFormat !== Text.PlainText)
            out.push(describe(item) + " may render markup (textFormat " + item.textFormat + ")")
        if (item.down !== undefined && item.contentItem && item.contentItem.truncated)
            out.push("the label of button " + describe(item) + " is cut short")
        const list = inList || item.contentY !== undefined
        for (let i = 0; i < item.children.length; ++i)
            problems(item.children[i], list, out)
        return out
    }
    function settle() {
        wait(80)   // layouts polish and the scene renders
    }
    function expectClean(what) {
        // A busy machine may take a few frames to lay a new screen out; a real fault stays.
        let found = []
        for (let attempt = 0; attempt < 20; ++attempt) {
            settle()
            found = problems(root.contentItem.parent, false, [])
            if (found.length === 0)
                break
        }
        verify(found.length === 0, what + " at " + root.width + "×" + root.height + " (" + Settings.language + "): " + found.join("; "))
    }
    function page() { return findChild(root, "page").item }

    function test_everyScreen_data() {
        return [
            { tag: "landscape-en", width: 1280, height: 800, lang: "en" },
            { tag: "portrait-en", width: 800, height: 1280, lang: "en" },
            { tag: "landscape-de", width: 1280, height: 800, lang: "de" },
            { tag: "portrait-de", width: 800, height: 1280, lang: "de" },
        ]
    }
    function test_everyScreen(data) {
        root.width = data.width
        root.height = data.height
        Settings.language = data.lang
        tryCompare(root, "portrait", data.height > data.width)

        // Signed out: the pad, a wrong PIN's message and the "sign in first" notice.
        compare(root.screen, "signin")
        verify(!Session.signIn("stf_morgan", "0000"))
        Verdicts.submitCode("not a drink code", "camera")
        tryVerify(() => Session.notice === "sign_in_first")
        expectClean("sign-in")

        verify(Session.signIn("stf_morgan", "2468"))
        tryCompare(root, "screen", "scan")
        // The strip's navigation: every button on screen, in one row or (upright) in its own.
        const strip = findChild(root, "statusStrip")
        compare(strip.implicitHeight, data.height > data.width ? 160 : 80)
        expectClean("scan")

        root.screen = "manual"
        root.manualQuery = "alex"
        tryVerify(() => !Orders.searchingOrders && Orders.orderMatches.length > 0)
        expectClean("manual entry")

        root.screen = "history"
        tryVerify(() => page() && findChild(page(), "historyList").count > 0)
        expectClean("history")
        mouseClick(findChild(page(), "exportButton"))
        tryVerify(() => findChild(page(), "exportPanel").visible)
        expectClean("the export dialog")
        mouseClick(findChild(page(), "closeExport"))
        History.status = "conflict"
        root.reviewFirstConflict = true
        tryVerify(() => findChild(page(), "reviewPanel").visible)
        expectClean("a double pour's review")
        root.reviewFirstConflict = false
        // A pour made here: its review offers a void with a reason and quick reasons.
        History.status = "redeemed"
        const list = findChild(page(), "historyList")
        tryVerify(() => list.count > 0 && list.itemAtIndex(0) !== null)
        const local = [...Array(list.count).keys()].map(i => list.itemAtIndex(i)).find(d => d && d.row.origin === "local")
        verify(local, "a redemption made on this kiosk is listed")
        mouseClick(local)
        tryVerify(() => findChild(page(), "voidReason").visible)
        expectClean("a redemption's review with its void controls")
        mouseClick(findChild(page(), "closeReview"))
        History.status = ""

        root.screen = "settings"
        expectClean("settings")

        // Verdicts over the scan screen: an OK waiting for Pour, and a refusal with advice.
        root.screen = "scan"
        Settings.confirmMode = true
        Verdicts.redeemOrder("ord_m1")
        tryVerify(() => Verdicts.verdictVisible && Verdicts.verdict.pending === true)
        expectClean("an OK waiting for Pour")
        Verdicts.dismissVerdict()
        Verdicts.submitCode("https://example.com/menu", "manual")
        tryVerify(() => Verdicts.verdictVisible && Verdicts.verdict.reason === "MALFORMED")
        expectClean("a refusal")
    }

    // Upright, the verdict's title and buttons take the full width, and the buttons are stacked.
    function test_portraitVerdictStacksButtons() {
        root.width = 800
        root.height = 1280
        tryCompare(root, "portrait", true)
        verify(Session.signIn("stf_sam", "1111"))
        Settings.confirmMode = true
        Verdicts.redeemOrder("ord_m3")
        tryVerify(() => Verdicts.verdict.pending === true)
        settle()
        const pour = findChild(root, "pourButton")
        const cancel = findChild(root, "dismissButton")
        verify(pour.visible && cancel.visible)
        fuzzyCompare(pour.width, cancel.width, 1)
        verify(cancel.y >= pour.y + pour.height, "Cancel sits under Pour")
        verify(pour.width > 0.85 * (root.width - 80), "Pour spans the width: " + pour.width)
        mouseClick(pour)
        tryVerify(() => Verdicts.verdict.recorded === true)
        const undo = findChild(root, "undoButton")
        tryVerify(() => undo.visible)
        verify(cancel.y >= undo.y + undo.height, "Next guest sits under Undo")
    }
}
