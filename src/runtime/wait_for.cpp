#include "runtime/wait_for.h"

namespace condlab {

namespace {

/// tasks._release_waiter
void release_waiter(FutureState& waiter) {
    if (!waiter.done())
        waiter.set_result_none();
}

/// functools.partial(_release_waiter, waiter), removable by the key `waiter.get()`.
DoneCallback release_waiter_callback(const Future& waiter) {
    return DoneCallback{
        [](RefCounted* ctx, FutureState&) { release_waiter(*static_cast<FutureState*>(ctx)); },
        waiter, waiter.get(), kNoTask};
}

/// `finally: timeout_handle.cancel()`
struct CancelHandle {
    HandleRef& handle;
    ~CancelHandle() { handle->cancel(); }
};

/// `finally: fut.remove_done_callback(cb)`
struct RemoveCallback {
    Future& fut;
    const void* key;
    ~RemoveCallback() { fut->remove_done_callback(key); }
};

std::exception_ptr timeout_from(std::exception_ptr cause) {
    PyError err = timeout_error();
    err.set_cause(std::move(cause));
    return std::make_exception_ptr(std::move(err));
}

} // namespace

Coro<std::any> await_awaitable(Awaitable aw) {
    if (Future* fut = std::get_if<Future>(&aw)) {
        Future f = std::move(*fut);
        std::any value = co_await f;
        co_return value;
    }
    std::unique_ptr<CoroutineBackend> coro = std::move(std::get<1>(aw));
    // `yield from coro`: whatever it yields goes to our task; what our task receives
    // (a result or an exception) is sent / thrown back into it.
    StepResult r = coro->send();
    while (true) {
        std::exception_ptr thrown;
        switch (r.kind) {
        case StepResult::Kind::Returned:
            co_return std::move(r.value);
        case StepResult::Kind::Raised:
            std::rethrow_exception(r.error);
        case StepResult::Kind::YieldedFuture: {
            Future fut = std::move(r.future);
            try {
                std::any ignored = co_await fut; // the value goes nowhere (send(None))
            } catch (...) {
                thrown = std::current_exception();
            }
            break;
        }
        case StepResult::Kind::YieldedNone:
            try {
                co_await yield_now();
            } catch (...) {
                thrown = std::current_exception();
            }
            break;
        case StepResult::Kind::BadYield: {
            // The task would throw the RuntimeError in at its next step.
            thrown = r.error;
            try {
                co_await yield_now();
            } catch (...) {
                thrown = std::current_exception();
            }
            break;
        }
        }
        r = thrown ? coro->throw_in(std::move(thrown)) : coro->send();
    }
}

Coro<void> cancel_and_wait(Loop& loop, Future fut, SourceLoc where) {
    Future waiter = create_future(loop, WaitInfo{WaitKind::Task, kNoObject, where});
    fut->add_done_callback(release_waiter_callback(waiter));
    RemoveCallback guard{fut, waiter.get()};
    fut->cancel();
    // We cannot wait on `fut` directly, so that cancel_and_wait itself is reliably
    // cancellable.
    std::any ignored = co_await waiter;
}

Coro<std::any> wait_for(Loop& loop, Awaitable aw, std::optional<double> timeout, SourceLoc where) {
    if (!timeout) {
        std::any value = co_await await_awaitable(std::move(aw));
        co_return value;
    }

    if (*timeout <= 0) {
        Future fut = ensure_future(loop, std::move(aw));
        if (fut->done())
            co_return fut->result();
        co_await cancel_and_wait(loop, fut, where);
        try {
            co_return fut->result();
        } catch (const CancelledError&) {
            std::rethrow_exception(timeout_from(std::current_exception()));
        }
    }

    Future waiter = create_future(loop, WaitInfo{WaitKind::Task, kNoObject, where});
    HandleRef timeout_handle = loop.call_later(
        *timeout, [waiter] { release_waiter(*waiter); }, nullptr, TimerKind::WaitFor);
    CancelHandle finally_cancel{timeout_handle};

    Future fut = ensure_future(loop, std::move(aw));
    fut->add_done_callback(release_waiter_callback(waiter));
    const void* cb = waiter.get();

    // Wait until the future completes or the timeout.
    std::exception_ptr cancelled;
    try {
        std::any ignored = co_await waiter;
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    if (cancelled) {
        if (fut->done())
            co_return fut->result();
        fut->remove_done_callback(cb);
        // We must ensure that the task is not running after wait_for() returns
        // (bpo-32751).
        co_await cancel_and_wait(loop, fut, where);
        std::rethrow_exception(cancelled);
    }

    if (fut->done())
        co_return fut->result();
    fut->remove_done_callback(cb);
    co_await cancel_and_wait(loop, fut, where);
    // In case task cancellation failed with some exception, re-raise it (bpo-40607).
    try {
        co_return fut->result();
    } catch (const CancelledError&) {
        std::rethrow_exception(timeout_from(std::current_exception()));
    }
}

} // namespace condlab
