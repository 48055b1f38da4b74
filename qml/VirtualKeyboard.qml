import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// Qt Virtual Keyboard's panel, shown while a text field has focus, in the screens' language
// (umlauts on the German layout). Loaded by the screens only when the keyboard is the input
// method (QT_IM_MODULE=qtvirtualkeyboard, set by the service).
InputPanel {
    id: panel
    // "en" or "de"; "" leaves the keyboard's own choice.
    property string language: ""
    visible: active
    height: active ? implicitHeight : 0
    function applyLanguage() {
        if (language !== "")
            VirtualKeyboardSettings.locale = language === "de" ? "de_DE" : "en_US"
    }
    onLanguageChanged: applyLanguage()
    Component.onCompleted: applyLanguage()
}
