// Cancel forks (timer_strategy.h CancelFork, docs/timing-model.md "Cancel now"): a timer the
// strategy adds at a choice point, whose callback queues task.cancel().
#include "runtime/loop.h"
#include "runtime/task.h"
#include "runtime/timer_heap.h"

#include <limits>

namespace condlab {

void Loop::push_cancel_forks() {
    // The same test on the same doubles as the harness's select(): the heap's first live
    // timer (step 1 dropped the cancelled ones from the top) or +infinity.
    while (true) {
        const double next = m_scheduled.empty() ? std::numeric_limits<double>::infinity()
                                                : m_scheduled.front().when;
        const std::optional<CancelFork> fork = m_strategy->fork(m_now, next);
        if (!fork)
            return;
        const TaskId task = fork->task;
        HandleRef h(new Handle(this, UniqueFunction<void()>([this, task] {
                                   call_soon([this, task] {
                                       if (TaskState* t = find_task(task))
                                           t->cancel();
                                   });
                               }),
                               fork->when, ++m_timer_ids, true));
        h->m_scheduled = true;
        heapq::push(m_scheduled, TimerEntry{h->m_when, h.get()}, timer_less);
        h->add_ref(); // the heap's reference
        if (m_observer)
            m_observer->on_timer_scheduled(h->m_id, h->m_when, TimerKind::Internal);
    }
}

} // namespace condlab
