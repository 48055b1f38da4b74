import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// When the camera cannot read a code: type it, or find the order by the guest's name or the
// last four digits of their phone among the orders this kiosk has cached. An on-screen
// keyboard serves the touch screen; a real keyboard works as well.
FocusScope {
    id: screen
    property string query: ""
    // The backend answers on its own thread (a name search scans the order cache); the list
    // shows the latest answer, and typing on waits a moment before asking again.
    readonly property var results: query.trim().length >= 2 ? Orders.orderMatches : []
    // Upright: the field and keyboard on top, the matches under them.
    readonly property bool portrait: width < height
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Manual entry")

    function search() {
        pause.stop()
        Orders.searchOrders(query)
    }
    onQueryChanged: {
        if (field.text !== query)
            field.text = query   // set from outside (Main.qml's manualQuery)
        if (query.trim().length < 2)
            search()
        else
            pause.restart()
    }
    Timer { id: pause; interval: 150; onTriggered: screen.search() }
    Component.onCompleted: { field.text = query; search() }
    Connections {
        target: Verdicts
        function onLedgerChanged() { screen.search() }
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        columns: screen.portrait ? 1 : 2
        columnSpacing: 24
        rowSpacing: 24

        ColumnLayout {
            Layout.preferredWidth: 620
            Layout.maximumWidth: screen.portrait ? Number.POSITIVE_INFINITY : 620
            Layout.fillWidth: screen.portrait
            Layout.fillHeight: !screen.portrait
            spacing: Theme.gap
            Text {
                textFormat: Text.PlainText
                text: qsTr("Guest's name, phone's last four digits, or the code")
                color: Theme.text
                font.pixelSize: Theme.fontBody
                font.family: Theme.fontFamily
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            TextField {
                id: field
                objectName: "manualField"
                focus: true
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                font.pixelSize: Theme.fontLarge
                font.family: Theme.fontFamily
                color: Theme.text
                placeholderText: qsTr("e.g. Alex or 0142")
                placeholderTextColor: Theme.textMuted
                inputMethodHints: Qt.ImhNoPredictiveText
                Accessible.name: qsTr("Search or code")
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.surfaceRaised
                    border.width: field.activeFocus ? 3 : 0
                    border.color: Theme.focus
                }
                onTextChanged: screen.query = text
                onAccepted: checkButton.clicked()
            }
            // On-screen keyboard.
            GridLayout {
                columns: 10
                rowSpacing: 6
                columnSpacing: 6
                Layout.fillWidth: true
                Repeater {
                    model: "1234567890QWERTYUIOPASDFGHJKL-ZXCVBNM._".split("")
                    KButton {
                        required property string modelData
                        Layout.preferredWidth: 56
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.minTouch + 8
                        implicitWidth: 56
                        text: modelData
                        size: Theme.fontBody
                        focusPolicy: Qt.NoFocus
                        onClicked: field.insert(field.cursorPosition, field.text.length === 0 || field.text.endsWith(" ") ? modelData : modelData.toLowerCase())
                    }
                }
                KButton {
                    Layout.columnSpan: 4
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.minTouch + 8
                    text: qsTr("Space")
                    focusPolicy: Qt.NoFocus
                    onClicked: field.insert(field.cursorPosition, " ")
                }
                KButton {
                    Layout.columnSpan: 3
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.minTouch + 8
                    text: "⌫"
                    Accessible.name: qsTr("Delete")
                    focusPolicy: Qt.NoFocus
                    onClicked: field.remove(Math.max(0, field.cursorPosition - 1), field.cursorPosition)
                }
                KButton {
                    Layout.columnSpan: 3
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.minTouch + 8
                    text: qsTr("Clear")
                    focusPolicy: Qt.NoFocus
                    onClicked: field.clear()
                }
            }
            KButton {
                id: checkButton
                objectName: "checkCodeButton"
                Layout.fillWidth: true
                text: qsTr("Check this as a code")
                enabled: field.text.trim().length > 0 && !Verdicts.busy
                onClicked: Verdicts.submitCode(field.text.trim(), "manual")
            }
            Item { Layout.fillHeight: true; visible: !screen.portrait }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 8
            Text {
                textFormat: Text.PlainText
                objectName: "resultsHeading"
                text: screen.query.trim().length < 2 ? qsTr("Type at least two characters to search")
                    : (Orders.searchingOrders || pause.running) && screen.results.length === 0 ? qsTr("Searching…")
                    : qsTr("%n order(s) ready to redeem", "", screen.results.length)
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                font.family: Theme.fontFamily
            }
            ListView {
                id: list
                objectName: "resultsList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: screen.results
                delegate: Rectangle {
                    required property var modelData
                    required property int index
                    width: list.width
                    height: 96
                    radius: Theme.radius
                    color: Theme.surface
                    Accessible.role: Accessible.ListItem
                    Accessible.name: modelData.recipient + ", " + Format.drinks(modelData.drinks)
                    RowLayout {
                        anchors.fill: parent
                        anchors.margins: 12
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Text {
                                textFormat: Text.PlainText
                                text: modelData.recipient
                                color: Theme.text
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                                font.family: Theme.fontFamily
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Text {
                                textFormat: Text.PlainText
                                text: (modelData.phone4 ? qsTr("phone …%1").arg(modelData.phone4) + "  ·  " : "") + Format.drinks(modelData.drinks)
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                                font.family: Theme.fontFamily
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                        }
                        KButton {
                            objectName: "redeem_" + modelData.orderId
                            text: qsTr("Redeem")
                            tone: Theme.accent
                            toneText: Theme.accentText
                            enabled: !Verdicts.busy
                            Accessible.name: qsTr("Redeem for %1").arg(modelData.recipient)
                            onClicked: Verdicts.redeemOrder(modelData.orderId)
                        }
                    }
                }
            }
        }
    }
}
