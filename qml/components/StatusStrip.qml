import QtQuick
import QtQuick.Layouts
import ClubKiosk
import "Format.js" as Format

// Top strip: venue, who is on duty, connection, unsent redemptions, last sync, navigation.
Rectangle {
    id: strip
    property string current: "scan"
    // Upright, the status and the navigation take a row each, the buttons sharing the width.
    property bool portrait: false
    signal navigate(string screen)
    implicitHeight: portrait ? 160 : 80
    color: Theme.surface
    Accessible.role: Accessible.ToolBar
    Accessible.name: qsTr("Status and navigation")

    function connectivityText() {
        switch (Sync.connectivity) {
        case "online": return qsTr("Online")
        case "degraded": return qsTr("Connection unstable")
        case "offline": return qsTr("Offline – scans are saved")
        case "needs_pairing": return qsTr("Not paired")
        }
        return qsTr("Local only")
    }
    function connectivityColor() {
        return Sync.connectivity === "online" ? Theme.online
             : Sync.connectivity === "degraded" ? Theme.degraded
             : Sync.connectivity === "local" ? Theme.textMuted : Theme.offline
    }

    component NavButton: KButton {
        property string target
        visible: target === "scan" || target === "manual" || Session.manager
        tone: strip.current === target ? Theme.accent : Theme.surfaceRaised
        toneText: strip.current === target ? Theme.accentText : Theme.text
        Layout.fillWidth: strip.portrait
        onClicked: strip.navigate(target)
    }

    GridLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.gap
        anchors.rightMargin: Theme.gap
        anchors.topMargin: strip.portrait ? 8 : 0
        anchors.bottomMargin: strip.portrait ? 8 : 0
        columns: strip.portrait ? 1 : 2
        rowSpacing: 8
        columnSpacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            ColumnLayout {
                spacing: 2
                // Up to 300 px on its side, less when long labels (German) need the room.
                Layout.fillWidth: true
                Layout.minimumWidth: 120
                Layout.maximumWidth: strip.portrait ? Number.POSITIVE_INFINITY : 300
                Text {
                    textFormat: Text.PlainText
                    text: Session.venueName
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Text {
                    textFormat: Text.PlainText
                    text: qsTr("On duty: %1").arg(Session.staffName)
                    color: Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
            ColumnLayout {
                spacing: 2
                Layout.fillWidth: true
                RowLayout {
                    spacing: 8
                    Text {
                        textFormat: Text.PlainText
                        // Shape as well as colour: ● online, ◐ unstable, ○ offline.
                        text: Sync.connectivity === "online" ? "●" : Sync.connectivity === "degraded" ? "◐" : "○"
                        color: strip.connectivityColor()
                        font.pixelSize: Theme.fontBody
                    }
                    Text {
                        textFormat: Text.PlainText
                        objectName: "connectivityText"
                        text: strip.connectivityText()
                        color: Theme.text
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                    }
                }
                Text {
                    textFormat: Text.PlainText
                    visible: Sync.connectivity !== "local"
                    text: qsTr("%n unsent", "", Sync.unsent) + " · " + qsTr("last sync %1").arg(Format.ago(Sync.lastSyncMs, Sync.nowMs))
                          + (Sync.barsKnown > 1 ? " · " + qsTr("%1 of %2 bars").arg(Sync.barsReachable).arg(Sync.barsKnown) : "")
                    color: Sync.unsent > 0 ? Theme.degraded : Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
            Text {
                // The time, for "first poured at 21:04" and the end of the shift.
                textFormat: Text.PlainText
                objectName: "clock"
                text: Format.clock(Sync.nowMs)
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
        }

        RowLayout {
            Layout.fillWidth: strip.portrait
            Layout.alignment: Qt.AlignRight | Qt.AlignVCenter
            spacing: Theme.gap
            NavButton { target: "scan"; text: qsTr("Scan") }
            NavButton { target: "manual"; text: qsTr("Manual") }
            NavButton { objectName: "historyButton"; target: "history"; text: qsTr("History") }
            NavButton { objectName: "settingsButton"; target: "settings"; text: qsTr("Settings") }
            KButton {
                text: qsTr("Lock")
                Layout.fillWidth: strip.portrait
                onClicked: Session.signOut("manual")
            }
        }
    }
}
