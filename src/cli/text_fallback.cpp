// The window's text fallback (cli.h print_text_fallback): a lesson printed as text when there
// is no display.
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exports.h"
#include "lesson/check.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"

#include <filesystem>
#include <ostream>
#include <sstream>

namespace condlab::cli {

namespace fs = std::filesystem;
using lesson::Outcome;

int print_text_fallback(const std::string& file, const std::string& lesson_id, bool announce,
                        std::ostream& out, std::ostream& err) {
    std::optional<fs::path> path;
    const std::string& want = file.empty() ? lesson_id : file;
    if (want.empty()) {
        auto dir = lesson::find_lessons_dir();
        if (!dir)
            return no_lessons(err);
        auto files = lesson::lesson_files(*dir);
        if (files.empty()) {
            err << "condlab: no lessons in " << dir->string() << "\n";
            return kExitUsage;
        }
        path = files.front();
    } else {
        path = lesson::resolve_lesson(want);
        if (!path) {
            err << "condlab: " << no_such_program(want) << "\n";
            return kExitUsage;
        }
    }
    if (announce)
        out << "condlab: no display (this build has no window); showing "
            << path->filename().string() << " as text. condlab --help lists the commands.\n";
    lesson::Lesson l;
    try {
        l = lesson::load_lesson(*path);
    } catch (const std::exception& e) {
        err << e.what() << "\n";
        return kExitUsage;
    }
    out << "\n# " << (l.title.empty() ? path->filename().string() : l.title) << "  ("
        << path->string() << ")\n\n";
    lesson::RunResult r = lesson::run(l);
    std::string error;
    std::ostringstream timeline;
    out << "output:\n";
    for (const std::string& line : r.stdout_lines())
        out << "  " << line << "\n";
    if (!r.stderr_text.empty()) {
        out << "stderr:\n";
        std::istringstream es(r.stderr_text);
        for (std::string line; std::getline(es, line);)
            out << "  " << line << "\n";
    }
    out << "\n";
    if (write_timeline(r, timeline, error)) {
        out << timeline.str();
    } else {
        out << "outcome: " << lesson::outcome_name(r.outcome) << "\n";
        if (r.outcome != Outcome::Complete)
            out << r.summary << "\n";
    }
    for (const lesson::Goal& g : l.goals)
        out << "goal: " << g.description
            << (lesson::goal_reached(g, r) ? "  [reached with the default parameters]" : "")
            << "\n";
    if (!l.params.empty()) {
        out << "parameters (condlab run " << path->filename().string() << " --set NAME=VALUE):";
        for (const lesson::Param& p : l.params)
            out << " " << p.name << "=" << p.text;
        out << "\n";
    }
    return kExitComplete;
}

} // namespace condlab::cli
