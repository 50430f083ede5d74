// Bindings of runtime/future.h and runtime/task.h: asyncio.Future and asyncio.Task, task
// creation and the conversion of awaitable arguments.
#pragma once

#include "python/bind_common.h"
#include "runtime/task.h"

namespace condlab::python::bind {

class FutureW : public Bound {
  public:
    explicit FutureW(Future fut) : m_fut(std::move(fut)) {
        run().future_objects[m_fut.get()] = this;
    }
    ~FutureW() override {
        if (RunContext* r = run_ptr())
            r->future_objects.erase(m_fut.get());
    }
    void detach() noexcept override {
        m_fut = nullptr;
        m_callbacks.clear();
    }
    FutureState& fut() const {
        run();
        return *m_fut;
    }
    const Future& ref() const {
        run();
        return m_fut;
    }

    /// (callable, key) of the Python done-callbacks registered through this wrapper.
    std::vector<std::pair<py::object, const void*>> m_callbacks;

  protected:
    Future m_fut;
};

class TaskW final : public FutureW {
  public:
    TaskW(Task task, py::object coro) : FutureW(Future(task)), m_coro(std::move(coro)) {}
    TaskState& task() const { return static_cast<TaskState&>(fut()); }
    py::object m_coro;   // the coroutine, for get_coro() and repr (None for native ones)
    py::object m_native; // a native coroutine (asyncio.sleep(0)), for get_coro()
};

/// The future asyncio.gather() returns (its type is named _GatheringFuture).
class GatheringFutureW final : public FutureW {
  public:
    using FutureW::FutureW;
};

/// The Python object of a runtime future (the existing wrapper, or a new one).
py::object wrap_future(RunContext& run, const Future& fut);
py::object wrap_task(RunContext& run, TaskState* task);
/// The wrapper of a Future / Task object, or null.
FutureW* future_wrapper_of(py::handle obj);

/// create_task(): a Python coroutine or a native one becomes a task named `name`, run in
/// `context` (a copy of the current one when None).
/// `name_after`: asyncio.create_task() in 3.11 creates the task unnamed (a Task-N number is
/// used up) and then calls set_name(); loop.create_task(name=) names it at once.
py::object create_task_impl(RunContext& run, py::handle coro, const py::object& name,
                            bool name_after = false, const py::object& context = py::none());
/// A future for an awaitable argument (gather, shield, ensure_future): coroutines become
/// tasks now.
Future future_for(RunContext& run, py::handle obj);
/// An Awaitable for a runtime function that decides itself when to wrap a coroutine in a
/// task (wait_for).
Awaitable awaitable_for(RunContext& run, py::handle obj);

/// add_done_callback(fn, context=None) on the wrapper `self` of `w`.
void add_done_callback(RunContext& run, FutureW& w, py::object self, py::object fn,
                       py::object context);

} // namespace condlab::python::bind
