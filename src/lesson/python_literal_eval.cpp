// ast.literal_eval() over tokens (python_literal.h): a small recursive-descent parser for the
// expressions literal_eval accepts.
//
// Index:
// [SECTION] Parser (tokens -> expression tree)
// [SECTION] Values (expression tree -> LiteralValue)
// [SECTION] Entry points
#include "lesson/python_literal.h"

#include <memory>

namespace condlab::lesson {

// ---------------------------------------------------------------------------
// [SECTION] Parser (tokens -> expression tree)
// ---------------------------------------------------------------------------

namespace {

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
        if (t.kind == TokenKind::String)
            return strings(std::move(n));
        if (t.kind == TokenKind::Name)
            return name(std::move(n));
        if (t.kind != TokenKind::Op)
            return nullptr;
        if (t.text == "...") {
            n->value.kind = LiteralValue::Kind::Ellipsis;
            ++m_pos;
            return n;
        }
        if (t.text == "(")
            return parenthesized(std::move(n));
        if (t.text == "[") {
            n->type = Node::Type::List;
            ++m_pos;
            if (!elements(n.get(), "]"))
                return nullptr;
            n->last = m_pos++;
            return n;
        }
        if (t.text == "{")
            return braced(std::move(n));
        return nullptr;
    }

    // Adjacent strings concatenate ('a' "b" is 'ab'); str and bytes do not mix.
    std::unique_ptr<Node> strings(std::unique_ptr<Node> n) {
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

    // True, False, None and set().
    std::unique_ptr<Node> name(std::unique_ptr<Node> n) {
        const std::string_view text = token(m_pos).text;
        if (text == "True" || text == "False") {
            n->value.kind = LiteralValue::Kind::Bool;
            n->value.boolean = text == "True";
            n->value.real = n->value.boolean ? 1 : 0;
            ++m_pos;
            return n;
        }
        if (text == "None") {
            ++m_pos;
            return n;
        }
        if (text == "set" && m_pos + 2 < m_index.size() && token(m_pos + 1).text == "(" &&
            token(m_pos + 2).text == ")") {
            n->type = Node::Type::SetCall;
            n->last = m_pos + 2;
            m_pos += 3;
            return n;
        }
        return nullptr;
    }

    // `()`, `(x)` (the span of x) or a parenthesized tuple (the span of the parentheses).
    std::unique_ptr<Node> parenthesized(std::unique_ptr<Node> n) {
        std::size_t open = m_pos++;
        if (at_op(")")) {
            n->type = Node::Type::Tuple;
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

    // `{}` (a dict), `{k: v, ...}` or `{a, ...}`.
    std::unique_ptr<Node> braced(std::unique_ptr<Node> n) {
        ++m_pos;
        n->type = Node::Type::Dict;
        if (!at_op("}")) {
            auto first = expr();
            if (!first)
                return nullptr;
            const bool dict = at_op(":");
            if (!dict)
                n->type = Node::Type::Set;
            n->children.push_back(std::move(first));
            if (dict && !dict_value(n.get()))
                return nullptr;
            while (at_op(",")) {
                ++m_pos;
                if (at_op("}"))
                    break;
                auto e = expr();
                if (!e)
                    return nullptr;
                n->children.push_back(std::move(e));
                if (dict && (!at_op(":") || !dict_value(n.get())))
                    return nullptr;
            }
            if (!at_op("}"))
                return nullptr;
        }
        n->last = m_pos++;
        return n;
    }

    // At a dict's ':': the value after it.
    bool dict_value(Node* dict) {
        ++m_pos;
        auto v = expr();
        if (!v)
            return false;
        dict->children.push_back(std::move(v));
        return true;
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

// ---------------------------------------------------------------------------
// [SECTION] Values (expression tree -> LiteralValue)
// ---------------------------------------------------------------------------

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
                if (v->big)
                    if (v->text.starts_with('-'))
                        v->text.erase(0, 1);
                    else
                        v->text.insert(0, 1, '-');
                else
                    v->integer = -v->integer;
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

// ---------------------------------------------------------------------------
// [SECTION] Entry points
// ---------------------------------------------------------------------------

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
} // namespace condlab::lesson
