#pragma once
// Literals of the Python reader (python_syntax.h): the values ast.literal_eval() accepts,
// decoded from STRING / NUMBER tokens and parsed from token ranges, and their repr().
#include "lesson/python_tokens.h"

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

/// One STRING token decoded: prefix, quotes and escapes. `ok` is false on a bad escape.
struct DecodedString {
    bool ok = false;
    bool bytes = false;
    bool fstring = false;
    std::string value;
};
DecodedString decode_string(std::string_view token_text);

/// One NUMBER token as an Int / Float / Complex value (nullopt when CPython rejects it).
std::optional<LiteralValue> parse_number(std::string_view token_text);

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

} // namespace condlab::lesson
