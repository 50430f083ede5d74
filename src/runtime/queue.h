#pragma once
// asyncio.Queue / LifoQueue / PriorityQueue (3.11). Items are `std::any` (the Python layer
// stores a py::object in it).
//
// put():  while full(): a putter future is appended to `putters` and awaited. Any exception
//         while waiting: cancel the putter, remove it if still queued, and if there is room
//         and the putter had been woken (not cancelled) wake the next putter; re-raise.
//         Then put_nowait().
// get():  symmetric with getters / empty().
// put_nowait() appends, counts an unfinished task, clears `finished`, wakes the next getter;
// get_nowait() takes an item and wakes the next putter. `_wakeup_next` pops waiters from the
// LEFT until it finds a not-done one and sets it. The wake is a hint, not a handoff: a task
// that runs first may take the item, and the woken waiter loops and re-queues at the tail.
// task_done() / join(): a counter of unfinished items and an Event set when it reaches 0.
#include "runtime/coro.h"
#include "runtime/event.h"
#include "runtime/future.h"
#include "runtime/observer.h"
#include "runtime/ref_counted.h"

#include <any>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace condlab {

class Queue : public RefCounted {
  public:
    /// maxsize <= 0: unbounded. Python allows a float maxsize: `qsize() >= 1.3` is
    /// `qsize() >= 2`, so pass ceil(maxsize) (the Python layer keeps the original object).
    explicit Queue(Loop& loop, std::int64_t maxsize = 0, SourceLoc where = {});

    /// Puts `item`, waiting while the queue is full: a putter future (WaitInfo{Queue, id(),
    /// where}) is queued at the tail of `putters` and the task resumes in the iteration after
    /// a get_nowait() (or a cancelled woken putter) set it; it then re-checks full() and may
    /// queue again. Does not suspend when there is room.
    [[nodiscard]] Coro<void> put(std::any item, SourceLoc where = {}) {
        return put_impl(Ref<Queue>(this), std::move(item), where);
    }
    /// Puts at once and wakes the first not-done getter (its task resumes next iteration).
    /// PyError("QueueFull", "") if full.
    void put_nowait(std::any item);

    /// Removes and returns an item, waiting while the queue is empty: a getter future
    /// (WaitInfo{Queue, id(), where}) is queued at the tail of `getters`; the task resumes in
    /// the iteration after a put_nowait() (or a cancelled woken getter) set it, then
    /// re-checks empty(). Does not suspend when an item is there.
    [[nodiscard]] Coro<std::any> get(SourceLoc where = {}) {
        return get_impl(Ref<Queue>(this), where);
    }
    /// Takes an item at once and wakes the first not-done putter (its task resumes next
    /// iteration). PyError("QueueEmpty", "") if empty.
    std::any get_nowait();

    /// One fewer unfinished item; at zero the `finished` event is set, so every join()
    /// waiter resumes next iteration. ValueError('task_done() called too many times').
    void task_done();
    /// Returns at once when no item is unfinished; otherwise waits on the `finished` event
    /// (the waiter's WaitInfo names that Event, an object owned by this queue) and resumes
    /// in the iteration after the task_done() that brought the count to zero.
    [[nodiscard]] Coro<void> join(SourceLoc where = {}) {
        return join_impl(Ref<Queue>(this), where);
    }

    [[nodiscard]] std::size_t qsize() const noexcept { return size(); }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] bool full() const noexcept;
    [[nodiscard]] std::int64_t maxsize() const noexcept { return m_maxsize; }
    [[nodiscard]] std::int64_t unfinished_tasks() const noexcept { return m_unfinished; }

    /// For the inspector: the items as Python's `list(q._queue)`: FIFO head first; LIFO
    /// bottom first (the next get() takes the last); PriorityQueue in heap-array order
    /// (the next get() takes the first).
    [[nodiscard]] std::vector<std::any> contents() const;

    [[nodiscard]] ObjectId id() const noexcept { return m_id; }
    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }
    /// The event join() waits on (`q._finished`).
    [[nodiscard]] const Ref<Event>& finished_event() const noexcept { return m_finished; }
    /// Waiter futures in FIFO order (`q._getters` / `q._putters`), including woken or
    /// cancelled ones that have not run yet.
    [[nodiscard]] const std::deque<Future>& getters() const noexcept { return m_getters; }
    [[nodiscard]] const std::deque<Future>& putters() const noexcept { return m_putters; }
    /// For the inspector: owner tasks of the waiter futures, in FIFO order.
    [[nodiscard]] std::vector<TaskId> getter_owners() const;
    [[nodiscard]] std::vector<TaskId> putter_owners() const;

  protected:
    Queue(Loop& loop, std::int64_t maxsize, ObjectKind kind, SourceLoc where);

    // Python's `_put` / `_get` / `len(_queue)` / `list(_queue)`: overridden by subclasses.
    virtual void put_item(std::any item) { m_items.push_back(std::move(item)); }
    virtual std::any get_item();
    [[nodiscard]] virtual std::size_t size() const noexcept { return m_items.size(); }
    [[nodiscard]] virtual std::vector<std::any> items() const;

    std::deque<std::any> m_items; // FIFO and LIFO storage

  private:
    // The coroutine frames hold `self` from creation on, like Python's bound method: a task
    // created on a temporary object keeps it alive.
    Coro<void> put_impl(Ref<Queue> self, std::any item, SourceLoc where);
    Coro<std::any> get_impl(Ref<Queue> self, SourceLoc where);
    Coro<void> join_impl(Ref<Queue> self, SourceLoc where);
    /// `_wakeup_next`: pops from the left until a not-done waiter, sets it; returns its owner.
    static TaskId wakeup_next(std::deque<Future>& waiters);
    void report(PrimitiveOp op, TaskId woken, std::int64_t value) const;

    Loop* m_loop;
    ObjectId m_id;
    std::int64_t m_maxsize;
    std::deque<Future> m_getters;
    std::deque<Future> m_putters;
    std::int64_t m_unfinished = 0;
    Ref<Event> m_finished;
};

/// Retrieves the most recently added item first.
class LifoQueue final : public Queue {
  public:
    explicit LifoQueue(Loop& loop, std::int64_t maxsize = 0, SourceLoc where = {});

  protected:
    std::any get_item() override;
};

/// Retrieves the lowest item first, with CPython's heapq (timer_heap.h), so equal items come
/// out in the order the heap's shape dictates, exactly as in Python.
class PriorityQueue final : public Queue {
  public:
    /// Python's `a < b` for two items.
    using Less = std::function<bool(const std::any&, const std::any&)>;

    /// `less` defaults to default_less(). The Python layer passes a comparator calling `<`
    /// on the stored objects. If it throws, put_nowait()/get_nowait() raise that error and
    /// the heap keeps every item but the one being popped (as CPython's heapq).
    explicit PriorityQueue(Loop& loop, std::int64_t maxsize = 0, Less less = {},
                           SourceLoc where = {});

    /// The default ordering: numbers (any arithmetic type; two integers compare exactly,
    /// otherwise as double) and strings (std::string, std::string_view, const char*;
    /// byte-wise, like Python's str for ASCII). Anything else, or a number against a string:
    /// TypeError("'<' not supported between instances of 'A' and 'B'").
    static bool default_less(const std::any& a, const std::any& b);

  protected:
    void put_item(std::any item) override;
    std::any get_item() override;
    [[nodiscard]] std::size_t size() const noexcept override { return m_heap.size(); }
    [[nodiscard]] std::vector<std::any> items() const override;

  private:
    // Shared pointers: a moved-from slot is null, so a throwing comparator leaves exactly one
    // hole in the heap, which is refilled with the element being sifted.
    using Slot = std::shared_ptr<std::any>;
    std::vector<Slot> m_heap;
    Less m_less;
};

} // namespace condlab
