import QtQuick
import QtQuick.Layouts

// Redemptions per hour as bars with their counts written on them (readable without colour).
Item {
    id: chart
    property var buckets: []   // [{hour, count}]
    implicitHeight: 200
    Accessible.role: Accessible.Chart
    Accessible.name: {
        let parts = []
        for (let i = 0; i < buckets.length; ++i)
            if (buckets[i].count > 0)
                parts.push(qsTr("%1:00, %2").arg(buckets[i].hour).arg(buckets[i].count))
        return qsTr("Redemptions per hour") + ": " + (parts.length ? parts.join("; ") : qsTr("none"))
    }
    readonly property int peak: {
        let p = 1
        for (let i = 0; i < buckets.length; ++i)
            p = Math.max(p, buckets[i].count)
        return p
    }
    Row {
        anchors.fill: parent
        spacing: 4
        Repeater {
            model: chart.buckets
            Item {
                required property var modelData
                width: Math.max(8, (chart.width - (chart.buckets.length - 1) * 4) / Math.max(1, chart.buckets.length))
                height: chart.height
                Rectangle {
                    id: bar
                    anchors.bottom: label.top
                    anchors.bottomMargin: 4
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: parent.width * 0.8
                    height: Math.max(modelData.count > 0 ? 3 : 0, (chart.height - 60) * modelData.count / chart.peak)
                    color: Theme.accent
                    radius: 3
                }
                Text {
                    textFormat: Text.PlainText
                    anchors.bottom: bar.top
                    anchors.horizontalCenter: parent.horizontalCenter
                    visible: modelData.count > 0
                    text: modelData.count
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                }
                Text {
                    textFormat: Text.PlainText
                    id: label
                    anchors.bottom: parent.bottom
                    anchors.horizontalCenter: parent.horizontalCenter
                    // Narrow bars label every third hour.
                    opacity: parent.width >= 30 || modelData.hour % 3 === 0 ? 1 : 0
                    text: (modelData.hour < 10 ? "0" : "") + modelData.hour
                    color: Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
    }
}
