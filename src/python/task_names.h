#pragma once
// What the trace calls each task of a run (RunContext::names): tasks the program names keep
// their name; others are named after their coroutine ("worker#2"); an inner task that runs
// one of condlab's awaitables for the task that created it is named after that task
// ("consumer's Condition.wait").
#include "python/wait_guard.h"
#include "runtime/observer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace condlab::python {

class RunContext;

/// How the next task created should be named in the trace.
struct PendingTaskName {
    std::optional<std::string> explicit_name; // name= given
    std::string qualname;                     // the coroutine's __qualname__
};

class TaskNames {
  public:
    explicit TaskNames(RunContext& run) : m_run(run) {}

    /// Set around the runtime's create_task: how the task it creates is named.
    std::optional<PendingTaskName> next{};
    /// Display name of a task (the trace's name), or `fallback` if unknown.
    [[nodiscard]] std::string display_name(TaskId task, std::string_view fallback = {}) const;
    /// Called by a task's backend at its first step: names tasks the runtime created.
    /// `native`: one of condlab's awaitables ("Condition.wait") that a task of the runtime
    /// runs for the task that awaits it (wait_for's inner task): named after that task.
    void resolve(TaskId task, const std::string& qualname, bool native = false);
    /// Names a task just created (from `next`, else provisionally its runtime name).
    std::string assign(TaskId task, std::string_view runtime_name, TaskId parent = kNoTask);
    void set_display_name(TaskId task, const std::string& name);
    /// For an inner task that runs one of condlab's awaitables for the task that created it
    /// (wait_for's), that task and its Python coroutine; else none.
    [[nodiscard]] WaitGuard::Awaiter awaiter_of(TaskId task) const;
    void forget_inner_task(TaskId task) { m_native_parent.erase(task); }
    [[nodiscard]] bool is_inner_task(TaskId task) const { return m_native_parent.count(task); }

  private:
    struct QualnameCount {
        std::uint32_t count = 0;
        TaskId first = kNoTask;
    };
    RunContext& m_run;
    std::unordered_map<TaskId, std::string> m_display;
    std::unordered_map<std::string, QualnameCount> m_qualnames;
    std::unordered_map<TaskId, TaskId> m_provisional;   // -> the task that created it
    std::unordered_map<TaskId, TaskId> m_native_parent; // native inner task -> its creator
};

} // namespace condlab::python
