#pragma once
// asyncio.wait_for (3.11) and the inline `await` of an Awaitable it needs.
#include "runtime/task.h"

#include <any>
#include <optional>

namespace condlab {

/// Python's `await aw` inside the current task: a future is awaited as usual (no
/// suspension when done); a coroutine runs inline in the awaiting task (`yield from`),
/// with its yields, cancellations and result passed through. Returns the result.
[[nodiscard]] Coro<std::any> await_awaitable(Awaitable aw);

/// tasks._cancel_and_wait: cancels `fut` and waits (on a private waiter future with
/// WaitInfo{Task, -, where}) until it has really finished. The waiter is set by `fut`'s
/// done callback, so the task resumes one iteration after that callback ran.
[[nodiscard]] Coro<void> cancel_and_wait(Loop& loop, Future fut, SourceLoc where = {});

/// asyncio.wait_for(aw, timeout), the 3.11 algorithm:
/// - timeout None: `await aw` (a coroutine runs inline, no new task).
/// - timeout <= 0: aw becomes a task/future; done → its result at once; else it is
///   cancelled and awaited until finished, then its result if it swallowed the cancel,
///   else TimeoutError (cause: the CancelledError). A coroutine's task never ran, so its
///   body never runs: the caller resumes one iteration later.
/// - otherwise: a waiter future (WaitInfo{Task, -, where}) is released by a call_later
///   timer or by aw's done callback; aw is wrapped in a NEW task (first step next
///   iteration). The caller resumes in the iteration after the waiter was set:
///   `await wait_for(immediate(), t)` takes 3 iterations. If aw is done then → its result;
///   else aw is cancelled and awaited until it has really finished, and TimeoutError is
///   raised from its CancelledError (or its result returned if it swallowed the cancel).
///   If the caller is cancelled while waiting: aw's result if done, else aw is cancelled,
///   awaited, and the caller's CancelledError re-raised. The timer is always cancelled.
[[nodiscard]] Coro<std::any> wait_for(Loop& loop, Awaitable aw, std::optional<double> timeout,
                                      SourceLoc where = {});

} // namespace condlab
