import QtQuick
import QtTest
import ClubKiosk

// Main.qml's role gating: bartenders never reach history or settings; signing out returns to
// the sign-in screen whatever was open.
TestCase {
    id: tc
    name: "Navigation"
    when: windowShown

    function test_roles() {
        const component = Qt.createComponent("qrc:/qml/Main.qml")
        compare(component.status, Component.Ready, component.errorString())
        const root = component.createObject(null)
        verify(root)
        compare(root.screen, "signin")
        root.screen = "history"
        compare(root.screen, "signin")

        verify(Session.signIn("stf_sam", "1111"))
        tryCompare(root, "screen", "scan")
        root.screen = "history"
        compare(root.screen, "scan")
        root.screen = "settings"
        compare(root.screen, "scan")
        root.screen = "manual"
        compare(root.screen, "manual")
        const historyButton = findChild(root.header, "historyButton")
        verify(!historyButton.visible)
        Session.signOut("manual")
        tryCompare(root, "screen", "signin")

        verify(Session.signIn("stf_morgan", "2468"))
        verify(findChild(root.header, "historyButton").visible)
        root.screen = "history"
        compare(root.screen, "history")
        root.screen = "settings"
        compare(root.screen, "settings")
        Session.signOut("manual")
        compare(root.screen, "signin")
        root.destroy()
    }
}
