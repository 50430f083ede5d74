#pragma once
// A lesson file's metadata (lessons/README.md has the format) and parameter overrides.
//
// A lesson is a Python 3.11 program that also runs under plain python3. Its module docstring
// is the lesson text (Markdown, first `# ` heading = title); parameters, goals, compare
// presets and expectations are comments:
//
//   WORK = 2.0  # param: 0..5 step 0.5 | Producer work time (s)
//   # goal: deadlock | Make the two tasks block each other
//   # compare: notify-all: WAKE="notify_all" BATCH=1
//   # expect: notify-all -> output "wasted wake-ups: 3"
//   # expect: notify-all -> metric wasted_wakeups 3
//   # expect: default -> no finding lost_notify
//   # goal: fix complete over WORK | Make it complete for every work time.    (fix_goal.h)
//   # predict: at first notify ask woken | Who wakes?                         (questions.h)
//
// tools/lesson_params.py (the reference harness's helper) reads the part both need with the
// same algorithms: literals, apply_overrides() (the literal's text span is replaced, line
// numbers are kept), parse_assignments(), parse_outcome(), presets and expectations' selectors;
// tests/lesson/test_lesson_format.cpp checks that the two agree on every lesson.
#include "lesson/fix_goal.h"
#include "lesson/python_syntax.h"
#include "lesson/questions.h"
#include "lesson/schedule_goal.h"

#include "python/while_loop.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace condlab::lesson {

/// NAME -> value text (a Python literal), in order; a name appears at most once.
using Overrides = std::vector<std::pair<std::string, std::string>>;

/// Sets (or replaces) one override, keeping the first position of the name (dict semantics).
void set_override(Overrides& overrides, const std::string& name, const std::string& value_text);
/// The value text for `name`, or nullptr.
const std::string* find_override(const Overrides& overrides, const std::string& name);

/// `# param:` spec: `LO..HI [step S]` (int when all numbers are ints), `bool`, or
/// `choice A, B, C` (Python literals).
struct ParamSpec {
    enum class Kind : std::uint8_t { Int, Float, Bool, Choice };
    Kind kind = Kind::Float;
    double lo = 0, hi = 0;
    std::optional<double> step;
    std::vector<LiteralValue> choices;
};

/// One top-level `NAME = <literal>`; `spec` and `label` are set for `# param:` lines.
struct Param {
    std::string name;
    LiteralValue value;
    std::string text; // the literal as written in the file
    std::uint32_t line = 0, col = 0, end_line = 0, end_col = 0; // byte columns
    std::optional<ParamSpec> spec;
    std::string label;
};

/// What a goal or an expectation names. A goal names an outcome (Complete ... Output); an
/// `# expect:` line may also claim a metric's value or whether the trace analysis reports a
/// finding (Metric, Finding, NoFinding), which is how a lesson checks its explanation.
struct ExpectedOutcome {
    enum class Kind : std::uint8_t {
        Complete,
        Deadlock,
        Budget,
        Exception,
        Output,
        Metric,    // `metric NAME VALUE`: metric_value(NAME) of the run equals VALUE
        Finding,   // `finding KIND`: at least one diagnostic of that kind
        NoFinding, // `no finding KIND`: none of that kind
    };
    Kind kind = Kind::Complete;
    std::string exception_type; // Exception: the type name as written (may be dotted)
    std::string line;           // Output: the exact printed line
    std::string metric;         // Metric: a metric name (trace/analysis.h metric_names())
    double value = 0;           // Metric: the expected value
    std::string value_text;     // Metric: the value as written
    /// Metric: VALUE was written as an integer, compared exactly; a float VALUE (`7.8`) is
    /// compared within kMetricTolerance (relative, at least absolute for values below 1).
    bool exact = true;
    std::string finding; // Finding / NoFinding: a diagnostic_kind_name(), e.g. "lost_notify"

    static constexpr double kMetricTolerance = 1e-6;

    /// Complete ... Output: something the run ends in or prints (the only kinds a goal, or
    /// tools/lesson_params.py on the reference harness, can check).
    [[nodiscard]] bool is_outcome() const noexcept {
        return kind != Kind::Metric && kind != Kind::Finding && kind != Kind::NoFinding;
    }
    /// As written in a lesson: `complete`, `exception IndexError`, `output "..."`,
    /// `metric wasted_wakeups 3`, `finding lost_notify`, `no finding lost_notify`.
    [[nodiscard]] std::string describe() const;
};

struct Goal {
    ExpectedOutcome outcome;
    std::string description;
    std::uint32_t line = 0;
};

struct Preset {
    std::string name;
    Overrides overrides;
    std::uint32_t line = 0; // its `# compare:` line (the first, when a name repeats)
};

struct Expectation {
    std::string selector; // "default", a preset name, or NAME=VALUE ...
    ExpectedOutcome outcome;
    std::uint32_t line = 0;
    Overrides overrides; // the selector resolved
};

struct Lesson {
    std::string path;                // as given (shown in tracebacks and messages)
    std::string source;              // universal newlines
    std::string doc;                 // the docstring after inspect.cleandoc (Markdown)
    std::string title;               // first `# ` heading of the docstring (may be empty)
    std::vector<Param> params;       // the `# param:` parameters, in file order
    std::vector<Param> literals;     // every top-level literal assignment (overridable)
    std::vector<Goal> goals;         // outcome goals ("break it" challenges)
    std::vector<FixGoal> fix_goals;  // `# goal: fix ...` (fix_goal.h)
    std::vector<Question> questions; // `# predict:` blocks (questions.h)
    std::vector<Preset> presets;     // `# compare:` in file order (a repeated name replaces)
    std::vector<Expectation> expectations;
    /// `# goal: schedule ...`: event-loop goals (schedule_goal.h).
    std::vector<ScheduleGoal> schedule_goals;
    /// Its `while` loops: which bare wait() calls a predicate loop guards (docs/findings.md).
    std::vector<python::WhileLoop> while_loops;
    /// Malformed metadata lines, `PATH:LINE: message` (lesson_params.py raises on the first).
    std::vector<std::string> errors;

    [[nodiscard]] const Param* find_param(std::string_view name) const;   // `# param:` only
    [[nodiscard]] const Param* find_literal(std::string_view name) const; // any literal
    [[nodiscard]] const Preset* find_preset(std::string_view name) const;
};

/// Parses lesson metadata from a source text. Never throws: problems go to Lesson::errors
/// (a file that is not valid Python still parses; its run reports the SyntaxError).
Lesson parse_lesson_source(std::string source, std::string path);

/// Reads and parses a lesson file. Throws std::runtime_error("PATH: <reason>") when the file
/// cannot be read.
Lesson load_lesson(const std::filesystem::path& path);

/// Reads a whole file as text with universal newlines (like Python's open(..., 'r')).
/// Throws std::runtime_error("PATH: <strerror>").
std::string read_source_file(const std::filesystem::path& path);

/// A --set / compare / expect value problem.
class ParameterError : public std::runtime_error {
  public:
    enum class Kind : std::uint8_t { UnknownName, BadValue };
    ParameterError(Kind kind, std::string name, const std::string& message)
        : std::runtime_error(message), m_kind(kind), m_name(std::move(name)) {}
    [[nodiscard]] Kind kind() const noexcept { return m_kind; }
    [[nodiscard]] const std::string& name() const noexcept { return m_name; }

  private:
    Kind m_kind;
    std::string m_name;
};

/// The value of a one-line Python literal; throws ParameterError(BadValue) with
/// lesson_params.py's message ("not a Python literal: '...'", "value must be on one line: ...").
LiteralValue validate_literal(const std::string& value_text);

/// Replaces the literal of each top-level `NAME = <literal>` with its override (value text,
/// stripped). The line count never changes. Throws ParameterError for an unknown NAME or an
/// invalid value.
std::string apply_overrides(const std::string& source, const Overrides& overrides);

/// `NAME=VALUE NAME=VALUE` -> overrides (values may contain spaces inside quotes or
/// brackets). Throws std::invalid_argument for a malformed NAME=, ParameterError(BadValue)
/// for a value that is not a literal (param_check.h validate_value's message).
Overrides parse_assignments(std::string_view text);

/// Parses a `# param:` spec. Throws std::invalid_argument.
ParamSpec parse_spec(std::string_view spec);

/// Parses `complete` | `deadlock` | `budget` | `exception TYPE` | `output "LINE"`.
/// Throws std::invalid_argument("bad outcome '...'").
ExpectedOutcome parse_outcome(std::string_view text);

/// Parses what an `# expect:` line claims: an outcome (parse_outcome), or
/// `metric NAME VALUE` (NAME a scalar metric name or `<per-task/per-object kind>:<name>`,
/// VALUE a number), `finding KIND` or `no finding KIND` (KIND a diagnostic_kind_name()).
/// Throws std::invalid_argument naming what is wrong (an unknown metric or finding kind
/// lists the known ones).
ExpectedOutcome parse_expected(std::string_view text);

/// Every finding kind an expectation may name (diagnostic_kind_name() of each kind).
std::vector<std::string> finding_kind_names();

/// Python repr() of a str (used in messages, e.g. unknown parameter 'X').
std::string py_repr(std::string_view text);

} // namespace condlab::lesson
