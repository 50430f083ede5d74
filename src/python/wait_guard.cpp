#include "python/wait_guard.h"

// The interpreter frame layout is internal (pinned: condlab embeds CPython 3.11 only).
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>
#undef Py_BUILD_CORE

namespace condlab::python {

WaitGuard::WaitGuard(std::vector<WhileLoop> loops) : m_loops(std::move(loops)) {}

WaitGuard::~WaitGuard() { clear(); }

void WaitGuard::clear() noexcept {
    m_current = nullptr;
    for (auto& [task, f] : m_tasks)
        forget(f);
    m_tasks.clear();
}

void WaitGuard::forget(Follow& f) noexcept {
    Py_CLEAR(f.coroutine);
    f = Follow{};
}

const WhileLoop* WaitGuard::innermost_loop(std::uint32_t line) const noexcept {
    const WhileLoop* best = nullptr;
    for (const WhileLoop& l : m_loops)
        if (l.first_line <= line && line <= l.last_line &&
            (!best || l.last_line - l.first_line < best->last_line - best->first_line))
            best = &l;
    return best;
}

std::int64_t WaitGuard::bare_wait(TaskId task, PyObject* filename) {
    auto found = m_tasks.find(task);
    // The awaiting chain of the running task, innermost first: the frames that belong to
    // coroutines (the first frame that does not is the caller of the loop). The innermost
    // `while` around the await in the innermost program frame that has one decides.
    PyThreadState* ts = PyThreadState_Get();
    _PyInterpreterFrame* f = ts->cframe ? ts->cframe->current_frame : nullptr;
    for (; f && f->owner == FRAME_OWNED_BY_GENERATOR; f = f->previous) {
        if (f->f_code->co_filename != filename || _PyInterpreterFrame_LASTI(f) < 0)
            continue;
        const auto line = static_cast<std::uint32_t>(PyCode_Addr2Line(
            f->f_code, _PyInterpreterFrame_LASTI(f) * static_cast<int>(sizeof(_Py_CODEUNIT))));
        const WhileLoop* loop = innermost_loop(line);
        if (!loop)
            continue;
        if (!loop->predicate)
            break;
        std::int64_t bits = wait_guard::kInLoop;
        if (found != m_tasks.end()) {
            const Follow& prev = found->second;
            if (prev.woken && !prev.left && prev.frame == f &&
                prev.first_line == loop->first_line && prev.await_line == line)
                bits |= wait_guard::kInLoopAgain;
        }
        Follow& next = m_tasks[task];
        forget(next);
        next.coroutine = reinterpret_cast<PyObject*>(_PyFrame_GetGenerator(f));
        Py_INCREF(next.coroutine);
        next.frame = f;
        next.first_line = loop->first_line;
        next.last_line = loop->last_line;
        next.await_line = line;
        m_current = nullptr; // it is about to suspend
        return bits;
    }
    if (found != m_tasks.end()) {
        forget(found->second);
        m_tasks.erase(found);
    }
    m_current = nullptr;
    return 0;
}

void WaitGuard::woken(std::span<const TaskId> tasks) {
    if (m_tasks.empty())
        return;
    for (TaskId t : tasks)
        if (auto it = m_tasks.find(t); it != m_tasks.end()) {
            it->second.woken = true;
            it->second.left = false;
        }
}

bool WaitGuard::step_begins(TaskId task) {
    m_current = nullptr;
    if (m_tasks.empty())
        return false;
    auto it = m_tasks.find(task);
    if (it == m_tasks.end() || !it->second.woken || it->second.left)
        return false;
    m_current = &it->second;
    return true;
}

void WaitGuard::line(PyFrameObject* frame, int line) noexcept {
    Follow* f = m_current;
    if (!f || frame->f_frame != f->frame)
        return;
    const auto l = static_cast<std::uint32_t>(line);
    if (l < f->first_line || l > f->last_line) {
        f->left = true;
        m_current = nullptr;
    }
}

void WaitGuard::task_done(TaskId task) {
    if (auto it = m_tasks.find(task); it != m_tasks.end()) {
        if (m_current == &it->second)
            m_current = nullptr;
        forget(it->second);
        m_tasks.erase(it);
    }
}

} // namespace condlab::python
