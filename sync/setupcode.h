#pragma once
// The setup code: what a kiosk scans to pair. The venue dashboard (the reference cloud's
// admin) shows it as a QR code holding a small JSON object:
//
//   {"type":"club-kiosk-setup","v":1,"url":"https://cloud.example","code":"483-219"}
//
// `v` is the format's version: this kiosk reads version 1 and refuses a newer one with "update
// this kiosk" (a newer format may carry what an old kiosk would ignore at its peril). `url` is
// the cloud (https, or http to a loopback address); `code` is the one-time pairing code.
#include "result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace kiosk::sync {

struct SetupCode
{
    int version = 1;
    QUrl url;
    QString code;

    QByteArray toJson() const;
};

inline constexpr int kSetupCodeVersion = 1;

// NotFound: the text is not a setup code at all (a drink code, anything else); TooNew: a
// setup code of a newer format; InvalidArgument: a setup code that is damaged or unusable
// (the message says what).
Result<SetupCode> parseSetupCode(const QByteArray &text);

} // namespace kiosk::sync
