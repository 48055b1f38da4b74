import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ClubKiosk
import "components"
import "screens"

ApplicationWindow {
    id: root
    width: 1280
    height: 800
    visible: true
    title: qsTr("Club Kiosk")
    color: Theme.background
    font.family: Theme.fontFamily

    // signin | scan | manual | history | settings
    property string screen: "signin"
    readonly property bool verdictShown: verdict.visible
    property string manualQuery: ""
    property bool reviewFirstConflict: false
    // The same screens serve a kiosk mounted upright (800×1280) and on its side (1280×800).
    readonly property bool portrait: width < height

    function allowed(name) {
        if (!Session.signedIn)
            return name === "signin"
        if (name === "history" || name === "settings")
            return Session.manager
        return name !== "signin"
    }
    onScreenChanged: {
        if (!allowed(screen))
            screen = Session.signedIn ? "scan" : "signin"
    }
    Connections {
        target: Session
        function onStaffChanged() { root.screen = Session.signedIn ? "scan" : "signin" }
    }

    header: Column {
        // The band whenever the kiosk is offline, not syncing or cannot record: every screen.
        StatusBand { width: root.width }
        StatusStrip {
            objectName: "statusStrip"
            width: root.width
            visible: Session.signedIn
            portrait: root.portrait
            current: root.screen
            onNavigate: (name) => root.screen = name
        }
    }

    Loader {
        id: page
        objectName: "page"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        // The on-screen keyboard takes the bottom while a field is being typed in.
        anchors.bottom: keyboard.top
        focus: true
        sourceComponent: root.screen === "scan" ? scanPage
                       : root.screen === "manual" ? manualPage
                       : root.screen === "history" ? historyPage
                       : root.screen === "settings" ? settingsPage
                       : signInPage
        onLoaded: item.forceActiveFocus()
    }
    Component { id: signInPage; SignInScreen {} }
    Component { id: scanPage; ScanScreen { onManualEntry: root.screen = "manual" } }
    Component { id: manualPage; ManualEntryScreen { query: root.manualQuery; onQueryChanged: root.manualQuery = query } }
    // Typing in the field replaces the binding above; a query set from outside still arrives.
    onManualQueryChanged: if (root.screen === "manual" && page.item) page.item.query = root.manualQuery
    Component { id: historyPage; HistoryScreen { reviewFirstConflict: root.reviewFirstConflict } }
    Component { id: settingsPage; SettingsScreen {} }

    // Qt Virtual Keyboard for every text field (manual entry, void reasons, notes, pairing), in
    // the UI language's layout, where it is the input method (the kiosk session).
    Loader {
        id: keyboard
        objectName: "keyboardLoader"
        active: Settings.virtualKeyboard
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: item ? item.height : 0
        z: 8
        source: "VirtualKeyboard.qml"
        onLoaded: item.language = Qt.binding(() => Settings.language)
    }

    VerdictOverlay {
        id: verdict
        objectName: "verdictOverlay"
        anchors.fill: parent
        visible: Verdicts.verdictVisible
        z: 10
        onFindByName: root.screen = "manual"
    }
}
