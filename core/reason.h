#pragma once
// The verdict reasons of drink-token.md, declared in the order the verifier checks them.

#include <QString>

#include <optional>

namespace kiosk {

enum class Reason {
    Malformed,
    UnsupportedAlg,
    UnknownKey,
    KeyRevoked,
    BadSignature,
    WrongVenue,
    NotYetValid,
    Expired,
    TokenRevoked,
    OrderCancelled,
    NotPaid,
    AlreadyRedeemed,
    UnknownOrder,
    Ok,
};

// "ALREADY_REDEEMED" etc., exactly as the spec spells them.
QString reasonCode(Reason reason);
// Plain-English explanation with what to do next, for people (CLI, UI fallback).
QString reasonExplanation(Reason reason);

} // namespace kiosk
