import QtQuick
import QtQuick.Controls.Basic

// The kiosk's drop-down: dark like the rest of the screen (the Basic style's is light grey),
// touch-sized rows, the focus ring of KButton.
ComboBox {
    id: control
    implicitHeight: Theme.minTouch + 8
    font.pixelSize: Theme.fontSmall
    font.family: Theme.fontFamily
    focusPolicy: Qt.StrongFocus

    contentItem: Text {
        textFormat: Text.PlainText
        leftPadding: 12
        rightPadding: 8
        text: control.displayText
        color: control.enabled ? Theme.text : Theme.textMuted
        font: control.font
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    indicator: Text {
        textFormat: Text.PlainText
        x: control.width - width - 14
        y: (control.height - height) / 2
        text: "▾"
        color: Theme.text
        font.pixelSize: Theme.fontBody
        Accessible.ignored: true
    }
    background: Rectangle {
        radius: Theme.radius
        color: Theme.surfaceRaised
        border.width: control.visualFocus ? 4 : 0
        border.color: Theme.focus
    }
    delegate: ItemDelegate {
        id: row
        required property var modelData
        required property int index
        width: control.width
        implicitHeight: Theme.minTouch
        highlighted: control.highlightedIndex === index
        Accessible.name: contentItem.text
        contentItem: Text {
            textFormat: Text.PlainText
            text: control.textRole ? row.modelData[control.textRole] : row.modelData
            color: Theme.text
            font: control.font
            verticalAlignment: Text.AlignVCenter
            elide: Text.ElideRight
        }
        background: Rectangle {
            color: row.highlighted ? Theme.surface : Theme.surfaceRaised
            border.width: control.currentIndex === row.index ? 2 : 0
            border.color: Theme.accent
        }
    }
    popup.background: Rectangle {
        color: Theme.surfaceRaised
        border.color: Theme.accent
        border.width: 1
        radius: 4
    }
}
