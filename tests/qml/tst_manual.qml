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
            const heading = findChild(screen, "resultsHeading")
            screen.query = "rivera"
            compare(heading.text, "Searching…")   // answered on the backend thread, a moment later
            tryCompare(Kiosk, "searchingOrders", false)
            tryVerify(() => screen.results.length === 1)
            compare(screen.results[0].recipient, "Alex Rivera")
            compare(heading.text, "1 order ready to redeem")
            screen.query = "9034"
            tryVerify(() => screen.results.length === 1 && screen.results[0].phone4 === "9034")
            screen.query = "x"
            compare(screen.results.length, 0)   // two characters at least
        }

        function test_anOlderAnswerIsDropped() {
            Kiosk.searchOrders("Pri")
            Kiosk.searchOrders("x")   // typed on: too short, cleared at once
            compare(Kiosk.searchingOrders, false)
            wait(400)                  // the answer for "Pri" has come back by now
            compare(Kiosk.orderMatches.length, 0)
            Kiosk.searchOrders("Priya")
            tryVerify(() => Kiosk.orderMatches.length === 1 && Kiosk.orderMatches[0].recipient === "Priya Kapoor")
        }

        function test_signingOutForgetsTheGuests() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            screen.query = "Priya"   // Tom's order was poured by test_redeemFromTheList
            tryVerify(() => Kiosk.orderMatches.length === 1)
            Kiosk.signOut("manual")
            compare(Kiosk.orderMatches.length, 0)
            verify(Kiosk.signIn("stf_ada", "3579"))
        }

        function test_redeemFromTheList() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            screen.query = "Tom"
            tryVerify(() => findChild(screen, "redeem_ord_m2") !== null)
            mouseClick(findChild(screen, "redeem_ord_m2"))
            tryVerify(() => Kiosk.verdictVisible && !Kiosk.busy)
            compare(Kiosk.verdict.reason, "OK")
            tryVerify(() => screen.results.length === 0)   // poured: no longer offered
        }
    }
}
