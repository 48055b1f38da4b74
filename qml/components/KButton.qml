import QtQuick
import QtQuick.Controls.Basic

// The kiosk's button: at least 64 px tall, high-contrast, a visible focus ring for keyboard
// use, and an accessible name equal to its label unless given one.
Button {
    id: control
    property color tone: Theme.surfaceRaised
    property color toneText: Theme.text
    property int size: Theme.fontBody
    implicitHeight: Theme.touch
    implicitWidth: Math.max(Theme.touch * 2, contentItem.implicitWidth + 40)
    focusPolicy: Qt.StrongFocus
    font.family: Theme.fontFamily
    font.pixelSize: size
    font.bold: true
    Accessible.role: Accessible.Button
    Accessible.name: text
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    contentItem: Text {
        textFormat: Text.PlainText
        text: control.text
        font: control.font
        color: control.enabled ? control.toneText : Theme.textMuted
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        // A label too long for a narrow button (a German one, say) takes a second line
        // before anything is cut.
        wrapMode: Text.WordWrap
        maximumLineCount: 2
        elide: Text.ElideRight
    }
    background: Rectangle {
        radius: Theme.radius
        color: !control.enabled ? Theme.surface : control.down ? Qt.darker(control.tone, 1.3) : control.tone
        border.width: control.visualFocus ? 4 : 0
        border.color: Theme.focus
    }
}
