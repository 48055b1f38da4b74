import QtQuick
import QtQuick.Layouts
import ClubKiosk
import "Format.js" as Format

// Full width, on every screen (sign-in and verdicts too), readable from a metre: shown only when
// something is wrong. Worst first: drinks cannot be recorded, the cloud is unreachable or
// refuses uploads, the kiosk needs pairing, another bar cannot be reached, the clock is off.
// "OFFLINE · 2 of 3 bars reachable · 12 drinks waiting · last sync 14 min ago".
Rectangle {
    id: band
    objectName: "statusBand"
    // What it shows (the kiosk's state; tests give their own).
    property string storageFault: Verdicts.storageFault
    property string connectivity: Sync.connectivity
    property string uploadProblem: Sync.uploadProblem
    property double uploadProblemSinceMs: Sync.uploadProblemSinceMs
    property bool clockDrifting: Sync.clockDrifting
    property int clockDriftSeconds: Sync.clockDriftSeconds
    property int unsent: Sync.unsent
    property double lastSyncMs: Sync.lastSyncMs
    property double nowMs: Sync.nowMs
    // The venue's bars, this one included (0: no peers), and how many this kiosk reaches.
    property int barsKnown: Sync.barsKnown
    property int barsReachable: Sync.barsReachable
    readonly property bool barsMissing: barsKnown > 1 && barsReachable < barsKnown
    // "storage", "offline", "pairing", "uploads", "degraded", "clock" or "" (hidden).
    readonly property string problem: storageFault !== "" ? "storage"
        : connectivity === "offline" ? "offline"
        : connectivity === "needs_pairing" ? "pairing"
        : uploadProblem !== "" ? "uploads"
        : connectivity === "degraded" ? "degraded"
        : barsMissing ? "bars"
        : clockDrifting ? "clock" : ""
    readonly property bool severe: problem === "storage" || problem === "offline" || problem === "pairing" || problem === "uploads"
    visible: problem !== ""
    implicitHeight: visible ? Math.max(64, words.implicitHeight + 20) : 0
    color: severe ? Theme.offline : Theme.degraded
    Accessible.role: Accessible.AlertMessage
    Accessible.name: words.text

    function waiting() {
        return qsTr("%n drink(s) waiting", "", unsent) + " · " + qsTr("last sync %1").arg(Format.ago(lastSyncMs, nowMs))
    }
    function bars() {
        return barsKnown > 1 ? qsTr("%1 of %2 bars reachable").arg(barsReachable).arg(barsKnown) + " · " : ""
    }
    function text() {
        switch (problem) {
        case "storage":
            return storageFault === "disk_full" ? qsTr("DISK FULL · drinks cannot be recorded · call a manager")
                 : qsTr("DATABASE FAULT · drinks cannot be recorded · call a manager")
        case "offline": return qsTr("OFFLINE") + " · " + bars() + waiting()
        case "bars": return qsTr("%1 OF %2 BARS REACHABLE · a code poured at the others may not be refused here").arg(barsReachable).arg(barsKnown)
        case "pairing": return qsTr("NOT PAIRED · the cloud no longer accepts this kiosk") + " · " + waiting()
        case "uploads": return qsTr("NOT SYNCING since %1").arg(Format.clock(uploadProblemSinceMs)) + " · " + waiting()
        case "degraded": return qsTr("CONNECTION UNSTABLE") + " · " + waiting()
        case "clock": return qsTr("CLOCK OFF by %1 s · codes may be judged wrongly · call a manager").arg(Math.abs(clockDriftSeconds))
        }
        return ""
    }

    Text {
        id: words
        objectName: "statusBandText"
        textFormat: Text.PlainText
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.gap
        text: "⚠ " + band.text()
        color: Theme.noticeText
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontLarge - 2
        font.bold: true
        wrapMode: Text.WordWrap
        maximumLineCount: 2
        elide: Text.ElideRight
    }
}
