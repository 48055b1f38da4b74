#pragma once
// Errors are values: every fallible core call returns Result<T>, carrying either
// the value or an Error whose code lets callers map it to an exit code or a UI message.

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace kiosk {

enum class ErrorCode {
    InvalidArgument, // a caller passed something malformed (flag value, id, document)
    NotFound, // the database or a referenced row does not exist
    AlreadyExists,
    Io, // cannot open/read/write a file
    NotADatabase, // file exists but is not SQLite
    Corrupt, // SQLite reports corruption
    TooNew, // schema written by a newer version of the kiosk
    DiskFull,
    Busy, // another process held the lock for longer than the busy timeout
    WrongVenue, // database is bound to another venue
    Unavailable, // something the operation needs is out of reach now (strict mode: another bar)
    Internal,
};

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
};

template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    // By value: a range-for over f().value() must not dangle.
    T value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    const Error &error() const { return std::get<1>(m_v); }
    T value_or(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    { }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

inline Error makeError(ErrorCode code, QString message)
{
    return Error{code, std::move(message)};
}

} // namespace kiosk
