// The tokenizer of the Python reader (python_tokens.h).
//
// Index:
// [SECTION] Tokenizer
// [SECTION] Token helpers (logical lines, brackets, keywords)
// [SECTION] Text helpers (strip, universal newlines)
#include "lesson/python_tokens.h"

#include <array>
#include <cctype>
#include <cstring>
#include <unordered_set>

namespace condlab::lesson {

// ---------------------------------------------------------------------------
// [SECTION] Tokenizer
// ---------------------------------------------------------------------------

namespace {

bool is_ident_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_string_prefix(std::string_view p) {
    if (p.size() > 2)
        return false;
    std::string lower;
    for (char c : p)
        lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    static const std::array<std::string_view, 11> prefixes = {"r",  "u",  "b", "f", "br", "rb",
                                                              "fr", "rf", "",  "",  ""};
    for (std::string_view q : prefixes)
        if (!q.empty() && q == lower)
            return true;
    return false;
}

class Tokenizer {
  public:
    explicit Tokenizer(std::string_view src) : m_src(src) {
        if (m_src.starts_with("\xEF\xBB\xBF")) // a UTF-8 BOM, as CPython's tokenizer skips it
            m_pos = m_line_begin = 3;
    }

    std::vector<Token> run() {
        bool line_start = true;    // at the start of a logical line's physical line
        bool line_content = false; // the current logical line has a token
        while (m_pos < m_src.size()) {
            char c = m_src[m_pos];
            if (line_start) {
                // indentation, blank lines and comment-only lines
                while (m_pos < m_src.size() && is_blank(m_src[m_pos]))
                    ++m_pos;
                if (m_pos >= m_src.size())
                    break;
                c = m_src[m_pos];
                if (c == '#') {
                    comment();
                    continue;
                }
                if (c == '\n') {
                    emit(TokenKind::Nl, m_pos, m_pos + 1);
                    newline();
                    continue;
                }
                if (const std::size_t n = continuation(m_pos)) {
                    m_pos += n;
                    newline_at(m_pos);
                    continue;
                }
                line_start = false;
            }
            if (is_blank(c)) {
                ++m_pos;
            } else if (c == '\\') {
                if (const std::size_t n = continuation(m_pos)) {
                    m_pos += n;
                    newline_at(m_pos);
                } else {
                    emit(TokenKind::Error, m_pos, m_pos + 1);
                    ++m_pos;
                }
            } else if (c == '\n') {
                bool logical = m_depth == 0 && line_content;
                emit(logical ? TokenKind::Newline : TokenKind::Nl, m_pos, m_pos + 1);
                newline();
                if (m_depth == 0) {
                    line_start = true;
                    line_content = false;
                }
            } else if (c == '#') {
                comment();
            } else {
                line_content = true;
                token();
            }
        }
        if (line_content)
            emit(TokenKind::Newline, m_pos, m_pos);
        emit(TokenKind::EndMarker, m_pos, m_pos);
        return std::move(m_tokens);
    }

  private:
    // "\r" is blank so that "\r\n" line ends tokenize like "\n" (lessons are read with
    // universal newlines; the window shows files as they are).
    static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\r'; }

    // The length of a line continuation (a backslash before "\n" or "\r\n") at `pos`, else 0.
    [[nodiscard]] std::size_t continuation(std::size_t pos) const {
        if (m_src.substr(pos, 2) == "\\\n")
            return 2;
        return m_src.substr(pos, 3) == "\\\r\n" ? 3 : 0;
    }

    void newline() {
        ++m_pos;
        newline_at(m_pos);
    }
    void newline_at(std::size_t next_line_start) {
        ++m_line;
        m_line_begin = next_line_start;
    }

    void emit(TokenKind kind, std::size_t begin, std::size_t end) {
        Token t;
        t.kind = kind;
        t.begin = static_cast<std::uint32_t>(begin);
        t.end = static_cast<std::uint32_t>(end);
        t.line = m_tok_line ? m_tok_line : m_line;
        t.col = static_cast<std::uint32_t>(begin - (m_tok_line ? m_tok_line_begin : m_line_begin));
        t.end_line = m_line;
        t.end_col = static_cast<std::uint32_t>(end - m_line_begin);
        t.text = m_src.substr(begin, end - begin);
        m_tokens.push_back(t);
        m_tok_line = 0;
    }

    void comment() {
        std::size_t b = m_pos;
        while (m_pos < m_src.size() && m_src[m_pos] != '\n')
            ++m_pos;
        emit(TokenKind::Comment, b, m_pos);
    }

    void token() {
        const std::size_t b = m_pos;
        const char c = m_src[m_pos];
        const auto uc = static_cast<unsigned char>(c);
        if (is_ident_start(uc)) {
            while (m_pos < m_src.size() && is_ident_char(static_cast<unsigned char>(m_src[m_pos])))
                ++m_pos;
            if (m_pos < m_src.size() && (m_src[m_pos] == '\'' || m_src[m_pos] == '"') &&
                is_string_prefix(m_src.substr(b, m_pos - b))) {
                string(b);
                return;
            }
            emit(TokenKind::Name, b, m_pos);
            return;
        }
        if (is_digit(c) || (c == '.' && m_pos + 1 < m_src.size() && is_digit(m_src[m_pos + 1]))) {
            number();
            emit(TokenKind::Number, b, m_pos);
            return;
        }
        if (c == '\'' || c == '"') {
            string(b);
            return;
        }
        static const std::array<std::string_view, 3> three = {"...", "**=", "//="};
        static const std::array<std::string_view, 4> three_b = {">>=", "<<=", "!=", "->"};
        static const std::array<std::string_view, 18> two = {"**", "//", "==", "<=", ">=", "<<",
                                                             ">>", ":=", "+=", "-=", "*=", "/=",
                                                             "%=", "&=", "|=", "^=", "@=", "<>"};
        std::string_view rest = m_src.substr(m_pos);
        for (auto op : three)
            if (rest.substr(0, 3) == op) {
                m_pos += 3;
                emit(TokenKind::Op, b, m_pos);
                return;
            }
        for (auto op : three_b)
            if (rest.substr(0, op.size()) == op) {
                m_pos += op.size();
                emit(TokenKind::Op, b, m_pos);
                return;
            }
        for (auto op : two)
            if (rest.substr(0, 2) == op) {
                m_pos += 2;
                emit(TokenKind::Op, b, m_pos);
                return;
            }
        if (std::strchr("()[]{}", c) != nullptr && c != '\0') {
            if (c == '(' || c == '[' || c == '{')
                ++m_depth;
            else if (m_depth > 0)
                --m_depth;
            ++m_pos;
            emit(TokenKind::Op, b, m_pos);
            return;
        }
        if (std::strchr("+-*/%@&|^~<>=.,:;!", c) != nullptr && c != '\0') {
            ++m_pos;
            emit(TokenKind::Op, b, m_pos);
            return;
        }
        ++m_pos;
        emit(TokenKind::Error, b, m_pos);
    }

    void number() {
        auto at = [&](std::size_t i) { return i < m_src.size() ? m_src[i] : '\0'; };
        if (at(m_pos) == '0' && std::strchr("xXoObB", at(m_pos + 1)) != nullptr &&
            at(m_pos + 1) != '\0') {
            m_pos += 2;
            while (std::isxdigit(static_cast<unsigned char>(at(m_pos))) || at(m_pos) == '_')
                ++m_pos;
            return;
        }
        while (is_digit(at(m_pos)) || at(m_pos) == '_')
            ++m_pos;
        if (at(m_pos) == '.') {
            ++m_pos;
            while (is_digit(at(m_pos)) || at(m_pos) == '_')
                ++m_pos;
        }
        if ((at(m_pos) == 'e' || at(m_pos) == 'E') &&
            (is_digit(at(m_pos + 1)) ||
             ((at(m_pos + 1) == '+' || at(m_pos + 1) == '-') && is_digit(at(m_pos + 2))))) {
            m_pos += 2;
            while (is_digit(at(m_pos)) || at(m_pos) == '_')
                ++m_pos;
        }
        if (at(m_pos) == 'j' || at(m_pos) == 'J')
            ++m_pos;
    }

    // m_pos is at the opening quote; `b` is where the prefix starts.
    void string(std::size_t b) {
        m_tok_line = m_line;
        m_tok_line_begin = m_line_begin;
        const char q = m_src[m_pos];
        const bool triple =
            m_pos + 2 < m_src.size() && m_src[m_pos + 1] == q && m_src[m_pos + 2] == q;
        m_pos += triple ? 3 : 1;
        while (m_pos < m_src.size()) {
            char c = m_src[m_pos];
            if (c == '\\') {
                if (const std::size_t n = continuation(m_pos)) {
                    m_pos += n;
                    newline_at(m_pos);
                } else {
                    m_pos += 2;
                }
                continue;
            }
            if (c == '\n') {
                if (!triple) {
                    emit(TokenKind::Error, b, m_pos); // unterminated string literal
                    return;
                }
                newline();
                continue;
            }
            if (c == q) {
                if (!triple) {
                    ++m_pos;
                    emit(TokenKind::String, b, m_pos);
                    return;
                }
                if (m_pos + 2 < m_src.size() && m_src[m_pos + 1] == q && m_src[m_pos + 2] == q) {
                    m_pos += 3;
                    emit(TokenKind::String, b, m_pos);
                    return;
                }
            }
            ++m_pos;
        }
        if (m_pos > m_src.size())
            m_pos = m_src.size();
        emit(TokenKind::Error, b, m_pos); // unterminated (triple-quoted) string
    }

    std::string_view m_src;
    std::size_t m_pos = 0;
    std::uint32_t m_line = 1;
    std::size_t m_line_begin = 0;
    std::uint32_t m_tok_line = 0; // start line of a multi-line token being scanned
    std::size_t m_tok_line_begin = 0;
    int m_depth = 0;
    std::vector<Token> m_tokens;
};

} // namespace

std::vector<Token> tokenize(std::string_view source) { return Tokenizer(source).run(); }

// ---------------------------------------------------------------------------
// [SECTION] Token helpers (logical lines, brackets, keywords)
// ---------------------------------------------------------------------------

bool is_op(const Token& t, std::string_view op) { return t.kind == TokenKind::Op && t.text == op; }
bool opens(const Token& t) {
    return t.kind == TokenKind::Op && (t.text == "(" || t.text == "[" || t.text == "{");
}
bool closes(const Token& t) {
    return t.kind == TokenKind::Op && (t.text == ")" || t.text == "]" || t.text == "}");
}

std::vector<LogicalLine> logical_lines(const std::vector<Token>& tokens) {
    std::vector<LogicalLine> out;
    std::size_t i = 0;
    const std::size_t n = tokens.size();
    while (i < n) {
        while (i < n && (tokens[i].kind == TokenKind::Nl || tokens[i].kind == TokenKind::Comment ||
                         tokens[i].kind == TokenKind::Newline))
            ++i;
        if (i >= n || tokens[i].kind == TokenKind::EndMarker)
            break;
        std::size_t end = i;
        while (end < n && tokens[end].kind != TokenKind::Newline &&
               tokens[end].kind != TokenKind::EndMarker)
            ++end;
        out.push_back({i, end, tokens[i].col});
        i = end + 1;
    }
    return out;
}

bool is_python_keyword(std::string_view word) {
    static const std::unordered_set<std::string_view> kw = {
        "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
        "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
        "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
        "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
    return kw.count(word) != 0;
}

// ---------------------------------------------------------------------------
// [SECTION] Text helpers (strip, universal newlines)
// ---------------------------------------------------------------------------

std::string_view strip(std::string_view text) {
    auto ws = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!text.empty() && ws(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && ws(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string normalize_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else {
            out += c;
        }
    }
    return out;
}
} // namespace condlab::lesson
