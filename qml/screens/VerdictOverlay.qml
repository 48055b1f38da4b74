import QtQuick
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// The verdict, full screen, readable from a metre away: what to do in the bartender's words
// (POUR, DON'T POUR, CHECK) with the reason under it, colour and a symbol (never colour alone),
// the drinks, the guest, and one button for the advice. The buttons stay on screen however many
// drinks or however long the names: the middle scrolls, the buttons never move. Taps beside the
// buttons do nothing: an OK closes only by its button or when its undo window ends.
Rectangle {
    id: overlay
    // The verdict shown; tests set one directly (twenty drinks, long names).
    property var v: Verdicts.verdict
    readonly property string kind: v.kind || ""
    readonly property string headline: v.headline || ""
    readonly property bool pending: kind === "pending"
    readonly property bool held: v.held === true
    // Upright: the symbol above the words and the buttons stacked, each the full width.
    readonly property bool portrait: width < height
    // "Find by name": the window opens manual entry.
    signal findByName()
    color: Theme.verdictColor(kind)
    readonly property color ink: Theme.verdictTextColor(kind)
    focus: visible
    Accessible.role: Accessible.AlertMessage
    Accessible.name: headlineText.text + ". " + reasonText.text + ". " + advice.text

    function headlineWords() {
        return headline === "pour" ? qsTr("POUR")
             : headline === "dont_pour" ? qsTr("DON'T POUR")
             : headline === "check" ? qsTr("CHECK") : ""
    }
    function symbol() {
        return headline === "pour" ? "✔" : headline === "check" ? "!" : "✖"
    }
    function where(p) {
        return p.here ? qsTr("at this bar") : p.deviceName ? qsTr("at %1").arg(p.deviceName) : qsTr("at another bar")
    }
    function reasonWords() {
        const p = v.previous
        switch (kind) {
        case "ok": return qsTr("Valid drink code")
        case "pending": return qsTr("Valid code: tap Pour to record it")
        case "unused": return qsTr("Not used, nothing recorded")
        case "undone": return qsTr("Undone: the pour was voided")
        case "repeat": return p ? qsTr("You already poured this, %1").arg(Format.ago(p.atMs, Sync.nowMs)) : ""
        case "already":
            if (!p || !p.known)
                return qsTr("Already redeemed")
            return qsTr("Already poured %1, %2").arg(where(p)).arg(Format.ago(p.atMs, Sync.nowMs))
        }
        return v.reason ? Format.reasonTitle(v.reason) : ""
    }
    function adviceWords() {
        const p = v.previous
        switch (kind) {
        case "ok":
            return v.syncing && !v.confirmedOnline
                ? qsTr("Recorded on this kiosk; the cloud will be told when it is reachable.") : qsTr("Recorded.")
        case "pending": return qsTr("Nothing is recorded until you tap Pour.")
        case "unused": return qsTr("Pour was not tapped in time. If you poured anyway, scan the code again and tap Pour.")
        case "undone": return qsTr("The code can be scanned again.")
        case "repeat": return qsTr("The same guest's code again. Nothing new was recorded.")
        case "already":
            if (!p || !p.known)
                return qsTr("The cloud reports this order as already redeemed.")
            return qsTr("First poured at %1 %2 by %3.").arg(Format.clock(p.atMs)).arg(where(p))
                       .arg(p.staff ? p.staff : qsTr("unknown staff"))
        // Strict mode's hold explains itself (the status band counts the bars reachable); a
        // kiosk problem adds its technical detail.
        case "error": return v.reason === "PEERS_UNREACHABLE" ? Format.advice(v.reason)
                                                              : Format.advice("ERROR") + "\n" + (v.detail || "")
        }
        return v.reason ? Format.advice(v.reason) : ""
    }
    function actionWords() {
        switch (v.action) {
        case "scan_again": return qsTr("Scan again")
        case "find_by_name": return qsTr("Find by name")
        case "call_manager": return held ? qsTr("Manager called: keep this screen") : qsTr("Call manager")
        }
        return ""
    }
    function runAction() {
        switch (v.action) {
        case "scan_again": Verdicts.scanAgain(); break
        case "find_by_name": Verdicts.dismissVerdict(); overlay.findByName(); break
        case "call_manager": Verdicts.holdForManager(); break
        }
    }

    Keys.onEscapePressed: Verdicts.dismissVerdict()
    Keys.onReturnPressed: pending ? Verdicts.confirmPour() : Verdicts.dismissVerdict()
    Keys.onSpacePressed: pending ? Verdicts.confirmPour() : Verdicts.dismissVerdict()

    MouseArea {
        // Swallows every tap that misses a button: nothing behind the verdict reacts, and the
        // verdict itself does not close by accident.
        objectName: "verdictBackground"
        anchors.fill: parent
    }

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: overlay.portrait ? 28 : 36
        spacing: 10

        RowLayout {
            spacing: 24
            Layout.fillWidth: true
            Text {
                textFormat: Text.PlainText
                id: symbolText
                objectName: "verdictSymbol"
                text: overlay.symbol()
                color: overlay.ink
                font.pixelSize: overlay.portrait ? 110 : 130
                font.family: Theme.fontFamily
                font.bold: true
                Accessible.ignored: true
            }
            ColumnLayout {
                spacing: 2
                Layout.fillWidth: true
                Text {
                    textFormat: Text.PlainText
                    id: headlineText
                    objectName: "verdictHeadline"
                    text: overlay.headlineWords()
                    color: overlay.ink
                    // As large as fits on one line; "NICHT EINSCHENKEN" upright gets smaller.
                    font.pixelSize: Math.min(Theme.fontGiant + 24, Math.floor((Theme.fontGiant + 24) * Math.max(0.3, room / Math.max(1, metrics.advanceWidth))))
                    font.bold: true
                    font.family: Theme.fontFamily
                    Layout.fillWidth: true
                    readonly property real room: overlay.width - 2 * content.anchors.margins - symbolText.implicitWidth - 24 - 4
                    TextMetrics {
                        id: metrics
                        font.family: Theme.fontFamily
                        font.bold: true
                        font.pixelSize: Theme.fontGiant + 24
                        text: headlineText.text
                    }
                }
                Text {
                    textFormat: Text.PlainText
                    id: reasonText
                    objectName: "verdictTitle"
                    text: overlay.reasonWords()
                    color: overlay.ink
                    font.pixelSize: Theme.fontLarge + 10
                    font.bold: true
                    font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
        }

        // The middle: guest, drinks and advice. It scrolls when it does not fit, so that the
        // buttons below always stay on screen.
        Flickable {
            id: middle
            objectName: "verdictMiddle"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: middleColumn.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            flickableDirection: Flickable.VerticalFlick
            interactive: contentHeight > height
            Column {
                id: middleColumn
                width: middle.width
                spacing: 6
                Text {
                    textFormat: Text.PlainText
                    objectName: "verdictRecipient"
                    visible: text !== ""
                    width: parent.width
                    text: (overlay.v.recipient || "") + (overlay.v.phone4 ? "  ·  " + qsTr("phone …%1").arg(overlay.v.phone4) : "")
                    color: overlay.ink
                    font.pixelSize: Theme.fontLarge + 4
                    font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                // The drinks, as large as they fit: this is what the bartender pours.
                Repeater {
                    objectName: "verdictDrinks"
                    model: (overlay.kind === "ok" || overlay.kind === "pending" || overlay.kind === "undone"
                            || overlay.kind === "unused") ? (overlay.v.drinks || []) : []
                    Text {
                        textFormat: Text.PlainText
                        required property var modelData
                        width: middleColumn.width
                        text: modelData.qty + " × " + modelData.name
                        color: overlay.ink
                        font.pixelSize: overlay.v.drinks.length > 6 ? Theme.fontLarge + 4
                                      : overlay.v.drinks.length > 1 ? Theme.fontHuge - 12 : Theme.fontHuge + 8
                        font.bold: true
                        font.family: Theme.fontFamily
                        // A long name takes a second line rather than losing its end.
                        wrapMode: Text.WordWrap
                        maximumLineCount: 2
                        elide: Text.ElideRight
                    }
                }
                Text {
                    textFormat: Text.PlainText
                    id: advice
                    objectName: "verdictAdvice"
                    width: parent.width
                    topPadding: 6
                    wrapMode: Text.WordWrap
                    color: overlay.ink
                    font.pixelSize: Theme.fontLarge
                    font.family: Theme.fontFamily
                    text: overlay.adviceWords()
                }
            }
        }
        Text {
            // More drinks below: say so, the bartender may not think of scrolling.
            textFormat: Text.PlainText
            objectName: "moreBelow"
            visible: middle.interactive && !middle.atYEnd
            text: qsTr("▼ more – swipe up")
            color: overlay.ink
            font.pixelSize: Theme.fontBody
            font.bold: true
            font.family: Theme.fontFamily
        }

        GridLayout {
            id: buttons
            objectName: "verdictButtons"
            Layout.fillWidth: true
            columns: overlay.portrait ? 1 : 3
            rowSpacing: 14
            columnSpacing: 20
            KButton {
                objectName: "pourButton"
                visible: overlay.pending
                text: qsTr("Pour")
                size: Theme.fontHuge
                Layout.preferredHeight: overlay.portrait ? 110 : 120
                Layout.fillWidth: true
                tone: Theme.okText
                toneText: Theme.ok
                enabled: !Verdicts.busy
                onClicked: Verdicts.confirmPour()
            }
            KButton {
                objectName: "undoButton"
                visible: overlay.kind === "ok" && Verdicts.undoSeconds > 0
                text: qsTr("Undo (%1 s)").arg(Verdicts.undoSeconds)
                Layout.preferredHeight: 96
                Layout.fillWidth: true
                tone: Theme.okText
                toneText: Theme.ok
                enabled: !Verdicts.busy
                onClicked: Verdicts.undo()
            }
            KButton {
                objectName: "actionButton"
                visible: text !== "" && !overlay.pending
                text: overlay.actionWords()
                size: Theme.fontLarge
                Layout.preferredHeight: 96
                Layout.fillWidth: true
                tone: Theme.action
                toneText: Theme.actionText
                enabled: !overlay.held
                onClicked: overlay.runAction()
            }
            KButton {
                objectName: "dismissButton"
                text: overlay.pending ? qsTr("Cancel") : qsTr("Next guest")
                Layout.preferredHeight: 96
                Layout.fillWidth: true
                tone: Qt.rgba(0, 0, 0, 0.55) // white text at 4.5:1 or more on every verdict colour, the light OK too
                toneText: "#ffffff"
                onClicked: Verdicts.dismissVerdict()
            }
        }
        Text {
            textFormat: Text.PlainText
            objectName: "verdictFooter"
            Layout.fillWidth: true
            elide: Text.ElideRight
            text: [
                Verdicts.repeatNotice.atMs ? qsTr("Same code: checked %1").arg(Format.ago(Verdicts.repeatNotice.atMs, Sync.nowMs)) : "",
                overlay.v.checkedOffline && Sync.connectivity !== "local" && overlay.kind !== "undone" ? qsTr("Checked offline") : "",
                (overlay.v.source === "manual" ? qsTr("Typed by %1 · %2") : qsTr("Scanned by %1 · %2"))
                    .arg(overlay.v.staffName || "").arg(Format.clock(overlay.v.atMs))
            ].filter(s => s !== "").join("  ·  ")
            color: overlay.ink
            font.pixelSize: Theme.fontBody
            font.bold: Verdicts.repeatNotice.atMs !== undefined
            font.family: Theme.fontFamily
        }
    }
}
