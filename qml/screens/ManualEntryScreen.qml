import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// When the camera cannot read a code: type it, or find the order by the guest's name (accents
// and case do not matter: "muller" finds Müller) or the last four digits of their phone among
// the orders this kiosk has cached. Every match shows its state; choosing one asks the
// bartender to check the guest first, then goes through the normal verdict. Qt Virtual
// Keyboard (Main.qml) serves the touch screen; a real keyboard works as well.
FocusScope {
    id: screen
    property string query: ""
    // The backend answers on its own thread (a name search scans the order cache); the list
    // shows the latest answer, and typing on waits a moment before asking again.
    readonly property var results: query.trim().length >= 2 ? Orders.orderMatches : []
    // The order chosen, waiting for the bartender to check the guest's name or phone.
    property var checking: null
    // The check takes the focus: the on-screen keyboard closes and its buttons are in reach.
    onCheckingChanged: if (checking) { Qt.inputMethod.hide(); checkPanel.forceActiveFocus() }
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
                    : qsTr("%n order(s) ready to redeem", "", Orders.redeemableCount)
                      + (screen.results.length > Orders.redeemableCount
                         ? " · " + qsTr("%n other match(es)", "", screen.results.length - Orders.redeemableCount) : "")
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
                            visible: modelData.state === "redeemable"
                            text: qsTr("Redeem")
                            tone: Theme.accent
                            toneText: Theme.accentText
                            enabled: !Verdicts.busy
                            Accessible.name: qsTr("Redeem for %1").arg(modelData.recipient)
                            onClicked: screen.checking = modelData
                        }
                        Text {
                            // Why this one cannot be poured, where the button would be.
                            textFormat: Text.PlainText
                            objectName: "state_" + modelData.orderId
                            visible: modelData.state !== "redeemable"
                            Layout.preferredWidth: 260
                            horizontalAlignment: Text.AlignRight
                            wrapMode: Text.WordWrap
                            maximumLineCount: 2
                            elide: Text.ElideRight
                            text: {
                                const p = modelData.previous
                                switch (modelData.state) {
                                case "redeemed":
                                    return p && p.atMs ? qsTr("Redeemed %1 %2").arg(Format.clock(p.atMs))
                                                         .arg(p.here ? qsTr("here") : p.deviceName ? qsTr("at %1").arg(p.deviceName) : qsTr("at another bar"))
                                                       : qsTr("Already redeemed")
                                case "unpaid": return qsTr("Not paid yet")
                                }
                                return Format.reasonTitle(modelData.reason)
                            }
                            color: modelData.state === "unpaid" ? Theme.degraded : Theme.offline
                            font.pixelSize: Theme.fontSmall
                            font.bold: true
                            font.family: Theme.fontFamily
                        }
                    }
                }
            }
        }
    }

    // The identity step: before a typed order is poured, the bartender checks it is this guest's.
    Rectangle {
        objectName: "checkBackdrop"
        anchors.fill: parent
        visible: !!screen.checking
        color: "#b0000000"
        z: 4
        MouseArea { anchors.fill: parent }   // modal: nothing behind reacts
    }
    Rectangle {
        id: checkPanel
        objectName: "checkPanel"
        visible: !!screen.checking
        anchors.centerIn: parent
        width: Math.min(760, parent.width - 2 * Theme.gap)
        height: Math.min(checkColumn.implicitHeight + 48, parent.height - 2 * Theme.gap)
        radius: Theme.radius
        color: Theme.surfaceRaised
        border.color: Theme.accent
        border.width: 2
        z: 5
        Accessible.role: Accessible.Dialog
        Accessible.name: qsTr("Check the guest")
        activeFocusOnTab: true
        Keys.onEscapePressed: screen.checking = null
        ColumnLayout {
            id: checkColumn
            anchors.fill: parent
            anchors.margins: 24
            spacing: 12
            Text {
                textFormat: Text.PlainText
                text: qsTr("Check the guest")
                color: Theme.textMuted; font.pixelSize: Theme.fontBody; font.bold: true; font.family: Theme.fontFamily
            }
            Text {
                textFormat: Text.PlainText
                objectName: "checkName"
                text: screen.checking ? screen.checking.recipient : ""
                color: Theme.text; font.pixelSize: Theme.fontHuge - 16; font.bold: true; font.family: Theme.fontFamily
                Layout.fillWidth: true; wrapMode: Text.WordWrap; maximumLineCount: 2; elide: Text.ElideRight
            }
            Text {
                textFormat: Text.PlainText
                visible: !!screen.checking && screen.checking.phone4 !== ""
                text: screen.checking ? qsTr("phone …%1").arg(screen.checking.phone4) : ""
                color: Theme.text; font.pixelSize: Theme.fontLarge; font.family: Theme.fontFamily
            }
            Text {
                textFormat: Text.PlainText
                text: screen.checking ? Format.drinks(screen.checking.drinks) : ""
                color: Theme.textMuted; font.pixelSize: Theme.fontBody; font.family: Theme.fontFamily
                Layout.fillWidth: true; wrapMode: Text.WordWrap
            }
            Text {
                textFormat: Text.PlainText
                text: qsTr("Ask for the name in the guest's Club app, or the last four digits of their phone. Pour only if they match.")
                color: Theme.text; font.pixelSize: Theme.fontBody; font.family: Theme.fontFamily
                Layout.fillWidth: true; wrapMode: Text.WordWrap
            }
            GridLayout {
                Layout.fillWidth: true
                columns: screen.portrait ? 1 : 2
                rowSpacing: 12
                columnSpacing: 12
                KButton {
                    objectName: "checkConfirm"
                    Layout.fillWidth: true
                    text: qsTr("It matches: check the order")
                    tone: Theme.accent
                    toneText: Theme.accentText
                    enabled: !Verdicts.busy
                    onClicked: {
                        const id = screen.checking.orderId
                        screen.checking = null
                        Verdicts.redeemOrder(id)
                    }
                }
                KButton {
                    objectName: "checkCancel"
                    Layout.fillWidth: true
                    text: qsTr("Does not match")
                    tone: Theme.surface
                    onClicked: screen.checking = null
                }
            }
        }
    }
}
