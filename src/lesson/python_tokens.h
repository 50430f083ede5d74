#pragma once
// The tokenizer of the Python reader (python_syntax.h): Python 3.11's tokens as far as
// lesson metadata and syntax colouring need them. Comments and non-logical newlines are
// tokens too; INDENT / DEDENT are not (a logical line carries its indentation column).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::lesson {

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

/// Tokenizes `source` (which must outlive the tokens). Never throws; unterminated strings
/// and stray characters become Error tokens. Ends with an EndMarker. A leading UTF-8 BOM is
/// skipped (columns on line 1 count from after it) and "\r" is whitespace, so a file read
/// as bytes tokenizes like the same file read as text.
std::vector<Token> tokenize(std::string_view source);

/// A logical line of tokens: [first, last) without its Newline; `indent` is the column of
/// its first token. Blank and comment-only lines are not logical lines.
struct LogicalLine {
    std::size_t first = 0, last = 0;
    std::uint32_t indent = 0;
};
std::vector<LogicalLine> logical_lines(const std::vector<Token>& tokens);

bool is_op(const Token& t, std::string_view op);
bool opens(const Token& t);  // ( [ {
bool closes(const Token& t); // ) ] }

/// One of Python 3.11's 35 keywords (keyword.kwlist; soft keywords are names).
bool is_python_keyword(std::string_view word);

/// Python's str.strip() for ASCII whitespace.
std::string_view strip(std::string_view text);

/// Universal newlines as Python's text-mode open() reads a file: "\r\n" and "\r" -> "\n".
std::string normalize_newlines(std::string_view text);

} // namespace condlab::lesson
