#include "reason.h"

#include <array>

namespace kiosk {

namespace {
struct ReasonInfo
{
    Reason reason;
    const char *code;
    const char *explanation;
};

constexpr std::array<ReasonInfo, 14> kReasons{{
    {Reason::Malformed, "MALFORMED", "This is not a drink code. Ask the guest to open the drink in the Club App."},
    {Reason::UnsupportedAlg, "UNSUPPORTED_ALG", "The code is signed in a way the kiosk never accepts. Do not pour."},
    {Reason::UnknownKey, "UNKNOWN_KEY",
        "The code was signed with a key this kiosk does not know. Sync the kiosk, then scan again."},
    {Reason::KeyRevoked, "KEY_REVOKED", "The code was signed with a withdrawn key. Do not pour; call a manager."},
    {Reason::BadSignature, "BAD_SIGNATURE", "The code has been altered or forged. Do not pour; call a manager."},
    {Reason::WrongVenue, "WRONG_VENUE", "This drink was bought for another venue."},
    {Reason::NotYetValid, "NOT_YET_VALID",
        "The code is dated in the future. Check the kiosk's clock, or ask the guest to refresh the code."},
    {Reason::Expired, "EXPIRED", "This drink has expired."},
    {Reason::TokenRevoked, "TOKEN_REVOKED",
        "This code was withdrawn (refunded or reissued). Ask the guest to show the current code."},
    {Reason::OrderCancelled, "ORDER_CANCELLED", "This order was cancelled or refunded."},
    {Reason::NotPaid, "NOT_PAID", "This order has not been paid yet. Ask the guest to complete payment."},
    {Reason::AlreadyRedeemed, "ALREADY_REDEEMED", "This drink has already been poured."},
    {Reason::UnknownOrder, "UNKNOWN_ORDER",
        "This order code is not known to the kiosk and the cloud cannot be asked. Sync, or ask the guest to show "
        "the signed code in the app."},
    {Reason::Ok, "OK", "Pour the drink."},
}};

constexpr bool tableInEnumOrder()
{
    for (size_t i = 0; i < kReasons.size(); ++i) {
        if (static_cast<size_t>(kReasons[i].reason) != i)
            return false;
    }
    return true;
}
static_assert(tableInEnumOrder(), "kReasons must list reasons in enum order");
} // namespace

QString reasonCode(Reason reason)
{
    return QString::fromLatin1(kReasons[static_cast<size_t>(reason)].code);
}

QString reasonExplanation(Reason reason)
{
    return QString::fromLatin1(kReasons[static_cast<size_t>(reason)].explanation);
}

} // namespace kiosk
