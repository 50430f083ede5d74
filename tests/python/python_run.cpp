// Development tool: runs one program through condlab::python::run_program and prints what
// `condlab run` would (stdout, then stderr), exiting with the same status. Used to compare
// against tools/reference_harness.py by hand:  condlab_python_run FILE [--no-line-trace]
#include "python/program_runner.h"

#include "trace/analysis.h"
#include "trace/text_timeline.h"
#include "trace/trace.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [--no-line-trace] [--stats]\n", argv[0]);
        return 2;
    }
    condlab::python::ProgramOptions options;
    bool stats = false, timeline = false;
    int repeat = 1;
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--no-line-trace"))
            options.line_trace = false;
        if (!std::strcmp(argv[i], "--no-trace"))
            options.record_trace = false;
        if (!std::strcmp(argv[i], "--no-count-lines"))
            options.count_lines = false;
        if (!std::strcmp(argv[i], "--stats"))
            stats = true;
        if (!std::strcmp(argv[i], "--timeline"))
            timeline = true;
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = std::atoi(argv[++i]);
        if (!std::strcmp(argv[i], "--wall") && i + 1 < argc)
            options.budget.max_wall_seconds = std::atof(argv[++i]);
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 2;
    }
    std::ostringstream src;
    src << in.rdbuf();
    condlab::python::ProgramResult r = condlab::python::run_program(argv[1], src.str(), options);
    if (repeat > 1) {
        // CPU time per run (the interpreter is already started).
        std::vector<double> times;
        for (int i = 0; i < repeat; ++i) {
            timespec a{}, b{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
            r = condlab::python::run_program(argv[1], src.str(), options);
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
            times.push_back(double(b.tv_sec - a.tv_sec) + double(b.tv_nsec - a.tv_nsec) * 1e-9);
        }
        std::sort(times.begin(), times.end());
        std::fprintf(stderr, "cpu per run: median %.3f ms, min %.3f ms\n",
                     times[times.size() / 2] * 1e3, times[0] * 1e3);
    }
    std::cout << r.stdout_text << std::flush;
    std::cerr << r.stderr_text;
    if (r.outcome == condlab::python::ProgramResult::Status::Deadlock) {
        std::cerr << "deadlock at t=" << r.time << "\n";
        std::cerr << "  " << r.unfinished_tasks << " unfinished tasks\n";
    }
    if (r.outcome == condlab::python::ProgramResult::Status::Budget)
        std::cerr << "budget exceeded: " << condlab::budget_name(r.budget) << " task "
                  << r.budget_task << " line " << r.budget_line << "\n";
    if (stats)
        std::cerr << "iterations " << r.iterations << " time " << r.time << " lines " << r.lines
                  << " trace " << (r.trace ? "yes" : "no") << "\n";
    if (timeline && r.trace) {
        const condlab::Trace& t = *r.trace;
        std::cerr << condlab::render_text_timeline(t, 120);
        for (const auto& task : t.tasks())
            std::cerr << "task " << task.id << " " << t.str(task.name) << " created line "
                      << t.line(task.created_where) << "\n";
        for (const auto& obj : t.objects())
            std::cerr << "object " << obj.id << " " << t.object_name(obj.id) << "\n";
        for (const auto& task : t.tasks())
            for (const auto& span : t.spans(task.id))
                if (span.where)
                    std::cerr << "  " << t.str(task.name) << " "
                              << condlab::status_name(span.status) << " line " << t.line(span.where)
                              << " ticks " << span.begin << "-" << span.end << "\n";
        auto snap = t.snapshot_at(static_cast<condlab::StepId>(t.step_count() / 2));
        std::cerr << "snapshot at step " << t.step_count() / 2 << ":\n";
        for (const auto& e : snap)
            std::cerr << "  [" << e.scope << "] " << e.name << " = " << e.repr << "\n";
        std::cerr << "events " << t.events().size() << " steps " << t.step_count() << "\n";
    }
    return condlab::python::exit_status(r);
}
