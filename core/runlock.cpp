#include "runlock.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace kiosk {

namespace {

int openLockFile(const QString &path)
{
    return ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

qint64 readPid(int fd)
{
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    return n > 0 ? QByteArray(buf, static_cast<int>(n)).trimmed().toLongLong() : 0;
}

} // namespace

QString RunLock::lockPath(const QString &dbPath)
{
    return dbPath + QStringLiteral(".lock");
}

RunLock::RunLock(RunLock &&other) noexcept
    : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

RunLock &RunLock::operator=(RunLock &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

RunLock::~RunLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // frees the lock; the file stays (removing it would race a new holder)
}

Result<RunLock> RunLock::acquire(const QString &dbPath)
{
    const QString path = lockPath(dbPath);
    const int fd = openLockFile(path);
    if (fd < 0)
        return makeError(ErrorCode::Io,
            QStringLiteral("cannot open the lock file %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const qint64 pid = readPid(fd);
        ::close(fd);
        return makeError(ErrorCode::Busy,
            QStringLiteral("a kiosk is running on %1 (process %2); stop it first (sudo systemctl stop club-kiosk)")
                .arg(dbPath)
                .arg(pid));
    }
    const QByteArray pid = QByteArray::number(static_cast<qint64>(::getpid())) + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.constData(), static_cast<size_t>(pid.size()), 0) != pid.size()) {
        // The lock is what matters; the pid is only for the message.
    }
    RunLock lock;
    lock.m_fd = fd;
    return lock;
}

qint64 RunLock::holder(const QString &dbPath)
{
    const int fd = ::open(QFile::encodeName(lockPath(dbPath)).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    qint64 pid = 0;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0)
        pid = qMax<qint64>(readPid(fd), 1);
    ::close(fd);
    return pid;
}

} // namespace kiosk
