// `condlab sweep FILE --x NAME=lo:hi:n [--y NAME=lo:hi:n] ...`: the outcome map as text.
#include "cli/cli.h"
#include "cli/commands.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/sweep.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <ostream>
#include <stdexcept>

namespace condlab::cli {

namespace {

struct SweepArgs {
    std::string file, x_text, y_text, metric, csv;
    std::vector<std::string> sets;
};

/// "sweep: 37/400 cells" on a terminal: after the first cell, then at most every 100 ms;
/// erased at the end.
class Progress {
  public:
    Progress(std::ostream& err, bool shown, std::size_t total)
        : m_err(err), m_shown(shown), m_total(total) {}
    ~Progress() {
        if (m_printed)
            m_err << "\r\033[K" << std::flush;
    }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void cell_done() {
        ++m_done;
        const auto now = std::chrono::steady_clock::now();
        if (!m_shown || now - m_last < std::chrono::milliseconds(100))
            return;
        m_last = now;
        m_printed = true;
        m_err << "\rsweep: " << m_done << "/" << m_total << " cells" << std::flush;
    }

  private:
    std::ostream& m_err;
    bool m_shown = false;
    std::size_t m_total = 0, m_done = 0;
    bool m_printed = false;
    std::chrono::steady_clock::time_point m_last{}; // long ago: the first cell shows
};

int write_csv(const SweepArgs& a, const lesson::SweepResult& r, const Io& io) {
    std::string text = lesson::format_sweep_csv(r);
    if (a.csv == "-") {
        io.out << text;
        return kExitComplete;
    }
    std::ofstream f(a.csv, std::ios::binary);
    f << text;
    if (!f) {
        io.err << "condlab: --csv " << a.csv << ": cannot write\n";
        return kExitUsage;
    }
    io.out << "wrote " << r.cells.size() << " cells to " << a.csv << "\n";
    return kExitComplete;
}

// An axis; its errors name the option: "--x: a sweep axis needs lo < hi ...".
lesson::SweepAxis parse_axis(const std::string& option, const std::string& text,
                             const lesson::Lesson& l) {
    try {
        return lesson::parse_sweep_axis(text, &l);
    } catch (const std::exception& e) {
        throw std::invalid_argument(option + ": " + e.what());
    }
}

int sweep_command(const SweepArgs& a, const Io& io) {
    auto path = find_program(a.file, io.err);
    if (!path)
        return kExitUsage;
    try {
        lesson::Lesson l = lesson::load_lesson(*path);
        lesson::SweepSpec spec;
        spec.x = parse_axis("--x", a.x_text, l);
        if (!a.y_text.empty())
            spec.y = parse_axis("--y", a.y_text, l);
        if (spec.y && spec.y->name == spec.x.name)
            return usage_error(io.err, "--x and --y sweep the same parameter " + spec.x.name,
                               "sweep");
        if (std::string e = add_overrides(a.sets, spec.base); !e.empty())
            return usage_error(io.err, e, "sweep");
        // Checked once (a bad value would make every cell a usage error).
        if (!check_values(l, spec.base, "--set", "sweep", io.err))
            return kExitUsage;
        auto warn_swept = [&](const char* option, const lesson::SweepAxis& axis) {
            if (lesson::find_override(spec.base, axis.name) != nullptr)
                io.err << "condlab: warning: --set " << axis.name << " has no effect: " << option
                       << " sweeps " << axis.name << "\n";
        };
        warn_swept("--x", spec.x);
        if (spec.y)
            warn_swept("--y", *spec.y);
        (void)lesson::apply_overrides(l.source, spec.cell_overrides(0, 0));
        Progress progress(io.err, io.err_is_terminal, spec.cell_count());
        lesson::SweepResult r =
            lesson::run_sweep(l, spec, lesson::sweep_run_options(), nullptr, {},
                              [&](const lesson::SweepCell&) { progress.cell_done(); });
        if (!a.csv.empty())
            return write_csv(a, r, io);
        io.out << lesson::format_sweep_map(r, a.metric);
        return kExitComplete;
    } catch (const std::exception& e) {
        return usage_error(io.err, e.what(), "sweep");
    }
}

std::string check_metric(const std::string& metric) {
    const auto& names = lesson::sweep_metric_names();
    if (std::find(names.begin(), names.end(), metric) != names.end())
        return "";
    std::string known;
    for (const auto& n : names)
        known += " " + n;
    return "unknown metric '" + metric + "' (known:" + known + ")";
}

} // namespace

Command add_sweep_command(CLI::App& top, const Io& io) {
    auto a = std::make_shared<SweepArgs>();
    CLI::App* cmd =
        top.add_subcommand("sweep", "run a grid of parameter values and print the outcome map");
    cmd->footer("\nRuns the grid (line tracing off) and prints a map: one glyph per outcome\n"
                "(. complete, D deadlock, E exception, B budget), or with --metric the metric's\n"
                "value in buckets 0-9. Metrics: finish_time iterations wakeups wasted_wakeups\n"
                "lost_notifies lock_wait_time max_waiters (and the other run metrics).\n"
                "A progress line shows on stderr when it is a terminal.\n"
                "Exit status 0, or 2 for a usage error.");
    add_file_option(*cmd, a->file);
    cmd->add_option("--x", a->x_text, "the parameter of the columns: n values from lo to hi")
        ->type_name("NAME=lo:hi:n")
        ->required();
    cmd->add_option("--y", a->y_text, "the parameter of the rows")->type_name("NAME=lo:hi:n");
    add_set_option(*cmd, a->sets, "another parameter's value for every cell (repeatable)");
    cmd->add_option("--metric", a->metric, "map this metric (below) instead of the outcome")
        ->type_name("M")
        ->check(check_metric);
    cmd->add_option("--csv", a->csv, "write every cell as CSV to OUT ('-' for stdout)")
        ->type_name("OUT");
    return Command{cmd, [a, io] { return sweep_command(*a, io); }};
}

} // namespace condlab::cli
