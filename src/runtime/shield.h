#pragma once
// asyncio.shield (3.11): wait for a future without letting a cancellation reach it.
#include "runtime/task.h"

namespace condlab {

/// asyncio.shield(aw). aw becomes a future (a coroutine: a new task). If it is already
/// done it is returned as is (awaiting it does not suspend). Otherwise a new outer future
/// (WaitInfo{Task, -, where}) mirrors it: the inner future's done callback (scheduled with
/// call_soon when it finishes) copies its result / exception / cancellation onto the outer,
/// so a task awaiting the outer resumes two iterations after the inner finished (one more
/// than awaiting the inner directly). Cancelling the outer (e.g. cancelling the task that
/// awaits it) does not cancel the inner; the outer's done callback then detaches it.
[[nodiscard]] Future shield(Loop& loop, Awaitable aw, SourceLoc where = {});

} // namespace condlab
