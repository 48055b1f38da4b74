import QtQuick
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// Scanning: the live picture with an aiming guide and the outline of the code just read.
FocusScope {
    id: screen
    signal manualEntry()
    // Upright: the picture on top, the controls under it. On its side: the controls at the right.
    readonly property bool portrait: width < height
    // "none", "working" or "lost" (the scanner's; tests give their own).
    property string camera: Scanner.camera
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
                color: screen.camera === "lost" ? Theme.degraded : "#cc111417"
                Text {
                    textFormat: Text.PlainText
                    id: hint
                    anchors.centerIn: parent
                    width: parent.width - 40
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                    objectName: "scanHint"
                    text: Verdicts.busy ? qsTr("Checking…")
                        : Verdicts.repeatNotice.atMs ? qsTr("Same code: checked %1").arg(Format.ago(Verdicts.repeatNotice.atMs, Sync.nowMs))
                        : screen.camera === "lost" ? qsTr("Camera not working: use the hand scanner or type the code")
                        : Scanner.frameSource ? qsTr("Hold the drink code inside the frame")
                        : qsTr("No camera: use a hand scanner or manual entry")
                    font.bold: screen.camera === "lost"
                    color: screen.camera === "lost" ? Theme.noticeText : Theme.text
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
                // The last pour can be undone for the rest of its window, after Next guest too.
                objectName: "undoChip"
                visible: Verdicts.undoSeconds > 0 && !Verdicts.verdictVisible
                text: qsTr("Undo last pour (%1 s)").arg(Verdicts.undoSeconds) + "\n"
                      + Format.drinks(Verdicts.lastPour.drinks || []) + (Verdicts.lastPour.recipient ? " · " + Verdicts.lastPour.recipient : "")
                Layout.fillWidth: true
                Layout.preferredHeight: 96
                tone: Theme.okText
                toneText: Theme.ok
                enabled: !Verdicts.busy
                onClicked: Verdicts.undo()
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
                // Why the camera is not working; the kiosk keeps reopening it meanwhile.
                objectName: "cameraDetail"
                textFormat: Text.PlainText
                visible: screen.camera === "lost" && Scanner.cameraDetail !== ""
                text: qsTr("Camera: %1 · trying again").arg(Scanner.cameraDetail)
                color: Theme.text
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Text {
                textFormat: Text.PlainText
                visible: Scanner.scanStats.framesSeen !== undefined
                text: qsTr("%1 frames/s · %2 dropped").arg(Math.round(Scanner.scanStats.fps || 0)).arg(Scanner.scanStats.framesDropped || 0)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
            }
        }
    }
}
