// TaskNames (task_names.h): what the trace calls each task ("consumer's Condition.wait":
// whose wait it is, docs/findings.md).
#include "python/task_names.h"

#include "python/awaitables.h"
#include "python/run_context.h"

namespace condlab::python {

std::string TaskNames::display_name(TaskId task, std::string_view fallback) const {
    auto it = m_display.find(task);
    if (it != m_display.end())
        return it->second;
    return std::string(fallback);
}

std::string TaskNames::assign(TaskId task, std::string_view runtime_name, TaskId parent) {
    std::string display;
    if (next) {
        PendingTaskName pending = std::move(*next);
        next.reset();
        if (pending.explicit_name) {
            display = *pending.explicit_name;
        } else {
            QualnameCount& c = m_qualnames[pending.qualname];
            ++c.count;
            if (c.count == 1) {
                c.first = task;
                display = pending.qualname;
            } else {
                if (c.count == 2 && m_display.count(c.first) &&
                    m_display[c.first] == pending.qualname) {
                    m_display[c.first] = pending.qualname + "#1";
                    m_run.observer.rename(c.first, m_display[c.first]);
                }
                display = pending.qualname + "#" + std::to_string(c.count);
            }
        }
    } else {
        display = std::string(runtime_name);
        m_provisional.emplace(task, parent);
    }
    m_display[task] = display;
    return display;
}

WaitGuard::Awaiter TaskNames::awaiter_of(TaskId task) const {
    const auto parent = m_native_parent.find(task);
    if (parent == m_native_parent.end())
        return {};
    if (const TaskState* t = m_run.loop().find_task(parent->second))
        if (auto* py = dynamic_cast<PythonBackend*>(t->coroutine()))
            return {parent->second, py->coro()};
    return {};
}

void TaskNames::set_display_name(TaskId task, const std::string& name) {
    m_provisional.erase(task);
    m_display[task] = name;
}

void TaskNames::resolve(TaskId task, const std::string& qualname, bool native) {
    const auto provisional = m_provisional.find(task);
    if (provisional == m_provisional.end())
        return;
    const TaskId parent = provisional->second;
    m_provisional.erase(provisional);
    if (qualname.empty())
        return;
    // "waiter's Condition.wait": whose wait it is, not a method name alone.
    if (native && parent != kNoTask)
        m_native_parent[task] = parent;
    const auto awaiter = native ? m_display.find(parent) : m_display.end();
    next = PendingTaskName{
        std::nullopt, awaiter != m_display.end() ? awaiter->second + "'s " + qualname : qualname};
    std::string display = assign(task, {});
    m_run.observer.rename(task, display);
}

} // namespace condlab::python
