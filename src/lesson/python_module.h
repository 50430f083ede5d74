#pragma once
// The module level of the Python reader (python_syntax.h): what a lesson file says before it
// runs. The module docstring and the lesson title, comments, and the top-level literal
// assignments that parameters override.
#include "lesson/python_literal.h"
#include "lesson/python_tokens.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::lesson {

/// One top-level `NAME = <literal>` (or `NAME: annotation = <literal>`).
struct Assignment {
    std::string name;
    LiteralSpan value;
    std::string value_text; // source text of the value span
};

/// Every top-level literal assignment in file order; a name assigned more than once keeps its
/// first literal assignment (like tools/lesson_params.py parse_params).
std::vector<Assignment> find_literal_assignments(std::string_view source,
                                                 const std::vector<Token>& tokens);

/// The module docstring as written: the string literal of the module's first statement
/// (value before inspect.cleandoc, and its span), or nullopt when there is none.
std::optional<LiteralSpan> module_docstring_literal(const std::vector<Token>& tokens);

/// The module docstring after inspect.cleandoc (Python 3.11), or nullopt when the module does
/// not start with a string statement.
std::optional<std::string> module_docstring(const std::vector<Token>& tokens);

/// inspect.cleandoc() of Python 3.11.
std::string cleandoc(std::string_view doc);

/// A lesson's title: the first line of its (cleaned) docstring that starts with `# `, after
/// that marker and stripped, as written (Markdown); "" when there is none. The one rule for
/// titles: Lesson::title, `condlab list` and the window's lesson list all come from here.
std::string docstring_title(std::string_view doc);

/// docstring_title() of a source text's module docstring.
std::string source_title(std::string_view source);

/// Every comment: its line and its text after '#', stripped of surrounding whitespace.
struct Comment {
    std::uint32_t line = 0;
    std::string text;
};
std::vector<Comment> comments(const std::vector<Token>& tokens);

} // namespace condlab::lesson
