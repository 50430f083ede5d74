#include "runtime/shield.h"

namespace condlab {

namespace {

struct ShieldLink;

/// The outer future. The inner future's callback reaches it through a link it does not
/// own, so a pending inner and an unreferenced outer do not keep each other alive.
class ShieldFuture final : public FutureState {
  public:
    ShieldFuture(Loop& loop, Ref<ShieldLink> link);
    ~ShieldFuture() override;

  private:
    Ref<ShieldLink> m_link;
};

struct ShieldLink : RefCounted {
    FutureState* outer = nullptr;

    /// _inner_done_callback
    void inner_done(FutureState& inner) {
        if (outer == nullptr || outer->cancelled())
            return; // (mark inner's result retrieved)
        if (inner.cancelled())
            outer->cancel();
        else if (std::exception_ptr exc = inner.exception())
            outer->set_exception(exc);
        else
            outer->set_result(inner.result());
    }
};

ShieldFuture::ShieldFuture(Loop& loop, Ref<ShieldLink> link)
    : FutureState(loop), m_link(std::move(link)) {
    m_link->outer = this;
}

ShieldFuture::~ShieldFuture() { m_link->outer = nullptr; }

} // namespace

Future shield(Loop& loop, Awaitable aw, SourceLoc where) {
    Future inner = ensure_future(loop, std::move(aw));
    if (inner->done())
        return inner; // shortcut
    Ref<ShieldLink> link = make_ref<ShieldLink>();
    Future outer = make_ref<ShieldFuture>(loop, link);
    outer->wait = WaitInfo{WaitKind::Task, kNoObject, where};
    if (TaskState* task = loop.current_task())
        outer->owner = task->id();

    inner->add_done_callback(DoneCallback{
        [](RefCounted* ctx, FutureState& f) { static_cast<ShieldLink*>(ctx)->inner_done(f); }, link,
        link.get(), kNoTask});
    // _outer_done_callback: detach from a still-pending inner.
    outer->add_done_callback(
        make_done_callback([inner, key = static_cast<const void*>(link.get())](FutureState&) {
            if (!inner->done())
                inner->remove_done_callback(key);
        }));
    return outer;
}

} // namespace condlab
