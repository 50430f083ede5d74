#include "runtime/queue.h"

#include "runtime/task.h"
#include "runtime/timer_heap.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

namespace condlab {

namespace {

std::vector<TaskId> owners_of(const std::deque<Future>& waiters) {
    std::vector<TaskId> owners;
    owners.reserve(waiters.size());
    for (const Future& w : waiters)
        owners.push_back(w->owner);
    return owners;
}

void remove_waiter(std::deque<Future>& waiters, const Future& fut) noexcept {
    auto it = std::find(waiters.begin(), waiters.end(), fut);
    if (it != waiters.end())
        waiters.erase(it); // else a previous _wakeup_next popped it
}

// --- default ordering of PriorityQueue ---------------------------------------------------

struct Number {
    bool integral = false;
    bool is_unsigned = false;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    long double d = 0;
};

template <class... Ts> bool number_of(const std::any& a, Number& out) {
    auto try_one = [&]<class T>() {
        const T* p = std::any_cast<T>(&a);
        if (!p)
            return false;
        if constexpr (std::is_integral_v<T>) {
            out.integral = true;
            if constexpr (std::is_unsigned_v<T>) {
                out.is_unsigned = true;
                out.u = static_cast<std::uint64_t>(*p);
            } else {
                out.i = static_cast<std::int64_t>(*p);
            }
        }
        out.d = static_cast<long double>(*p);
        return true;
    };
    return (try_one.template operator()<Ts>() || ...);
}

bool as_number(const std::any& a, Number& out) {
    return number_of<int, long, long long, unsigned, unsigned long, unsigned long long, short,
                     unsigned short, signed char, unsigned char, bool, double, float, long double>(
        a, out);
}

bool as_string(const std::any& a, std::string_view& out) {
    if (const auto* s = std::any_cast<std::string>(&a)) {
        out = *s;
        return true;
    }
    if (const auto* s = std::any_cast<std::string_view>(&a)) {
        out = *s;
        return true;
    }
    if (const auto* s = std::any_cast<const char*>(&a)) {
        out = *s;
        return true;
    }
    return false;
}

bool number_less(const Number& a, const Number& b) {
    if (a.integral && b.integral) {
        if (a.is_unsigned == b.is_unsigned)
            return a.is_unsigned ? a.u < b.u : a.i < b.i;
        if (a.is_unsigned)
            return b.i >= 0 && a.u < static_cast<std::uint64_t>(b.i);
        return a.i < 0 || static_cast<std::uint64_t>(a.i) < b.u;
    }
    return a.d < b.d;
}

std::string python_type_name(const std::any& a) {
    Number n;
    std::string_view s;
    if (!a.has_value())
        return "NoneType";
    if (as_number(a, n))
        return n.integral ? (a.type() == typeid(bool) ? "bool" : "int") : "float";
    if (as_string(a, s))
        return "str";
    return a.type().name();
}

} // namespace

// [SECTION] Queue

Queue::Queue(Loop& loop, std::int64_t maxsize, SourceLoc where)
    : Queue(loop, maxsize, ObjectKind::Queue, where) {}

Queue::Queue(Loop& loop, std::int64_t maxsize, ObjectKind kind, SourceLoc where)
    : m_loop(&loop), m_id(loop.new_object(kind, where)), m_maxsize(maxsize) {
    {
        const Loop::InternalObjects internal(loop, m_id);
        m_finished = make_ref<Event>(loop, where);
    }
    if (Observer* o = loop.observer())
        o->on_object_owned(m_finished->id(), m_id);
    m_finished->set();
}

bool Queue::full() const noexcept {
    if (m_maxsize <= 0)
        return false;
    return static_cast<std::int64_t>(size()) >= m_maxsize;
}

std::any Queue::get_item() {
    std::any item = std::move(m_items.front());
    m_items.pop_front();
    return item;
}

std::vector<std::any> Queue::items() const {
    return std::vector<std::any>(m_items.begin(), m_items.end()); // not {}: initializer_list<any>
}

std::vector<std::any> Queue::contents() const { return items(); }

std::vector<TaskId> Queue::getter_owners() const { return owners_of(m_getters); }
std::vector<TaskId> Queue::putter_owners() const { return owners_of(m_putters); }

TaskId Queue::wakeup_next(std::deque<Future>& waiters) {
    while (!waiters.empty()) {
        Future waiter = std::move(waiters.front());
        waiters.pop_front();
        if (!waiter->done()) {
            waiter->set_result_none();
            return waiter->owner;
        }
    }
    return kNoTask;
}

void Queue::report(PrimitiveOp op, TaskId woken, std::int64_t value) const {
    if (Observer* o = m_loop->observer()) {
        std::span<const TaskId> span;
        if (woken != kNoTask)
            span = std::span<const TaskId>(&woken, 1);
        o->on_primitive(op, m_id, m_loop->current_task_id(), span, value);
    }
}

Coro<void> Queue::put_impl(Ref<Queue> self, std::any item, SourceLoc where) {
    (void)self; // held by the frame from creation on (Python's bound method)
    while (full()) {
        Future putter = create_future(*m_loop, WaitInfo{WaitKind::Queue, m_id, where});
        m_putters.push_back(putter);
        report(PrimitiveOp::QueuePutBlocked, kNoTask, static_cast<std::int64_t>(size()));
        std::exception_ptr error;
        try {
            std::any woken = co_await putter;
            (void)woken;
        } catch (...) { // Python's bare `except:`
            error = std::current_exception();
        }
        if (error) {
            putter->cancel(); // just in case putter is not done yet
            remove_waiter(m_putters, putter);
            // Woken by get_nowait() but cannot take the slot: wake the next in line.
            if (!full() && !putter->cancelled())
                wakeup_next(m_putters);
            std::rethrow_exception(error);
        }
    }
    put_nowait(std::move(item));
}

void Queue::put_nowait(std::any item) {
    if (full())
        throw PyError("QueueFull", "");
    put_item(std::move(item));
    ++m_unfinished;
    m_finished->clear();
    TaskId woken = wakeup_next(m_getters);
    report(PrimitiveOp::QueuePut, woken, static_cast<std::int64_t>(size()));
}

Coro<std::any> Queue::get_impl(Ref<Queue> self, SourceLoc where) {
    (void)self; // held by the frame from creation on (Python's bound method)
    while (empty()) {
        Future getter = create_future(*m_loop, WaitInfo{WaitKind::Queue, m_id, where});
        m_getters.push_back(getter);
        report(PrimitiveOp::QueueGetBlocked, kNoTask, 0);
        std::exception_ptr error;
        try {
            std::any woken = co_await getter;
            (void)woken;
        } catch (...) { // Python's bare `except:`
            error = std::current_exception();
        }
        if (error) {
            getter->cancel(); // just in case getter is not done yet
            remove_waiter(m_getters, getter);
            // Woken by put_nowait() but cannot take the item: wake the next in line.
            if (!empty() && !getter->cancelled())
                wakeup_next(m_getters);
            std::rethrow_exception(error);
        }
    }
    co_return get_nowait();
}

std::any Queue::get_nowait() {
    if (empty())
        throw PyError("QueueEmpty", "");
    std::any item = get_item();
    TaskId woken = wakeup_next(m_putters);
    report(PrimitiveOp::QueueGet, woken, static_cast<std::int64_t>(size()));
    return item;
}

void Queue::task_done() {
    if (m_unfinished <= 0)
        throw value_error("task_done() called too many times");
    --m_unfinished;
    // Reported before the internal event wakes join(): its wake-ups come from this call.
    report(PrimitiveOp::QueueTaskDone, kNoTask, m_unfinished);
    if (m_unfinished == 0)
        m_finished->set();
}

Coro<void> Queue::join_impl(Ref<Queue> self, SourceLoc where) {
    (void)self; // held by the frame from creation on (Python's bound method)
    if (m_unfinished > 0) {
        Ref<Event> finished = m_finished;
        bool set = co_await finished->wait(where);
        (void)set;
    }
}

// [SECTION] LifoQueue

LifoQueue::LifoQueue(Loop& loop, std::int64_t maxsize, SourceLoc where)
    : Queue(loop, maxsize, ObjectKind::LifoQueue, where) {}

std::any LifoQueue::get_item() {
    std::any item = std::move(m_items.back());
    m_items.pop_back();
    return item;
}

// [SECTION] PriorityQueue

PriorityQueue::PriorityQueue(Loop& loop, std::int64_t maxsize, Less less, SourceLoc where)
    : Queue(loop, maxsize, ObjectKind::PriorityQueue, where),
      m_less(less ? std::move(less) : Less(&PriorityQueue::default_less)) {}

bool PriorityQueue::default_less(const std::any& a, const std::any& b) {
    Number na;
    Number nb;
    if (as_number(a, na) && as_number(b, nb))
        return number_less(na, nb);
    std::string_view sa;
    std::string_view sb;
    if (as_string(a, sa) && as_string(b, sb))
        return sa < sb;
    throw type_error("'<' not supported between instances of '" + python_type_name(a) + "' and '" +
                     python_type_name(b) + "'");
}

namespace {
// After a comparator threw inside a sift, one slot is empty: put the sifted element back.
void refill_hole(std::vector<std::shared_ptr<std::any>>& heap,
                 const std::shared_ptr<std::any>& element) {
    for (auto& slot : heap) {
        if (!slot) {
            slot = element;
            return;
        }
    }
}
} // namespace

void PriorityQueue::put_item(std::any item) {
    Slot slot = std::make_shared<std::any>(std::move(item));
    Slot keep = slot;
    auto less = [this](const Slot& a, const Slot& b) { return m_less(*a, *b); };
    try {
        heapq::push(m_heap, std::move(slot), less);
    } catch (...) {
        refill_hole(m_heap, keep); // the item stays in the list, as with heapq.heappush
        throw;
    }
}

std::any PriorityQueue::get_item() {
    Slot last = m_heap.back();
    auto less = [this](const Slot& a, const Slot& b) { return m_less(*a, *b); };
    try {
        Slot top = heapq::pop(m_heap, less);
        return std::move(*top);
    } catch (...) {
        refill_hole(m_heap, last); // the popped item is lost, as with heapq.heappop
        throw;
    }
}

std::vector<std::any> PriorityQueue::items() const {
    std::vector<std::any> out;
    out.reserve(m_heap.size());
    for (const Slot& s : m_heap)
        out.push_back(*s);
    return out;
}

} // namespace condlab
