import QtQuick
import QtQuick.Layouts
import ClubKiosk
import "Format.js" as Format

// Top strip: venue, who is on duty, connection, unsent redemptions, last sync, navigation.
Rectangle {
    id: strip
    property string current: "scan"
    signal navigate(string screen)
    implicitHeight: 80
    color: Theme.surface
    Accessible.role: Accessible.ToolBar
    Accessible.name: qsTr("Status and navigation")

    function connectivityText() {
        switch (Kiosk.connectivity) {
        case "online": return qsTr("Online")
        case "degraded": return qsTr("Connection unstable")
        case "offline": return qsTr("Offline – scans are saved")
        case "needs_pairing": return qsTr("Not paired")
        }
        return qsTr("Local only")
    }
    function connectivityColor() {
        return Kiosk.connectivity === "online" ? Theme.online
             : Kiosk.connectivity === "degraded" ? Theme.degraded
             : Kiosk.connectivity === "local" ? Theme.textMuted : Theme.offline
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.gap
        anchors.rightMargin: Theme.gap
        spacing: Theme.gap

        ColumnLayout {
            spacing: 2
            Layout.preferredWidth: 300
            Text {
                text: Kiosk.venueName
                color: Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                font.bold: true
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Text {
                text: qsTr("On duty: %1").arg(Kiosk.staffName)
                color: Theme.textMuted
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
            }
        }
        ColumnLayout {
            spacing: 2
            Layout.fillWidth: true
            RowLayout {
                spacing: 8
                Text {
                    // Shape as well as colour: ● online, ◐ unstable, ○ offline.
                    text: Kiosk.connectivity === "online" ? "●" : Kiosk.connectivity === "degraded" ? "◐" : "○"
                    color: strip.connectivityColor()
                    font.pixelSize: Theme.fontBody
                }
                Text {
                    objectName: "connectivityText"
                    text: strip.connectivityText()
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                }
            }
            Text {
                visible: Kiosk.connectivity !== "local"
                text: qsTr("%n unsent", "", Kiosk.unsent) + " · " + qsTr("last sync %1").arg(Format.ago(Kiosk.lastSyncMs, Kiosk.nowMs))
                color: Kiosk.unsent > 0 ? Theme.degraded : Theme.textMuted
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
            }
        }
        KButton {
            text: qsTr("Scan")
            tone: strip.current === "scan" ? Theme.accent : Theme.surfaceRaised
            toneText: strip.current === "scan" ? Theme.accentText : Theme.text
            onClicked: strip.navigate("scan")
        }
        KButton {
            text: qsTr("Manual")
            tone: strip.current === "manual" ? Theme.accent : Theme.surfaceRaised
            toneText: strip.current === "manual" ? Theme.accentText : Theme.text
            onClicked: strip.navigate("manual")
        }
        KButton {
            objectName: "historyButton"
            visible: Kiosk.manager
            text: qsTr("History")
            tone: strip.current === "history" ? Theme.accent : Theme.surfaceRaised
            toneText: strip.current === "history" ? Theme.accentText : Theme.text
            onClicked: strip.navigate("history")
        }
        KButton {
            objectName: "settingsButton"
            visible: Kiosk.manager
            text: qsTr("Settings")
            tone: strip.current === "settings" ? Theme.accent : Theme.surfaceRaised
            toneText: strip.current === "settings" ? Theme.accentText : Theme.text
            onClicked: strip.navigate("settings")
        }
        KButton {
            text: qsTr("Lock")
            onClicked: Kiosk.signOut("manual")
        }
    }
}
