import QtQuick
import QtQuick.Layouts
import ClubKiosk
import "../components"

// Scanning: the live picture with an aiming guide and the outline of the code just read.
FocusScope {
    id: screen
    signal manualEntry()
    // Upright: the picture on top, the controls under it. On its side: the controls at the right.
    readonly property bool portrait: width < height
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Scanning")

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        columns: screen.portrait ? 1 : 2
        rowSpacing: Theme.gap
        columnSpacing: Theme.gap

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Viewfinder {
                id: viewfinder
                objectName: "viewfinder"
                anchors.fill: parent
                source: Scanner.frameSource
                outline: Scanner.codeOutline
            }
            // Aiming guide: four corners of a square in the middle.
            Item {
                id: guide
                width: Math.min(parent.width, parent.height) * 0.62
                height: width
                anchors.centerIn: parent
                Repeater {
                    model: 4
                    Item {
                        required property int index
                        width: 70; height: 70
                        x: index % 2 ? guide.width - width : 0
                        y: index > 1 ? guide.height - height : 0
                        // Light bars with a dark rim: visible on a dark room and on a white phone screen.
                        Rectangle { width: parent.width; height: 10; color: Theme.text; border.color: Theme.background; border.width: 2; y: index > 1 ? parent.height - 10 : 0; radius: 5 }
                        Rectangle { width: 10; height: parent.height; color: Theme.text; border.color: Theme.background; border.width: 2; x: index % 2 ? parent.width - 10 : 0; radius: 5 }
                    }
                }
            }
            Rectangle {
                anchors.bottom: parent.bottom
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.bottomMargin: Theme.gap
                width: Math.min(parent.width - 2 * Theme.gap, hint.implicitWidth + 40)
                height: hint.implicitHeight + 20
                radius: Theme.radius
                color: "#cc111417"
                Text {
                    textFormat: Text.PlainText
                    id: hint
                    anchors.centerIn: parent
                    width: parent.width - 40
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                    text: Verdicts.busy ? qsTr("Checking…")
                        : Scanner.frameSource ? qsTr("Hold the drink code inside the frame")
                        : qsTr("No camera: use a hand scanner or manual entry")
                    color: Theme.text
                    font.pixelSize: Theme.fontLarge
                    font.family: Theme.fontFamily
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                }
            }
        }

        ColumnLayout {
            Layout.preferredWidth: 300
            Layout.maximumWidth: screen.portrait ? Number.POSITIVE_INFINITY : 300
            Layout.fillWidth: screen.portrait
            Layout.fillHeight: !screen.portrait
            spacing: Theme.gap
            Text {
                textFormat: Text.PlainText
                text: Settings.confirmMode ? qsTr("Confirm mode: tap Pour after each OK") : qsTr("Instant mode: OK is recorded at once")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            KButton {
                objectName: "manualButton"
                text: qsTr("Type or find a code")
                Layout.fillWidth: true
                onClicked: screen.manualEntry()
            }
            Item { Layout.fillHeight: true; visible: !screen.portrait }
            Text {
                textFormat: Text.PlainText
                text: Scanner.cameraDescription
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Text {
                textFormat: Text.PlainText
                visible: Scanner.scanStats.framesSeen !== undefined
                text: qsTr("%1 frames/s · %2 dropped").arg(Scanner.scanStats.fps || 0).arg(Scanner.scanStats.framesDropped || 0)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
            }
        }
    }
}
