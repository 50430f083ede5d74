#include "runtime/gather.h"

#include <unordered_map>

namespace condlab {

namespace detail {

/// Shared by the children's done callbacks (Python: the closure of gather()). It points at
/// the outer future without owning it, so pending children and an unreferenced outer future
/// do not keep each other alive (CPython's GC collects that cycle; refcounting would not).
struct GatherLink : RefCounted {
    GatheringFuture* outer = nullptr;
    std::size_t nfuts = 0;
    std::size_t nfinished = 0;
    bool return_exceptions = false;

    void done_callback(FutureState& fut) {
        ++nfinished;
        if (outer == nullptr || outer->done())
            return; // (Python: mark the exception retrieved)
        if (!return_exceptions) {
            if (fut.cancelled()) {
                outer->set_exception(fut.error_for_result()); // fut._make_cancelled_error()
                return;
            }
            if (std::exception_ptr exc = fut.exception()) {
                outer->set_exception(exc);
                return;
            }
        }
        if (nfinished != nfuts)
            return;
        // All futures are done: the results in argument order.
        std::vector<std::any> results;
        results.reserve(outer->m_children.size());
        for (const Future& child : outer->m_children) {
            if (child->cancelled()) {
                results.emplace_back(
                    std::make_exception_ptr(CancelledError(child->cancel_message().value_or(""))));
            } else if (std::exception_ptr exc = child->exception()) {
                results.emplace_back(exc);
            } else {
                results.push_back(child->result());
            }
        }
        if (outer->m_cancel_requested) {
            // Python: `exc = fut._make_cancelled_error()` where `fut` is the loop variable,
            // i.e. the LAST child (cancelled or not).
            FutureState& last = *outer->m_children.back();
            std::exception_ptr exc =
                last.cancelled() ? last.error_for_result()
                                 : std::make_exception_ptr(CancelledError(last.cancel_message()));
            outer->set_exception(exc);
        } else {
            outer->set_result(std::move(results));
        }
    }
};

} // namespace detail

GatheringFuture::GatheringFuture(Loop& loop, std::vector<Future> children,
                                 Ref<detail::GatherLink> link)
    : FutureState(loop), m_children(std::move(children)), m_link(std::move(link)) {
    if (m_link)
        m_link->outer = this;
}

GatheringFuture::~GatheringFuture() {
    if (m_link)
        m_link->outer = nullptr;
}

bool GatheringFuture::cancel(std::optional<std::string> msg) {
    if (done())
        return false;
    bool ret = false;
    for (const Future& child : m_children)
        if (child->cancel(msg))
            ret = true;
    // If any child was actually cancelled, the cancellation propagates regardless of
    // return_exceptions (bpo-32684).
    if (ret)
        m_cancel_requested = true;
    return ret;
}

Ref<GatheringFuture> gather(Loop& loop, std::vector<Awaitable> aws, bool return_exceptions,
                            SourceLoc where) {
    WaitInfo wait{WaitKind::Task, kNoObject, where};
    auto make_outer = [&](std::vector<Future> children, Ref<detail::GatherLink> link) {
        Ref<GatheringFuture> outer =
            make_ref<GatheringFuture>(loop, std::move(children), std::move(link));
        outer->wait = wait;
        if (TaskState* task = loop.current_task())
            outer->owner = task->id();
        return outer;
    };
    if (aws.empty()) {
        Ref<GatheringFuture> outer = make_outer({}, nullptr);
        outer->set_result(std::vector<std::any>{});
        return outer;
    }

    Ref<detail::GatherLink> link = make_ref<detail::GatherLink>();
    link->return_exceptions = return_exceptions;
    std::unordered_map<const FutureState*, Future> arg_to_fut;
    std::vector<Future> children;
    children.reserve(aws.size());
    for (Awaitable& aw : aws) {
        if (const Future* f = std::get_if<Future>(&aw)) {
            if (auto it = arg_to_fut.find(f->get()); it != arg_to_fut.end()) {
                children.push_back(it->second); // a duplicate shares the entry
                continue;
            }
        }
        const FutureState* key = nullptr;
        if (const Future* f = std::get_if<Future>(&aw))
            key = f->get();
        Future fut = ensure_future(loop, std::move(aw));
        ++link->nfuts;
        if (key)
            arg_to_fut.emplace(key, fut);
        fut->add_done_callback(
            DoneCallback{[](RefCounted* ctx, FutureState& f) {
                             static_cast<detail::GatherLink*>(ctx)->done_callback(f);
                         },
                         link, link.get(), kNoTask});
        children.push_back(std::move(fut));
    }
    return make_outer(std::move(children), std::move(link));
}

} // namespace condlab
