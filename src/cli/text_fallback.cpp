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
#include <string>
#include <vector>

namespace condlab::cli {

namespace fs = std::filesystem;
using lesson::Outcome;

namespace {

// The lesson text as the window's lesson pane shows it: the docstring (Markdown), without its
// leading `# title` heading (printed just above) and without blank lines at either end.
void print_lesson_text(const std::string& doc, std::ostream& out) {
    std::istringstream in(doc);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    std::size_t first = 0;
    if (!lines.empty() && lines[0].starts_with("# "))
        first = 1;
    auto blank = [](const std::string& s) {
        return s.find_first_not_of(" \t\r") == std::string::npos;
    };
    while (first < lines.size() && blank(lines[first]))
        ++first;
    std::size_t last = lines.size();
    while (last > first && blank(lines[last - 1]))
        --last;
    if (first == last)
        return;
    for (std::size_t i = first; i < last; ++i)
        out << lines[i] << "\n";
    out << "\n";
}

} // namespace

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
    print_lesson_text(l.doc, out);
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
