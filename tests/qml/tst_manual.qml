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

        function init() { verify(Session.signIn("stf_ada", "3579")) }
        function cleanup() { Verdicts.dismissVerdict(); Session.signOut("manual") }

        function test_searchByNameAndPhone() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            const heading = findChild(screen, "resultsHeading")
            screen.query = "rivera"
            compare(heading.text, "Searching…")   // answered on the backend thread, a moment later
            tryCompare(Orders, "searchingOrders", false)
            tryVerify(() => screen.results.length === 1)
            compare(screen.results[0].recipient, "Alex Rivera")
            compare(heading.text, "1 order ready to redeem")
            screen.query = "9034"
            tryVerify(() => screen.results.length === 1 && screen.results[0].phone4 === "9034")
            screen.query = "x"
            compare(screen.results.length, 0)   // two characters at least
        }

        function test_anOlderAnswerIsDropped() {
            Orders.searchOrders("Pri")
            Orders.searchOrders("x")   // typed on: too short, cleared at once
            compare(Orders.searchingOrders, false)
            wait(400)                  // the answer for "Pri" has come back by now
            compare(Orders.orderMatches.length, 0)
            Orders.searchOrders("Priya")
            tryVerify(() => Orders.orderMatches.length === 1 && Orders.orderMatches[0].recipient === "Priya Kapoor")
        }

        function test_signingOutForgetsTheGuests() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            screen.query = "Priya"   // Tom's order was poured by test_redeemFromTheList
            tryVerify(() => Orders.orderMatches.length === 1)
            Session.signOut("manual")
            compare(Orders.orderMatches.length, 0)
            verify(Session.signIn("stf_ada", "3579"))
        }

        function test_redeemFromTheList() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            screen.query = "Tom"
            tryVerify(() => findChild(screen, "redeem_ord_m2") !== null)
            mouseClick(findChild(screen, "redeem_ord_m2"))
            tryVerify(() => Verdicts.verdictVisible && !Verdicts.busy)
            compare(Verdicts.verdict.reason, "OK")
            tryVerify(() => screen.results.length === 0)   // poured: no longer offered
        }
    }
}
