#pragma once
// asyncio.sleep
#include "runtime/coro.h"

#include <any>

namespace condlab {

/// Suspends the current task. delay <= 0: one bare yield, resumed next iteration.
/// Otherwise a timer fires at now + delay (heap order among equal deadlines) and the
/// task resumes in the iteration after it fired. Returns `result`.
Coro<std::any> sleep(Loop& loop, double delay, std::any result = {}, SourceLoc where = {});

} // namespace condlab
