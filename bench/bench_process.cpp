// condlab whole-process benchmark ("Measure what the user waits for", DESIGN.md): each
// stress program as a user starts it,
//
//     condlab run --no-line-trace FILE                       (condlab)
//     /usr/bin/python3 tools/reference_harness.py FILE       (CPython 3.11, baseline)
//
// the reference harness being CPython's real asyncio on the virtual clock. Each timing is
// one whole process, from spawn to exit: interpreter start-up, the run, the analysis, every
// byte of stdout and stderr (read through pipes, as a terminal or a `| less` would) and
// tear-down. The two commands alternate (condlab, CPython, condlab, CPython, ...) after one
// untimed run each, so a slow phase of a shared machine falls on both; each pair gives a
// ratio CPython wall / condlab wall, and the median of those ratios is the figure (target
// >= 3x). CPU time (user + system of the child, from wait4) is shown beside the wall time.
//
//   bench_process [--runs N] [--condlab PATH] [--python PATH] [FILE...]
//
// FILE defaults to bench/wait_for_stress.py and bench/held_lock_wait_for_stress.py.
// CONDLAB_BENCH_PYTHON overrides the interpreter as for bench_lessons.
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "bench_args.h"
#include "bench_timing.h"
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <poll.h>
#include <spawn.h>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef CONDLAB_SOURCE_DIR
#define CONDLAB_SOURCE_DIR "."
#endif
#ifndef CONDLAB_EXE
#define CONDLAB_EXE "condlab"
#endif

extern char** environ;

namespace fs = std::filesystem;

namespace {

using condlab::bench::median;

struct ProcessRun {
    double wall = 0; // seconds, spawn to reaped
    double cpu = 0;  // seconds, the child's user + system time
    int status = -1; // exit status (-1: did not start or was killed)
    std::string out;
    std::size_t err_bytes = 0;
    std::string err_head; // the first line of stderr
};

double seconds(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

/// Runs argv[0] with `argv`, both outputs through pipes read to the end, and waits for it.
ProcessRun run_process(const std::vector<std::string>& args) {
    ProcessRun r;
    std::vector<char*> argv;
    for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int out[2], err[2];
    if (pipe(out) != 0)
        return r;
    if (pipe(err) != 0) {
        close(out[0]);
        close(out[1]);
        return r;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, err[0]);
    posix_spawn_file_actions_addclose(&fa, out[1]);
    posix_spawn_file_actions_addclose(&fa, err[1]);
    const auto t0 = std::chrono::steady_clock::now();
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    close(err[1]);
    if (spawned != 0) {
        std::fprintf(stderr, "bench_process: cannot start %s: %s\n", argv[0],
                     std::strerror(spawned));
        close(out[0]);
        close(err[0]);
        return r;
    }
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[1 << 16];
    bool err_line_done = false;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            const ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
                continue;
            }
            if (i == 0) {
                r.out.append(buf, static_cast<std::size_t>(n));
            } else {
                r.err_bytes += static_cast<std::size_t>(n);
                for (ssize_t k = 0; k < n && !err_line_done; ++k)
                    if (buf[k] == '\n')
                        err_line_done = true;
                    else if (r.err_head.size() < 160)
                        r.err_head += buf[k];
            }
        }
    }
    int status = 0;
    rusage ru{};
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    const auto t1 = std::chrono::steady_clock::now();
    r.wall = std::chrono::duration<double>(t1 - t0).count();
    r.cpu = seconds(ru.ru_utime) + seconds(ru.ru_stime);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Side {
    const char* name;
    std::vector<std::string> args;
    std::vector<ProcessRun> runs;
};

/// One program: `runs` alternating pairs; prints the table; true when the target is met.
bool bench_program(const std::string& file, const std::string& condlab, const std::string& python,
                   int runs) {
    Side sides[2] = {
        {"condlab run --no-line-trace", {condlab, "run", "--no-line-trace", file}, {}},
        {"python3 tools/reference_harness.py",
         {python, CONDLAB_SOURCE_DIR "/tools/reference_harness.py", file},
         {}},
    };
    for (Side& s : sides)
        (void)run_process(s.args); // untimed: page cache, first start
    for (int i = 0; i < runs; ++i)
        for (Side& s : sides)
            s.runs.push_back(run_process(s.args));

    std::printf("%s\n", file.c_str());
    std::vector<double> ratio_wall, ratio_cpu;
    for (int i = 0; i < runs; ++i) {
        const ProcessRun& c = sides[0].runs[static_cast<std::size_t>(i)];
        const ProcessRun& p = sides[1].runs[static_cast<std::size_t>(i)];
        if (c.wall > 0 && p.wall > 0)
            ratio_wall.push_back(p.wall / c.wall);
        if (c.cpu > 0 && p.cpu > 0)
            ratio_cpu.push_back(p.cpu / c.cpu);
    }
    std::printf("  %-36s %11s %11s %6s %12s  %s\n", "", "median wall", "median CPU", "exit",
                "stderr bytes", "stdout (first line)");
    for (const Side& s : sides) {
        std::vector<double> wall, cpu;
        for (const ProcessRun& r : s.runs) {
            wall.push_back(r.wall);
            cpu.push_back(r.cpu);
        }
        const ProcessRun& last = s.runs.back();
        std::printf("  %-36s %8.1f ms %8.1f ms %6d %12zu  %s\n", s.name, median(wall) * 1e3,
                    median(cpu) * 1e3, last.status, last.err_bytes, first_line(last.out).c_str());
        if (!last.err_head.empty())
            std::printf("  %-36s stderr: %s\n", "", last.err_head.c_str());
    }
    const ProcessRun& c = sides[0].runs.back();
    const ProcessRun& p = sides[1].runs.back();
    if (c.out != p.out)
        std::printf("  WARNING: the two processes printed different stdout\n");
    const double rw = median(ratio_wall);
    const bool ok = c.status == 0 && p.status == 0 && rw >= 3.0;
    std::printf("  median ratio over %d interleaved runs: %.2fx wall, %.2fx CPU "
                "(CPython / condlab; target >= 3x wall): %s\n\n",
                runs, rw, median(ratio_cpu), ok ? "met" : "NOT met");
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 9;
    std::string condlab = CONDLAB_EXE;
    const char* py = std::getenv("CONDLAB_BENCH_PYTHON");
    std::string python = py ? py : "/usr/bin/python3";
    std::vector<std::string> files;
    CLI::App cli("condlab whole-process benchmark: `condlab run --no-line-trace FILE` against "
                 "CPython on the reference harness",
                 "bench_process");
    cli.add_option("--runs", runs, "timed runs of each side (default 9)")
        ->check(CLI::Range(1, 10000));
    cli.add_option("--condlab", condlab, "the condlab executable");
    cli.add_option("--python", python,
                   "the CPython (default $CONDLAB_BENCH_PYTHON or "
                   "/usr/bin/python3)");
    cli.add_option("FILE", files, "programs to time (default: the two wait_for stress programs)");
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    if (files.empty())
        files = {CONDLAB_SOURCE_DIR "/bench/wait_for_stress.py",
                 CONDLAB_SOURCE_DIR "/bench/held_lock_wait_for_stress.py"};
    if (!fs::exists(condlab)) {
        std::fprintf(stderr, "bench_process: no condlab executable at %s\n", condlab.c_str());
        return 1;
    }
    std::printf("Whole processes, spawn to exit, outputs read through pipes: condlab against "
                "CPython 3.11 (%s) on the reference harness, %d alternating runs each after "
                "one untimed run.\n\n",
                python.c_str(), runs);
    int failures = 0;
    for (const std::string& f : files)
        failures += bench_program(f, condlab, python, runs) ? 0 : 1;
    return failures == 0 ? 0 : 1;
}
