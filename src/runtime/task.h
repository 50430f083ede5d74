#pragma once
// asyncio.Task (3.11): drives a coroutine step by step through the loop's ready queue.
#include "runtime/coro.h"
#include "runtime/coroutine_backend.h"
#include "runtime/future.h"

#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace condlab {

class TaskState : public FutureState {
  public:
    TaskState(Loop& loop, std::unique_ptr<CoroutineBackend> coro, std::string&& name, TaskId id);

    [[nodiscard]] TaskId id() const noexcept { return m_id; }
    [[nodiscard]] const std::string& name() const {
        if (m_default_name != 0) [[unlikely]]
            write_default_name();
        return m_name;
    }
    void set_name(std::string name);

    /// Requests cancellation: cancels the awaited future if it can, else the next step
    /// throws CancelledError into the coroutine. False if the task is done.
    bool cancel(std::optional<std::string> msg = std::nullopt) override;
    [[nodiscard]] int cancelling() const noexcept { return m_num_cancels_requested; }
    int uncancel() noexcept {
        if (m_num_cancels_requested > 0)
            --m_num_cancels_requested;
        return m_num_cancels_requested;
    }
    /// The future this task is suspended on, if any.
    [[nodiscard]] FutureState* fut_waiter() const noexcept { return m_fut_waiter.get(); }
    [[nodiscard]] bool must_cancel() const noexcept { return m_must_cancel; }
    /// The coroutine (null once the task is done).
    [[nodiscard]] CoroutineBackend* coroutine() const noexcept { return m_coro.get(); }
    /// Drops the coroutine (frees its frames). Used at loop shutdown for unfinished tasks.
    void discard_coroutine() noexcept;

    /// The ready-queue calls of a task: a step, and the wake-up by an awaited future.
    static void step_fn(RefCounted*, FutureState& self);
    static void wakeup_fn(RefCounted* self, FutureState& fut);

  private:
    friend class Loop;
    /// call_soon(self.__step): the next step sends None.
    void schedule_step();
    /// call_soon(self.__step, exc): the next step throws `exc` in.
    void schedule_step(std::exception_ptr exc);
    void step(std::exception_ptr exc);
    void finished(TaskEnd end);
    /// Writes "Task-N" on first use: most tasks are never asked their name.
    void write_default_name() const;

    std::unique_ptr<CoroutineBackend> m_coro;
    Future m_fut_waiter;
    TaskId m_id;
    bool m_must_cancel = false;
    int m_num_cancels_requested = 0;
    mutable std::string m_name;
    mutable std::uint64_t m_default_name = 0; // N of a "Task-N" name not written yet, else 0
};

/// Something a task can await: a future / task, or a coroutine to wrap in a new task.
using Awaitable = std::variant<Future, std::unique_ptr<CoroutineBackend>>;

/// asyncio.ensure_future: a future as is; a coroutine becomes a task (first step next iteration).
Future ensure_future(Loop& loop, Awaitable aw);

template <class T>
Task create_task(Loop& loop, Coro<T> coro, std::optional<std::string> name = {}) {
    return loop.create_task(make_backend(std::move(coro)), std::move(name));
}

template <CoroConvertible A>
Task create_task(Loop& loop, A awaitable, std::optional<std::string> name = {}) {
    return loop.create_task(make_backend(std::move(awaitable)), std::move(name));
}

/// asyncio.current_task(): the task whose step is running, or null.
inline TaskState* current_task(Loop& loop) noexcept { return loop.current_task(); }

} // namespace condlab
