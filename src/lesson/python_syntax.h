#pragma once
// Just enough Python 3.11 syntax for lesson metadata, without an interpreter:
// a tokenizer (strings, comments, brackets, continuation lines), ast.literal_eval() over
// tokens, the module docstring (inspect.cleandoc) and the top-level `NAME = <literal>`
// assignments. tools/lesson_params.py is the reference (it uses the ast module); the results
// are the same for every valid program. On an invalid program nothing here throws: the
// scanner finds what it can, and the run reports the SyntaxError (python/).
//
// Positions are 1-based lines and 0-based *byte* columns / offsets into the source.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::lesson {

/// A value that ast.literal_eval() accepts: constants and containers of them.
struct LiteralValue {
    enum class Kind : std::uint8_t {
        None,
        Bool,
        Int,
        Float,
        Complex,
        Str,
        Bytes,
        Ellipsis,
        Tuple,
        List,
        Set,
        Dict
    };
    Kind kind = Kind::None;
    bool boolean = false;
    /// Int: the value when it fits (`big` is set otherwise and `text` holds the digits).
    std::int64_t integer = 0;
    bool big = false;
    /// Float: the value; Complex: real + imag; Int: the value as a double.
    double real = 0, imag = 0;
    /// Str / Bytes: the decoded contents (UTF-8; bytes as raw bytes). Big Int: decimal digits.
    std::string text;
    /// Tuple / List / Set: the elements; Dict: key, value, key, value, ...
    std::vector<LiteralValue> items;

    [[nodiscard]] bool is_number() const noexcept {
        return kind == Kind::Int || kind == Kind::Float;
    }
    /// Int or Float as a double (0 for anything else).
    [[nodiscard]] double number() const noexcept;
    /// Python's repr() of the value (what `--set NAME=<repr>` would need).
    [[nodiscard]] std::string repr() const;
    /// Python's == between literal values (1 == 1.0 == True, containers element-wise).
    friend bool operator==(const LiteralValue& a, const LiteralValue& b);
};

/// Python's repr() of a float (shortest round-trip digits: 0.5, 2.0, 1e+16, inf, nan).
std::string python_float_repr(double value);

enum class TokenKind : std::uint8_t {
    Name,
    Number,
    String,
    Op,
    Comment,
    Newline, // end of a logical line
    Nl,      // a newline that does not end a logical line (blank line, inside brackets)
    Error,   // a character or string that does not tokenize (unterminated string, ...)
    EndMarker
};

struct Token {
    TokenKind kind = TokenKind::EndMarker;
    std::uint32_t begin = 0, end = 0; // byte offsets into the source
    std::uint32_t line = 1, col = 0;  // start: 1-based line, 0-based byte column
    std::uint32_t end_line = 1, end_col = 0;
    std::string_view text; // source[begin, end)
};

/// A logical line of tokens: [first, last) without its Newline; `indent` is the column of
/// its first token. Blank and comment-only lines are not logical lines.
struct LogicalLine {
    std::size_t first = 0, last = 0;
    std::uint32_t indent = 0;
};
std::vector<LogicalLine> logical_lines(const std::vector<Token>& tokens);

/// Tokenizes `source` (which must outlive the tokens). Never throws; unterminated strings
/// and stray characters become Error tokens. Ends with an EndMarker.
std::vector<Token> tokenize(std::string_view source);

bool is_op(const Token& t, std::string_view op);
bool opens(const Token& t);  // ( [ {
bool closes(const Token& t); // ) ] }

/// ast.literal_eval(text): the value, or nullopt when `text` is not a Python literal.
std::optional<LiteralValue> literal_eval(std::string_view text);

/// A literal parsed from tokens: its value and the span ast gives the value node
/// (parentheses around a non-tuple are outside the span, as in CPython's ast).
struct LiteralSpan {
    LiteralValue value;
    std::uint32_t begin = 0, end = 0; // byte offsets
    std::uint32_t line = 1, col = 0, end_line = 1, end_col = 0;
};

/// Parses tokens[first, last) as one literal expression (a bare `1, 2` is a tuple).
std::optional<LiteralSpan> parse_literal_tokens(const std::vector<Token>& tokens, std::size_t first,
                                                std::size_t last);

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

/// The module docstring after inspect.cleandoc (Python 3.11), or nullopt when the module does
/// not start with a string statement.
std::optional<std::string> module_docstring(const std::vector<Token>& tokens);

/// inspect.cleandoc() of Python 3.11.
std::string cleandoc(std::string_view doc);

/// Every comment: its line and its text after '#', stripped of surrounding whitespace.
struct Comment {
    std::uint32_t line = 0;
    std::string text;
};
std::vector<Comment> comments(const std::vector<Token>& tokens);

/// Python's str.strip() for ASCII whitespace.
std::string_view strip(std::string_view text);

/// Universal newlines as Python's text-mode open() reads a file: "\r\n" and "\r" -> "\n".
std::string normalize_newlines(std::string_view text);

} // namespace condlab::lesson
