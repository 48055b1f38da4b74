#pragma once
// Test-only: runs a program (kioskctl) as an operator would and captures exit code and output.
// Its environment points CLUB_KIOSK_CONFIG at nothing, so a developer's own config never leaks
// into a test.

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace kiosk::test {

struct CliRun
{
    int exit = -1; // -2 when the process crashed or timed out
    QByteArray out;
    QByteArray err;
    QJsonObject json() const;
};

CliRun runProgram(
    const QString &program, const QStringList &args, const QByteArray &stdinData = QByteArray(), int timeoutMs = 60000);

} // namespace kiosk::test
