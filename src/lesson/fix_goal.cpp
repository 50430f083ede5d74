// Fix goals: the `# goal: fix ...` grammar and where reference fixes live (see fix_goal.h).
#include "lesson/fix_goal.h"

#include "lesson/lesson.h"
#include "trace/analysis.h"

#include <algorithm>
#include <stdexcept>

namespace condlab::lesson {

namespace {

const char* const kOps[] = {"==", "!=", "<=", ">=", "<", ">"};

std::vector<std::string_view> split(std::string_view text, std::string_view sep) {
    std::vector<std::string_view> out;
    while (true) {
        const std::size_t at = text.find(sep);
        out.push_back(strip(text.substr(0, at)));
        if (at == std::string_view::npos)
            return out;
        text = text.substr(at + sep.size());
    }
}

bool is_name(std::string_view w) {
    if (w.empty() || (w[0] >= '0' && w[0] <= '9'))
        return false;
    return std::all_of(w.begin(), w.end(), [](char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    });
}

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

FixTerm parse_term(std::string_view text) {
    FixTerm t;
    if (text == "complete")
        return t;
    for (const char* op : kOps) {
        const std::size_t at = text.find(op);
        if (at == std::string_view::npos)
            continue;
        t.kind = FixTerm::Kind::Metric;
        t.metric = std::string(strip(text.substr(0, at)));
        t.op = op;
        t.value_text = std::string(strip(text.substr(at + t.op.size())));
        const std::vector<std::string> names = metric_names();
        if (std::find(names.begin(), names.end(), t.metric) == names.end())
            throw std::invalid_argument("unknown metric " + py_repr(t.metric) +
                                        " (known: " + join(names, ", ") + ")");
        auto v = literal_eval(t.value_text);
        if (!v || !v->is_number())
            throw std::invalid_argument("not a number: " + py_repr(t.value_text));
        t.value = v->number();
        return t;
    }
    throw std::invalid_argument("expected 'complete' or 'METRIC OP NUMBER' (OP one of == != < "
                                "<= > >=), got " +
                                py_repr(text));
}

} // namespace

std::string FixTerm::describe() const {
    return kind == Kind::Complete ? "complete" : metric + " " + op + " " + value_text;
}

std::string FixGoal::describe_condition() const {
    std::string out;
    for (const FixTerm& t : terms)
        out += (out.empty() ? "" : " and ") + t.describe();
    return out;
}

bool FixGoal::needs_metrics() const {
    return std::any_of(terms.begin(), terms.end(),
                       [](const FixTerm& t) { return t.kind == FixTerm::Kind::Metric; });
}

bool is_fix_goal(std::string_view goal_body) {
    const std::string_view b = strip(goal_body);
    return b == "fix" || b.starts_with("fix ") || b.starts_with("fix\t");
}

FixGoal parse_fix_goal(std::string_view goal_body) {
    FixGoal g;
    std::string_view body = strip(goal_body);
    if (!is_fix_goal(body))
        throw std::invalid_argument("a fix goal starts with 'fix'");
    body = strip(body.substr(3));
    const std::size_t bar = body.find('|');
    if (bar == std::string_view::npos || strip(body.substr(bar + 1)).empty())
        throw std::invalid_argument("expected '# goal: fix CONDITION over P1, P2 | text' (the "
                                    "text after '|' is missing)");
    g.description = std::string(strip(body.substr(bar + 1)));
    const std::string_view condition = strip(body.substr(0, bar));
    const std::size_t over = condition.rfind(" over ");
    if (over == std::string_view::npos)
        throw std::invalid_argument("expected 'over P1, P2' after the condition");
    for (std::string_view term : split(condition.substr(0, over), " and "))
        g.terms.push_back(parse_term(term));
    for (std::string_view name : split(condition.substr(over + 6), ",")) {
        if (!is_name(name))
            throw std::invalid_argument("expected parameter names after 'over', got " +
                                        py_repr(name));
        if (std::find(g.over.begin(), g.over.end(), name) != g.over.end())
            throw std::invalid_argument(std::string(name) + " is named twice after 'over'");
        g.over.emplace_back(name);
    }
    return g;
}

std::filesystem::path reference_fix_path(const std::filesystem::path& lesson_path) {
    std::string stem = lesson_path.stem().string();
    const std::size_t underscore = stem.find('_');
    const bool numbered = underscore != std::string::npos && underscore > 0 &&
                          std::all_of(stem.begin(), stem.begin() + static_cast<long>(underscore),
                                      [](char c) { return c >= '0' && c <= '9'; });
    if (numbered)
        stem = stem.substr(underscore + 1);
    return lesson_path.parent_path() / "fixes" / (stem + ".py");
}

} // namespace condlab::lesson
