import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"
import "qrc:/qml/components"

// Manager settings: each choice is applied at once and kept in the kiosk's database.
Item {
    id: root
    width: 1280
    height: 800

    TestCase {
        id: tc
        name: "Settings"
        width: 1280
        height: 800
        when: windowShown

        Component { id: screenComponent; SettingsScreen { width: 1280; height: 800 } }

        function init() { verify(Session.signIn("stf_morgan", "2468")) }
        function cleanup() { Settings.language = "en"; Session.signOut("manual") }

        function openScreen() {
            const screen = createTemporaryObject(screenComponent, root)
            waitForRendering(screen)
            return screen
        }

        function test_confirmModeAndSounds() {
            const screen = openScreen()
            mouseClick(findChild(screen, "modeConfirm"))
            verify(Settings.confirmMode)
            compare(findChild(screen, "modeConfirm").Accessible.checked, true)
            compare(findChild(screen, "modeInstant").Accessible.checked, false)
            mouseClick(findChild(screen, "modeInstant"))
            verify(!Settings.confirmMode)
            mouseClick(findChild(screen, "soundsOff"))
            verify(!Settings.soundsEnabled)
            mouseClick(findChild(screen, "soundsOn"))
            verify(Settings.soundsEnabled)
        }

        function test_languageSwitchesAtRunTime() {
            const screen = openScreen()
            const pair = findChild(screen, "pairButton")
            compare(pair.text, "Pair with the cloud")
            mouseClick(findChild(screen, "langDe"))
            compare(Settings.language, "de")
            tryCompare(pair, "text", "Mit der Cloud koppeln")
            mouseClick(findChild(screen, "langEn"))
            tryCompare(pair, "text", "Pair with the cloud")
        }

        function test_autoLockChoices() {
            const screen = openScreen()
            mouseClick(findChild(screen, "lock_900"))
            compare(Settings.autoLockSeconds, 900)
            mouseClick(findChild(screen, "lock_0"))
            compare(Settings.autoLockSeconds, 0)
            mouseClick(findChild(screen, "lock_300"))
            compare(Settings.autoLockSeconds, 300)
        }

        function test_pairingNeedsAnAddressAndACode() {
            const screen = openScreen()
            const button = findChild(screen, "pairButton")
            verify(!button.enabled)
            findChild(screen, "pairUrl").text = "http://cloud.example.com"
            verify(!button.enabled)
            findChild(screen, "pairCode").text = "ABCD-1234"
            verify(button.enabled)
            mouseClick(button)
            const message = findChild(screen, "pairMessage")
            verify(message.visible)
            verify(message.text.indexOf("https://") >= 0, message.text)   // refused before any request
            compare(Pairing.serverUrl, "")
        }

        // The other bars: hidden on a kiosk without peers (the demo), and for a manager of a
        // kiosk with peers, each bar with its state in words, and why the unreachable one is.
        Component { id: barsComponent; BarsPanel { width: 600 } }
        function test_otherBars() {
            const screen = openScreen()
            verify(!findChild(screen, "barsPanel").visible)
            const panel = createTemporaryObject(barsComponent, root, {
                bars: [{ name: "Right bar", address: "10.0.0.3:47800", reachable: true, problem: "" },
                       { name: "Patio", address: "10.0.0.9:47800", reachable: false, problem: "Connection refused" }],
                discoveryProblem: "Avahi is not running" })
            waitForRendering(panel)
            verify(panel.visible)
            const right = findChild(findChild(panel, "bar0"), "barLine")
            const patio = findChild(findChild(panel, "bar1"), "barLine")
            compare(right.text, "Right bar · linked · 10.0.0.3:47800")
            compare(patio.text, "Patio · unreachable · 10.0.0.9:47800\nConnection refused")
            compare(findChild(panel, "bar1").Accessible.name, patio.text)
            verify(Theme.contrast(patio.color, Theme.background) >= 4.5)
            verify(Theme.contrast(right.color, Theme.background) >= 4.5)
            compare(findChild(panel, "discovery").text, "DNS-SD off: Avahi is not running")
            panel.discoveryProblem = ""
            compare(findChild(panel, "discovery").text, "Also found on the LAN through DNS-SD.")
        }
    }
}
