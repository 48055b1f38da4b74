import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"

Item {
    id: root
    width: 1280
    height: 800

    TestCase {
        id: tc
        name: "ManualEntry"
        width: 1280
        height: 800
        when: windowShown

        Component { id: screenComponent; ManualEntryScreen { width: 1280; height: 800 } }

        function init() { verify(Kiosk.signIn("stf_ada", "3579")) }
        function cleanup() { Kiosk.dismissVerdict(); Kiosk.signOut("manual") }

        function test_searchByNameAndPhone() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            screen.query = "rivera"
            compare(screen.results.length, 1)
            compare(screen.results[0].recipient, "Alex Rivera")
            screen.query = "9034"
            compare(screen.results.length, 1)
            screen.query = "x"
            compare(screen.results.length, 0)   // two characters at least
        }

        function test_redeemFromTheList() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            screen.query = "Tom"
            tryVerify(() => findChild(screen, "redeem_ord_m2") !== null)
            mouseClick(findChild(screen, "redeem_ord_m2"))
            tryVerify(() => Kiosk.verdictVisible && !Kiosk.busy)
            compare(Kiosk.verdict.reason, "OK")
            compare(screen.results.length, 0)   // poured: no longer offered
        }
    }
}
