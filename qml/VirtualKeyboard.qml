import QtQuick
import QtQuick.VirtualKeyboard

// Qt Virtual Keyboard's panel, shown while a text field has focus. Loaded by the screens only
// when the keyboard is the input method (QT_IM_MODULE=qtvirtualkeyboard, set by the service).
InputPanel {
    visible: active
    height: active ? implicitHeight : 0
}
