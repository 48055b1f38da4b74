import QtQuick
import QtQuick.Layouts

// A PIN pad: big digits, a delete key and OK. Digits typed on a keyboard work too.
Item {
    id: pad
    property string pin: ""
    property int maxLength: 8
    property bool enabled: true
    signal submitted(string pin)
    implicitWidth: 3 * 110 + 2 * 12
    implicitHeight: 4 * 90 + 3 * 12 + 70
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("PIN pad")
    focus: true

    function press(key) {
        if (!pad.enabled)
            return
        if (key === "⌫")
            pin = pin.slice(0, -1)
        else if (key === "OK") {
            if (pin.length > 0)
                submitted(pin)
        } else if (pin.length < maxLength)
            pin += key
    }
    Keys.onPressed: (event) => {
        if (event.key >= Qt.Key_0 && event.key <= Qt.Key_9) { press(String(event.key - Qt.Key_0)); event.accepted = true }
        else if (event.key === Qt.Key_Backspace) { press("⌫"); event.accepted = true }
        else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) { press("OK"); event.accepted = true }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 12
        Text {
            textFormat: Text.PlainText
            objectName: "pinDots"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredHeight: 58
            text: pad.pin.length ? "●".repeat(pad.pin.length) : qsTr("Enter PIN")
            color: pad.pin.length ? Theme.text : Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: pad.pin.length ? Theme.fontLarge : Theme.fontBody
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("%n digit(s) entered", "", pad.pin.length)
        }
        GridLayout {
            columns: 3
            rowSpacing: 12
            columnSpacing: 12
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                KButton {
                    required property string modelData
                    objectName: "pinKey" + modelData
                    Layout.preferredWidth: 110
                    Layout.preferredHeight: 90
                    text: modelData
                    size: Theme.fontLarge
                    enabled: pad.enabled
                    tone: modelData === "OK" ? Theme.accent : Theme.surfaceRaised
                    toneText: modelData === "OK" ? Theme.accentText : Theme.text
                    focusPolicy: Qt.NoFocus
                    Accessible.name: modelData === "⌫" ? qsTr("Delete") : modelData === "OK" ? qsTr("Sign in") : modelData
                    onClicked: pad.press(modelData)
                }
            }
        }
    }
}
