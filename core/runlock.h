#pragma once
// "A kiosk is running on this database": an advisory lock (flock) on `<database>.lock`, held by
// club-kiosk for as long as it runs and freed by the kernel when the process ends, however it
// ends. `kioskctl restore` needs the kiosk stopped; a second kiosk on the same database is
// refused. The file holds the holder's pid, for the message.

#include "result.h"

#include <QString>

namespace kiosk {

class RunLock
{
public:
    RunLock() = default;
    RunLock(RunLock &&other) noexcept;
    RunLock &operator=(RunLock &&other) noexcept;
    RunLock(const RunLock &) = delete;
    RunLock &operator=(const RunLock &) = delete;
    ~RunLock();

    // Takes the lock for `dbPath`, or fails with Busy naming the process that holds it.
    static Result<RunLock> acquire(const QString &dbPath);
    // The pid written by the holder when another process holds the lock now; 0 when free.
    static qint64 holder(const QString &dbPath);
    static QString lockPath(const QString &dbPath);

    bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

} // namespace kiosk
