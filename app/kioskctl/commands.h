#pragma once
// kioskctl's commands (kioskctl.md): each parses its own options, opens the store through core
// and returns the process exit code: 0 success/redeemable, 1 negative verdict, 2 usage or
// environment error (with a message on stderr).

#include <QByteArray>
#include <QList>

namespace kioskctl {

enum ExitCode { ExitOk = 0, ExitRejected = 1, ExitError = 2 };

int run(const QList<QByteArray> &argv);

} // namespace kioskctl
