// The event loop object of condlab's asyncio (runtime/loop.h): every loop a program makes
// (asyncio.run's, new_event_loop()'s, a Runner's) runs on the run's one runtime Loop; the
// object keeps what CPython keeps per loop (closed, its live async generators).
#pragma once

#include "python/bind_futures.h"

namespace condlab::python::bind {

class LoopW final : public Bound {
  public:
    void detach() noexcept override {}
    /// Identifies the loop for LoopBinding (loop_binding.h): unique in the process.
    const std::uint64_t serial = next_serial();
    bool closed = false;
    bool asyncgens_shutdown_called = false;
    /// The async generators first iterated while this loop ran (a weakref.WeakSet), as
    /// BaseEventLoop._asyncgens; created on first use.
    py::object asyncgens;

  private:
    static std::uint64_t next_serial() noexcept {
        static std::uint64_t last = 0;
        return ++last;
    }
};

/// A new loop object of the active run.
py::object new_loop_object();

/// The loop's run methods (run_until_complete, run_forever, stop, close, is_running,
/// is_closed, the async-generator hooks) and the module functions that make and run loops
/// (run, new_event_loop, set_event_loop, get_event_loop, Runner's _run_main /
/// _close_runner): bind_runner.cpp.
void define_runner(py::module_& m, py::class_<LoopW, Bound>& loop);

} // namespace condlab::python::bind
