import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// Who is behind the bar: pick your name, type your PIN. Wrong PINs lock the pad for a
// growing time; the countdown is shown.
FocusScope {
    id: screen
    // Who can sign in here (the cached staff list; tests give their own).
    property var staff: Session.staffList
    property string chosenId: staff.length === 1 ? staff[0].id : ""
    property string chosenName: ""
    // Upright: names above the pad. On its side: names left, pad right.
    readonly property bool portrait: width < height
    readonly property int nameHeight: 80   // a name's button
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Sign in")

    function errorText() {
        if (Session.lockSeconds > 0)
            return qsTr("Too many wrong PINs. Try again in %n second(s).", "", Session.lockSeconds)
        switch (Session.signInError) {
        case "wrong_pin": return qsTr("Wrong PIN. %n more attempt(s) before the pad locks.", "", Math.max(0, 3 - Session.failures))
        case "unknown_staff": return qsTr("This person is no longer on the staff list.")
        case "unusable_pin": return qsTr("This PIN cannot be checked on this kiosk. Ask a manager.")
        case "error": return qsTr("The kiosk could not check the PIN. Try again.")
        }
        if (Session.signOutReason === "autolock")
            return qsTr("Locked after inactivity.")
        return ""
    }

    Text {
        // The time, also before anyone signs in (the strip with its clock appears after).
        textFormat: Text.PlainText
        objectName: "signInClock"
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: 12
        text: Format.clock(Sync.nowMs)
        color: Theme.textMuted
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontLarge
        font.bold: true
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: 40
        columns: screen.portrait ? 1 : 2
        columnSpacing: 60
        rowSpacing: 40

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: !screen.portrait
            Layout.alignment: Qt.AlignTop
            spacing: Theme.gap
            Text {
                textFormat: Text.PlainText
                text: Session.venueName
                color: Theme.text
                font.pixelSize: Theme.fontHuge
                font.bold: true
                font.family: Theme.fontFamily
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Text {
                textFormat: Text.PlainText
                text: qsTr("Who is at the bar?")
                color: Theme.textMuted
                font.pixelSize: Theme.fontLarge
                font.family: Theme.fontFamily
            }
            Text {
                textFormat: Text.PlainText
                visible: screen.staff.length === 0
                text: qsTr("No staff yet. The staff list arrives with the first sync.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            // The names scroll when there are more than fit: on its side they take the height
            // left; upright, at most four rows, so that the PIN pad stays on screen.
            Flickable {
                id: staffArea
                objectName: "staffArea"
                Layout.fillWidth: true
                Layout.fillHeight: !screen.portrait
                Layout.topMargin: Theme.gap
                Layout.preferredHeight: screen.portrait ? Math.min(staffGrid.implicitHeight, 4 * screen.nameHeight + 3 * Theme.gap)
                                                        : staffGrid.implicitHeight
                contentWidth: width
                contentHeight: staffGrid.implicitHeight
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {
                    policy: staffArea.contentHeight > staffArea.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                    width: 14
                    Accessible.name: qsTr("More names")
                }
                GridLayout {
                    id: staffGrid
                    columns: screen.portrait ? 3 : 2
                    rowSpacing: Theme.gap
                    columnSpacing: Theme.gap
                    Repeater {
                        model: screen.staff
                        KButton {
                            required property var modelData
                            objectName: "staff_" + modelData.id
                            Layout.preferredWidth: screen.portrait ? 222 : 300   // room for the scroll bar
                            Layout.preferredHeight: screen.nameHeight
                            text: modelData.name + (modelData.role === "manager" ? "  ★" : "")
                            Accessible.name: modelData.role === "manager" ? qsTr("%1, manager").arg(modelData.name) : modelData.name
                            size: Theme.fontLarge
                            tone: screen.chosenId === modelData.id ? Theme.accent : Theme.surfaceRaised
                            toneText: screen.chosenId === modelData.id ? Theme.accentText : Theme.text
                            onClicked: {
                                screen.chosenId = modelData.id
                                screen.chosenName = modelData.name
                                pad.pin = ""
                                pad.forceActiveFocus()
                            }
                        }
                    }
                }
            }
            Text {
                textFormat: Text.PlainText
                visible: Session.demo
                text: qsTr("Demo venue. PINs: %1").arg(Session.demoHint)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }

        ColumnLayout {
            Layout.alignment: screen.portrait ? Qt.AlignHCenter | Qt.AlignTop : Qt.AlignVCenter
            spacing: Theme.gap
            Text {
                textFormat: Text.PlainText
                text: screen.chosenId ? qsTr("PIN for %1").arg(screen.chosenName || screen.chosenId) : qsTr("Choose your name first")
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.family: Theme.fontFamily
                Layout.alignment: Qt.AlignHCenter
            }
            PinPad {
                id: pad
                objectName: "pinPad"
                focus: true
                enabled: screen.chosenId !== "" && Session.lockSeconds === 0
                onSubmitted: (pin) => {
                    Session.signIn(screen.chosenId, pin)
                    pad.pin = ""
                }
            }
            Rectangle {
                objectName: "signInFirstNotice"
                visible: Session.notice === "sign_in_first"
                color: Theme.degraded
                radius: Theme.radius
                Layout.preferredWidth: pad.implicitWidth + 60
                Layout.preferredHeight: noticeText.implicitHeight + 24
                Accessible.role: Accessible.AlertMessage
                Accessible.name: noticeText.text
                Text {
                    textFormat: Text.PlainText
                    id: noticeText
                    anchors.fill: parent
                    anchors.margins: 12
                    text: qsTr("A code was scanned, but nobody is signed in. Sign in, then scan it again.")
                    color: Theme.noticeText
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
            }
            Text {
                textFormat: Text.PlainText
                objectName: "signInError"
                text: screen.errorText()
                color: Session.lockSeconds > 0 || Session.signInError !== "" ? Theme.offline : Theme.textMuted
                font.pixelSize: Theme.fontBody
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.preferredWidth: pad.implicitWidth + 60
                horizontalAlignment: Text.AlignHCenter
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
        }
        Item { Layout.fillHeight: true; visible: screen.portrait }
    }
}
