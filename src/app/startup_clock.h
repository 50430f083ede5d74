#pragma once
// Time since the process started (exec), for the start-up report: "first frame within 500 ms
// of start" counts the dynamic loader and static initialisation too, not only main().
namespace condlab::app {

/// Milliseconds since the kernel started this process (10 ms resolution: clock ticks).
double ms_since_process_start();

/// With CONDLAB_STARTUP_REPORT set: prints "condlab: startup: PHASE at N ms" to stderr (where
/// the time before the first frame goes).
void report_startup_phase(const char* phase);

} // namespace condlab::app
