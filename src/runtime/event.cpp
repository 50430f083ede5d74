#include "runtime/event.h"

#include "runtime/task.h"

#include <algorithm>

namespace condlab {

Event::Event(Loop& loop, SourceLoc where)
    : m_loop(&loop), m_id(loop.new_object(ObjectKind::Event, where)) {}

std::vector<TaskId> Event::waiter_owners() const {
    std::vector<TaskId> owners;
    owners.reserve(m_waiters.size());
    for (const Future& fut : m_waiters)
        owners.push_back(fut->owner);
    return owners;
}

void Event::remove_waiter(const Future& fut) noexcept {
    auto it = std::find(m_waiters.begin(), m_waiters.end(), fut);
    if (it != m_waiters.end())
        m_waiters.erase(it);
}

void Event::set() {
    Observer* o = m_loop->observer();
    std::vector<TaskId> woken;
    const bool was_set = m_value;
    if (!m_value) {
        m_value = true;
        for (const Future& fut : m_waiters) {
            if (!fut->done()) {
                fut->set_result_value(true);
                if (o)
                    woken.push_back(fut->owner);
            }
        }
    }
    // value: 1 when this call set the flag, 0 when it was already set (a no-op).
    if (o)
        o->on_primitive(PrimitiveOp::EventSet, m_id, m_loop->current_task_id(), woken,
                        was_set ? 0 : 1);
}

void Event::clear() {
    m_value = false;
    if (Observer* o = m_loop->observer())
        o->on_primitive(PrimitiveOp::EventClear, m_id, m_loop->current_task_id(), {}, 0);
}

Coro<bool> Event::wait_impl(Ref<Event> self, SourceLoc where) {
    Event& ev = *self;
    if (ev.m_value)
        co_return true;

    Future fut = create_future(*ev.m_loop, WaitInfo{WaitKind::Event, ev.m_id, where});
    ev.m_waiters.push_back(fut);
    if (Observer* o = ev.m_loop->observer())
        o->on_primitive(PrimitiveOp::EventWait, ev.m_id, ev.m_loop->current_task_id(), {}, 0);
    struct RemoveWaiter { // finally: self._waiters.remove(fut)
        Event& event;
        const Future& fut;
        ~RemoveWaiter() { event.remove_waiter(fut); }
    } guard{ev, fut};
    std::any woken = co_await fut;
    co_return true;
}

} // namespace condlab
