// Finds `while` loops and decides which are predicate loops. A predicate loop's test is not
// constant (`while True:` is not one) and reads no name its body assigns (`while seen < 3:
// ...; seen = state` counts changes, it does not re-check a predicate).
#include "lesson/predicate_loops.h"

#include <set>
#include <string_view>

namespace condlab::lesson {

namespace {

bool is_assign_op(const Token& t) {
    if (t.kind != TokenKind::Op)
        return false;
    static const std::set<std::string_view> ops = {
        "=", "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**="};
    return ops.count(t.text) != 0;
}
bool is_word(const Token& t, std::string_view w) {
    return t.kind == TokenKind::Name && t.text == w;
}
bool is_constant_word(const Token& t) {
    return is_word(t, "True") || is_word(t, "False") || is_word(t, "None");
}
bool is_operator_word(const Token& t) {
    return is_word(t, "not") || is_word(t, "and") || is_word(t, "or") || is_word(t, "in") ||
           is_word(t, "is") || is_word(t, "await") || is_word(t, "lambda") || is_word(t, "if") ||
           is_word(t, "else") || is_word(t, "for");
}

/// Names the test reads: Name tokens that are not attributes (`x.items`) or keywords.
std::set<std::string_view> names_read(const std::vector<Token>& tokens, std::size_t first,
                                      std::size_t last) {
    std::set<std::string_view> out;
    for (std::size_t k = first; k < last; ++k) {
        const Token& t = tokens[k];
        if (t.kind != TokenKind::Name || is_constant_word(t) || is_operator_word(t))
            continue;
        if (k > first && is_op(tokens[k - 1], "."))
            continue;
        out.insert(t.text);
    }
    return out;
}

/// Adds the plain names `tokens[first, last)` binds as a target list (`a, (b, c)`); a
/// target such as `x.attr` or `x[i]` binds no name.
void add_targets(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                 std::set<std::string_view>& out) {
    for (std::size_t k = first; k < last; ++k) {
        const Token& t = tokens[k];
        if (t.kind != TokenKind::Name || is_constant_word(t) || is_operator_word(t))
            continue;
        const bool attribute = k > first && is_op(tokens[k - 1], ".");
        const bool has_suffix =
            k + 1 < last &&
            (is_op(tokens[k + 1], ".") || is_op(tokens[k + 1], "[") || is_op(tokens[k + 1], "("));
        if (!attribute && !has_suffix)
            out.insert(t.text);
    }
}

/// Names a logical line binds: assignment targets, `for` targets, `as` names, walrus.
void add_bound_names(const std::vector<Token>& tokens, const LogicalLine& line,
                     std::set<std::string_view>& out) {
    std::size_t stmt = line.first;
    int depth = 0;
    for (std::size_t k = line.first; k < line.last; ++k) {
        const Token& t = tokens[k];
        if (opens(t))
            ++depth;
        else if (closes(t) && depth > 0)
            --depth;
        if (depth == 0 && (is_op(t, ";") || is_op(t, ":")))
            stmt = k + 1; // a new simple statement (or the body after `if x:`)
        if (depth == 0 && is_assign_op(t)) {
            add_targets(tokens, stmt, k, out);
            stmt = k + 1; // a = b = 1
        }
        if (is_op(t, ":=") && k > line.first)
            add_targets(tokens, k - 1, k, out);
        if (is_word(t, "as") && k + 1 < line.last)
            add_targets(tokens, k + 1, k + 2, out);
        if (is_word(t, "for")) {
            std::size_t in = k + 1;
            while (in < line.last && !is_word(tokens[in], "in"))
                ++in;
            add_targets(tokens, k + 1, in, out);
        }
    }
}

/// The first `:` at bracket depth 0 of tokens[first, last) (not `:=`), or `last`.
std::size_t header_colon(const std::vector<Token>& tokens, std::size_t first, std::size_t last) {
    int depth = 0;
    bool in_lambda = false;
    for (std::size_t k = first; k < last; ++k) {
        const Token& t = tokens[k];
        if (opens(t))
            ++depth;
        else if (closes(t) && depth > 0)
            --depth;
        else if (depth == 0 && is_word(t, "lambda"))
            in_lambda = true;
        else if (depth == 0 && is_op(t, ":")) {
            if (!in_lambda)
                return k;
            in_lambda = false;
        }
    }
    return last;
}

} // namespace

std::vector<python::WhileLoop> while_loops(const std::vector<Token>& tokens) {
    const std::vector<LogicalLine> lines = logical_lines(tokens);
    std::vector<python::WhileLoop> out;
    for (std::size_t li = 0; li < lines.size(); ++li) {
        const LogicalLine& head = lines[li];
        if (!is_word(tokens[head.first], "while"))
            continue;
        const std::size_t colon = header_colon(tokens, head.first + 1, head.last);
        if (colon >= head.last)
            continue; // not a complete header
        python::WhileLoop loop;
        loop.first_line = tokens[head.first].line;
        loop.last_line = tokens[head.last - 1].end_line;
        std::set<std::string_view> bound;
        if (colon + 1 < head.last) { // `while x: body` on one line
            add_bound_names(tokens, LogicalLine{colon + 1, head.last, head.indent}, bound);
        } else {
            for (std::size_t b = li + 1; b < lines.size() && lines[b].indent > head.indent; ++b) {
                add_bound_names(tokens, lines[b], bound);
                loop.last_line = tokens[lines[b].last - 1].end_line;
            }
        }
        const std::set<std::string_view> read = names_read(tokens, head.first + 1, colon);
        bool reads_bound = false;
        for (std::string_view name : read)
            reads_bound = reads_bound || bound.count(name) != 0;
        loop.predicate = !read.empty() && !reads_bound;
        out.push_back(loop);
    }
    return out;
}

} // namespace condlab::lesson
