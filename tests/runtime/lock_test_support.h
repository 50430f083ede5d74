#pragma once
// Helpers shared by the primitive tests (Lock, Condition, Event, Semaphore, Queue).
#include "runtime_test_support.h"

#include <cstdint>
#include <vector>

namespace condlab::testing {

/// One primitive report, as the observer received it.
struct PrimitiveReport {
    PrimitiveOp op;
    ObjectId object;
    TaskId task;
    std::vector<TaskId> woken;
    std::int64_t value;
    friend bool operator==(const PrimitiveReport&, const PrimitiveReport&) = default;
};

inline std::ostream& operator<<(std::ostream& os, const PrimitiveReport& r) {
    os << "{op=" << static_cast<int>(r.op) << " obj=" << r.object << " task=" << r.task
       << " woken=[";
    for (TaskId t : r.woken)
        os << t << ' ';
    return os << "] value=" << r.value << '}';
}

/// Records on_primitive / on_object_owned / on_task_suspended calls.
class PrimitiveRecorder : public Observer {
  public:
    void on_primitive(PrimitiveOp op, ObjectId object, TaskId task, std::span<const TaskId> woken,
                      std::int64_t value) override {
        reports.push_back(
            {op, object, task, std::vector<TaskId>(woken.begin(), woken.end()), value});
    }
    void on_object_owned(ObjectId part, ObjectId owner) override {
        owned.emplace_back(part, owner);
    }
    void on_task_suspended(TaskId task, const WaitInfo& wait) override {
        suspensions.push_back({task, wait});
    }
    /// The reports about `object` only, in order.
    [[nodiscard]] std::vector<PrimitiveReport> reports_on(ObjectId object) const {
        std::vector<PrimitiveReport> out;
        for (const PrimitiveReport& r : reports)
            if (r.object == object)
                out.push_back(r);
        return out;
    }

    struct Suspension {
        TaskId task;
        WaitInfo wait;
    };
    std::vector<PrimitiveReport> reports;
    std::vector<std::pair<ObjectId, ObjectId>> owned;
    std::vector<Suspension> suspensions;
};

/// `await asyncio.sleep(0)` in the 3.11 tests (IsolatedAsyncioTestCase): one bare yield.
/// FIXME(gcc12): a named coroutine instead of a lambda so no capture lives in a co_await.
inline Coro<void> tick(int n = 1) {
    for (int i = 0; i < n; ++i)
        co_await yield_now();
}

/// The id of the task running now (0 outside a task).
inline TaskId current_id(Loop& loop) {
    TaskState* t = loop.current_task();
    return t ? t->id() : kNoTask;
}

} // namespace condlab::testing
