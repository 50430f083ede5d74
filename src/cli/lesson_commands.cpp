// `condlab list` and `condlab check [-v] [FILE]...` (expectations, questions, fix goals:
// lesson/check.h).
#include "cli/cli.h"
#include "cli/commands.h"
#include "lesson/check.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/param_check.h"
#include "lesson/runner.h"

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace condlab::cli {

namespace {

namespace fs = std::filesystem;

/// `check`'s status when an expectation, question or fix goal fails (its own, not a run's).
constexpr int kCheckFailed = 1;

// `text` in exactly `width` columns (one per UTF-8 code point): padded, or cut with "…".
std::string fit(const std::string& text, std::size_t width) {
    std::vector<std::size_t> starts; // byte offset of each code point
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            starts.push_back(i);
    if (starts.size() <= width)
        return text + std::string(width - starts.size(), ' ');
    return text.substr(0, starts[width - 1]) + "\u2026";
}

int list_command(const Io& io) {
    auto dir = lesson::find_lessons_dir();
    if (!dir)
        return no_lessons(io.err);
    for (const fs::path& f : lesson::lesson_files(*dir)) {
        std::string stem = f.stem().string();
        std::string number = stem.substr(0, stem.find('_'));
        std::string title;
        try {
            title = lesson::load_lesson(f).title;
        } catch (const std::exception& e) {
            title = std::string("(unreadable: ") + e.what() + ")";
        }
        if (title.empty())
            title = "(no title)";
        // A long title is cut so that the file names stay in one column.
        constexpr std::size_t kTitleColumns = 48;
        io.out << number << std::string(number.size() < 3 ? 4 - number.size() : 1, ' ')
               << fit(title, kTitleColumns) << " " << f.filename().string() << "\n";
    }
    return kExitComplete;
}

// A program that does not compile: "PATH:LINE: SyntaxError: MESSAGE" (CPython's compiler
// decides, through one run that stops after its first loop iteration).
std::optional<std::string> syntax_problem(const lesson::Lesson& l) {
    lesson::RunOptions probe;
    probe.line_trace = false;
    probe.record_trace = false;
    probe.analyze = false;
    probe.max_iterations = 1;
    probe.max_wall_seconds = 2.0;
    const lesson::RunResult r = lesson::run(l, {}, probe);
    if (r.outcome != lesson::Outcome::SyntaxError)
        return std::nullopt;
    return l.path + ":" + std::to_string(r.error_line) + ": " + r.exception_type + ": " +
           r.exception_message;
}

// Metadata problems and syntax errors: each a FAIL line; the expectations are not run.
lesson::LessonCheck check_one(const fs::path& file, bool verbose) {
    lesson::LessonCheck c;
    lesson::Lesson l;
    try {
        l = lesson::load_lesson(file);
    } catch (const std::exception& e) {
        c.failed = 1;
        c.messages.push_back(std::string("FAIL ") + e.what());
        return c;
    }
    std::vector<std::string> warnings;
    for (std::string& w : lesson::metadata_warnings(l))
        warnings.push_back("WARN " + w);
    std::vector<std::string> problems = l.errors;
    for (std::string& p : lesson::metadata_problems(l))
        problems.push_back(std::move(p));
    if (auto syntax = syntax_problem(l))
        problems.insert(problems.begin(), *syntax);
    if (problems.empty()) {
        c = lesson::check_lesson(l, verbose);
        c.messages.insert(c.messages.begin(), warnings.begin(), warnings.end());
        return c;
    }
    c.failed = 1;
    c.messages = warnings;
    for (const std::string& p : problems)
        c.messages.push_back("FAIL " + p);
    return c;
}

struct CheckArgs {
    bool verbose = false;
    std::vector<std::string> files;
};

int check_command(const CheckArgs& a, const Io& io) {
    std::vector<fs::path> files;
    for (const std::string& name : a.files) {
        auto path = find_program(name, io.err);
        if (!path)
            return kExitUsage;
        files.push_back(*path);
    }
    if (files.empty()) {
        auto dir = lesson::find_lessons_dir();
        if (!dir)
            return no_lessons(io.err);
        files = lesson::lesson_files(*dir);
    }
    int passed = 0, failed = 0;
    for (const fs::path& f : files) {
        const lesson::LessonCheck c = check_one(f, a.verbose);
        passed += c.passed;
        failed += c.failed;
        for (const std::string& m : c.messages)
            io.out << m << "\n";
        io.out.flush();
    }
    io.out << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? kExitComplete : kCheckFailed;
}

} // namespace

Command add_list_command(CLI::App& top, const Io& io) {
    CLI::App* list = top.add_subcommand("list", "list the lessons with their titles");
    return Command{list, [io] { return list_command(io); }};
}

Command add_check_command(CLI::App& top, const Io& io) {
    auto a = std::make_shared<CheckArgs>();
    CLI::App* check =
        top.add_subcommand("check", "check lessons: metadata, syntax, every '# expect:', every "
                                    "'# predict:' question and every fix goal");
    check->add_option("FILE", a->files, "lessons or programs to check (default: every lesson)")
        ->type_name("");
    check->add_flag("-v,--verbose", a->verbose, "also print the expectations that hold");
    check->footer(
        "\nA WARN line (metadata that may not do what it seems) does not fail the check.\n"
        "Exit status: 0 when everything holds, 1 otherwise, 2 for a usage error.");
    return Command{check, [a, io] { return check_command(*a, io); }};
}

} // namespace condlab::cli
