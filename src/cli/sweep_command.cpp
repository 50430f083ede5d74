// `condlab sweep FILE --x NAME=lo:hi:n [--y ...]` (see compare_command.h).
#include "cli/compare_command.h"

#include "cli/cli.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/sweep.h"

#include <algorithm>
#include <fstream>
#include <ostream>
#include <stdexcept>

namespace condlab::cli {

int cmd_sweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string file, x_text, y_text, metric, csv;
    std::vector<std::string> sets;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& s = args[i];
        auto next = [&](std::string& dst) -> bool {
            if (i + 1 >= args.size())
                return false;
            dst = args[++i];
            return true;
        };
        std::string v;
        if (s == "--x") {
            if (!next(x_text))
                return usage_error(err, "--x needs NAME=lo:hi:n");
        } else if (s == "--y") {
            if (!next(y_text))
                return usage_error(err, "--y needs NAME=lo:hi:n");
        } else if (s == "--metric") {
            if (!next(metric))
                return usage_error(err, "--metric needs a metric name");
        } else if (s == "--csv") {
            if (!next(csv))
                return usage_error(err, "--csv needs a file name ('-' for stdout)");
        } else if (s == "--set") {
            if (!next(v))
                return usage_error(err, "--set needs NAME=VALUE");
            sets.push_back(v);
        } else if (s.size() > 1 && s[0] == '-') {
            return usage_error(err, "unknown option " + s + " for sweep");
        } else if (file.empty()) {
            file = s;
        } else {
            return usage_error(err, "sweep takes one FILE (got " + file + " and " + s + ")");
        }
    }
    if (file.empty())
        return usage_error(err, "sweep needs a FILE");
    if (x_text.empty())
        return usage_error(err, "sweep needs --x NAME=lo:hi:n");
    const auto& names = lesson::sweep_metric_names();
    if (!metric.empty() && std::find(names.begin(), names.end(), metric) == names.end()) {
        std::string known;
        for (const auto& n : names)
            known += " " + n;
        return usage_error(err, "unknown metric '" + metric + "' (known:" + known + ")");
    }
    auto path = lesson::resolve_lesson(file);
    if (!path) {
        err << file << ": No such file or directory\n";
        return 2;
    }
    try {
        lesson::Lesson l = lesson::load_lesson(*path);
        lesson::SweepSpec spec;
        spec.x = lesson::parse_sweep_axis(x_text, &l);
        if (!y_text.empty())
            spec.y = lesson::parse_sweep_axis(y_text, &l);
        for (const std::string& s : sets)
            for (const auto& [n, v] : lesson::parse_assignments(s))
                lesson::set_override(spec.base, n, v);
        // Validate the overrides once (a bad value would make every cell a usage error).
        (void)lesson::apply_overrides(l.source, spec.cell_overrides(0, 0));
        lesson::SweepResult r = lesson::run_sweep(l, spec);
        if (!csv.empty()) {
            std::string text = lesson::format_sweep_csv(r);
            if (csv == "-") {
                out << text;
            } else {
                std::ofstream f(csv, std::ios::binary);
                f << text;
                if (!f) {
                    err << "condlab: --csv " << csv << ": cannot write\n";
                    return 2;
                }
                out << "wrote " << r.cells.size() << " cells to " << csv << "\n";
            }
            return 0;
        }
        out << lesson::format_sweep_map(r, metric);
        return 0;
    } catch (const std::exception& e) {
        return usage_error(err, e.what());
    }
}

} // namespace condlab::cli
