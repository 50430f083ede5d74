#include "app/python_tokenizer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace condlab::app {

namespace {

constexpr std::array<std::string_view, 35> keywords{
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

constexpr std::array<std::string_view, 62> builtins{
    "abs",           "all",          "any",          "anext",        "aiter",    "bool",
    "bytes",         "callable",     "chr",          "dict",         "dir",      "divmod",
    "enumerate",     "filter",       "float",        "format",       "getattr",  "globals",
    "hasattr",       "hash",         "id",           "input",        "int",      "isinstance",
    "issubclass",    "iter",         "len",          "list",         "locals",   "map",
    "max",           "min",          "next",         "object",       "open",     "ord",
    "pow",           "print",        "range",        "repr",         "reversed", "round",
    "set",           "setattr",      "sorted",       "str",          "sum",      "super",
    "tuple",         "type",         "vars",         "zip",          "self",     "cls",
    "Exception",     "ValueError",   "RuntimeError", "TimeoutError", "KeyError", "TypeError",
    "StopIteration", "BaseException"};

bool ident_start(unsigned char c) { return std::isalpha(c) != 0 || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c >= 0x80; }

/// Length of a string prefix (r, b, f, u, rb, br, fr, rf; any case) at `i` if a quote
/// follows it, else 0 when a quote is at `i`, else npos.
size_t string_prefix(std::string_view line, size_t i) {
    size_t n = 0;
    while (n < 2 && i + n < line.size()) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i + n])));
        if (c == 'r' || c == 'b' || c == 'f' || c == 'u') {
            ++n;
        } else {
            break;
        }
    }
    if (i + n < line.size() && (line[i + n] == '\'' || line[i + n] == '"')) {
        return n;
    }
    return std::string_view::npos;
}

struct State {
    char triple_quote = 0; ///< inside a triple-quoted string started with this quote char
    bool raw = false;
};

/// Scans a string body from `i` (just past the opening quote(s)); returns the end offset
/// (one past the closing quote) or line.size() when the string continues (triple) or is
/// unterminated (single-quoted: ends at the line end).
size_t scan_string(std::string_view line, size_t i, char quote, bool triple, bool raw,
                   bool& closed) {
    while (i < line.size()) {
        const char c = line[i];
        if (c == '\\' && i + 1 < line.size()) {
            i += 2; // raw strings still can't end with an escaped quote
            continue;
        }
        if (c == quote) {
            if (!triple) {
                closed = true;
                return i + 1;
            }
            if (i + 2 < line.size() && line[i + 1] == quote && line[i + 2] == quote) {
                closed = true;
                return i + 3;
            }
        }
        ++i;
    }
    (void)raw;
    closed = false;
    return line.size();
}

void push(std::vector<Token>& out, TokenKind kind, size_t begin, size_t end) {
    if (end <= begin) {
        return;
    }
    if (!out.empty() && out.back().kind == kind && out.back().end == begin &&
        (kind == TokenKind::text || kind == TokenKind::op)) {
        out.back().end = static_cast<std::uint32_t>(end);
        return;
    }
    out.push_back({kind, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
}

std::vector<Token> tokenize_line(std::string_view line, State& st) {
    std::vector<Token> out;
    size_t i = 0;
    if (st.triple_quote != 0) {
        bool closed = false;
        const size_t end = scan_string(line, 0, st.triple_quote, true, st.raw, closed);
        push(out, TokenKind::string, 0, end);
        if (!closed) {
            return out;
        }
        st.triple_quote = 0;
        i = end;
    }
    bool expect_definition = false;
    bool at_line_start = true; // only whitespace so far (for decorators)
    while (i < line.size()) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c == ' ' || c == '\t' || c == '\r') {
            push(out, TokenKind::text, i, i + 1);
            ++i;
            continue;
        }
        if (c == '#') {
            push(out, TokenKind::comment, i, line.size());
            break;
        }
        const bool was_line_start = at_line_start;
        at_line_start = false;
        if (const size_t pre = string_prefix(line, i); pre != std::string_view::npos) {
            bool raw = false;
            for (size_t k = 0; k < pre; ++k) {
                raw = raw || std::tolower(static_cast<unsigned char>(line[i + k])) == 'r';
            }
            const size_t q = i + pre;
            const char quote = line[q];
            const bool triple = q + 2 < line.size() && line[q + 1] == quote && line[q + 2] == quote;
            bool closed = false;
            const size_t end = scan_string(line, q + (triple ? 3 : 1), quote, triple, raw, closed);
            push(out, TokenKind::string, i, end);
            if (triple && !closed) {
                st.triple_quote = quote;
                st.raw = raw;
            }
            i = end;
            expect_definition = false;
            continue;
        }
        if (ident_start(c)) {
            size_t end = i + 1;
            while (end < line.size() && ident_char(static_cast<unsigned char>(line[end]))) {
                ++end;
            }
            const std::string_view word = line.substr(i, end - i);
            TokenKind kind = TokenKind::text;
            if (expect_definition) {
                kind = TokenKind::definition;
                expect_definition = false;
            } else if (is_python_keyword(word)) {
                kind = TokenKind::keyword;
                expect_definition = word == "def" || word == "class";
            } else if (is_python_builtin(word)) {
                // An attribute (x.print) is not the builtin.
                const bool attribute = i > 0 && line[i - 1] == '.';
                kind = attribute ? TokenKind::text : TokenKind::builtin;
            }
            push(out, kind, i, end);
            i = end;
            continue;
        }
        expect_definition = false;
        if (std::isdigit(c) != 0 || (c == '.' && i + 1 < line.size() &&
                                     std::isdigit(static_cast<unsigned char>(line[i + 1])) != 0)) {
            size_t end = i + 1;
            while (end < line.size()) {
                const auto d = static_cast<unsigned char>(line[end]);
                if (std::isalnum(d) != 0 || d == '_' || d == '.') {
                    ++end;
                } else if ((d == '+' || d == '-') &&
                           (line[end - 1] == 'e' || line[end - 1] == 'E') &&
                           !(line.size() > i + 1 && (line[i + 1] == 'x' || line[i + 1] == 'X'))) {
                    ++end;
                } else {
                    break;
                }
            }
            push(out, TokenKind::number, i, end);
            i = end;
            continue;
        }
        if (c == '@' && was_line_start) {
            size_t end = i + 1;
            while (end < line.size() &&
                   (ident_char(static_cast<unsigned char>(line[end])) || line[end] == '.')) {
                ++end;
            }
            push(out, TokenKind::decorator, i, end);
            i = end;
            continue;
        }
        push(out, TokenKind::op, i, i + 1);
        ++i;
    }
    return out;
}

} // namespace

bool is_python_keyword(std::string_view word) {
    return std::find(keywords.begin(), keywords.end(), word) != keywords.end();
}

bool is_python_builtin(std::string_view word) {
    return std::find(builtins.begin(), builtins.end(), word) != builtins.end();
}

std::vector<std::vector<Token>> tokenize_python(std::string_view source) {
    std::vector<std::vector<Token>> lines;
    State st;
    size_t start = 0;
    while (true) {
        const size_t nl = source.find('\n', start);
        const std::string_view line = source.substr(
            start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        lines.push_back(tokenize_line(line, st));
        if (nl == std::string_view::npos) {
            break;
        }
        start = nl + 1;
    }
    return lines;
}

} // namespace condlab::app
