import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ClubKiosk
import "../components"
import "../components/Format.js" as Format

// The manager's night: totals, redemptions per hour, the ledger with filters, both sides of
// a double pour, voids with a reason, and exports for the accountant.
FocusScope {
    id: screen
    property bool reviewFirstConflict: false
    property var selected: null       // the row being reviewed
    property string message: ""
    // Upright: filters on more rows, the chart under the totals, each ledger row on two lines.
    readonly property bool portrait: width < height
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("History")

    Component.onCompleted: History.refresh()
    onReviewFirstConflictChanged: openFirstConflict()
    function openFirstConflict() {
        if (reviewFirstConflict && list.count > 0)
            review(list.itemAtIndex(0) ? list.itemAtIndex(0).row : null)
        else if (!reviewFirstConflict)
            selected = null
    }
    function review(row) {
        selected = row
        voidReason.text = ""
        reviewNote.text = ""
    }
    // "Tue 2 Dec 16:00" in the UI language.
    function when(ms) {
        return new Date(ms).toLocaleString(Qt.locale(Settings.language === "de" ? "de_DE" : "en_US"), "ddd d MMM HH:mm")
    }
    function rangeText() {
        if (History.period === "all")
            return qsTr("Everything this kiosk holds")
        const from = when(History.periodFromMs)
        return History.period === "shift" ? qsTr("This shift: since %1 (shifts start at %2)").arg(from).arg(History.shiftStart)
                                          : qsTr("Since %1").arg(from)
    }
    function where(side) {
        return side.here ? qsTr("this bar") : side.device
    }
    Connections {
        target: History
        function onVoidFinished(ok, message) {
            screen.message = ok ? qsTr("Voided.") : message === "manager_only" ? qsTr("Only a manager can void.")
                : message === "reason_required" ? qsTr("Give a reason for the void.") : message
            if (ok) screen.selected = null
        }
        function onReviewFinished(ok, message) {
            screen.message = ok ? qsTr("Marked resolved.") : message === "manager_only" ? qsTr("Only a manager can resolve a double pour.")
                : message === "note_required" ? qsTr("Write a note: what happened, what was done.") : message
            if (ok) screen.selected = null
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: 10

        // Filters.
        GridLayout {
            Layout.fillWidth: true
            columns: screen.portrait ? 1 : 2
            rowSpacing: 8
            columnSpacing: 8
            RowLayout {
                Layout.fillWidth: screen.portrait
                spacing: 8
                Repeater {
                    model: [["shift", qsTr("This shift")], ["24h", qsTr("24 hours")], ["7d", qsTr("7 days")], ["all", qsTr("All")]]
                    KButton {
                        required property var modelData
                        objectName: "period_" + modelData[0]
                        text: modelData[1]
                        tone: History.period === modelData[0] ? Theme.accent : Theme.surfaceRaised
                        toneText: History.period === modelData[0] ? Theme.accentText : Theme.text
                        implicitHeight: Theme.minTouch + 4
                        Layout.fillWidth: screen.portrait
                        onClicked: History.period = modelData[0]
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Item { Layout.fillWidth: true; visible: !screen.portrait }
                KComboBox {
                    id: staffFilter
                    objectName: "staffFilter"
                    Layout.preferredWidth: 220
                    Layout.fillWidth: screen.portrait
                    implicitHeight: Theme.minTouch + 4
                    model: [{ id: "", name: qsTr("All staff") }].concat(Session.staffList)
                    textRole: "name"
                    valueRole: "id"
                    Accessible.name: qsTr("Staff filter")
                    onActivated: History.staffId = currentValue
                }
                KButton {
                    objectName: "exportButton"
                    text: qsTr("Export…")
                    implicitHeight: Theme.minTouch + 4
                    onClicked: {
                        screen.selected = null
                        exportPanel.targets = History.exportTargets()
                        exportPanel.visible = true
                    }
                }
            }
        }
        Text {
            textFormat: Text.PlainText
            objectName: "periodRange"
            text: screen.rangeText()
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.family: Theme.fontFamily
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        GridLayout {
            Layout.fillWidth: screen.portrait
            columns: screen.portrait ? 4 : 7
            rowSpacing: 8
            columnSpacing: 8
            Repeater {
                model: [["", qsTr("Everything")], ["redeemed", qsTr("Redeemed")], ["offline", qsTr("Offline")],
                        ["conflict", qsTr("Double pours")], ["voided", qsTr("Voided")], ["typed", qsTr("Typed")],
                        ["scans", qsTr("Refused scans")]]
                KButton {
                    required property var modelData
                    objectName: "status_" + (modelData[0] || "all")
                    text: modelData[1]
                    size: Theme.fontSmall
                    tone: History.status === modelData[0] ? Theme.accent : Theme.surfaceRaised
                    toneText: History.status === modelData[0] ? Theme.accentText : Theme.text
                    implicitHeight: Theme.minTouch
                    Layout.fillWidth: screen.portrait
                    onClicked: History.status = modelData[0]
                }
            }
        }

        // Totals and the chart.
        GridLayout {
            columns: screen.portrait ? 1 : 2
            rowSpacing: 8
            columnSpacing: Theme.gap
            Layout.fillWidth: true
            GridLayout {
                columns: 4
                rowSpacing: 4
                columnSpacing: 24
                Repeater {
                    model: [[qsTr("Redemptions"), History.totals.redeemed], [qsTr("Drinks"), History.totals.drinks],
                            [qsTr("Value"), History.totals.amountText], [qsTr("Double pours"), History.totals.conflicts],
                            [qsTr("Voided"), History.totals.voided], [qsTr("Recorded offline"), Sync.connectivity === "local" ? "–" : History.totals.offline],
                            [qsTr("Refused scans"), History.totals.rejectedScans], [qsTr("Typed"), History.totals.typed]]
                    ColumnLayout {
                        required property var modelData
                        spacing: 0
                        Accessible.role: Accessible.StaticText
                        Accessible.name: modelData[0] + ": " + modelData[1]
                        Text { textFormat: Text.PlainText; text: modelData[0]; color: Theme.textMuted; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily }
                        Text { textFormat: Text.PlainText; text: modelData[1] === undefined ? "0" : modelData[1]; color: Theme.text; font.pixelSize: Theme.fontLarge; font.bold: true; font.family: Theme.fontFamily }
                    }
                }
            }
            HourChart {
                objectName: "hourChart"
                Layout.fillWidth: true
                Layout.preferredHeight: screen.portrait ? 130 : 150
                buckets: History.hourly
            }
        }
        Text {
            // What was poured and who poured it: the most poured drinks and each person's count.
            textFormat: Text.PlainText
            objectName: "breakdown"
            visible: (History.totals.byDrink || []).length > 0
            text: qsTr("Drinks: %1").arg((History.totals.byDrink || []).slice(0, 6).map(d => d.qty + " × " + d.name).join(", "))
                  + "\n" + qsTr("Staff: %1").arg((History.totals.byStaff || []).map(p => qsTr("%1 %2 (%3 drinks)").arg(p.name).arg(p.redeemed).arg(p.drinks)).join(" · "))
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.family: Theme.fontFamily
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            maximumLineCount: 3
            elide: Text.ElideRight
        }
        Text {
            textFormat: Text.PlainText
            visible: screen.message !== ""
            text: screen.message
            color: Theme.degraded
            font.pixelSize: Theme.fontSmall
            font.family: Theme.fontFamily
            Layout.fillWidth: true
            elide: Text.ElideMiddle
        }

        ListView {
            id: list
            objectName: "historyList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 4
            model: History
            onCountChanged: screen.openFirstConflict()
            delegate: Rectangle {
                id: rowItem
                required property var model
                readonly property var row: model
                width: list.width
                height: screen.portrait ? Theme.minTouch + 36 : Theme.minTouch + 8
                radius: 6
                color: Theme.surface
                Accessible.role: Accessible.ListItem
                Accessible.name: Format.clock(model.atMs) + ", " + Format.statusName(model.status) + ", " + model.recipient
                MouseArea {
                    anchors.fill: parent
                    enabled: rowItem.model.status !== "scan"
                    onClicked: screen.review(rowItem.model)
                }
                // One line on its side; upright, the drinks and the staff go to a second line.
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 12
                    anchors.rightMargin: 12
                    spacing: 12
                    Text { textFormat: Text.PlainText; text: Format.clock(model.atMs); color: Theme.text; font.pixelSize: Theme.fontBody; font.family: Theme.fontFamily; Layout.preferredWidth: 80 }
                    GridLayout {
                        Layout.fillWidth: true
                        rowSpacing: 2
                        columnSpacing: 12
                        Text {
                            textFormat: Text.PlainText
                            Layout.row: 0; Layout.column: 0
                            objectName: "statusCell"
                            // A void made here says where it stands with the cloud.
                            readonly property string voidSyncText: model.voidSync === "sent" ? qsTr("sent")
                                : model.voidSync === "pending" ? qsTr("not sent yet")
                                : model.voidSync === "refused" ? qsTr("refused by the cloud")
                                : model.voidSync === "not-uploaded" ? qsTr("never uploaded") : ""
                            text: (model.status === "conflict" ? "⚠ " : model.status === "voided" ? "⊘ " : model.status === "scan" ? "✖ " : "✔ ") + Format.statusName(model.status)
                                  + (voidSyncText !== "" && Sync.connectivity !== "local" ? " · " + voidSyncText : "")
                            color: model.status === "redeemed" ? Theme.online : model.status === "voided" ? Theme.textMuted : Theme.offline
                            font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily; Layout.preferredWidth: 200
                            elide: Text.ElideRight
                        }
                        Text {
                            textFormat: Text.PlainText
                            Layout.row: 0; Layout.column: 1
                            text: model.status === "scan" ? Format.reasonTitle(model.reason) : model.recipient
                            color: Theme.text; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                            Layout.preferredWidth: 200; Layout.fillWidth: screen.portrait; elide: Text.ElideRight
                        }
                        Text {
                            textFormat: Text.PlainText
                            Layout.row: screen.portrait ? 1 : 0; Layout.column: screen.portrait ? 0 : 2
                            Layout.columnSpan: screen.portrait ? 2 : 1
                            text: model.drinks || ""; color: Theme.textMuted; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                            Layout.fillWidth: true; elide: Text.ElideRight
                        }
                        Text {
                            textFormat: Text.PlainText
                            Layout.row: screen.portrait ? 1 : 0; Layout.column: screen.portrait ? 2 : 3
                            // Another bar's pour names the bar.
                            text: (model.staff || "") + (model.device ? " · " + model.device : "")
                            color: Theme.textMuted; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                            Layout.preferredWidth: 170; elide: Text.ElideRight
                        }
                        Text {
                            textFormat: Text.PlainText
                            Layout.row: 0; Layout.column: screen.portrait ? 2 : 4
                            objectName: "tagsCell"
                            text: [model.typed === true ? "⌨ " + qsTr("typed") : "",
                                   model.offline === true && Sync.connectivity !== "local" ? qsTr("offline") : "",
                                   model.review ? "✓ " + qsTr("resolved") : ""].filter(t => t !== "").join(" ")
                            color: Theme.degraded; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                            elide: Text.ElideRight
                            Layout.preferredWidth: screen.portrait ? 170 : 150
                        }
                    }
                }
            }
            Text {
                textFormat: Text.PlainText
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("Nothing in this period.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                font.family: Theme.fontFamily
            }
        }
    }

    // Export: pick where (a USB stick first, then the documents folder) and what.
    Rectangle {
        anchors.fill: parent
        visible: exportPanel.visible
        color: "#b0000000"   // dims the night behind the dialog; a tap outside closes it
        z: 6
        MouseArea { anchors.fill: parent; onClicked: exportPanel.visible = false }
    }
    Rectangle {
        id: exportPanel
        objectName: "exportPanel"
        property var targets: []
        visible: false
        anchors.centerIn: parent
        width: Math.min(820, parent.width - 2 * Theme.gap)
        height: Math.min(parent.height - 40, 200 + targets.length * 84)
        radius: Theme.radius
        color: Theme.surfaceRaised
        border.color: Theme.accent
        border.width: 2
        z: 7
        Accessible.role: Accessible.Dialog
        Accessible.name: qsTr("Export")
        ColumnLayout {
            anchors.fill: parent
            anchors.margins: 24
            spacing: 10
            Text {
                textFormat: Text.PlainText
                text: qsTr("Export this view for the accountant")
                color: Theme.text; font.pixelSize: Theme.fontLarge; font.bold: true; font.family: Theme.fontFamily
                wrapMode: Text.WordWrap; Layout.fillWidth: true
            }
            Text {
                textFormat: Text.PlainText
                text: qsTr("CSV: every row shown. PDF: totals, the chart and the rows. Plug in a USB stick to see it here.")
                color: Theme.textMuted; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                wrapMode: Text.WordWrap; Layout.fillWidth: true
            }
            Repeater {
                model: exportPanel.targets
                RowLayout {
                    required property var modelData
                    required property int index
                    Layout.fillWidth: true
                    spacing: 8
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Text {
                            textFormat: Text.PlainText
                            text: (modelData.removable ? "⏏ " : "") + modelData.name
                            color: Theme.text; font.pixelSize: Theme.fontBody; font.family: Theme.fontFamily
                            elide: Text.ElideMiddle; Layout.fillWidth: true
                        }
                        Text {
                            textFormat: Text.PlainText
                            text: qsTr("%1 MB free").arg(modelData.freeMb)
                            color: Theme.textMuted; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                        }
                    }
                    KButton {
                        objectName: "exportCsv_" + index
                        text: qsTr("CSV")
                        tone: Theme.accent
                        toneText: Theme.accentText
                        Accessible.name: qsTr("Export CSV to %1").arg(modelData.name)
                        onClicked: {
                            const path = History.exportCsv(modelData.path)
                            screen.message = path ? qsTr("Saved %1").arg(path) : History.lastError
                            exportPanel.visible = false
                        }
                    }
                    KButton {
                        objectName: "exportPdf_" + index
                        text: qsTr("Shift report PDF")
                        tone: Theme.accent
                        toneText: Theme.accentText
                        Accessible.name: qsTr("Export the shift report to %1").arg(modelData.name)
                        onClicked: {
                            const path = History.exportPdf(modelData.path)
                            screen.message = path ? qsTr("Saved %1").arg(path) : History.lastError
                            exportPanel.visible = false
                        }
                    }
                }
            }
            Item { Layout.fillHeight: true }
            KButton {
                objectName: "closeExport"
                Layout.alignment: Qt.AlignRight
                text: qsTr("Close")
                tone: Theme.surface   // stands out on the raised dialog
                onClicked: exportPanel.visible = false
            }
        }
    }

    // Modal: taps beside the review reach nothing behind it (a row next to its Void button);
    // it closes only by its own buttons, so a half-typed note is not lost by a stray tap.
    Rectangle {
        objectName: "reviewBackdrop"
        anchors.fill: parent
        visible: reviewPanel.visible
        color: "#b0000000"
        z: 4
        MouseArea { anchors.fill: parent }
    }
    // Review: the row's details; for a double pour, both sides; void with a reason.
    Rectangle {
        id: reviewPanel
        objectName: "reviewPanel"
        visible: screen.selected !== null
        anchors.centerIn: parent
        width: Math.min(820, parent.width - 2 * Theme.gap)
        height: Math.min(screen.portrait ? 760 : 600, parent.height - 2 * Theme.gap)
        radius: Theme.radius
        color: Theme.surfaceRaised
        border.color: Theme.accent
        border.width: 2
        z: 5
        readonly property var conflict: screen.selected && screen.selected.status === "conflict" ? History.conflict(screen.selected.seq) : ({})
        readonly property bool sideBySide: width >= 800
        Accessible.role: Accessible.Dialog
        Accessible.name: qsTr("Redemption details")
        ColumnLayout {
            anchors.fill: parent
            anchors.margins: 24
            spacing: 10
            Text {
                textFormat: Text.PlainText
                text: screen.selected ? Format.statusName(screen.selected.status) + " · " + screen.selected.recipient : ""
                color: Theme.text; font.pixelSize: Theme.fontLarge; font.bold: true; font.family: Theme.fontFamily
                Layout.fillWidth: true; wrapMode: Text.WordWrap
            }
            Text {
                textFormat: Text.PlainText
                text: screen.selected ? (screen.selected.drinks || "") + "  ·  " + (screen.selected.amount || "") : ""
                color: Theme.textMuted; font.pixelSize: Theme.fontBody; font.family: Theme.fontFamily
                Layout.fillWidth: true; wrapMode: Text.WordWrap
            }
            GridLayout {
                visible: screen.selected !== null && screen.selected.status === "conflict"
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 30
                rowSpacing: 6
                // Side by side in a wide dialog; upright, ours above the cloud's.
                Text {
                    textFormat: Text.PlainText
                    Layout.row: 0; Layout.column: 0
                    Layout.fillWidth: true; Layout.preferredWidth: 1
                    text: qsTr("Poured here"); color: Theme.offline; font.pixelSize: Theme.fontBody; font.bold: true; font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                }
                Text {
                    textFormat: Text.PlainText
                    Layout.row: 1; Layout.column: 0
                    Layout.fillWidth: true; Layout.preferredWidth: 1
                    wrapMode: Text.WrapAnywhere
                    objectName: "conflictOurs"
                    text: reviewPanel.conflict.ours ? qsTr("%1 by %2 at %3%4").arg(Format.clock(reviewPanel.conflict.ours.atMs)).arg(reviewPanel.conflict.ours.staff).arg(screen.where(reviewPanel.conflict.ours)).arg(reviewPanel.conflict.ours.offline ? " " + qsTr("(offline)") : "") : ""
                    color: Theme.text; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                }
                Text {
                    textFormat: Text.PlainText
                    Layout.row: reviewPanel.sideBySide ? 0 : 2; Layout.column: reviewPanel.sideBySide ? 1 : 0
                    Layout.topMargin: reviewPanel.sideBySide ? 0 : 10
                    Layout.fillWidth: true; Layout.preferredWidth: 1
                    text: qsTr("Counted by the cloud (first)"); color: Theme.online; font.pixelSize: Theme.fontBody; font.bold: true; font.family: Theme.fontFamily
                    wrapMode: Text.WordWrap
                }
                Text {
                    textFormat: Text.PlainText
                    Layout.row: reviewPanel.sideBySide ? 1 : 3; Layout.column: reviewPanel.sideBySide ? 1 : 0
                    Layout.fillWidth: true; Layout.preferredWidth: 1
                    wrapMode: Text.WrapAnywhere
                    objectName: "conflictWinner"
                    text: reviewPanel.conflict.winner ? qsTr("%1 by %2 at %3").arg(Format.clock(reviewPanel.conflict.winner.atMs)).arg(reviewPanel.conflict.winner.staff).arg(screen.where(reviewPanel.conflict.winner)) : ""
                    color: Theme.text; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                }
                Text {
                    textFormat: Text.PlainText
                    Layout.row: 4; Layout.column: 0
                    Layout.columnSpan: 2
                    Layout.topMargin: 10
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: qsTr("The same drink was poured twice while the bars could not reach each other. The cloud counts the first; this kiosk's pour is the extra one.")
                    color: Theme.textMuted; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                }
                Text {
                    textFormat: Text.PlainText
                    objectName: "conflictReview"
                    visible: reviewPanel.conflict.review !== undefined
                    Layout.row: 5; Layout.column: 0
                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: reviewPanel.conflict.review ? "✓ " + qsTr("Resolved by %1 at %2: %3").arg(reviewPanel.conflict.review.staff).arg(Format.clock(reviewPanel.conflict.review.atMs)).arg(reviewPanel.conflict.review.note) : ""
                    color: Theme.online; font.pixelSize: Theme.fontSmall; font.family: Theme.fontFamily
                }
            }
            RowLayout {
                // The manager closes the case: what happened and what was done (recorded, exported).
                visible: screen.selected !== null && screen.selected.status === "conflict"
                Layout.fillWidth: true
                spacing: 8
                TextField {
                    id: reviewNote
                    objectName: "reviewNote"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    maximumLength: 500
                    placeholderText: qsTr("Note: what happened, what was done")
                    placeholderTextColor: Theme.textMuted
                    Accessible.name: qsTr("Note for the double pour")
                    background: Rectangle { radius: Theme.radius; color: Theme.surface; border.width: reviewNote.activeFocus ? 3 : 0; border.color: Theme.focus }
                }
                KButton {
                    objectName: "resolveButton"
                    text: qsTr("Mark resolved")
                    tone: Theme.accent
                    toneText: Theme.accentText
                    enabled: reviewNote.text.trim().length > 0
                    onClicked: History.resolveConflict(screen.selected.seq, reviewNote.text)
                }
            }
            Text {
                textFormat: Text.PlainText
                visible: screen.selected !== null && screen.selected.status === "voided"
                text: screen.selected ? qsTr("Reason: %1").arg(screen.selected.reason) : ""
                color: Theme.text; font.pixelSize: Theme.fontBody; font.family: Theme.fontFamily
            }
            Item { Layout.fillHeight: true }
            RowLayout {
                visible: screen.selected !== null && screen.selected.status === "redeemed" && screen.selected.origin === "local"
                Layout.fillWidth: true
                spacing: 8
                TextField {
                    id: voidReason
                    objectName: "voidReason"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    placeholderText: qsTr("Reason for the void (required)")
                    placeholderTextColor: Theme.textMuted
                    Accessible.name: qsTr("Reason for the void")
                    background: Rectangle { radius: Theme.radius; color: Theme.surface; border.width: voidReason.activeFocus ? 3 : 0; border.color: Theme.focus }
                }
                KButton {
                    objectName: "voidButton"
                    text: qsTr("Void")
                    tone: Theme.refused
                    toneText: Theme.refusedText
                    enabled: voidReason.text.trim().length > 0
                    onClicked: History.voidRedemption(screen.selected.seq, voidReason.text)
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: screen.selected !== null && screen.selected.status === "redeemed" && screen.selected.origin === "local"
                           ? [qsTr("Spilled"), qsTr("Wrong drink"), qsTr("Test scan")] : []
                    KButton {
                        required property string modelData
                        objectName: "reasonChip"
                        text: modelData
                        size: Theme.fontSmall
                        implicitHeight: Theme.minTouch
                        // Light chips: visible on the raised dialog (3:1 and more), dark words.
                        tone: Theme.chip
                        toneText: Theme.chipText
                        onClicked: voidReason.text = modelData
                    }
                }
                Item { Layout.fillWidth: true }
                KButton {
                    objectName: "closeReview"
                    text: qsTr("Close")
                    tone: Theme.surface   // stands out on the raised dialog
                    onClicked: screen.selected = null
                }
            }
        }
    }
}
