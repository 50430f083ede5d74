// The module level of the Python reader (python_module.h): top-level literal assignments,
// the docstring and title, comments.
#include "lesson/python_module.h"

#include <algorithm>
#include <unordered_set>

namespace condlab::lesson {

namespace {

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
        if (a >= last || tokens[a].kind != TokenKind::Name || is_python_keyword(tokens[a].text))
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
        for (std::size_t k = value_first; k < last; ++k)
            if (opens(tokens[k]))
                ++depth;
            else if (closes(tokens[k]) && depth > 0)
                --depth;
            else if (depth == 0 && is_op(tokens[k], "="))
                return;
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

std::optional<LiteralSpan> module_docstring_literal(const std::vector<Token>& tokens) {
    // the first statement may be indented or a compound statement: then there is no docstring
    for (const Token& t : tokens) {
        if (t.kind == TokenKind::Nl || t.kind == TokenKind::Comment || t.kind == TokenKind::Newline)
            continue;
        if (t.col != 0 || starts_compound(t))
            return std::nullopt;
        break;
    }
    std::optional<LiteralSpan> doc;
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
            doc = std::move(lit);
    });
    return doc;
}

std::optional<std::string> module_docstring(const std::vector<Token>& tokens) {
    auto lit = module_docstring_literal(tokens);
    if (!lit)
        return std::nullopt;
    return cleandoc(lit->value.text);
}

std::string docstring_title(std::string_view doc) {
    while (!doc.empty()) {
        const std::size_t nl = doc.find('\n');
        const std::string_view line = doc.substr(0, nl);
        if (line.starts_with("# "))
            return std::string(strip(line.substr(2)));
        doc = nl == std::string_view::npos ? std::string_view() : doc.substr(nl + 1);
    }
    return {};
}

std::string source_title(std::string_view source) {
    const auto doc = module_docstring(tokenize(source));
    return doc ? docstring_title(*doc) : std::string();
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
    if (margin != std::string::npos && margin > 0)
        for (std::size_t i = 1; i < lines.size(); ++i)
            lines[i] = lines[i].size() > margin ? lines[i].substr(margin) : std::string();
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
