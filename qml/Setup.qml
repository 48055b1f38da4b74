import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ClubKiosk
import "components"

// A kiosk with no database yet: "Scan the setup code". The venue dashboard shows the code
// (Devices → Add a kiosk); the kiosk pairs as soon as the camera (or a hand scanner) reads it.
// The server and the one-time code can be typed instead, on the on-screen keyboard.
ApplicationWindow {
    id: root
    width: 1280
    height: 800
    visible: true
    title: qsTr("Club Kiosk setup")
    color: Theme.background
    font.family: Theme.fontFamily
    readonly property bool portrait: width < height
    property bool typing: false

    component Label: Text {
        textFormat: Text.PlainText
        color: Theme.text
        font.pixelSize: Theme.fontBody
        font.family: Theme.fontFamily
        wrapMode: Text.WordWrap
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap * 2
        anchors.bottomMargin: keyboard.active ? keyboard.height + Theme.gap : Theme.gap * 2
        columns: root.portrait ? 1 : 2
        columnSpacing: Theme.gap * 2
        rowSpacing: Theme.gap

        Rectangle {
            objectName: "setupViewfinder"
            visible: !root.typing || !root.portrait
            color: Theme.surface
            radius: Theme.radius
            clip: true
            // Upright: below the words, half the screen; on its side: the left half.
            Layout.row: root.portrait ? 1 : 0
            Layout.column: 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: root.portrait ? root.width : root.width * 0.55
            Layout.preferredHeight: root.portrait ? root.height * 0.5 : root.height
            Viewfinder {
                anchors.fill: parent
                source: Setup.frameSource
            }
            Label {
                visible: !Setup.frameSource
                anchors.centerIn: parent
                width: parent.width - Theme.gap * 4
                horizontalAlignment: Text.AlignHCenter
                color: Theme.textMuted
                text: qsTr("No camera: read the setup code with a hand scanner, or type it.")
            }
        }

        ColumnLayout {
            spacing: Theme.gap
            Layout.row: 0
            Layout.column: root.portrait ? 0 : 1
            Layout.fillWidth: true
            Layout.fillHeight: !root.portrait
            Layout.preferredWidth: root.portrait ? root.width : root.width * 0.4

            Label {
                objectName: "setupTitle"
                text: Setup.state === "paired" ? qsTr("Paired with %1").arg(Setup.venueName)
                    : Setup.state === "pairing" ? qsTr("Pairing…") : qsTr("Scan the setup code")
                font.pixelSize: Theme.fontHuge * 0.75
                font.bold: true
                Layout.fillWidth: true
            }
            Label {
                text: Setup.state === "paired" ? qsTr("Starting the kiosk…")
                    : qsTr("On the venue dashboard open Devices → Add a kiosk, and hold the code it shows in front of the camera.")
                color: Theme.textMuted
                Layout.fillWidth: true
            }
            Label {
                objectName: "setupMessage"
                visible: Setup.message !== ""
                text: Setup.message
                color: Theme.offline
                font.bold: true
                Layout.fillWidth: true
            }
            KButton {
                objectName: "typeInstead"
                visible: !root.typing && Setup.state === "scanning"
                text: qsTr("Type it instead")
                Layout.fillWidth: true
                onClicked: { root.typing = true; server.forceActiveFocus() }
            }
            TextField {
                id: server
                objectName: "setupServer"
                visible: root.typing
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                font.pixelSize: Theme.fontBody
                color: Theme.text
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                placeholderText: qsTr("Server address, https://…")
                placeholderTextColor: Theme.textMuted
                Accessible.name: qsTr("Server address")
                background: Rectangle { radius: Theme.radius; color: Theme.surfaceRaised; border.width: server.activeFocus ? 3 : 0; border.color: Theme.focus }
            }
            TextField {
                id: code
                objectName: "setupCode"
                visible: root.typing
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                font.pixelSize: Theme.fontBody
                color: Theme.text
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText | Qt.ImhPreferNumbers
                placeholderText: qsTr("Pairing code, e.g. 483-219-k7q")
                placeholderTextColor: Theme.textMuted
                Accessible.name: qsTr("Pairing code")
                background: Rectangle { radius: Theme.radius; color: Theme.surfaceRaised; border.width: code.activeFocus ? 3 : 0; border.color: Theme.focus }
            }
            KButton {
                objectName: "setupPair"
                visible: root.typing
                text: qsTr("Pair")
                tone: Theme.accent
                toneText: Theme.accentText
                enabled: Setup.state === "scanning" && server.text.length > 0 && code.text.length > 0
                Layout.fillWidth: true
                onClicked: Setup.pairTyped(server.text, code.text)
            }
            Item { visible: !root.portrait; Layout.fillHeight: true }
            Label {
                text: Setup.cameraDescription
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                Layout.fillWidth: true
            }
        }
    }

    // The on-screen keyboard, where it is the input method (the kiosk session): loaded only
    // then, so that a desktop run types with its own keyboard.
    Loader {
        id: keyboard
        objectName: "keyboardLoader"
        active: Setup.virtualKeyboard
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        source: "VirtualKeyboard.qml"
        onLoaded: item.language = Setup.language
    }
}
