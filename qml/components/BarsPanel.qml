import QtQuick
import QtQuick.Layouts
import ClubKiosk

// The venue's other bars, for a manager: which this kiosk reaches now (a pour there is refused
// here at once) and, for the others, why not, in the link's own words. Hidden on a kiosk
// without peers.
ColumnLayout {
    id: panel
    objectName: "barsPanel"
    // [{name, address, reachable, problem}]
    property var bars: Sync.bars
    // Why DNS-SD is off ("" when it is on).
    property string discoveryProblem: Sync.barsDiscoveryProblem
    visible: bars.length > 0
    spacing: 8
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Other bars")

    Text {
        textFormat: Text.PlainText
        text: qsTr("Other bars")
        color: Theme.text
        font.pixelSize: Theme.fontBody
        font.family: Theme.fontFamily
        font.bold: true
    }
    Repeater {
        model: panel.bars
        delegate: RowLayout {
            required property var modelData
            required property int index
            objectName: "bar" + index
            Layout.fillWidth: true
            spacing: 12
            Accessible.role: Accessible.ListItem
            Accessible.name: line.text
            Rectangle {
                // Not colour alone: the words say it too.
                width: 18; height: 18; radius: 9
                color: modelData.reachable ? Theme.online : Theme.offline
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: 4
            }
            Text {
                id: line
                objectName: "barLine"
                textFormat: Text.PlainText
                text: (modelData.name || modelData.address) + " · "
                      + (modelData.reachable ? qsTr("linked") : qsTr("unreachable"))
                      + (modelData.address ? " · " + modelData.address : "")
                      + (!modelData.reachable && modelData.problem ? "\n" + modelData.problem : "")
                color: modelData.reachable ? Theme.text : Theme.offline
                font.pixelSize: Theme.fontSmall
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }
    }
    Text {
        objectName: "discovery"
        textFormat: Text.PlainText
        text: panel.discoveryProblem === "" ? qsTr("Also found on the LAN through DNS-SD.")
                                            : qsTr("DNS-SD off: %1").arg(panel.discoveryProblem)
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.family: Theme.fontFamily
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
