.pragma library
// Wording shared by the screens. Every string goes through qsTr.

function reasonTitle(reason) {
    switch (reason) {
    case "OK": return qsTr("Pour")
    case "ALREADY_REDEEMED": return qsTr("Already redeemed")
    case "EXPIRED": return qsTr("Expired")
    case "NOT_YET_VALID": return qsTr("Not valid yet")
    case "WRONG_VENUE": return qsTr("Wrong venue")
    case "BAD_SIGNATURE": return qsTr("Fake code")
    case "UNSUPPORTED_ALG": return qsTr("Fake code")
    case "UNKNOWN_KEY": return qsTr("Unknown code")
    case "KEY_REVOKED": return qsTr("Code withdrawn")
    case "TOKEN_REVOKED": return qsTr("Refunded or reissued")
    case "ORDER_CANCELLED": return qsTr("Order cancelled")
    case "NOT_PAID": return qsTr("Not paid")
    case "UNKNOWN_ORDER": return qsTr("Unknown order")
    case "MALFORMED": return qsTr("Not a drink code")
    case "ERROR": return qsTr("Kiosk problem")
    case "PEERS_UNREACHABLE": return qsTr("Another bar is unreachable")
    }
    return reason
}

function advice(reason) {
    switch (reason) {
    case "EXPIRED": return qsTr("Drink codes last 24 hours. Do not pour; the guest can contact support in the app.")
    case "NOT_YET_VALID": return qsTr("The phone's code is dated in the future. Check this kiosk's clock; do not pour.")
    case "WRONG_VENUE": return qsTr("This drink was bought for another venue. Do not pour.")
    case "BAD_SIGNATURE": return qsTr("The code was not issued by Club. Do not pour; tell a manager.")
    case "UNSUPPORTED_ALG": return qsTr("The code was not issued by Club. Do not pour; tell a manager.")
    case "UNKNOWN_KEY": return qsTr("This kiosk does not know the code's key. Do not pour; a sync may fix it.")
    case "KEY_REVOKED": return qsTr("The key behind this code was withdrawn. Do not pour.")
    case "TOKEN_REVOKED": return qsTr("This drink was refunded or replaced by a newer code. Ask for the newest code in the app.")
    case "ORDER_CANCELLED": return qsTr("The order was cancelled or refunded. Do not pour.")
    case "NOT_PAID": return qsTr("Payment has not gone through yet. Ask the guest to wait a moment and scan again.")
    case "UNKNOWN_ORDER": return qsTr("This kiosk does not know the order and cannot ask the cloud. Try manual entry, or ask a manager.")
    case "MALFORMED": return qsTr("This QR code is not a Club drink. Ask for the drink code in the Club app.")
    case "ERROR": return qsTr("The kiosk could not record this scan. Do not pour; scan again or tell a manager.")
    case "PEERS_UNREACHABLE": return qsTr("Strict mode: no drink is poured while another bar cannot be reached. Do not pour; the code stays valid. Tell a manager.")
    }
    return ""
}

function clock(ms) {
    return ms > 0 ? Qt.formatTime(new Date(ms), "HH:mm") : ""
}

function ago(ms, now) {
    if (!ms)
        return qsTr("never")
    const s = Math.max(0, Math.round((now - ms) / 1000))
    if (s < 60) return qsTr("%1 s ago").arg(s)
    const m = Math.round(s / 60)
    if (m < 60) return qsTr("%1 min ago").arg(m)
    return qsTr("%1 h ago").arg(Math.round(m / 60))
}

function drinks(list) {
    let parts = []
    for (let i = 0; i < list.length; ++i)
        parts.push(list[i].qty + " × " + list[i].name)
    return parts.join(", ")
}

function statusName(status) {
    switch (status) {
    case "redeemed": return qsTr("Redeemed")
    case "voided": return qsTr("Voided")
    case "conflict": return qsTr("Double pour")
    case "rejected": return qsTr("Rejected by cloud")
    case "scan": return qsTr("Refused scan")
    }
    return status
}
