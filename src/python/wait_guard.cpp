#include "python/wait_guard.h"

// The interpreter frame layout is internal (pinned: condlab embeds CPython 3.11 only).
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>
#undef Py_BUILD_CORE

#include <algorithm>
#include <array>

namespace condlab::python {

WaitGuard::WaitGuard(std::vector<WhileLoop> loops) : m_loops(std::move(loops)) {}

WaitGuard::~WaitGuard() { clear(); }

void WaitGuard::clear() noexcept {
    m_current = nullptr;
    for (auto& [task, f] : m_tasks)
        forget(f);
    m_tasks.clear();
    m_awaiter.clear();
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

namespace {

constexpr std::size_t kMaxFrames = 64; // deeper awaiting chains are cut (the loop is near)

/// The interpreter frames of a suspended coroutine and of what it awaits, outermost first.
std::size_t awaiting_chain(PyObject* coro, std::array<void*, kMaxFrames>& out) {
    std::size_t n = 0;
    PyObject* c = coro;
    Py_XINCREF(c);
    while (c && PyCoro_CheckExact(c) && n < out.size()) {
        out[n++] = reinterpret_cast<PyGenObject*>(c)->gi_iframe;
        PyObject* next = PyObject_GetAttrString(c, "cr_await");
        Py_DECREF(c);
        c = next;
    }
    Py_XDECREF(c);
    PyErr_Clear(); // a missing attribute is the end of the chain
    std::reverse(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
}

bool has_program_frame(std::span<void* const> frames, PyObject* filename) {
    for (void* p : frames)
        if (static_cast<_PyInterpreterFrame*>(p)->f_code->co_filename == filename)
            return true;
    return false;
}

} // namespace

std::int64_t WaitGuard::bare_wait(TaskId task, PyObject* filename, Awaiter awaiter) {
    // The awaiting chain of the running task, innermost first: the frames that belong to
    // coroutines (the first frame that does not is the caller of the loop).
    std::array<void*, kMaxFrames> frames{};
    std::size_t n = 0;
    PyThreadState* ts = PyThreadState_Get();
    _PyInterpreterFrame* f = ts->cframe ? ts->cframe->current_frame : nullptr;
    for (; f && f->owner == FRAME_OWNED_BY_GENERATOR && n < frames.size(); f = f->previous)
        frames[n++] = f;
    std::span<void* const> chain(frames.data(), n);
    if (awaiter.coroutine && !has_program_frame(chain, filename)) {
        // An inner task running only the wait: the task that awaits it is the one in a loop.
        n = awaiting_chain(awaiter.coroutine, frames);
        m_awaiter[task] = awaiter.task;
        return guard(awaiter.task, std::span<void* const>(frames.data(), n), filename) |
               wait_guard::kForAwaiter;
    }
    return guard(task, chain, filename);
}

std::int64_t WaitGuard::guard(TaskId task, std::span<void* const> frames, PyObject* filename) {
    auto found = m_tasks.find(task);
    // The innermost `while` around the await in the innermost program frame that has one
    // decides.
    for (void* p : frames) {
        auto* f = static_cast<_PyInterpreterFrame*>(p);
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
    for (TaskId t : tasks) {
        if (auto inner = m_awaiter.find(t); inner != m_awaiter.end())
            t = inner->second; // the wait of an inner task is its awaiter's
        if (auto it = m_tasks.find(t); it != m_tasks.end()) {
            it->second.woken = true;
            it->second.left = false;
        }
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
    m_awaiter.erase(task);
    if (auto it = m_tasks.find(task); it != m_tasks.end()) {
        if (m_current == &it->second)
            m_current = nullptr;
        forget(it->second);
        m_tasks.erase(it);
    }
}

} // namespace condlab::python
