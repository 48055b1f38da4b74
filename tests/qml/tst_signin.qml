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
        name: "SignIn"
        width: 1280
        height: 800
        when: windowShown

        Component { id: screenComponent; SignInScreen { width: 1280; height: 800 } }

        function pressPin(screen, digits) {
            for (let i = 0; i < digits.length; ++i)
                mouseClick(findChild(screen, "pinKey" + digits[i]))
            mouseClick(findChild(screen, "pinKeyOK"))
        }

        function test_1_padNeedsAName() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            verify(!findChild(screen, "pinPad").enabled)
            mouseClick(findChild(screen, "staff_stf_sam"))
            verify(findChild(screen, "pinPad").enabled)
        }

        function test_2_rightPinSignsIn() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            mouseClick(findChild(screen, "staff_stf_sam"))
            pressPin(screen, "1111")
            verify(Session.signedIn)
            compare(Session.staffName, "Sam")
            verify(!Session.manager)
            Session.signOut("manual")
            verify(!Session.signedIn)
        }

        function test_3_keyboardWorksToo() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            mouseClick(findChild(screen, "staff_stf_morgan"))
            keyClick(Qt.Key_2); keyClick(Qt.Key_4); keyClick(Qt.Key_6); keyClick(Qt.Key_8)
            compare(findChild(screen, "pinPad").pin, "2468")
            keyClick(Qt.Key_Return)
            verify(Session.signedIn)
            verify(Session.manager)
            Session.signOut("manual")
        }

        function test_3a_aScanWhileSignedOutSaysSignInFirst() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            const notice = findChild(screen, "signInFirstNotice")
            verify(!notice.visible)
            Verdicts.submitCode("CLUB-DEMO-NOBODY", "camera")
            verify(notice.visible)
            compare(notice.Accessible.role, Accessible.AlertMessage)
            verify(!Verdicts.verdictVisible)          // nothing judged, nothing recorded
            mouseClick(findChild(screen, "staff_stf_sam"))
            pressPin(screen, "1111")
            verify(Session.signedIn)
            verify(!notice.visible)                // signing in answers it
            Session.signOut("manual")
        }

        // A venue with more staff than fit: the names scroll, the pad stays on screen, and a
        // name scrolled into view can be chosen. Upright (800×1280) as well as on its side.
        function test_3b_manyStaffScroll_data() {
            return [{ tag: "landscape", width: 1280, height: 800 }, { tag: "portrait", width: 800, height: 1280 }]
        }
        function test_3b_manyStaffScroll(data) {
            let many = []
            for (let i = 0; i < 24; ++i)
                many.push({ id: "stf_x" + i, name: "Staff " + (i + 1), role: i === 0 ? "manager" : "bartender" })
            const screen = createTemporaryObject(screenComponent, root, { staff: many, width: data.width, height: data.height })
            wait(100)
            const area = findChild(screen, "staffArea")
            const pad = findChild(screen, "pinPad")
            verify(area.contentHeight > area.height + 80, "the names overflow their area: " + area.contentHeight + " in " + area.height)
            const padBottom = pad.mapToItem(screen, 0, pad.height).y
            verify(padBottom <= data.height, "the PIN pad ends at " + padBottom + " of " + data.height)
            const areaBottom = area.mapToItem(screen, 0, area.height).y
            verify(areaBottom <= data.height, "the names' area ends at " + areaBottom + " of " + data.height)
            const last = findChild(screen, "staff_stf_x23")
            verify(last.mapToItem(area, 0, 0).y >= area.height, "the last name starts out of view")
            area.contentY = area.contentHeight - area.height
            wait(50)
            const top = last.mapToItem(area, 0, 0).y
            verify(top >= 0 && top + last.height <= area.height + 1, "scrolled, the last name is in view: " + top)
            if (data.height <= root.height) {   // clicks land inside the test window
                mouseClick(last)
                compare(screen.chosenId, "stf_x23")
                verify(pad.enabled)
            }
        }

        function test_4_wrongPinsLockThePad() {
            const screen = createTemporaryObject(screenComponent, root)
            wait(100)
            mouseClick(findChild(screen, "staff_stf_ada"))
            pressPin(screen, "0000")
            verify(!Session.signedIn)
            compare(findChild(screen, "signInError").text, "Wrong PIN. 2 more attempts before the pad locks.")
            pressPin(screen, "0000")
            compare(findChild(screen, "signInError").text, "Wrong PIN. 1 more attempt before the pad locks.")
            pressPin(screen, "0000")
            verify(Session.lockSeconds > 0)
            verify(!findChild(screen, "pinPad").enabled)
            verify(findChild(screen, "signInError").text.length > 0)
        }
    }
}
