#include "app/python_tokenizer.h"

#include <algorithm>
#include <array>

namespace condlab::app {

namespace {

constexpr std::array<std::string_view, 62> kBuiltins{
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

using lesson::TokenKind::Comment;
using lesson::TokenKind::Error;
using lesson::TokenKind::Name;
using lesson::TokenKind::Number;
using lesson::TokenKind::Op;
using lesson::TokenKind::String;

/// Collects coloured byte ranges of the whole source into per-line tokens.
class LineTokens {
  public:
    explicit LineTokens(std::string_view source) : m_src(source) {
        m_starts.push_back(0);
        for (std::size_t i = 0; i < source.size(); ++i)
            if (source[i] == '\n')
                m_starts.push_back(i + 1);
        m_lines.resize(m_starts.size());
    }

    /// Colours [begin, end) of the source; a range over several lines is cut at each '\n'.
    void mark(TokenKind kind, std::size_t begin, std::size_t end) {
        while (begin < end) {
            const std::size_t line = line_of(begin);
            const std::size_t start = m_starts[line];
            const std::size_t line_end =
                line + 1 < m_starts.size() ? m_starts[line + 1] - 1 : m_src.size();
            push(m_lines[line], kind, begin - start, std::min(end, line_end) - start);
            begin = line_end + 1;
        }
    }

    /// Whitespace (and bytes the reader skipped, like a BOM) as text; anything else the
    /// reader passed over (a line-continuation backslash) as an operator.
    void mark_gap(std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const auto c = static_cast<unsigned char>(m_src[i]);
            if (c == '\n')
                continue;
            const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c >= 0x80;
            mark(blank ? TokenKind::Text : TokenKind::Op, i, i + 1);
        }
    }

    std::vector<std::vector<Token>> take() { return std::move(m_lines); }

  private:
    [[nodiscard]] std::size_t line_of(std::size_t offset) const {
        return static_cast<std::size_t>(std::upper_bound(m_starts.begin(), m_starts.end(), offset) -
                                        m_starts.begin() - 1);
    }

    static void push(std::vector<Token>& out, TokenKind kind, std::size_t begin, std::size_t end) {
        if (end <= begin)
            return;
        if (!out.empty() && out.back().kind == kind && out.back().end == begin &&
            (kind == TokenKind::Text || kind == TokenKind::Op)) {
            out.back().end = static_cast<std::uint32_t>(end);
            return;
        }
        out.push_back({kind, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
    }

    std::string_view m_src;
    std::vector<std::size_t> m_starts; ///< byte offset of each line
    std::vector<std::vector<Token>> m_lines;
};

/// Only blanks between the start of the line and `offset`.
bool first_on_line(std::string_view source, std::size_t offset) {
    while (offset > 0 && source[offset - 1] != '\n') {
        const char c = source[--offset];
        if (c != ' ' && c != '\t' && c != '\f' && c != '\r')
            return false;
    }
    return true;
}

/// The end of a decorator starting at the '@' token `i`: the dotted name right after it.
std::size_t decorator_end(const std::vector<lesson::Token>& tokens, std::size_t& i) {
    std::size_t end = tokens[i].end;
    while (i + 1 < tokens.size() && tokens[i + 1].begin == end &&
           (tokens[i + 1].kind == Name || lesson::is_op(tokens[i + 1], "."))) {
        end = tokens[++i].end;
    }
    return end;
}

TokenKind name_kind(std::string_view source, const lesson::Token& t, bool& expect_definition) {
    if (expect_definition) {
        expect_definition = false;
        return TokenKind::Definition;
    }
    if (lesson::is_python_keyword(t.text)) {
        expect_definition = t.text == "def" || t.text == "class";
        return TokenKind::Keyword;
    }
    // An attribute (x.print) is not the builtin.
    const bool attribute = t.begin > 0 && source[t.begin - 1] == '.';
    return is_python_builtin(t.text) && !attribute ? TokenKind::Builtin : TokenKind::Text;
}

} // namespace

bool is_python_builtin(std::string_view word) {
    return std::find(kBuiltins.begin(), kBuiltins.end(), word) != kBuiltins.end();
}

std::vector<std::vector<Token>> highlight_python(std::string_view source,
                                                 const std::vector<lesson::Token>& tokens) {
    LineTokens lines(source);
    std::size_t pos = 0;
    bool expect_definition = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const lesson::Token& t = tokens[i];
        if (t.begin == t.end || t.kind == lesson::TokenKind::Newline ||
            t.kind == lesson::TokenKind::Nl) {
            continue;
        }
        lines.mark_gap(pos, t.begin);
        std::size_t end = t.end;
        TokenKind kind = TokenKind::Op;
        if (t.kind == Name) {
            kind = name_kind(source, t, expect_definition);
        } else if (t.kind == Comment) {
            kind = TokenKind::Comment;
        } else {
            expect_definition = false;
            if (t.kind == String ||
                (t.kind == Error && t.text.find_first_of("'\"") != std::string_view::npos)) {
                kind = TokenKind::String; // an unterminated string too
            } else if (t.kind == Number) {
                kind = TokenKind::Number;
            } else if (t.kind == Op && t.text == "@" && first_on_line(source, t.begin)) {
                kind = TokenKind::Decorator;
                end = decorator_end(tokens, i);
            }
        }
        lines.mark(kind, t.begin, end);
        pos = end;
    }
    lines.mark_gap(pos, source.size());
    return lines.take();
}

std::vector<std::vector<Token>> tokenize_python(std::string_view source) {
    return highlight_python(source, lesson::tokenize(source));
}

} // namespace condlab::app
