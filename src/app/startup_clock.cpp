#include "app/startup_clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace condlab::app {

double ms_since_process_start() {
    // Field 22 of /proc/self/stat is the start time in clock ticks since boot (after the
    // command name, which may contain spaces, in parentheses).
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos)
        return 0.0;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22)
            start_ticks = std::stoull(field);
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double now_ms =
        static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) * 1e-6;
    const double start_ms =
        static_cast<double>(start_ticks) * 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
    return now_ms - start_ms;
}

void report_startup_phase(const char* phase) {
    static const bool report = std::getenv("CONDLAB_STARTUP_REPORT") != nullptr;
    if (report)
        std::fprintf(stderr, "condlab: startup: %s at %.0f ms\n", phase, ms_since_process_start());
}

} // namespace condlab::app
