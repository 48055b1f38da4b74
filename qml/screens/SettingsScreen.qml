import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// Manager settings: how verdicts behave, sounds, language, auto-lock, camera, cloud pairing,
// the other bars this kiosk reaches, and what the scanner is doing.
FocusScope {
    id: screen
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Settings")
    // Upright: the kiosk's own settings above the cloud and the scanner.
    readonly property bool portrait: width < height

    component Label: Text {
        textFormat: Text.PlainText
        color: Theme.text
        font.pixelSize: Theme.fontBody
        font.family: Theme.fontFamily
    }
    component Choice: KButton {
        property bool chosen: false
        tone: chosen ? Theme.accent : Theme.surfaceRaised
        toneText: chosen ? Theme.accentText : Theme.text
        implicitHeight: Theme.minTouch + 8
        Accessible.role: Accessible.RadioButton
        Accessible.checked: chosen
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: 24
        columns: screen.portrait ? 1 : 2
        columnSpacing: 40
        rowSpacing: 40

        GridLayout {
            Layout.alignment: Qt.AlignTop
            columns: 2
            rowSpacing: 14
            columnSpacing: 20

            Label { textFormat: Text.PlainText; text: qsTr("After an OK") }
            RowLayout {
                Choice { objectName: "modeInstant"; text: qsTr("Record at once"); chosen: !Settings.confirmMode; onClicked: Settings.confirmMode = false }
                Choice { objectName: "modeConfirm"; text: qsTr("Ask for Pour"); chosen: Settings.confirmMode; onClicked: Settings.confirmMode = true }
            }
            Label { textFormat: Text.PlainText; text: qsTr("Sounds") }
            RowLayout {
                Choice { objectName: "soundsOn"; text: qsTr("On"); chosen: Settings.soundsEnabled; onClicked: Settings.soundsEnabled = true }
                Choice { objectName: "soundsOff"; text: qsTr("Off"); chosen: !Settings.soundsEnabled; onClicked: Settings.soundsEnabled = false }
            }
            Label { textFormat: Text.PlainText; text: qsTr("Language") }
            RowLayout {
                Choice { objectName: "langEn"; text: "English"; chosen: Settings.language === "en"; onClicked: Settings.language = "en" }
                Choice { objectName: "langDe"; text: "Deutsch"; chosen: Settings.language === "de"; onClicked: Settings.language = "de" }
            }
            Label { textFormat: Text.PlainText; text: qsTr("Lock after") }
            RowLayout {
                Repeater {
                    model: [[60, qsTr("1 min")], [300, qsTr("5 min")], [900, qsTr("15 min")], [0, qsTr("Never")]]
                    Choice {
                        required property var modelData
                        objectName: "lock_" + modelData[0]
                        text: modelData[1]
                        chosen: Settings.autoLockSeconds === modelData[0]
                        onClicked: Settings.autoLockSeconds = modelData[0]
                    }
                }
            }
            Label { textFormat: Text.PlainText; text: qsTr("Shift starts") }
            KComboBox {
                // History's "this shift" runs from the last one.
                objectName: "shiftStartBox"
                Layout.preferredWidth: 200
                readonly property var times: {
                    const t = []
                    for (let h = 0; h < 24; ++h)
                        for (const m of ["00", "30"])
                            t.push((h < 10 ? "0" : "") + h + ":" + m)
                    if (t.indexOf(Settings.shiftStart) < 0)
                        t.push(Settings.shiftStart)
                    return t
                }
                model: times
                currentIndex: times.indexOf(Settings.shiftStart)
                Accessible.name: qsTr("Shift starts")
                onActivated: (index) => Settings.shiftStart = times[index]
            }
            Label { textFormat: Text.PlainText; text: qsTr("Camera") }
            KComboBox {
                id: cameraBox
                objectName: "cameraBox"
                Layout.preferredWidth: 420
                model: [qsTr("Default camera")].concat(Settings.cameras)
                currentIndex: Math.max(0, Settings.cameras.indexOf(Settings.cameraId) + 1)
                Accessible.name: qsTr("Camera")
                onActivated: (index) => Settings.cameraId = index === 0 ? "" : Settings.cameras[index - 1]
            }
            Label { textFormat: Text.PlainText; text: qsTr("Resolution") }
            RowLayout {
                Repeater {
                    model: ["640x480", "1280x720", "1920x1080"]
                    Choice {
                        required property string modelData
                        text: modelData.replace("x", " × ")
                        chosen: Settings.resolution === modelData
                        onClicked: Settings.resolution = modelData
                    }
                }
            }
            Text {
                textFormat: Text.PlainText
                Layout.columnSpan: 2
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("Camera changes apply when the kiosk restarts.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
            }
        }

        ColumnLayout {
            Layout.alignment: Qt.AlignTop
            Layout.fillWidth: true
            spacing: 12
            Label { textFormat: Text.PlainText; text: qsTr("Cloud"); font.bold: true }
            Text {
                textFormat: Text.PlainText
                text: Pairing.serverUrl ? qsTr("Paired with %1 as %2").arg(Pairing.serverUrl).arg(Session.deviceId)
                                      : qsTr("Not paired: this kiosk works on its own.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Text {
                // Codes expire by the clock: a kiosk whose clock is off refuses good ones.
                textFormat: Text.PlainText
                objectName: "clockDrift"
                visible: Pairing.serverUrl !== "" && Sync.lastSyncMs > 0
                text: Sync.clockDriftSeconds === 0 ? qsTr("Clock: in step with the cloud.")
                    : (Sync.clockDriftSeconds > 0 ? qsTr("Clock: %n s ahead of the cloud.", "", Sync.clockDriftSeconds)
                                                   : qsTr("Clock: %n s behind the cloud.", "", -Sync.clockDriftSeconds))
                      + (Sync.clockDrifting ? " " + qsTr("More than codes allow: set the time (NTP).") : "")
                color: Sync.clockDrifting ? Theme.offline : Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                font.bold: Sync.clockDrifting
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            RowLayout {
                // The last sync and why it failed, with a button that does not wait for the poll.
                visible: Pairing.serverUrl !== ""
                Layout.fillWidth: true
                spacing: Theme.gap
                Text {
                    textFormat: Text.PlainText
                    objectName: "syncState"
                    text: qsTr("Last sync %1").arg(Format.ago(Sync.lastSyncMs, Sync.nowMs))
                          + " · " + qsTr("%n drink(s) waiting", "", Sync.unsent)
                          + (Sync.lastError !== "" && Sync.connectivity !== "online" ? "\n" + qsTr("Last error: %1").arg(Sync.lastError) : "")
                    color: Sync.lastError !== "" && Sync.connectivity !== "online" ? Theme.offline : Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                KButton {
                    objectName: "syncNowButton"
                    text: qsTr("Sync now")
                    onClicked: Sync.syncNow()
                }
            }
            TextField {
                id: url
                objectName: "pairUrl"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                font.pixelSize: Theme.fontBody
                color: Theme.text
                placeholderText: qsTr("Server address, https://…")
                placeholderTextColor: Theme.textMuted
                Accessible.name: qsTr("Server address")
                background: Rectangle { radius: Theme.radius; color: Theme.surfaceRaised; border.width: url.activeFocus ? 3 : 0; border.color: Theme.focus }
            }
            TextField {
                id: code
                objectName: "pairCode"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                font.pixelSize: Theme.fontBody
                color: Theme.text
                placeholderText: qsTr("Pairing code from the venue dashboard")
                placeholderTextColor: Theme.textMuted
                Accessible.name: qsTr("Pairing code")
                background: Rectangle { radius: Theme.radius; color: Theme.surfaceRaised; border.width: code.activeFocus ? 3 : 0; border.color: Theme.focus }
            }
            KButton {
                objectName: "pairButton"
                text: Pairing.pairing ? qsTr("Pairing…") : qsTr("Pair with the cloud")
                enabled: !Pairing.pairing && url.text.length > 0 && code.text.length > 0
                onClicked: Pairing.pair(url.text, code.text)
            }
            Text {
                textFormat: Text.PlainText
                objectName: "pairMessage"
                visible: Pairing.message !== ""
                text: Pairing.message === "paired" ? qsTr("Paired. Orders and staff arrive with the next sync.") : Pairing.message
                color: Pairing.message === "paired" ? Theme.online : Theme.offline
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }

            BarsPanel { Layout.fillWidth: true; Layout.topMargin: 20 }

            Label { textFormat: Text.PlainText; text: qsTr("Scanner"); font.bold: true; Layout.topMargin: 20 }
            Text {
                textFormat: Text.PlainText
                objectName: "scannerStats"
                text: Scanner.scanStats.framesSeen === undefined ? qsTr("No frames yet.")
                    : qsTr("%1 frames seen, %2 with a code, %3 dropped while busy, %4 frames/s")
                        .arg(Scanner.scanStats.framesSeen).arg(Scanner.scanStats.framesDecoded)
                        .arg(Scanner.scanStats.framesDropped).arg(Scanner.scanStats.fps)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Text {
                textFormat: Text.PlainText
                visible: Scanner.scanStats.histogram !== undefined
                text: {
                    const h = Scanner.scanStats.histogram || []
                    const labels = ["≤2", "≤5", "≤10", "≤20", "≤50", ">50"]
                    let parts = []
                    for (let i = 0; i < h.length; ++i) parts.push(labels[i] + " ms: " + h[i])
                    return qsTr("Decode times: %1").arg(parts.join(", "))
                }
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Text {
                textFormat: Text.PlainText
                text: Scanner.cameraDescription
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }
        Item { Layout.fillHeight: true; visible: screen.portrait }
    }
}
