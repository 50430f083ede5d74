#pragma once
// Parameter values against what a lesson declares: `--set` / compare / sweep overrides
// before a run, and the lesson's own metadata (`condlab check`).
//
// A value of the wrong kind (a string for a number, 1.5 for a bool) is an error: the program
// would fail later with a Python TypeError far from the cause. A number outside the declared
// `# param:` range, or a value that is not one of its choices, is a warning: the program may
// still run, but the lesson was not written for it.
#include "lesson/lesson.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::lesson {

struct ValueProblem {
    bool error = false; // the wrong kind of value (else: outside the declared range)
    /// An error: "expects a number (0..5), got the string 'abc'" (the caller names the
    /// parameter); a warning: "PRODUCER_DELAY=99 is outside its declared range 0..5".
    std::string message;
};

/// What is wrong with `value` (written `value_text`) for `param`, if anything.
std::optional<ValueProblem> value_problem(const Param& param, const LiteralValue& value,
                                          const std::string& value_text);

/// A word a shell passes unquoted and Python does not read as a literal: [A-Za-z0-9_-]+, as
/// `--set WAKE=notify_all` (a string without its quotes).
bool is_bare_word(std::string_view text);

/// validate_literal() of NAME's value, as every override reads it (`--set`, compare's
/// `--a` / `--b`, presets): throws ParameterError(BadValue, NAME, message); for a bare word the
/// message says that strings need Python quotes: "not a Python literal: 'notify_all'; a string
/// needs Python quotes: WAKE="notify_all" (in a shell: 'WAKE="notify_all"')".
LiteralValue validate_value(const std::string& name, const std::string& value_text);

/// Checks overrides before a run. Throws ParameterError: UnknownName (listing the lesson's
/// parameters), BadValue for a text that is not a Python literal (with a hint when it is a
/// bare word: strings need quotes) or a value of the wrong kind. Returns the warnings
/// ("NAME=V is outside its declared range LO..HI").
std::vector<std::string> check_overrides(const Lesson& lesson, const Overrides& overrides);

/// "known: A, B, C" for messages: the `# param:` names, or every top-level literal when the
/// lesson declares none.
std::string known_parameters_text(const Lesson& lesson);

/// Metadata that works but does not do what it seems to, "PATH:LINE: message": a `# param:`
/// NAME assigned again later at top level (a `--set NAME`, a preset or the window changes the
/// first assignment; the later one replaces the value).
std::vector<std::string> metadata_warnings(const Lesson& lesson);

/// Broken metadata, "PATH:LINE: message": reversed ranges and steps that are not > 0, a
/// default of the wrong kind or outside its range, presets with values of the wrong kind or
/// outside the range.
std::vector<std::string> metadata_problems(const Lesson& lesson);

} // namespace condlab::lesson
