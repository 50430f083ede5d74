#pragma once
// asyncio.gather (3.11): one future for the results of several awaitables.
#include "runtime/task.h"

#include <any>
#include <vector>

namespace condlab {

namespace detail {
struct GatherLink;
}

/// Builds the argument list of gather(): futures and tasks as they are, coroutines
/// (Coro<T> or a CoroutineBackend) to be wrapped in tasks. `{...}` cannot be used: an
/// Awaitable is move-only.
inline Awaitable to_awaitable(Future fut) { return fut; }
inline Awaitable to_awaitable(std::unique_ptr<CoroutineBackend> coro) { return coro; }
template <class T> Awaitable to_awaitable(Coro<T> coro) { return make_backend(std::move(coro)); }
template <CoroConvertible A> Awaitable to_awaitable(A awaitable) {
    return make_backend(std::move(awaitable));
}
template <class... A> std::vector<Awaitable> awaitables(A&&... items) {
    std::vector<Awaitable> v;
    v.reserve(sizeof...(A));
    (v.push_back(to_awaitable(std::forward<A>(items))), ...);
    return v;
}

/// asyncio.tasks._GatheringFuture: the outer future of gather(). Its cancel() cancels the
/// children instead of itself (like Task.cancel, it is not marked cancelled at once); when
/// any child was cancelled that way, `cancel_requested()` is set and the outer future ends
/// with CancelledError once every child has finished, whatever `return_exceptions` says.
class GatheringFuture : public FutureState {
  public:
    GatheringFuture(Loop& loop, std::vector<Future> children, Ref<detail::GatherLink> link);
    ~GatheringFuture() override;

    /// Cancels every child (argument order, duplicates included). True if any child was.
    bool cancel(std::optional<std::string> msg = std::nullopt) override;
    [[nodiscard]] bool cancel_requested() const noexcept { return m_cancel_requested; }
    /// One entry per argument (duplicates share a future).
    [[nodiscard]] const std::vector<Future>& children() const noexcept { return m_children; }

  private:
    friend struct detail::GatherLink;
    std::vector<Future> m_children;
    bool m_cancel_requested = false;
    Ref<detail::GatherLink> m_link; // the children's callbacks see the outer through this
};

/// asyncio.gather(*aws, return_exceptions=...). Coroutines become tasks in argument order
/// (first step next iteration); the same future given twice is one child. The result is a
/// `std::vector<std::any>` in argument order; with `return_exceptions` a failed child's slot
/// holds its `std::exception_ptr` (a cancelled child: a new CancelledError(msg or '')).
///
/// When the awaiting task resumes: each child's done callback is scheduled with call_soon
/// when the child finishes (3.11: also for children that are already done), and it counts
/// the child. Without `return_exceptions` the first error or child CancelledError is set on
/// the outer future by that callback (the other children keep running); otherwise the last
/// callback sets the result list. A task awaiting the outer future resumes one iteration
/// after that: `await gather(immediate())` takes 3 iterations. No arguments → an already
/// done future with an empty vector (no suspension).
[[nodiscard]] Ref<GatheringFuture> gather(Loop& loop, std::vector<Awaitable> aws,
                                          bool return_exceptions = false, SourceLoc where = {});

} // namespace condlab
