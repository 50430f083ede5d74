// STRING and NUMBER tokens decoded into literal values (python_literal.h).
#include "lesson/python_literal.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace condlab::lesson {

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

} // namespace

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

std::optional<LiteralValue> parse_number(std::string_view tok) {
    std::string s;
    for (char c : tok)
        if (c != '_')
            s += c;
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
} // namespace condlab::lesson
