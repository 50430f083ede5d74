#pragma once
// Trace memory stays in the process between runs.

namespace condlab {

/// Tells the C allocator (glibc) to serve large blocks from its heap instead of mapping
/// each one from the kernel, and to keep freed heap memory instead of handing it back.
/// A long trace takes about 50 MB of arrays; mapped fresh for every run, each of its
/// pages is a page fault plus kernel zeroing (about 20 ms of CPU per stress run), paid
/// again by the next run after the last trace is freed. Kept, the next run reuses
/// pages that are already there. The cost: the process keeps its peak heap size, which
/// is what a window that reruns a lesson on every slider drag wants anyway.
/// A setting of the whole process: the executables call it first thing in main() (condlab,
/// condlab-gui, the benchmarks), never a library on its own (the Recorder used to).
/// Idempotent; a no-op where the allocator has no such switches (ASan has its own).
void keep_freed_memory_in_process() noexcept;

} // namespace condlab
