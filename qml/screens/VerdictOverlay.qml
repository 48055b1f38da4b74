import QtQuick
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// The verdict, full screen, readable from a metre away: colour, a big symbol and words (never
// colour alone), the drinks, the guest's name and phone digits, and what to do next.
Rectangle {
    id: overlay
    readonly property var v: Verdicts.verdict
    readonly property string kind: v.kind || ""
    readonly property bool pending: v.pending === true
    // Upright: the symbol above the words and the buttons stacked, each the full width.
    readonly property bool portrait: width < height
    color: kind === "undone" ? Theme.error : Theme.verdictColor(kind)
    readonly property color ink: kind === "undone" ? Theme.errorText : Theme.verdictTextColor(kind)
    focus: visible
    Accessible.role: Accessible.AlertMessage
    Accessible.name: title.text + ". " + detailLine.text + " " + advice.text

    function titleText() {
        if (!kind)
            return ""
        if (kind === "undone")
            return qsTr("Undone – do not pour")
        if (v.reason === "OK")
            return pending ? qsTr("OK – pour?") : qsTr("OK – pour")
        return Format.reasonTitle(v.reason)
    }
    function symbol() {
        return kind === "ok" ? "✔" : kind === "already" ? "⟲" : kind === "undone" ? "↶" : "✖"
    }
    function previousText() {
        const p = v.previous
        if (!p)
            return ""
        if (!p.known)
            return qsTr("The cloud reports this order as already redeemed.")
        const who = p.staff ? p.staff : qsTr("unknown staff")
        const where = p.here ? qsTr("at this bar") : qsTr("at %1").arg(p.device)
        return qsTr("First poured at %1 (%2), %3, by %4.").arg(Format.clock(p.atMs)).arg(Format.ago(p.atMs, Sync.nowMs)).arg(where).arg(who)
    }

    Keys.onEscapePressed: Verdicts.dismissVerdict()
    Keys.onReturnPressed: pending ? Verdicts.confirmPour() : Verdicts.dismissVerdict()
    Keys.onSpacePressed: pending ? Verdicts.confirmPour() : Verdicts.dismissVerdict()

    MouseArea {
        // A tap anywhere outside the buttons returns to scanning (an OK awaiting Pour stays).
        anchors.fill: parent
        onClicked: if (!overlay.pending) Verdicts.dismissVerdict()
    }

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: 40
        spacing: 12

        GridLayout {
            columns: overlay.portrait ? 1 : 2
            columnSpacing: 30
            rowSpacing: 0
            Text {
                textFormat: Text.PlainText
                id: symbolText
                objectName: "verdictSymbol"
                text: overlay.symbol()
                color: overlay.ink
                font.pixelSize: 150
                font.family: Theme.fontFamily
                Accessible.ignored: true
            }
            ColumnLayout {
                spacing: 4
                Layout.fillWidth: true
                Text {
                    textFormat: Text.PlainText
                    id: title
                    objectName: "verdictTitle"
                    text: overlay.titleText()
                    color: overlay.ink
                    // As large as fits on one line, down to fontHuge; past that the words wrap.
                    font.pixelSize: titleMetrics.advanceWidth <= titleRoom ? Theme.fontGiant
                        : Math.max(Theme.fontHuge, Math.floor(Theme.fontGiant * titleRoom / titleMetrics.advanceWidth))
                    font.bold: true
                    font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    // The room beside (or, upright, under) the symbol, from the overlay's own
                    // width so that the size does not feed back into the layout.
                    readonly property real titleRoom: overlay.width - 2 * content.anchors.margins - (overlay.portrait ? 0 : symbolText.implicitWidth + 30) - 4
                    TextMetrics {
                        id: titleMetrics
                        font.family: Theme.fontFamily
                        font.bold: true
                        font.pixelSize: Theme.fontGiant
                        text: title.text
                    }
                }
                Text {
                    textFormat: Text.PlainText
                    id: detailLine
                    objectName: "verdictRecipient"
                    visible: text !== ""
                    text: (overlay.v.recipient || "") + (overlay.v.phone4 ? "  ·  " + qsTr("phone …%1").arg(overlay.v.phone4) : "")
                    color: overlay.ink
                    font.pixelSize: Theme.fontLarge + 6
                    font.family: Theme.fontFamily
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
            }
        }

        // The drinks, as large as they fit: this is what the bartender pours.
        Column {
            visible: (overlay.kind === "ok" || overlay.kind === "undone") && overlay.v.drinks !== undefined
            Layout.fillWidth: true
            Layout.topMargin: 10
            spacing: 4
            Repeater {
                model: overlay.v.drinks || []
                Text {
                    textFormat: Text.PlainText
                    required property var modelData
                    text: modelData.qty + " × " + modelData.name
                    color: overlay.ink
                    font.pixelSize: overlay.v.drinks.length > 3 ? Theme.fontHuge - 16 : Theme.fontHuge + 8
                    font.bold: true
                    font.family: Theme.fontFamily
                    width: parent.width
                    // A long name takes a second line rather than losing its end.
                    wrapMode: Text.WordWrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
            }
        }

        Text {
            textFormat: Text.PlainText
            id: advice
            objectName: "verdictAdvice"
            Layout.fillWidth: true
            Layout.topMargin: 10
            wrapMode: Text.WordWrap
            color: overlay.ink
            font.pixelSize: Theme.fontLarge + 4
            font.family: Theme.fontFamily
            text: overlay.kind === "already" ? overlay.previousText() + " " + qsTr("Do not pour again.")
                : overlay.kind === "ok" && !overlay.pending && overlay.v.recorded
                    ? (overlay.v.syncing && !overlay.v.confirmedOnline
                       ? qsTr("Recorded on this kiosk; the cloud will be told when it is reachable.")
                       : qsTr("Recorded."))
                : overlay.kind === "ok" && overlay.pending ? qsTr("Nothing is recorded until you tap Pour.")
                : overlay.kind === "undone" ? qsTr("The redemption was voided; the code can be scanned again.")
                : overlay.kind === "error" ? Format.advice("ERROR") + "\n" + (overlay.v.detail || "")
                : Format.advice(overlay.v.reason)
        }

        Item { Layout.fillHeight: true }

        GridLayout {
            Layout.fillWidth: true
            columns: overlay.portrait ? 1 : 3
            rowSpacing: 20
            columnSpacing: 20
            KButton {
                objectName: "pourButton"
                visible: overlay.pending
                text: qsTr("Pour")
                size: Theme.fontHuge
                Layout.preferredHeight: 130
                Layout.fillWidth: true
                tone: Theme.okText
                toneText: Theme.ok
                enabled: !Verdicts.busy
                onClicked: Verdicts.confirmPour()
            }
            KButton {
                objectName: "undoButton"
                visible: overlay.kind === "ok" && !overlay.pending && Verdicts.undoSeconds > 0
                text: qsTr("Undo (%1 s)").arg(Verdicts.undoSeconds)
                Layout.preferredHeight: 100
                Layout.preferredWidth: 320
                Layout.fillWidth: overlay.portrait
                tone: Theme.okText
                toneText: Theme.ok
                onClicked: Verdicts.undo()
            }
            Item { visible: !overlay.portrait; Layout.fillWidth: !overlay.pending }
            KButton {
                objectName: "dismissButton"
                text: overlay.pending ? qsTr("Cancel") : qsTr("Next guest")
                Layout.preferredHeight: 100
                Layout.preferredWidth: 320
                Layout.fillWidth: overlay.portrait
                tone: Qt.rgba(0, 0, 0, 0.55) // white text at 4.5:1 or more on every verdict colour, the light OK too
                toneText: "#ffffff"
                onClicked: Verdicts.dismissVerdict()
            }
        }
        Text {
            textFormat: Text.PlainText
            Layout.fillWidth: true
            text: qsTr("Scanned by %1 · %2").arg(overlay.v.staffName || "").arg(Format.clock(overlay.v.atMs))
            color: overlay.ink
            opacity: 0.85
            font.pixelSize: Theme.fontSmall
            font.family: Theme.fontFamily
        }
    }
}
