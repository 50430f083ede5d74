#pragma once
// C++ exceptions that stand for Python exceptions: each carries the Python
// type name and message, so the layers above can re-raise the right Python type.
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

namespace condlab {

class PyError : public std::exception {
  public:
    PyError(std::string type, std::string message)
        : m_type(std::move(type)), m_message(std::move(message)) {}

    /// Python exception class name, e.g. "RuntimeError".
    [[nodiscard]] const std::string& type() const noexcept { return m_type; }
    /// str() of the Python exception.
    [[nodiscard]] const std::string& message() const noexcept { return m_message; }
    /// The exception this one was raised from (`raise X from cause`), if any.
    [[nodiscard]] std::exception_ptr cause() const noexcept { return m_cause; }
    void set_cause(std::exception_ptr cause) { m_cause = std::move(cause); }

    const char* what() const noexcept override { return m_message.c_str(); }

  private:
    std::string m_type;
    std::string m_message;
    std::exception_ptr m_cause;
};

/// asyncio.CancelledError. The message is optional, as in Python (None vs "").
class CancelledError : public PyError {
  public:
    explicit CancelledError(std::optional<std::string> msg = std::nullopt)
        : PyError("CancelledError", msg.value_or("")), m_msg(std::move(msg)) {}
    [[nodiscard]] const std::optional<std::string>& cancel_message() const noexcept {
        return m_msg;
    }

  private:
    std::optional<std::string> m_msg;
};

/// A Python RuntimeError (named so that it never shadows std::runtime_error).
inline PyError python_runtime_error(std::string message) {
    return PyError("RuntimeError", std::move(message));
}
inline PyError value_error(std::string message) {
    return PyError("ValueError", std::move(message));
}
inline PyError type_error(std::string message) { return PyError("TypeError", std::move(message)); }
inline PyError invalid_state_error(std::string message) {
    return PyError("InvalidStateError", std::move(message));
}
/// Builtin TimeoutError (asyncio.TimeoutError is TimeoutError in 3.11); str() is empty.
inline PyError timeout_error() { return PyError("TimeoutError", ""); }

/// True when `e` holds a CancelledError (of any subclass).
bool is_cancelled_error(const std::exception_ptr& e);

/// Python type name and message of any exception_ptr (std exceptions map to "RuntimeError").
struct ErrorDescription {
    std::string type;
    std::string message;
};
ErrorDescription describe_error(const std::exception_ptr& e);

} // namespace condlab
