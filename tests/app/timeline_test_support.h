#pragma once
// Traces for the timeline tests and bench_timeline, recorded from native coroutines
// (no gtest here, so bench/bench_timeline.cpp can include it too).
//   demo_trace():        producer / consumer on one Condition ("cond", lock "lock"): the
//                        consumer waits, the producer sleeps 0.5 s, prints, notifies.
//   ping_pong_trace(n):  two tasks ("ping", "pong") alternating n rounds on a Condition.
//   deadlock_trace():    "waiter" sleeps 1.5 s, then waits on "cond", which nobody
//                        notifies; main awaits it: a deadlock at t=1.5 with main blocked
//                        since t=0 and waiter since t=1.5.
#include "runtime/condition.h"
#include "runtime/coro.h"
#include "runtime/loop.h"
#include "runtime/sleep.h"
#include "runtime/task.h"
#include "trace/recorder.h"

#include <memory>

namespace condlab::timeline_testing {

inline Recorder* recorder_of(Loop& loop) { return dynamic_cast<Recorder*>(loop.observer()); }

inline Coro<void> demo_consumer(Ref<Condition> cond) {
    bool locked = co_await cond->acquire();
    (void)locked;
    bool woke = co_await cond->wait();
    (void)woke;
    cond->release();
}

inline Coro<void> demo_producer(Loop& loop, Ref<Condition> cond) {
    std::any slept = co_await sleep(loop, 0.5);
    bool locked = co_await cond->acquire();
    (void)locked;
    if (Recorder* r = recorder_of(loop))
        r->output("notifying");
    std::any held = co_await sleep(loop, 0.1); // holding the lock
    cond->notify();
    cond->release();
}

inline Coro<void> demo_main(Loop& loop) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    loop.set_label(cond->id(), "cond");
    loop.set_label(cond->lock()->id(), "lock");
    Task consumer = create_task(loop, demo_consumer(cond), "consumer");
    Task producer = create_task(loop, demo_producer(loop, cond), "producer");
    std::any a = co_await consumer;
    std::any b = co_await producer;
}

inline Coro<void> lonely_waiter(Loop& loop, Ref<Condition> cond) {
    std::any slept = co_await sleep(loop, 1.5);
    bool locked = co_await cond->acquire();
    (void)locked;
    bool woke = co_await cond->wait(); // nobody notifies
    (void)woke;
    cond->release();
}

inline Coro<void> lonely_main(Loop& loop) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    loop.set_label(cond->id(), "cond");
    Task waiter = create_task(loop, lonely_waiter(loop, cond), "waiter");
    std::any r = co_await waiter;
}

struct PingPong : RefCounted {
    Ref<Condition> cond;
    int turn = 0;
};

inline Coro<void> ping_pong_player(Ref<PingPong> st, int me, long rounds) {
    for (long i = 0; i < rounds; ++i) {
        bool acquired = co_await st->cond->acquire();
        (void)acquired;
        while (st->turn != me) {
            bool woke = co_await st->cond->wait();
            (void)woke;
        }
        st->turn = 1 - me;
        st->cond->notify();
        st->cond->release();
    }
}

inline Coro<void> ping_pong_main(Loop& loop, long rounds) {
    Ref<PingPong> st = make_ref<PingPong>();
    st->cond = make_ref<Condition>(loop);
    loop.set_label(st->cond->id(), "cond");
    Task a = create_task(loop, ping_pong_player(st, 0, rounds), "ping");
    Task b = create_task(loop, ping_pong_player(st, 1, rounds), "pong");
    std::any ra = co_await a;
    std::any rb = co_await b;
}

template <class T> std::shared_ptr<const Trace> record(Loop& loop, Coro<T> coro) {
    Recorder rec;
    loop.set_observer(&rec);
    RunOutcome out = loop.run(make_backend(std::move(coro)));
    loop.set_observer(nullptr);
    return rec.finish_shared(out);
}

inline std::shared_ptr<const Trace> demo_trace() {
    Loop loop;
    return record(loop, demo_main(loop));
}

inline std::shared_ptr<const Trace> deadlock_trace() {
    Loop loop;
    return record(loop, lonely_main(loop));
}

inline std::shared_ptr<const Trace> ping_pong_trace(long rounds) {
    Loop loop;
    return record(loop, ping_pong_main(loop, rounds));
}

/// A ping-pong trace with at least `events` events.
inline std::shared_ptr<const Trace> ping_pong_events(std::size_t events) {
    std::shared_ptr<const Trace> small = ping_pong_trace(1000);
    const double per_round = static_cast<double>(small->events().size()) / 1000.0;
    const auto rounds = static_cast<long>(static_cast<double>(events) / per_round) + 10;
    return ping_pong_trace(rounds);
}

} // namespace condlab::timeline_testing
