import QtQuick
import QtTest
import QtQuick.VirtualKeyboard.Settings
import ClubKiosk

// Qt Virtual Keyboard in the kiosk session (QT_IM_MODULE=qtvirtualkeyboard): every text field
// types with it, in the UI language's layout, umlauts included, and the page makes room for it.
TestCase {
    id: tc
    name: "Keyboard"
    when: windowShown

    property var root: null

    function initTestCase() {
        verify(Settings.virtualKeyboard, "run with QT_IM_MODULE=qtvirtualkeyboard")
        const component = Qt.createComponent("qrc:/qml/Main.qml")
        compare(component.status, Component.Ready, component.errorString())
        root = component.createObject(null)
        verify(root)
        root.visible = true
        waitForRendering(root.contentItem)
    }
    function cleanupTestCase() {
        Settings.language = "en"
        root.destroy()
    }

    // The keyboard's key showing `label` (the layouts are the library's, so found by their text).
    function key(item, label) {
        if (!item || !item.visible)
            return null
        if (item.text === label && item.key !== undefined && item.width > 0)
            return item
        for (let i = 0; i < item.children.length; ++i) {
            const found = key(item.children[i], label)
            if (found)
                return found
        }
        return null
    }

    function test_manualEntryTypesUmlautsOnTheGermanLayout() {
        verify(Session.signIn("stf_ada", "3579"))
        Settings.language = "de"
        compare(VirtualKeyboardSettings.locale, "de_DE")
        verify(VirtualKeyboardSettings.availableLocales.indexOf("de_DE") >= 0, VirtualKeyboardSettings.availableLocales)
        root.screen = "manual"
        const page = findChild(root, "page")
        tryVerify(() => page.item && findChild(page.item, "manualField"))
        const field = findChild(page.item, "manualField")
        const loader = findChild(root, "keyboardLoader")
        verify(loader.active)
        field.forceActiveFocus()
        tryVerify(() => loader.item.active, 3000, "the keyboard opens for the field")
        // The page ends where the keyboard starts.
        tryVerify(() => Math.abs(page.y + page.height - loader.y) < 1)
        verify(loader.item.height > 200)
        // M, ü, l: typed on the keyboard, found by the folded search.
        for (const label of ["m", "ü", "l"]) {
            let k = null
            tryVerify(() => (k = key(loader.item, label)) !== null, 3000, "a key " + label)
            mouseClick(k)
        }
        tryVerify(() => field.text.toLowerCase() === "mül", 3000, field.text)
        tryVerify(() => Orders.orderMatches.length === 1 && Orders.orderMatches[0].recipient === "Zoë Müller")
        // Choosing her closes the keyboard: the identity check's buttons are in reach.
        let redeem = null
        tryVerify(() => (redeem = findChild(page.item, "redeem_ord_m4")) !== null && redeem.visible)
        mouseClick(redeem)
        tryVerify(() => !loader.item.active)
        const confirm = findChild(page.item, "checkConfirm")
        tryVerify(() => confirm.visible && confirm.mapToItem(null, 0, confirm.height).y <= root.height)
        mouseClick(findChild(page.item, "checkCancel"))
        // English: the layout follows the language.
        Settings.language = "en"
        compare(VirtualKeyboardSettings.locale, "en_US")
        root.screen = "scan"
        tryVerify(() => !loader.item.active)
        Session.signOut("manual")
    }
}
