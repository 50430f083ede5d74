// Parameter values against what a lesson declares (see param_check.h).
#include "lesson/param_check.h"

#include <algorithm>
#include <cmath>

namespace condlab::lesson {

namespace {

using Kind = LiteralValue::Kind;

std::string number_text(double v) {
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    return python_float_repr(v);
}

std::string range_text(const ParamSpec& s) { return number_text(s.lo) + ".." + number_text(s.hi); }

// "the string 'abc'", "None", "a list", "1.5".
std::string describe_value(const LiteralValue& v) {
    switch (v.kind) {
    case Kind::Str:
        return "the string " + v.repr();
    case Kind::Tuple:
        return "a tuple";
    case Kind::List:
        return "a list";
    case Kind::Set:
        return "a set";
    case Kind::Dict:
        return "a dict";
    default:
        return v.repr();
    }
}

bool is_number(const LiteralValue& v) { return v.is_number() || v.kind == Kind::Bool; }

// What the parameter expects, for messages: "a number (0..5)", "True or False".
std::optional<ValueProblem> kind_problem(const Param& p, const LiteralValue& v) {
    const std::optional<ParamSpec>& s = p.spec;
    const bool wants_bool = s ? s->kind == ParamSpec::Kind::Bool : p.value.kind == Kind::Bool;
    const bool wants_number =
        s ? s->kind == ParamSpec::Kind::Int || s->kind == ParamSpec::Kind::Float
          : p.value.is_number();
    if (wants_bool && v.kind != Kind::Bool)
        return ValueProblem{true, "expects True or False, got " + describe_value(v)};
    if (wants_number && !is_number(v))
        return ValueProblem{true, "expects a number" +
                                      (s ? " (" + range_text(*s) + ")" : std::string()) + ", got " +
                                      describe_value(v)};
    return std::nullopt;
}

} // namespace

bool is_bare_word(std::string_view text) {
    return !text.empty() && !literal_eval(text) &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9');
           });
}

LiteralValue validate_value(const std::string& name, const std::string& value_text) {
    try {
        return validate_literal(value_text);
    } catch (const ParameterError& e) {
        std::string message = e.what();
        const std::string word(strip(value_text));
        if (is_bare_word(word))
            message += "; a string needs Python quotes: " + name + "=\"" + word +
                       "\" (in a shell: '" + name + "=\"" + word + "\"')";
        throw ParameterError(ParameterError::Kind::BadValue, name, message);
    }
}

std::optional<ValueProblem> value_problem(const Param& p, const LiteralValue& v,
                                          const std::string& value_text) {
    if (auto kind = kind_problem(p, v))
        return kind;
    if (!p.spec)
        return std::nullopt;
    const ParamSpec& s = *p.spec;
    const std::string shown = p.name + "=" + value_text;
    switch (s.kind) {
    case ParamSpec::Kind::Int:
    case ParamSpec::Kind::Float:
        if (v.number() < s.lo || v.number() > s.hi)
            return ValueProblem{false, shown + " is outside its declared range " + range_text(s)};
        if (s.kind == ParamSpec::Kind::Int && v.kind == Kind::Float)
            return ValueProblem{false,
                                shown + " is not an int (declared range " + range_text(s) + ")"};
        break;
    case ParamSpec::Kind::Choice:
        if (std::find(s.choices.begin(), s.choices.end(), v) == s.choices.end()) {
            std::string choices;
            for (const LiteralValue& c : s.choices)
                choices += (choices.empty() ? "" : ", ") + c.repr();
            return ValueProblem{false, shown + " is not one of its choices " + choices};
        }
        break;
    case ParamSpec::Kind::Bool:
        break;
    }
    return std::nullopt;
}

std::string known_parameters_text(const Lesson& lesson) {
    const std::vector<Param>& names = lesson.params.empty() ? lesson.literals : lesson.params;
    std::string out;
    for (const Param& p : names)
        out += (out.empty() ? "" : ", ") + p.name;
    return out.empty() ? "the program has no top-level NAME = <literal>" : "known: " + out;
}

std::vector<std::string> check_overrides(const Lesson& lesson, const Overrides& overrides) {
    std::vector<std::string> warnings;
    for (const auto& [name, text] : overrides) {
        const Param* literal = lesson.find_literal(name);
        if (literal == nullptr)
            throw ParameterError(ParameterError::Kind::UnknownName, name,
                                 "unknown parameter " + py_repr(name) + " (" +
                                     known_parameters_text(lesson) + ")");
        const std::string stripped(strip(text));
        const LiteralValue value = validate_value(name, text);
        const Param* param = lesson.find_param(name);
        if (auto problem = value_problem(param ? *param : *literal, value, stripped)) {
            if (problem->error)
                throw ParameterError(ParameterError::Kind::BadValue, name, problem->message);
            warnings.push_back(problem->message);
        }
    }
    return warnings;
}

namespace {

// The names a top-level logical line assigns: `A = ...`, `A = B = ...`, `A: int = ...`.
std::vector<std::string_view> assigned_names(const std::vector<Token>& tokens,
                                             const LogicalLine& line) {
    std::vector<std::string_view> names;
    std::size_t k = line.first;
    while (k + 1 < line.last && tokens[k].kind == TokenKind::Name &&
           !is_python_keyword(tokens[k].text)) {
        if (is_op(tokens[k + 1], "=")) {
            names.push_back(tokens[k].text);
            k += 2;
        } else if (is_op(tokens[k + 1], ":") && k == line.first) {
            // an annotation: an assignment when a '=' follows at depth 0
            int depth = 0;
            for (std::size_t j = k + 2; j < line.last; ++j) {
                if (opens(tokens[j]))
                    ++depth;
                else if (closes(tokens[j]) && depth > 0)
                    --depth;
                else if (depth == 0 && is_op(tokens[j], "=")) {
                    names.push_back(tokens[k].text);
                    break;
                }
            }
            break;
        } else {
            break;
        }
    }
    return names;
}

bool has_param_comment(const std::vector<Token>& tokens, const LogicalLine& line) {
    for (std::size_t k = line.first; k < line.last; ++k)
        if (tokens[k].kind == TokenKind::Comment &&
            strip(tokens[k].text.substr(1)).starts_with("param:"))
            return true;
    return false;
}

} // namespace

std::vector<std::string> metadata_warnings(const Lesson& lesson) {
    std::vector<std::string> out;
    if (lesson.params.empty())
        return out;
    const std::vector<Token> tokens = tokenize(lesson.source);
    for (const LogicalLine& line : logical_lines(tokens)) {
        if (line.indent != 0 || line.first >= line.last)
            continue;
        const std::uint32_t at = tokens[line.first].line;
        for (std::string_view name : assigned_names(tokens, line)) {
            const Param* param = lesson.find_param(std::string(name));
            if (param == nullptr || at <= param->line || has_param_comment(tokens, line))
                continue; // before the parameter, or a second `# param:` (an error already)
            out.push_back(lesson.path + ":" + std::to_string(at) + ": " + param->name +
                          " is assigned again here at top level (its '# param:' is on line " +
                          std::to_string(param->line) + "): a value from --set, a preset or " +
                          "the window changes line " + std::to_string(param->line) +
                          ", and this line replaces it");
        }
    }
    return out;
}

std::vector<std::string> metadata_problems(const Lesson& lesson) {
    std::vector<std::string> out;
    auto at = [&](std::uint32_t line, const std::string& message) {
        out.push_back(lesson.path + ":" + std::to_string(line) + ": " + message);
    };
    for (const Param& p : lesson.params) {
        const ParamSpec& s = *p.spec;
        const bool range = s.kind == ParamSpec::Kind::Int || s.kind == ParamSpec::Kind::Float;
        if (range && s.lo >= s.hi)
            at(p.line, p.name + ": the range " + range_text(s) +
                           (s.lo > s.hi ? " is reversed" : " is empty") + " (LO..HI with LO < HI)");
        if (range && s.step && !(*s.step > 0))
            at(p.line, p.name + ": step " + number_text(*s.step) + " must be > 0");
        if (auto problem = value_problem(p, p.value, p.text))
            at(p.line, problem->error ? p.name + " = " + p.text + ": " + problem->message
                                      : "the default " + problem->message);
    }
    for (const Preset& preset : lesson.presets) {
        for (const auto& [name, text] : preset.overrides) {
            const Param* param = lesson.find_param(name);
            if (param == nullptr)
                continue; // unknown names and bad literals are parse errors (Lesson::errors)
            auto value = literal_eval(strip(text));
            if (!value)
                continue;
            if (auto problem = value_problem(*param, *value, std::string(strip(text))))
                at(preset.line, "preset " + py_repr(preset.name) + ": " +
                                    (problem->error ? name + ": " : "") + problem->message);
        }
    }
    return out;
}

} // namespace condlab::lesson
