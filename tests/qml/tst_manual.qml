import QtQuick
import QtTest
import ClubKiosk
import "qrc:/qml/screens"

// Manual entry: every match with its state, accents and case folded, an identity check before a
// typed order goes through the normal verdict, and nothing behind the check reacts.
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
        function cleanup() {
            if (Verdicts.undoSeconds > 0) {
                Verdicts.undo()
                tryVerify(() => !Verdicts.busy)
            }
            Verdicts.dismissVerdict()
            Session.signOut("manual")
        }
        function open() {
            const screen = createTemporaryObject(screenComponent, root)
            waitForRendering(screen)
            return screen
        }

        function test_searchByNameAndPhone() {
            const screen = open()
            const heading = findChild(screen, "resultsHeading")
            screen.query = "rivera"
            compare(heading.text, "Searching…")   // answered on the backend thread, a moment later
            tryCompare(Orders, "searchingOrders", false)
            tryVerify(() => screen.results.length === 1)
            compare(screen.results[0].recipient, "Alex Rivera")
            compare(screen.results[0].state, "redeemable")
            compare(heading.text, "1 order ready to redeem")
            screen.query = "9034"
            tryVerify(() => screen.results.length === 1 && screen.results[0].phone4 === "9034")
            screen.query = "x"
            compare(screen.results.length, 0)   // two characters at least
        }

        // Müller = muller = MULLER; Zoë = zoe.
        function test_accentsAndCaseFold() {
            const screen = open()
            for (const q of ["muller", "MÜLLER", "Müll", "zoe"]) {
                screen.query = q
                tryVerify(() => !Orders.searchingOrders && screen.results.length === 1 && screen.results[0].recipient === "Zoë Müller",
                          5000, q + ": " + JSON.stringify(screen.results))
            }
        }

        // Every match shows why it can or cannot be poured: redeemed (where and when), not paid,
        // refunded; the redeemable come first.
        function test_everyMatchWithItsState() {
            const screen = open()
            screen.query = "Dana"
            tryVerify(() => !Orders.searchingOrders && screen.results.length === 1 && screen.results[0].orderId === "ord_d7")
            compare(screen.results[0].state, "redeemed")
            verify(!findChild(screen, "redeem_ord_d7").visible)
            const dana = findChild(screen, "state_ord_d7")
            verify(dana.visible)
            verify(dana.text.indexOf("at Right bar") > 0, dana.text)
            compare(findChild(screen, "resultsHeading").text, "0 orders ready to redeem · 1 other match")
            screen.query = "Jo P"
            tryVerify(() => !Orders.searchingOrders && screen.results.length === 1 && screen.results[0].orderId === "ord_d4")
            compare(screen.results[0].state, "unpaid")
            compare(findChild(screen, "state_ord_d4").text, "Not paid yet")
            screen.query = "Kim"
            tryVerify(() => !Orders.searchingOrders && screen.results.length === 1 && screen.results[0].orderId === "ord_d5")
            compare(screen.results[0].reason, "TOKEN_REVOKED")
            compare(findChild(screen, "state_ord_d5").text, "Refunded or reissued")
            screen.query = "Alex"
            tryVerify(() => !Orders.searchingOrders && screen.results.length === 2)
            compare(screen.results[0].state, "redeemable")
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
            const screen = open()
            screen.query = "Priya"
            tryVerify(() => Orders.orderMatches.length === 1)
            Session.signOut("manual")
            compare(Orders.orderMatches.length, 0)
            verify(Session.signIn("stf_ada", "3579"))
        }

        // Choosing an order asks for the identity check first; "Does not match" records nothing,
        // "It matches" goes through the normal verdict, and the order then shows as redeemed.
        function test_identityCheckThenTheNormalVerdict() {
            const screen = open()
            screen.query = "Tom"
            tryVerify(() => findChild(screen, "redeem_ord_m2") !== null && findChild(screen, "redeem_ord_m2").visible)
            mouseClick(findChild(screen, "redeem_ord_m2"))
            const panel = findChild(screen, "checkPanel")
            verify(panel.visible)
            compare(findChild(screen, "checkName").text, "Tom Hughes")
            verify(!Verdicts.verdictVisible)
            // Modal: a tap beside it reaches nothing, and it stays.
            mouseClick(screen, 10, screen.height - 10)
            verify(panel.visible)
            mouseClick(findChild(screen, "checkCancel"))
            verify(!panel.visible)
            verify(!Verdicts.verdictVisible)
            mouseClick(findChild(screen, "redeem_ord_m2"))
            mouseClick(findChild(screen, "checkConfirm"))
            tryVerify(() => Verdicts.verdictVisible && !Verdicts.busy)
            compare(Verdicts.verdict.reason, "OK")
            compare(Verdicts.verdict.source, "manual")
            Verdicts.dismissVerdict()
            tryVerify(() => screen.results.length === 1 && screen.results[0].state === "redeemed")
            verify(findChild(screen, "state_ord_m2").text.indexOf("here") > 0)
        }
    }
}
