// Literal values of the Python reader: repr() (Python's float formatting included) and ==.
// See python_literal.h.
#include "lesson/python_literal.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace condlab::lesson {

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
} // namespace condlab::lesson
