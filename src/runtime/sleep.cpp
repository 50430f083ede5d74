#include "runtime/sleep.h"

namespace condlab {

Coro<std::any> sleep(Loop& loop, double delay, std::any result, SourceLoc where) {
    if (delay <= 0) {
        co_await yield_now();
        co_return result;
    }
    Future fut = create_future(loop, WaitInfo{WaitKind::Sleep, kNoObject, where});
    // call_later(delay, futures._set_result_unless_cancelled, future, result)
    HandleRef h = loop.call_later(delay, [fut, result = std::move(result)]() mutable {
        if (!fut->cancelled())
            fut->set_result(std::move(result));
    });
    struct CancelTimer { // `finally: h.cancel()`
        HandleRef& h;
        ~CancelTimer() { h->cancel(); }
    } guard{h};
    std::any value = co_await fut;
    co_return value;
}

} // namespace condlab
