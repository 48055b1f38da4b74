#pragma once
// Test-only: runs a program (kioskctl) as an operator would and captures exit code and output.
// Its environment points CLUB_KIOSK_CONFIG at nothing, so a developer's own config never leaks
// into a test.

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

class QProcess;

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

// Starts a long-running program (a `kioskctl sync`) in the same environment as runProgram.
void startProgram(QProcess &process, const QString &program, const QStringList &args);

// Starts `club-cloud --demo` with `extraArgs` and waits for its two pairing codes. Returns what
// it printed (its URL, codes and tokens), empty when it did not get that far in 10 s.
QByteArray startDemoCloud(QProcess &process, const QString &program, const QStringList &extraArgs = {});
// The "listening on URL" of that output.
QString demoCloudUrl(const QByteArray &output);
// The first "pairing code CODE" of that output.
QString demoCloudPairingCode(const QByteArray &output);
// One call to the reference cloud's admin routes (or any JSON route) at `url`; the answer's
// JSON object, empty when there is none within 10 s.
QJsonObject cloudAdmin(const QString &url, const QByteArray &method, const QString &path, const QJsonObject &body = {});

} // namespace kiosk::test
