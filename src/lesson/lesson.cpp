// Lesson metadata and parameter overrides; mirrors tools/lesson_params.py (see lesson.h).
#include "lesson/lesson.h"

#include "lesson/fix_goal_check.h"
#include "lesson/param_check.h"
#include "lesson/predicate_loops.h"
#include "python/program_runner.h"
#include "trace/analysis.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace condlab::lesson {

void set_override(Overrides& overrides, const std::string& name, const std::string& value_text) {
    for (auto& [n, v] : overrides) {
        if (n == name) {
            v = value_text;
            return;
        }
    }
    overrides.emplace_back(name, value_text);
}

const std::string* find_override(const Overrides& overrides, const std::string& name) {
    for (const auto& [n, v] : overrides)
        if (n == name)
            return &v;
    return nullptr;
}

std::string py_repr(std::string_view text) {
    LiteralValue v;
    v.kind = LiteralValue::Kind::Str;
    v.text = std::string(text);
    return v.repr();
}

std::string ExpectedOutcome::describe() const {
    switch (kind) {
    case Kind::Complete:
        return "complete";
    case Kind::Deadlock:
        return "deadlock";
    case Kind::Budget:
        return "budget";
    case Kind::Exception:
        return "exception " + exception_type;
    case Kind::Output:
        return "output \"" + line + "\"";
    case Kind::Metric:
        return "metric " + metric + " " + value_text;
    case Kind::Finding:
        return "finding " + finding;
    case Kind::NoFinding:
        return "no finding " + finding;
    }
    return "complete";
}

const Param* Lesson::find_param(std::string_view name) const {
    for (const Param& p : params)
        if (p.name == name)
            return &p;
    return nullptr;
}

const Param* Lesson::find_literal(std::string_view name) const {
    for (const Param& p : literals)
        if (p.name == name)
            return &p;
    return nullptr;
}

const Preset* Lesson::find_preset(std::string_view name) const {
    for (const Preset& p : presets)
        if (p.name == name)
            return &p;
    return nullptr;
}

// ---------------------------------------------------------------------------
// Values, specs, outcomes, assignments
// ---------------------------------------------------------------------------

LiteralValue validate_literal(const std::string& value_text) {
    if (value_text.find_first_of("\r\n") != std::string::npos)
        throw ParameterError(ParameterError::Kind::BadValue, "",
                             "value must be on one line: " + py_repr(value_text));
    auto v = literal_eval(value_text);
    if (!v)
        throw ParameterError(ParameterError::Kind::BadValue, "",
                             "not a Python literal: " + py_repr(value_text));
    return std::move(*v);
}

namespace {

double spec_number(std::string_view text) {
    auto v = literal_eval(strip(text));
    if (!v || !v->is_number())
        throw std::invalid_argument("not a number: " + py_repr(text));
    return v->number();
}

bool spec_is_int(std::string_view text) {
    auto v = literal_eval(strip(text));
    return v && v->kind == LiteralValue::Kind::Int;
}

bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Python's re.fullmatch(r"(\S+)\s*\.\.\s*(\S+?)(?:\s+step\s+(\S+))?", spec), trying the
// alternatives in the same order as the backtracking engine (greedy LO, lazy HI, the optional
// step part first). `step` stays empty when there is no step part.
bool match_range_spec(std::string_view spec, std::string& lo, std::string& hi, std::string& step) {
    std::size_t run = 0; // the leading non-space run (LO and maybe '..' and HI)
    while (run < spec.size() && !is_space(spec[run]))
        ++run;
    auto skip_spaces = [&](std::size_t p) {
        while (p < spec.size() && is_space(spec[p]))
            ++p;
        return p;
    };
    // \s+step\s+(\S+)$ at p
    auto step_part = [&](std::size_t p, std::string& out) {
        std::size_t q = skip_spaces(p);
        if (q == p || spec.substr(q, 4) != "step")
            return false;
        std::size_t r = skip_spaces(q + 4);
        if (r == q + 4 || r >= spec.size())
            return false;
        for (std::size_t k = r; k < spec.size(); ++k)
            if (is_space(spec[k]))
                return false;
        out = std::string(spec.substr(r));
        return true;
    };
    for (std::size_t k = run; k >= 1; --k) { // greedy LO = spec[0, k)
        std::size_t p = skip_spaces(k);
        if (spec.substr(p, 2) != "..")
            continue;
        std::size_t h = skip_spaces(p + 2);
        for (std::size_t m = h + 1; m <= spec.size() && !is_space(spec[m - 1]); ++m) { // lazy HI
            std::string st;
            if (step_part(m, st) || m == spec.size()) {
                lo = std::string(spec.substr(0, k));
                hi = std::string(spec.substr(h, m - h));
                step = st;
                return true;
            }
        }
    }
    return false;
}

} // namespace

ParamSpec parse_spec(std::string_view text) {
    std::string_view spec = strip(text);
    ParamSpec s;
    if (spec == "bool") {
        s.kind = ParamSpec::Kind::Bool;
        return s;
    }
    if (spec.starts_with("choice")) {
        std::string rest(strip(spec.substr(6)));
        auto v = literal_eval("(" + rest + ",)");
        if (!v || v->kind != LiteralValue::Kind::Tuple)
            throw std::invalid_argument("bad param spec " + py_repr(spec));
        s.kind = ParamSpec::Kind::Choice;
        s.choices = std::move(v->items);
        return s;
    }
    std::string lo, hi, step;
    if (!match_range_spec(spec, lo, hi, step))
        throw std::invalid_argument("bad param spec " + py_repr(spec));
    s.lo = spec_number(lo);
    s.hi = spec_number(hi);
    bool is_int = spec_is_int(lo) && spec_is_int(hi);
    if (!step.empty()) {
        s.step = spec_number(step);
        is_int = is_int && spec_is_int(step);
    }
    s.kind = is_int ? ParamSpec::Kind::Int : ParamSpec::Kind::Float;
    return s;
}

ExpectedOutcome parse_outcome(std::string_view text) {
    std::string_view t = strip(text);
    ExpectedOutcome o;
    if (t == "complete" || t == "deadlock" || t == "budget") {
        o.kind = t == "complete"   ? ExpectedOutcome::Kind::Complete
                 : t == "deadlock" ? ExpectedOutcome::Kind::Deadlock
                                   : ExpectedOutcome::Kind::Budget;
        return o;
    }
    auto after_keyword = [&](std::string_view kw) -> std::optional<std::string_view> {
        if (!t.starts_with(kw) || t.size() == kw.size() || !is_space(t[kw.size()]))
            return std::nullopt;
        std::string_view rest = t.substr(kw.size());
        while (!rest.empty() && is_space(rest.front()))
            rest.remove_prefix(1);
        return rest;
    };
    if (auto rest = after_keyword("exception")) {
        // [A-Za-z_][\w.]*
        const char f = rest->empty() ? '\0' : (*rest)[0];
        bool ok = f == '_' || (f >= 'a' && f <= 'z') || (f >= 'A' && f <= 'Z');
        for (char c : *rest)
            ok = ok && (is_word(c) || c == '.');
        if (ok) {
            o.kind = ExpectedOutcome::Kind::Exception;
            o.exception_type = std::string(*rest);
            return o;
        }
    }
    if (auto rest = after_keyword("output")) {
        if (rest->size() >= 2 && rest->front() == '"' && rest->back() == '"' &&
            rest->find('\n') == std::string_view::npos) {
            o.kind = ExpectedOutcome::Kind::Output;
            o.line = std::string(rest->substr(1, rest->size() - 2));
            return o;
        }
    }
    throw std::invalid_argument("bad outcome " + py_repr(t));
}

namespace {

// The words of a claim, split at whitespace.
std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t p = 0;
    while (p < text.size()) {
        while (p < text.size() && is_space(text[p]))
            ++p;
        std::size_t q = p;
        while (q < text.size() && !is_space(text[q]))
            ++q;
        if (q > p)
            out.push_back(text.substr(p, q - p));
        p = q;
    }
    return out;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The metric names an expectation may use: the scalar names, and one "<kind>:<who>" pattern
// per per-task / per-object metric, found as the names metric_names() gives a run with one
// task and one object (so a metric added to trace/analysis.h is known here at once).
struct MetricVocabulary {
    std::vector<std::string> scalars;
    std::vector<std::string> prefixes; // "task_blocked_time:", ...
};

const MetricVocabulary& metric_vocabulary() {
    static const MetricVocabulary vocabulary = [] {
        MetricVocabulary v;
        v.scalars = metric_names();
        const std::string who = "\x1f";
        Metrics sample;
        sample.per_task.emplace_back().name = who;
        sample.per_object.emplace_back().name = who;
        for (const std::string& n : metric_names(sample))
            if (n.size() > who.size() + 1 && n.ends_with(":" + who))
                v.prefixes.push_back(n.substr(0, n.size() - who.size()));
        return v;
    }();
    return vocabulary;
}

bool known_metric(std::string_view name) {
    const MetricVocabulary& v = metric_vocabulary();
    if (std::find(v.scalars.begin(), v.scalars.end(), name) != v.scalars.end())
        return true;
    return std::any_of(v.prefixes.begin(), v.prefixes.end(), [&](const std::string& p) {
        return name.size() > p.size() && name.starts_with(p);
    });
}

std::string known_metrics_text() {
    const MetricVocabulary& v = metric_vocabulary();
    std::vector<std::string> all = v.scalars;
    for (const std::string& p : v.prefixes)
        all.push_back(p + "<name>");
    return join(all);
}

} // namespace

std::vector<std::string> finding_kind_names() {
    std::vector<std::string> out;
    // Every value of the enum's underlying type; names of values that are not kinds are "?".
    for (unsigned k = 0; k <= 0xff; ++k) {
        std::string name = diagnostic_kind_name(static_cast<DiagnosticKind>(k));
        if (name != "?" && std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(std::move(name));
    }
    return out;
}

ExpectedOutcome parse_expected(std::string_view text) {
    const std::vector<std::string_view> words = split_words(text);
    const std::string_view first = words.empty() ? std::string_view() : words[0];
    ExpectedOutcome o;
    if (first == "metric") {
        if (words.size() != 3)
            throw std::invalid_argument("expected 'metric NAME VALUE', got " +
                                        py_repr(strip(text)));
        if (!known_metric(words[1]))
            throw std::invalid_argument("unknown metric " + py_repr(words[1]) +
                                        " (known: " + known_metrics_text() + ")");
        auto v = literal_eval(words[2]);
        if (!v || !v->is_number())
            throw std::invalid_argument("metric value is not a number: " + py_repr(words[2]));
        o.kind = ExpectedOutcome::Kind::Metric;
        o.metric = std::string(words[1]);
        o.value = v->number();
        o.value_text = std::string(words[2]);
        o.exact = v->kind == LiteralValue::Kind::Int;
        return o;
    }
    const bool negated = first == "no";
    if (first == "finding" || negated) {
        const std::size_t at = negated ? 1 : 0;
        if (words.size() != at + 2 || words[at] != "finding")
            throw std::invalid_argument(std::string("expected '") + (negated ? "no " : "") +
                                        "finding KIND', got " + py_repr(strip(text)));
        const std::vector<std::string> kinds = finding_kind_names();
        if (std::find(kinds.begin(), kinds.end(), words[at + 1]) == kinds.end())
            throw std::invalid_argument("unknown finding kind " + py_repr(words[at + 1]) +
                                        " (known: " + join(kinds) + ")");
        o.kind = negated ? ExpectedOutcome::Kind::NoFinding : ExpectedOutcome::Kind::Finding;
        o.finding = std::string(words[at + 1]);
        return o;
    }
    return parse_outcome(text);
}

Overrides parse_assignments(std::string_view input) {
    Overrides out;
    std::string_view text = strip(input);
    std::size_t pos = 0;
    const std::size_t n = text.size();
    while (pos < n) {
        // \s*([A-Za-z_][A-Za-z0-9_]*)\s*=
        std::size_t p = pos;
        while (p < n && is_space(text[p]))
            ++p;
        std::size_t name_begin = p;
        if (p < n && (text[p] == '_' || (text[p] >= 'a' && text[p] <= 'z') ||
                      (text[p] >= 'A' && text[p] <= 'Z'))) {
            ++p;
            while (p < n &&
                   (text[p] == '_' || (text[p] >= 'a' && text[p] <= 'z') ||
                    (text[p] >= 'A' && text[p] <= 'Z') || (text[p] >= '0' && text[p] <= '9')))
                ++p;
        }
        std::size_t name_end = p;
        while (p < n && is_space(text[p]))
            ++p;
        if (name_end == name_begin || p >= n || text[p] != '=')
            throw std::invalid_argument("expected NAME=VALUE at " + py_repr(text.substr(pos)));
        std::string name(text.substr(name_begin, name_end - name_begin));
        const std::size_t start = p + 1;
        std::size_t end = start;
        std::optional<std::size_t> found;
        while (end <= n) {
            std::size_t nxt = text.find(' ', end);
            std::size_t cand_end = nxt == std::string_view::npos ? n : nxt;
            if (literal_eval(strip(text.substr(start, cand_end - start)))) {
                found = cand_end;
                break;
            }
            if (nxt == std::string_view::npos)
                break;
            end = nxt + 1;
        }
        if (!found) {
            // What was meant as the value: the first word when it is a bare word
            // (WAKE=notify_all DELAY=1), else the rest. validate_value says what is wrong.
            const std::string rest(strip(text.substr(start)));
            const std::string word = rest.substr(0, rest.find(' '));
            (void)validate_value(name, is_bare_word(word) ? word : rest);
            throw ParameterError(ParameterError::Kind::BadValue, name,
                                 "not a Python literal: " + py_repr(rest));
        }
        set_override(out, name, std::string(strip(text.substr(start, *found - start))));
        pos = *found;
        while (pos < n && text[pos] == ' ')
            ++pos;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Overrides
// ---------------------------------------------------------------------------

std::string apply_overrides(const std::string& source, const Overrides& overrides) {
    if (overrides.empty())
        return source;
    auto tokens = tokenize(source);
    auto literals = find_literal_assignments(source, tokens);
    struct Edit {
        const Assignment* target;
        std::string text;
    };
    std::vector<Edit> edits;
    for (const auto& [name, value_text] : overrides) {
        // Captured by name: clang 14 (tools/lint.sh) cannot capture a structured binding.
        auto it = std::find_if(literals.begin(), literals.end(),
                               [&name = name](const Assignment& a) { return a.name == name; });
        if (it == literals.end())
            throw ParameterError(ParameterError::Kind::UnknownName, name,
                                 "unknown parameter " + py_repr(name));
        try {
            validate_literal(value_text);
        } catch (const ParameterError& e) {
            throw ParameterError(ParameterError::Kind::BadValue, name, e.what());
        }
        edits.push_back(Edit{&*it, std::string(strip(value_text))});
    }
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
        return a.target->value.begin > b.target->value.begin;
    });
    std::string out = source;
    for (const Edit& e : edits) {
        const LiteralSpan& s = e.target->value;
        std::string text = e.text;
        std::uint32_t extra = s.end_line - s.line;
        if (extra)
            text = "(" + text + std::string(extra, '\n') + ")";
        out.replace(s.begin, s.end - s.begin, text);
    }
    return out;
}

// ---------------------------------------------------------------------------
// Lesson files
// ---------------------------------------------------------------------------

std::string read_source_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path.string() + ": " + std::strerror(errno ? errno : ENOENT));
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error(path.string() + ": " + std::strerror(EISDIR));
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.starts_with("\xEF\xBB\xBF")) // utf-8-sig
        text.erase(0, 3);
    return normalize_newlines(text);
}

Lesson load_lesson(const std::filesystem::path& path) {
    return parse_lesson_source(read_source_file(path), path.string());
}

namespace {

// Why a `# param:` on `line` has no literal to describe: the line assigns a name a second
// time (overrides change only the first assignment), or it is no literal assignment at all.
std::string param_target_problem(const Lesson& lesson, std::uint32_t line) {
    std::string_view text = lesson.source;
    for (std::uint32_t l = 1; l < line && !text.empty(); ++l) {
        const std::size_t nl = text.find('\n');
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    }
    text = text.substr(0, text.find('\n'));
    const std::size_t eq = text.find('=');
    const std::string name(strip(text.substr(0, eq == std::string_view::npos ? 0 : eq)));
    if (const Param* first = lesson.find_literal(name))
        return name + " is assigned again here (first on line " + std::to_string(first->line) +
               "): '# param:' belongs on the first assignment, the one parameters change";
    return "'# param:' not on a top-level literal assignment";
}

} // namespace

Lesson parse_lesson_source(std::string source, std::string path) {
    Lesson lesson;
    lesson.path = std::move(path);
    lesson.source = std::move(source);
    if (lesson.source.size() > python::kMaxSourceBytes)
        return lesson; // no metadata: run_program refuses it before compiling
    const auto tokens = tokenize(lesson.source);
    lesson.while_loops = while_loops(tokens);

    if (auto doc = module_docstring(tokens))
        lesson.doc = std::move(*doc);
    lesson.title = docstring_title(lesson.doc);

    for (Assignment& a : find_literal_assignments(lesson.source, tokens)) {
        Param p;
        p.name = a.name;
        p.value = std::move(a.value.value);
        p.text = std::move(a.value_text);
        p.line = a.value.line;
        p.col = a.value.col;
        p.end_line = a.value.end_line;
        p.end_col = a.value.end_col;
        lesson.literals.push_back(std::move(p));
    }

    auto where = [&](std::uint32_t line) { return lesson.path + ":" + std::to_string(line); };
    const std::vector<Comment> metadata = comments(tokens);
    for (const Comment& c : metadata) {
        std::string_view text = c.text;
        try {
            if (text.starts_with("param:")) {
                std::string_view body = text.substr(6);
                std::size_t bar = body.find('|');
                std::string_view spec = body.substr(0, bar);
                std::string_view label =
                    bar == std::string_view::npos ? std::string_view() : body.substr(bar + 1);
                Param* target = nullptr;
                for (Param& p : lesson.literals)
                    if (p.line == c.line)
                        target = &p;
                if (target == nullptr)
                    throw std::invalid_argument(param_target_problem(lesson, c.line));
                target->spec = parse_spec(spec);
                target->label = std::string(strip(label));
                if (target->label.empty())
                    target->label = target->name;
                if (!lesson.find_param(target->name))
                    lesson.params.push_back(*target);
                else
                    for (Param& p : lesson.params)
                        if (p.name == target->name)
                            p = *target;
            } else if (text.starts_with("goal:") && is_fix_goal(text.substr(5))) {
                lesson.fix_goals.push_back(parse_fix_goal(text.substr(5)));
                lesson.fix_goals.back().line = c.line;
            } else if (text.starts_with("goal:") && is_schedule_goal(text.substr(5))) {
                lesson.schedule_goals.push_back(parse_schedule_goal(text.substr(5)));
                lesson.schedule_goals.back().line = c.line;
            } else if (text.starts_with("goal:")) {
                std::string_view body = text.substr(5);
                std::size_t bar = body.find('|');
                Goal g;
                g.outcome = parse_outcome(body.substr(0, bar));
                if (bar != std::string_view::npos)
                    g.description = std::string(strip(body.substr(bar + 1)));
                g.line = c.line;
                lesson.goals.push_back(std::move(g));
            } else if (text.starts_with("compare:")) {
                std::string_view body = strip(text.substr(8));
                std::size_t colon = body.find(':');
                if (colon == std::string_view::npos)
                    throw std::invalid_argument("expected '# compare: NAME: A=1 B=2'");
                Preset p;
                p.name = std::string(strip(body.substr(0, colon)));
                p.overrides = parse_assignments(body.substr(colon + 1));
                p.line = c.line;
                auto it = std::find_if(lesson.presets.begin(), lesson.presets.end(),
                                       [&](const Preset& q) { return q.name == p.name; });
                if (p.name.empty())
                    throw std::invalid_argument("a '# compare:' preset needs a name");
                if (it != lesson.presets.end()) {
                    it->overrides = std::move(p.overrides);
                    throw std::invalid_argument("preset " + py_repr(it->name) +
                                                " is defined twice (first on line " +
                                                std::to_string(it->line) + ")");
                }
                lesson.presets.push_back(std::move(p));
            } else if (text.starts_with("expect:")) {
                std::string_view body = text.substr(7);
                std::size_t arrow = body.find("->");
                if (arrow == std::string_view::npos)
                    throw std::invalid_argument("expected '# expect: SELECTOR -> OUTCOME'");
                Expectation e;
                e.selector = std::string(strip(body.substr(0, arrow)));
                e.outcome = parse_expected(body.substr(arrow + 2));
                e.line = c.line;
                lesson.expectations.push_back(std::move(e));
            }
        } catch (const ParameterError& ex) { // a value in a preset
            lesson.errors.push_back(where(c.line) + ": " + ex.name() + ": " + ex.what());
        } catch (const std::exception& ex) {
            lesson.errors.push_back(where(c.line) + ": " + ex.what());
        }
    }

    // resolve selectors
    for (Expectation& e : lesson.expectations) {
        if (e.selector == "default") {
            e.overrides.clear();
        } else if (const Preset* p = lesson.find_preset(e.selector)) {
            e.overrides = p->overrides;
        } else {
            try {
                e.overrides = parse_assignments(e.selector);
            } catch (const std::exception& ex) {
                lesson.errors.push_back(where(e.line) + ": unknown preset or bad selector " +
                                        py_repr(e.selector) + ": " + ex.what());
            }
        }
    }
    auto validate = [&](const std::string& label, const Overrides& ov) {
        for (const auto& [n, v] : ov) {
            if (!lesson.find_literal(n)) {
                lesson.errors.push_back(lesson.path + ": " + label + ": unknown parameter " +
                                        py_repr(n));
                continue;
            }
            try {
                validate_literal(v);
            } catch (const ParameterError& ex) {
                lesson.errors.push_back(lesson.path + ": " + label + ": " + ex.what());
            }
        }
    };
    for (const Preset& p : lesson.presets)
        validate(p.name, p.overrides);
    for (const Expectation& e : lesson.expectations)
        validate(e.selector, e.overrides);
    validate_fix_goals(lesson);
    parse_questions(lesson, metadata);
    return lesson;
}

} // namespace condlab::lesson
