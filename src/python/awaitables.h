#pragma once
// The bridge between Python coroutines and the runtime's tasks.
//
// - PythonBackend: a Python coroutine as a task's CoroutineBackend (coro.send(None) /
//   coro.throw(exc); StopIteration -> Returned, exceptions -> Raised, a yielded runtime
//   future -> YieldedFuture, None -> YieldedNone, anything else -> BadYield).
// - NativeAwaitable (Python type "coroutine"): a runtime coroutine (cond.wait(), sleep(),
//   queue.get(), ...) as a Python awaitable. Its iterator drives the runtime's NativeDriver:
//   send -> driver.send(), throw -> driver.throw_in(). Never awaited: CPython's warning.
// - FutureIter: Future.__await__(): yields the future once, then returns its result.
// - FutureToken: what a suspended chain yields up to its task (a runtime future).
#include "python/loop_binding.h"
#include "python/run_context.h"
#include "runtime/coroutine_backend.h"
#include "runtime/future.h"
#include "runtime/lock.h"
#include "runtime/task.h"

#include <pybind11/pybind11.h>

#include <any>
#include <functional>
#include <memory>
#include <string>

namespace condlab::python {

namespace py = pybind11;

/// Registers the raw types (call once at start-up, with the GIL).
void init_awaitable_types();

/// A Python value whose C++ bool conversion is Python truthiness (Condition.wait_for's
/// predicate results). to_python() unwraps it.
struct PyTruthy {
    py::object value;
    explicit operator bool() const;
};

/// std::any produced by the runtime -> Python (py::object, numbers, strings, bool,
/// vector<any> -> list, exception_ptr -> exception instance, empty -> None).
py::object to_python(const std::any& value);

// -- FutureToken / FutureIter --------------------------------------------------------------
PyObject* new_future_token(Future fut);
/// The future carried by a token, or null if `obj` is not a token.
FutureState* token_future(PyObject* obj) noexcept;
/// Future.__await__() / __iter__().
PyObject* new_future_iter(Future fut);

// -- NativeAwaitable -----------------------------------------------------------------------
/// Wraps a runtime coroutine. `qualname` must be a string literal (never freed).
/// `return_none`: the await evaluates to None whatever the coroutine returns (__aenter__).
PyObject* new_native_awaitable(std::unique_ptr<CoroutineBackend> backend, const char* qualname,
                               bool return_none = false);
bool is_native_awaitable(PyObject* obj) noexcept;
/// Takes the runtime coroutine out of a never-started NativeAwaitable, to run it as a task
/// (create_task, gather, wait_for...). RuntimeError if it was already awaited.
std::unique_ptr<CoroutineBackend> take_native_backend(PyObject* obj);
const char* native_qualname(PyObject* obj) noexcept;

/// A backend that runs `fn` once, without suspending, and returns its value (async
/// functions that never await, like Lock.__aexit__).
class CallBackend final : public CoroutineBackend {
  public:
    explicit CallBackend(std::function<std::any()> fn) : m_fn(std::move(fn)) {}
    StepResult send() override;
    StepResult throw_in(std::exception_ptr error) override;

  private:
    std::function<std::any()> m_fn;
};

/// Lock.acquire() / __aenter__ as a Python awaitable. A free lock with no queued waiter is
/// taken on the first send, without the coroutine frame and driver a suspension needs (the
/// loop of `async with` in a lesson mostly finds its lock free); otherwise, and for throw,
/// the full acquire runs as a coroutine.
class LockAcquireBackend final : public CoroutineBackend {
  public:
    LockAcquireBackend(Ref<Lock> lock, SourceLoc where) : m_lock(std::move(lock)), m_where(where) {}
    /// Runs `check(self)` when the first step finds the lock taken (its waiting path).
    void check_binding(PyObject* self, BindCheck check) {
        m_self = py::reinterpret_borrow<py::object>(self);
        m_check = check;
    }
    StepResult send() override;
    StepResult throw_in(std::exception_ptr error) override;

  private:
    CoroutineBackend& inner();
    Ref<Lock> m_lock;
    SourceLoc m_where;
    std::unique_ptr<CoroutineBackend> m_inner; // once the fast path did not apply
    py::object m_self;                         // the Lock object, for m_check
    BindCheck m_check = nullptr;
};

/// A native coroutine run as a task (create_task(cond.wait())): names the task in the trace
/// at its first step.
class NativeTaskBackend final : public CoroutineBackend {
  public:
    NativeTaskBackend(RunContext& run, std::unique_ptr<CoroutineBackend> inner,
                      std::string qualname)
        : m_run(run), m_inner(std::move(inner)), m_qualname(std::move(qualname)) {}
    StepResult send() override;
    StepResult throw_in(std::exception_ptr error) override;
    [[nodiscard]] std::string name() const override { return m_qualname; }

  private:
    void first_step();
    RunContext& m_run;
    std::unique_ptr<CoroutineBackend> m_inner;
    std::string m_qualname;
    bool m_started = false;
};

/// A Python coroutine driven by a task.
class PythonBackend final : public CoroutineBackend {
  public:
    /// Runs `coro` in `context` (a contextvars.Context); None: a copy of the current one,
    /// as Task() does.
    PythonBackend(RunContext& run, py::object coro, py::object context = py::none());
    ~PythonBackend() override;
    StepResult send() override;
    StepResult throw_in(std::exception_ptr error) override;
    [[nodiscard]] std::string name() const override { return m_qualname; }
    [[nodiscard]] PyObject* coro() const noexcept { return m_coro.ptr(); }

  private:
    StepResult finish(PySendResult status, PyObject* result);
    void record_step(const StepResult& r);
    void first_step();
    RunContext& m_run;
    py::object m_coro;
    py::object m_context; // entered around every step (Task.__step runs in its context)
    py::object m_frame;   // the coroutine's frame object (keeps its locals after it returns)
    std::string m_qualname;
    bool m_started = false;
};

/// `__qualname__` of a Python coroutine (or "?" when it has none).
std::string coroutine_qualname(PyObject* coro);
/// A Python coroutine (native or generator-based) that a task can drive.
bool is_python_coroutine(PyObject* obj) noexcept;

} // namespace condlab::python
