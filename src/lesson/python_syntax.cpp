// Python 3.11 tokenizer subset, ast.literal_eval over tokens, docstrings and top-level literal
// assignments. See python_syntax.h; tools/lesson_params.py is the reference behaviour.
//
// Index:
// [SECTION] Values and repr
// [SECTION] Tokenizer
// [SECTION] String and number literals
// [SECTION] Literal expressions (ast.literal_eval)
// [SECTION] Module structure (assignments, docstring, comments)
#include "lesson/python_syntax.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_set>

namespace condlab::lesson {

// ---------------------------------------------------------------------------
// [SECTION] Values and repr
// ---------------------------------------------------------------------------

double LiteralValue::number() const noexcept {
    switch (kind) {
    case Kind::Int:
    case Kind::Float:
        return real;
    case Kind::Bool:
        return boolean ? 1.0 : 0.0;
    default:
        return 0.0;
    }
}

namespace {

// Shortest round-trip digits and the decimal point position: value = 0.DIGITS * 10^decpt.
void shortest_digits(double value, std::string& digits, int& decpt) {
    std::array<char, 64> buf{};
    auto res =
        std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific);
    std::string_view s(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    // s = "d[.ddd]e[+-]XX"
    std::size_t e = s.find('e');
    std::string_view mant = s.substr(0, e);
    int exp = std::atoi(std::string(s.substr(e + 1)).c_str());
    digits.clear();
    for (char c : mant)
        if (c >= '0' && c <= '9')
            digits += c;
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    decpt = exp + 1;
}

// PyOS_double_to_string(x, 'r', 0, flags): add_dot_0 for float repr, not for complex parts.
std::string format_repr(double value, bool add_dot_0) {
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value < 0 ? "-inf" : "inf";
    std::string out;
    if (std::signbit(value)) {
        out += '-';
        value = -value;
    }
    if (value == 0.0) {
        out += add_dot_0 ? "0.0" : "0";
        return out;
    }
    std::string digits;
    int decpt = 0;
    shortest_digits(value, digits, decpt);
    const int n = static_cast<int>(digits.size());
    if (decpt <= -4 || decpt > 16) {
        // scientific: d[.ddd]e[+-]XX
        out += digits[0];
        if (n > 1) {
            out += '.';
            out.append(digits, 1, std::string::npos);
        }
        int exp = decpt - 1;
        out += 'e';
        out += exp < 0 ? '-' : '+';
        int a = exp < 0 ? -exp : exp;
        if (a < 10)
            out += '0';
        out += std::to_string(a);
        return out;
    }
    if (decpt <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-decpt), '0');
        out += digits;
    } else if (decpt >= n) {
        out += digits;
        out.append(static_cast<std::size_t>(decpt - n), '0');
        if (add_dot_0)
            out += ".0";
    } else {
        out.append(digits, 0, static_cast<std::size_t>(decpt));
        out += '.';
        out.append(digits, static_cast<std::size_t>(decpt), std::string::npos);
    }
    return out;
}

std::string quote_str(const std::string& s, bool bytes) {
    bool has_single = s.find('\'') != std::string::npos;
    bool has_double = s.find('"') != std::string::npos;
    char q = (has_single && !has_double) ? '"' : '\'';
    std::string out;
    if (bytes)
        out += 'b';
    out += q;
    static const char* hex = "0123456789abcdef";
    for (unsigned char c : s) {
        if (c == static_cast<unsigned char>(q) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += q;
    return out;
}

} // namespace

std::string python_float_repr(double value) { return format_repr(value, true); }

std::string LiteralValue::repr() const {
    switch (kind) {
    case Kind::None:
        return "None";
    case Kind::Bool:
        return boolean ? "True" : "False";
    case Kind::Int:
        return big ? text : std::to_string(integer);
    case Kind::Float:
        return python_float_repr(real);
    case Kind::Complex: {
        if (real == 0.0 && !std::signbit(real))
            return format_repr(imag, false) + "j";
        // FIXME(gcc12): built with append() - operator+ on temporaries trips -Wrestrict.
        std::string out = "(";
        out.append(format_repr(real, false));
        std::string im = format_repr(imag, false);
        if (im.empty() || im[0] != '-')
            out.push_back('+');
        out.append(im);
        out.append("j)");
        return out;
    }
    case Kind::Str:
        return quote_str(text, false);
    case Kind::Bytes:
        return quote_str(text, true);
    case Kind::Ellipsis:
        return "Ellipsis";
    case Kind::Tuple:
    case Kind::List:
    case Kind::Set: {
        if (kind == Kind::Set && items.empty())
            return "set()";
        std::string out = kind == Kind::Tuple ? "(" : kind == Kind::List ? "[" : "{";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i)
                out += ", ";
            out += items[i].repr();
        }
        if (kind == Kind::Tuple && items.size() == 1)
            out += ',';
        out += kind == Kind::Tuple ? ")" : kind == Kind::List ? "]" : "}";
        return out;
    }
    case Kind::Dict: {
        std::string out = "{";
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            if (i)
                out += ", ";
            out += items[i].repr() + ": " + items[i + 1].repr();
        }
        return out + "}";
    }
    }
    return "None";
}

bool operator==(const LiteralValue& a, const LiteralValue& b) {
    using K = LiteralValue::Kind;
    auto numeric = [](const LiteralValue& v) {
        return v.kind == K::Int || v.kind == K::Float || v.kind == K::Bool || v.kind == K::Complex;
    };
    if (numeric(a) && numeric(b)) {
        if (a.kind == K::Int && b.kind == K::Int && (a.big || b.big))
            return a.big == b.big && a.text == b.text && a.integer == b.integer;
        double ai = a.kind == K::Complex ? a.imag : 0.0;
        double bi = b.kind == K::Complex ? b.imag : 0.0;
        double ar = a.kind == K::Complex ? a.real : a.number();
        double br = b.kind == K::Complex ? b.real : b.number();
        if (a.kind == K::Int && b.kind == K::Int)
            return a.integer == b.integer;
        return ar == br && ai == bi;
    }
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case K::None:
    case K::Ellipsis:
        return true;
    case K::Str:
    case K::Bytes:
        return a.text == b.text;
    default:
        return a.items == b.items;
    }
}

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
    explicit Tokenizer(std::string_view src) : m_src(src) {}

    std::vector<Token> run() {
        bool line_start = true;    // at the start of a logical line's physical line
        bool line_content = false; // the current logical line has a token
        while (m_pos < m_src.size()) {
            char c = m_src[m_pos];
            if (line_start) {
                // indentation, blank lines and comment-only lines
                while (m_pos < m_src.size() &&
                       (m_src[m_pos] == ' ' || m_src[m_pos] == '\t' || m_src[m_pos] == '\f'))
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
                if (c == '\\' && m_pos + 1 < m_src.size() && m_src[m_pos + 1] == '\n') {
                    m_pos += 2;
                    newline_at(m_pos);
                    continue;
                }
                line_start = false;
            }
            if (c == ' ' || c == '\t' || c == '\f') {
                ++m_pos;
            } else if (c == '\\') {
                if (m_pos + 1 < m_src.size() && m_src[m_pos + 1] == '\n') {
                    m_pos += 2;
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
                if (m_pos + 1 < m_src.size() && m_src[m_pos + 1] == '\n') {
                    m_pos += 2;
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
// [SECTION] String and number literals
// ---------------------------------------------------------------------------

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

struct DecodedString {
    bool ok = false;
    bool bytes = false;
    bool fstring = false;
    std::string value;
};

// Decodes one STRING token (prefix, quotes, escapes).
DecodedString decode_string(std::string_view tok) {
    DecodedString d;
    std::size_t i = 0;
    bool raw = false;
    while (i < tok.size() && tok[i] != '\'' && tok[i] != '"') {
        char c = static_cast<char>(tok[i] | 0x20);
        raw |= c == 'r';
        d.bytes |= c == 'b';
        d.fstring |= c == 'f';
        ++i;
    }
    if (i >= tok.size())
        return d;
    char q = tok[i];
    std::size_t qn = (tok.size() - i >= 6 && tok[i + 1] == q && tok[i + 2] == q) ? 3 : 1;
    if (tok.size() < i + 2 * qn)
        return d;
    std::string_view body = tok.substr(i + qn, tok.size() - i - 2 * qn);
    if (raw) {
        d.value = std::string(body);
        d.ok = true;
        return d;
    }
    std::string& out = d.value;
    for (std::size_t k = 0; k < body.size(); ++k) {
        char c = body[k];
        if (c != '\\' || k + 1 >= body.size()) {
            out += c;
            continue;
        }
        char e = body[++k];
        switch (e) {
        case '\n':
            break;
        case '\\':
            out += '\\';
            break;
        case '\'':
            out += '\'';
            break;
        case '"':
            out += '"';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        case 'x': {
            int h1 = k + 1 < body.size() ? hex_value(body[k + 1]) : -1;
            int h2 = k + 2 < body.size() ? hex_value(body[k + 2]) : -1;
            if (h1 < 0 || h2 < 0)
                return d; // SyntaxError: truncated \xXX escape
            std::uint32_t v = static_cast<std::uint32_t>(h1 * 16 + h2);
            if (d.bytes)
                out += static_cast<char>(v);
            else
                append_utf8(out, v);
            k += 2;
            break;
        }
        case 'u':
        case 'U': {
            if (d.bytes) {
                out += '\\';
                out += e;
                break;
            }
            std::size_t n = e == 'u' ? 4 : 8;
            std::uint32_t v = 0;
            for (std::size_t j = 1; j <= n; ++j) {
                int h = k + j < body.size() ? hex_value(body[k + j]) : -1;
                if (h < 0)
                    return d;
                v = v * 16 + static_cast<std::uint32_t>(h);
            }
            if (v > 0x10FFFF)
                return d;
            append_utf8(out, v);
            k += n;
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                std::uint32_t v = static_cast<std::uint32_t>(e - '0');
                for (int j = 0;
                     j < 2 && k + 1 < body.size() && body[k + 1] >= '0' && body[k + 1] <= '7'; ++j)
                    v = v * 8 + static_cast<std::uint32_t>(body[++k] - '0');
                if (d.bytes)
                    out += static_cast<char>(v & 0xFF);
                else
                    append_utf8(out, v);
            } else {
                // unknown escapes (and \N{...}, which needs the Unicode database) stay as written
                out += '\\';
                out += e;
            }
        }
    }
    d.ok = true;
    return d;
}

// Parses a NUMBER token into an Int / Float / Complex value.
std::optional<LiteralValue> parse_number(std::string_view tok) {
    std::string s;
    for (char c : tok) {
        if (c != '_')
            s += c;
    }
    if (s.empty())
        return std::nullopt;
    LiteralValue v;
    bool imag = s.back() == 'j' || s.back() == 'J';
    if (imag)
        s.pop_back();
    if (s.empty())
        return std::nullopt;
    int base = 10;
    std::string digits = s;
    if (s.size() > 1 && s[0] == '0' && std::strchr("xXoObB", s[1]) != nullptr) {
        if (imag)
            return std::nullopt;
        base = (s[1] | 0x20) == 'x' ? 16 : (s[1] | 0x20) == 'o' ? 8 : 2;
        digits = s.substr(2);
        if (digits.empty())
            return std::nullopt;
    }
    bool is_float = base == 10 && s.find_first_of(".eE") != std::string::npos;
    if (imag || is_float) {
        double d = 0;
        auto res = std::from_chars(s.data(), s.data() + s.size(), d);
        if (res.ec == std::errc::result_out_of_range)
            d = s.find_first_of("eE") != std::string::npos && s.find("e-") != std::string::npos
                    ? 0.0
                    : HUGE_VAL;
        else if (res.ec != std::errc() || res.ptr != s.data() + s.size())
            return std::nullopt;
        if (imag) {
            v.kind = LiteralValue::Kind::Complex;
            v.imag = d;
        } else {
            v.kind = LiteralValue::Kind::Float;
            v.real = d;
        }
        return v;
    }
    if (base == 10 && digits.size() > 1 && digits[0] == '0' &&
        digits.find_first_not_of('0') != std::string::npos)
        return std::nullopt; // leading zeros in a decimal integer literal are not permitted
    v.kind = LiteralValue::Kind::Int;
    std::uint64_t u = 0;
    auto res = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
    if (res.ptr != digits.data() + digits.size() && res.ec != std::errc::result_out_of_range)
        return std::nullopt;
    if (res.ec == std::errc::result_out_of_range ||
        u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        v.big = true;
        v.text = base == 10 ? digits : std::string(tok);
        v.real = std::strtod(digits.c_str(), nullptr);
        if (base != 10) {
            double r = 0;
            for (char c : digits)
                r = r * base + hex_value(c);
            v.real = r;
        }
        return v;
    }
    v.integer = static_cast<std::int64_t>(u);
    v.real = static_cast<double>(v.integer);
    return v;
}

// ---------------------------------------------------------------------------
// [SECTION] Literal expressions (ast.literal_eval)
// ---------------------------------------------------------------------------

// A tiny expression tree: only the shapes literal_eval can accept (anything else fails the
// parse, which is the same answer: "not a literal").
struct Node {
    enum class Type : std::uint8_t { Constant, Tuple, List, Set, Dict, SetCall, UnaryOp, BinOp };
    Type type = Type::Constant;
    LiteralValue value; // Constant
    char op = 0;        // UnaryOp / BinOp: '+' or '-'
    std::vector<std::unique_ptr<Node>> children;
    std::size_t first = 0, last = 0; // token indices of the span, inclusive
};

class LiteralParser {
  public:
    LiteralParser(const std::vector<Token>& all, std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last && i < all.size(); ++i) {
            TokenKind k = all[i].kind;
            if (k == TokenKind::Nl || k == TokenKind::Comment)
                continue;
            if (k == TokenKind::Newline || k == TokenKind::EndMarker)
                break;
            m_index.push_back(i);
        }
        m_all = &all;
    }

    std::unique_ptr<Node> parse_all() {
        if (m_index.empty())
            return nullptr;
        auto n = expr_list(true);
        if (!n || m_pos != m_index.size())
            return nullptr;
        return n;
    }

    const Token& token(std::size_t idx) const { return (*m_all)[m_index[idx]]; }
    std::size_t raw_index(std::size_t idx) const { return m_index[idx]; }

  private:
    bool at_op(std::string_view op) const {
        return m_pos < m_index.size() && token(m_pos).kind == TokenKind::Op &&
               token(m_pos).text == op;
    }
    bool at_end() const { return m_pos >= m_index.size(); }

    // expr (',' expr)* [','] -> the expr, or a Tuple when there is a comma.
    std::unique_ptr<Node> expr_list(bool top) {
        std::size_t start = m_pos;
        auto first = expr();
        if (!first)
            return nullptr;
        if (!at_op(","))
            return first;
        auto tup = std::make_unique<Node>();
        tup->type = Node::Type::Tuple;
        tup->first = start;
        tup->children.push_back(std::move(first));
        while (at_op(",")) {
            tup->last = m_pos;
            ++m_pos;
            if (at_end() || at_op(")") || (top && at_op(";")))
                break;
            auto e = expr();
            if (!e)
                return nullptr;
            tup->last = e->last;
            tup->children.push_back(std::move(e));
        }
        return tup;
    }

    std::unique_ptr<Node> expr() {
        auto left = unary();
        if (!left)
            return nullptr;
        while (at_op("+") || at_op("-")) {
            char op = token(m_pos).text[0];
            ++m_pos;
            auto right = unary();
            if (!right)
                return nullptr;
            auto n = std::make_unique<Node>();
            n->type = Node::Type::BinOp;
            n->op = op;
            n->first = left->first;
            n->last = right->last;
            n->children.push_back(std::move(left));
            n->children.push_back(std::move(right));
            left = std::move(n);
        }
        return left;
    }

    std::unique_ptr<Node> unary() {
        if (at_op("+") || at_op("-")) {
            std::size_t start = m_pos;
            char op = token(m_pos).text[0];
            ++m_pos;
            auto operand = unary();
            if (!operand)
                return nullptr;
            auto n = std::make_unique<Node>();
            n->type = Node::Type::UnaryOp;
            n->op = op;
            n->first = start;
            n->last = operand->last;
            n->children.push_back(std::move(operand));
            return n;
        }
        return atom();
    }

    std::unique_ptr<Node> atom() {
        if (at_end())
            return nullptr;
        const Token& t = token(m_pos);
        auto n = std::make_unique<Node>();
        n->first = n->last = m_pos;
        if (t.kind == TokenKind::Number) {
            auto v = parse_number(t.text);
            if (!v)
                return nullptr;
            n->value = *v;
            ++m_pos;
            return n;
        }
        if (t.kind == TokenKind::String) {
            // implicit concatenation of adjacent strings
            bool bytes = false;
            bool first = true;
            std::string value;
            while (!at_end() && token(m_pos).kind == TokenKind::String) {
                DecodedString d = decode_string(token(m_pos).text);
                if (!d.ok || d.fstring)
                    return nullptr;
                if (!first && d.bytes != bytes)
                    return nullptr;
                bytes = d.bytes;
                first = false;
                value += d.value;
                n->last = m_pos;
                ++m_pos;
            }
            n->value.kind = bytes ? LiteralValue::Kind::Bytes : LiteralValue::Kind::Str;
            n->value.text = std::move(value);
            return n;
        }
        if (t.kind == TokenKind::Name) {
            if (t.text == "True" || t.text == "False") {
                n->value.kind = LiteralValue::Kind::Bool;
                n->value.boolean = t.text == "True";
                n->value.real = n->value.boolean ? 1 : 0;
                ++m_pos;
                return n;
            }
            if (t.text == "None") {
                ++m_pos;
                return n;
            }
            if (t.text == "set" && m_pos + 2 < m_index.size() && token(m_pos + 1).text == "(" &&
                token(m_pos + 2).text == ")") {
                n->type = Node::Type::SetCall;
                n->last = m_pos + 2;
                m_pos += 3;
                return n;
            }
            return nullptr;
        }
        if (t.kind != TokenKind::Op)
            return nullptr;
        if (t.text == "...") {
            n->value.kind = LiteralValue::Kind::Ellipsis;
            ++m_pos;
            return n;
        }
        if (t.text == "(") {
            std::size_t open = m_pos++;
            if (at_op(")")) {
                n->type = Node::Type::Tuple;
                n->first = open;
                n->last = m_pos++;
                return n;
            }
            bool had_comma = false;
            auto inner = paren_contents(had_comma);
            if (!inner || !at_op(")"))
                return nullptr;
            if (had_comma) {
                inner->first = open;
                inner->last = m_pos;
            }
            ++m_pos;
            return inner;
        }
        if (t.text == "[") {
            n->type = Node::Type::List;
            ++m_pos;
            if (!elements(n.get(), "]"))
                return nullptr;
            n->last = m_pos++;
            return n;
        }
        if (t.text == "{") {
            ++m_pos;
            if (at_op("}")) {
                n->type = Node::Type::Dict;
                n->last = m_pos++;
                return n;
            }
            auto k = expr();
            if (!k)
                return nullptr;
            if (at_op(":")) {
                n->type = Node::Type::Dict;
                ++m_pos;
                auto v = expr();
                if (!v)
                    return nullptr;
                n->children.push_back(std::move(k));
                n->children.push_back(std::move(v));
                while (at_op(",")) {
                    ++m_pos;
                    if (at_op("}"))
                        break;
                    auto k2 = expr();
                    if (!k2 || !at_op(":"))
                        return nullptr;
                    ++m_pos;
                    auto v2 = expr();
                    if (!v2)
                        return nullptr;
                    n->children.push_back(std::move(k2));
                    n->children.push_back(std::move(v2));
                }
            } else {
                n->type = Node::Type::Set;
                n->children.push_back(std::move(k));
                while (at_op(",")) {
                    ++m_pos;
                    if (at_op("}"))
                        break;
                    auto e = expr();
                    if (!e)
                        return nullptr;
                    n->children.push_back(std::move(e));
                }
            }
            if (!at_op("}"))
                return nullptr;
            n->last = m_pos++;
            return n;
        }
        return nullptr;
    }

    std::unique_ptr<Node> paren_contents(bool& had_comma) {
        auto first = expr();
        if (!first)
            return nullptr;
        if (!at_op(","))
            return first;
        had_comma = true;
        auto tup = std::make_unique<Node>();
        tup->type = Node::Type::Tuple;
        tup->children.push_back(std::move(first));
        while (at_op(",")) {
            ++m_pos;
            if (at_op(")"))
                break;
            auto e = expr();
            if (!e)
                return nullptr;
            tup->children.push_back(std::move(e));
        }
        return tup;
    }

    bool elements(Node* n, std::string_view close) {
        while (!at_op(close)) {
            auto e = expr();
            if (!e)
                return false;
            n->children.push_back(std::move(e));
            if (at_op(","))
                ++m_pos;
            else if (!at_op(close))
                return false;
        }
        return true;
    }

    const std::vector<Token>* m_all = nullptr;
    std::vector<std::size_t> m_index; // indices into *m_all of the significant tokens
    std::size_t m_pos = 0;
};

std::optional<LiteralValue> convert(const Node& n);

std::optional<LiteralValue> convert_num(const Node& n) {
    if (n.type != Node::Type::Constant)
        return std::nullopt;
    auto k = n.value.kind;
    if (k != LiteralValue::Kind::Int && k != LiteralValue::Kind::Float &&
        k != LiteralValue::Kind::Complex)
        return std::nullopt;
    return n.value;
}

std::optional<LiteralValue> convert_signed_num(const Node& n) {
    if (n.type == Node::Type::UnaryOp) {
        auto v = convert_num(*n.children[0]);
        if (!v)
            return std::nullopt;
        if (n.op == '-') {
            if (v->kind == LiteralValue::Kind::Int) {
                if (v->big) {
                    if (v->text.starts_with('-'))
                        v->text.erase(0, 1);
                    else
                        v->text.insert(0, 1, '-');
                } else {
                    v->integer = -v->integer;
                }
            }
            v->real = -v->real;
            v->imag = -v->imag;
        }
        return v;
    }
    return convert_num(n);
}

std::optional<LiteralValue> convert(const Node& n) {
    switch (n.type) {
    case Node::Type::Constant:
        return n.value;
    case Node::Type::Tuple:
    case Node::Type::List:
    case Node::Type::Set:
    case Node::Type::Dict:
    case Node::Type::SetCall: {
        LiteralValue v;
        v.kind = n.type == Node::Type::Tuple  ? LiteralValue::Kind::Tuple
                 : n.type == Node::Type::List ? LiteralValue::Kind::List
                 : n.type == Node::Type::Dict ? LiteralValue::Kind::Dict
                                              : LiteralValue::Kind::Set;
        for (const auto& c : n.children) {
            auto e = convert(*c);
            if (!e)
                return std::nullopt;
            v.items.push_back(std::move(*e));
        }
        return v;
    }
    case Node::Type::BinOp: {
        auto left = convert_signed_num(*n.children[0]);
        auto right = convert_num(*n.children[1]);
        if (left && right && left->kind != LiteralValue::Kind::Complex &&
            right->kind == LiteralValue::Kind::Complex) {
            LiteralValue v;
            v.kind = LiteralValue::Kind::Complex;
            v.real = left->real;
            v.imag = n.op == '+' ? right->imag : -right->imag;
            if (n.op == '-')
                v.real = left->real - right->real;
            else
                v.real = left->real + right->real;
            return v;
        }
        return std::nullopt;
    }
    case Node::Type::UnaryOp:
        return convert_signed_num(n);
    }
    return std::nullopt;
}

} // namespace

std::optional<LiteralSpan> parse_literal_tokens(const std::vector<Token>& tokens, std::size_t first,
                                                std::size_t last) {
    LiteralParser p(tokens, first, last);
    auto node = p.parse_all();
    if (!node)
        return std::nullopt;
    auto value = convert(*node);
    if (!value)
        return std::nullopt;
    LiteralSpan s;
    s.value = std::move(*value);
    const Token& a = p.token(node->first);
    const Token& b = p.token(node->last);
    s.begin = a.begin;
    s.line = a.line;
    s.col = a.col;
    s.end = b.end;
    s.end_line = b.end_line;
    s.end_col = b.end_col;
    return s;
}

std::optional<LiteralValue> literal_eval(std::string_view text) {
    std::string_view t = strip(text);
    auto tokens = tokenize(t);
    for (const Token& tok : tokens)
        if (tok.kind == TokenKind::Error)
            return std::nullopt;
    // eval mode: one expression; a second logical line is a syntax error
    std::size_t newlines = 0;
    for (const Token& tok : tokens)
        newlines += tok.kind == TokenKind::Newline;
    if (newlines > 1)
        return std::nullopt;
    auto s = parse_literal_tokens(tokens, 0, tokens.size());
    if (!s)
        return std::nullopt;
    return std::move(s->value);
}

// ---------------------------------------------------------------------------
// [SECTION] Module structure (assignments, docstring, comments)
// ---------------------------------------------------------------------------

namespace {

bool is_keyword(std::string_view s) {
    static const std::unordered_set<std::string_view> kw = {
        "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
        "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
        "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
        "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
    return kw.count(s) != 0;
}

bool starts_compound(const Token& t) {
    if (t.kind == TokenKind::Op)
        return t.text == "@";
    if (t.kind != TokenKind::Name)
        return false;
    static const std::unordered_set<std::string_view> kw = {"if",    "elif", "else",   "for",
                                                            "while", "try",  "except", "finally",
                                                            "with",  "def",  "class",  "async"};
    return kw.count(t.text) != 0;
}

// Calls fn(first, last) for each top-level simple statement: token index range [first, last)
// with significant tokens only at the ends (comments / NL may be inside).
template <class Fn> void for_each_top_level_statement(const std::vector<Token>& tokens, Fn fn) {
    for (const LogicalLine& line : logical_lines(tokens)) {
        if (line.indent != 0 || starts_compound(tokens[line.first]))
            continue;
        int depth = 0;
        std::size_t start = line.first;
        for (std::size_t k = line.first; k < line.last; ++k) {
            if (opens(tokens[k]))
                ++depth;
            else if (closes(tokens[k]) && depth > 0)
                --depth;
            else if (depth == 0 && is_op(tokens[k], ";")) {
                fn(start, k);
                start = k + 1;
            }
        }
        if (start < line.last)
            fn(start, line.last);
    }
}

} // namespace

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

std::vector<Assignment> find_literal_assignments(std::string_view source,
                                                 const std::vector<Token>& tokens) {
    std::vector<Assignment> out;
    std::unordered_set<std::string> seen;
    for_each_top_level_statement(tokens, [&](std::size_t first, std::size_t last) {
        auto sig = [&](std::size_t k) {
            while (k < last &&
                   (tokens[k].kind == TokenKind::Nl || tokens[k].kind == TokenKind::Comment))
                ++k;
            return k;
        };
        std::size_t a = sig(first);
        if (a >= last || tokens[a].kind != TokenKind::Name || is_keyword(tokens[a].text))
            return;
        std::size_t b = sig(a + 1);
        if (b >= last)
            return;
        std::size_t value_first = 0;
        if (is_op(tokens[b], "=")) {
            value_first = b + 1;
        } else if (is_op(tokens[b], ":")) {
            int depth = 0;
            std::size_t eq = 0;
            for (std::size_t k = b + 1; k < last; ++k) {
                if (opens(tokens[k]))
                    ++depth;
                else if (closes(tokens[k]) && depth > 0)
                    --depth;
                else if (depth == 0 && is_op(tokens[k], "=")) {
                    eq = k;
                    break;
                }
            }
            if (eq == 0 || eq == b + 1)
                return;
            value_first = eq + 1;
        } else {
            return;
        }
        // a second '=' at depth 0 means several targets (A = B = 1): not a parameter
        int depth = 0;
        for (std::size_t k = value_first; k < last; ++k) {
            if (opens(tokens[k]))
                ++depth;
            else if (closes(tokens[k]) && depth > 0)
                --depth;
            else if (depth == 0 && is_op(tokens[k], "="))
                return;
        }
        auto lit = parse_literal_tokens(tokens, value_first, last);
        if (!lit)
            return;
        std::string name(tokens[a].text);
        if (!seen.insert(name).second)
            return;
        Assignment as;
        as.name = std::move(name);
        as.value_text = std::string(source.substr(lit->begin, lit->end - lit->begin));
        as.value = std::move(*lit);
        out.push_back(std::move(as));
    });
    return out;
}

std::optional<std::string> module_docstring(const std::vector<Token>& tokens) {
    std::optional<std::string> doc;
    bool first = true;
    for_each_top_level_statement(tokens, [&](std::size_t a, std::size_t b) {
        if (!first)
            return;
        first = false;
        std::size_t k = a;
        while (k < b && (tokens[k].kind == TokenKind::Nl || tokens[k].kind == TokenKind::Comment))
            ++k;
        if (k >= b || (tokens[k].kind != TokenKind::String && !is_op(tokens[k], "(")))
            return;
        auto lit = parse_literal_tokens(tokens, a, b);
        if (lit && lit->value.kind == LiteralValue::Kind::Str)
            doc = cleandoc(lit->value.text);
    });
    // the first statement may be indented or a compound statement: then there is no docstring
    for (const Token& t : tokens) {
        if (t.kind == TokenKind::Nl || t.kind == TokenKind::Comment || t.kind == TokenKind::Newline)
            continue;
        if (t.col != 0 || starts_compound(t))
            return std::nullopt;
        break;
    }
    return doc;
}

std::string cleandoc(std::string_view doc) {
    // expandtabs(8), then split on '\n'
    std::vector<std::string> lines(1);
    std::size_t col = 0;
    for (char c : doc) {
        if (c == '\n') {
            lines.emplace_back();
            col = 0;
        } else if (c == '\t') {
            std::size_t n = 8 - col % 8;
            lines.back().append(n, ' ');
            col += n;
        } else {
            lines.back() += c;
            col = c == '\r' ? 0 : col + 1;
        }
    }
    auto lstrip_len = [](const std::string& s) {
        std::size_t i = 0;
        while (i < s.size() &&
               (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v'))
            ++i;
        return i;
    };
    std::size_t margin = std::string::npos;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::size_t content = lstrip_len(lines[i]);
        if (content < lines[i].size())
            margin = std::min(margin, content);
    }
    lines[0] = lines[0].substr(lstrip_len(lines[0]));
    if (margin != std::string::npos && margin > 0) {
        for (std::size_t i = 1; i < lines.size(); ++i)
            lines[i] = lines[i].size() > margin ? lines[i].substr(margin) : std::string();
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    std::size_t start = 0;
    while (start < lines.size() && lines[start].empty())
        ++start;
    std::string out;
    for (std::size_t i = start; i < lines.size(); ++i) {
        if (i > start)
            out += '\n';
        out += lines[i];
    }
    return out;
}

std::vector<Comment> comments(const std::vector<Token>& tokens) {
    std::vector<Comment> out;
    for (const Token& t : tokens) {
        if (t.kind != TokenKind::Comment)
            continue;
        out.push_back(Comment{t.line, std::string(strip(t.text.substr(1)))});
    }
    return out;
}

} // namespace condlab::lesson
