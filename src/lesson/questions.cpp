// Predict-then-reveal questions: the `# predict:` grammar (see questions.h and
// lessons/README.md, "Questions").
//
// [SECTION] Words and quoted text
// [SECTION] Anchors and answers
// [SECTION] Choices
// [SECTION] Blocks of `# predict:` lines
#include "lesson/questions.h"

#include "lesson/lesson.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace condlab::lesson {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Words and quoted text
// ---------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The position of the first `sep` outside double quotes (npos when none).
std::size_t find_outside_quotes(std::string_view text, char sep) {
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (quoted && text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            quoted = !quoted;
        else if (!quoted && text[i] == sep)
            return i;
    return std::string_view::npos;
}

bool is_quoted(std::string_view word) {
    return word.size() >= 2 && word.front() == '"' && word.back() == '"';
}

} // namespace

std::string unquote(std::string_view word) {
    std::string out;
    std::size_t i = 1;
    for (; word.size() >= 2 && word.front() == '"' && i < word.size() && word[i] != '"'; ++i) {
        if (word[i] == '\\' && i + 1 < word.size())
            ++i;
        out += word[i];
    }
    if (word.size() < 2 || word.front() != '"' || i != word.size() - 1)
        throw std::invalid_argument("expected a quoted text, got " + py_repr(word));
    return out;
}

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

namespace {

bool is_identifier(std::string_view w) {
    if (w.empty() || (w[0] >= '0' && w[0] <= '9'))
        return false;
    return std::all_of(w.begin(), w.end(), [](char c) {
        return c == '_' || c == '-' || c == '#' || c == '.' || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               static_cast<unsigned char>(c) >= 0x80;
    });
}

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t to,
                 const char* sep = " ") {
    std::string out;
    for (std::size_t i = from; i < to && i < words.size(); ++i)
        out += (i > from ? sep : "") + words[i];
    return out;
}

std::size_t find_word(const std::vector<std::string>& words, std::string_view w,
                      std::size_t from = 0) {
    for (std::size_t i = from; i < words.size(); ++i)
        if (words[i] == w)
            return i;
    return words.size();
}

// ---------------------------------------------------------------------------
// [SECTION] Anchors and answers
// ---------------------------------------------------------------------------

void check_event_name(const std::string& name) {
    const auto& names = question_event_names();
    if (std::find(names.begin(), names.end(), name) == names.end())
        throw std::invalid_argument("unknown event " + py_repr(name) +
                                    " (known: " + join(names, 0, names.size(), ", ") + ")");
}

// `EVENT [on OBJECT] [by TASK]` from words[from, to).
QuestionAnchor parse_event(const std::vector<std::string>& words, std::size_t from,
                           std::size_t to) {
    QuestionAnchor a;
    a.kind = QuestionAnchor::Kind::Event;
    if (from >= to)
        throw std::invalid_argument("expected an event after 'first' or 'time'");
    a.event = words[from];
    check_event_name(a.event);
    for (std::size_t i = from + 1; i < to; i += 2) {
        if (i + 1 >= to || (words[i] != "on" && words[i] != "by") || !is_identifier(words[i + 1]))
            throw std::invalid_argument("expected 'on OBJECT' or 'by TASK' after " +
                                        py_repr(join(words, from, i)));
        (words[i] == "on" ? a.object : a.task) = words[i + 1];
    }
    return a;
}

QuestionAnchor parse_anchor(const std::vector<std::string>& words, std::size_t from,
                            std::size_t to) {
    QuestionAnchor a;
    const std::string first = from < to ? words[from] : "";
    if ((first == "start" || first == "end") && to == from + 1) {
        a.kind = first == "start" ? QuestionAnchor::Kind::Start : QuestionAnchor::Kind::End;
        return a;
    }
    if (first == "first")
        return parse_event(words, from + 1, to);
    if (first == "line" && to > from + 1) {
        a.kind = QuestionAnchor::Kind::Line;
        const std::string& which = words[from + 1];
        if (is_quoted(which)) {
            a.line_text = unquote(which);
        } else {
            auto v = literal_eval(which);
            if (!v || v->kind != LiteralValue::Kind::Int || v->integer < 1)
                throw std::invalid_argument("expected a line number or a quoted line text, got " +
                                            py_repr(which));
            a.line = static_cast<std::uint32_t>(v->integer);
        }
        if (to == from + 4 && words[from + 2] == "by" && is_identifier(words[from + 3]))
            a.task = words[from + 3];
        else if (to != from + 2)
            throw std::invalid_argument("expected 'line N [by TASK]', got " +
                                        py_repr(join(words, from, to)));
        return a;
    }
    throw std::invalid_argument(
        "expected an anchor: start, end, line N [by TASK], line \"TEXT\" [by TASK] or first "
        "EVENT [on OBJECT] [by TASK]; got " +
        py_repr(join(words, from, to)));
}

// Reads the answer's own words (kind and arguments), words[from, to) without the test.
AnswerSpec parse_answer_kind(const std::vector<std::string>& words, std::size_t from,
                             std::size_t to) {
    AnswerSpec a;
    const std::size_t n = to - from;
    auto word = [&](std::size_t k) { return from + k < to ? words[from + k] : std::string(); };
    auto bad = [&] {
        return std::invalid_argument(
            "expected an answer: outcome, next task, next holder LOCK, woken, next output, "
            "metric NAME, time EVENT [on OBJECT] [by TASK], blame exception, blame finding "
            "KIND or blame stuck TASK; got " +
            py_repr(join(words, from, to)));
    };
    if (word(0) == "outcome" && n == 1) {
        a.kind = AnswerSpec::Kind::Outcome;
    } else if (word(0) == "next" && word(1) == "task" && n == 2) {
        a.kind = AnswerSpec::Kind::NextTask;
    } else if (word(0) == "next" && word(1) == "output" && n == 2) {
        a.kind = AnswerSpec::Kind::NextOutput;
    } else if (word(0) == "next" && word(1) == "holder" && n == 3 && is_identifier(word(2))) {
        a.kind = AnswerSpec::Kind::NextHolder;
        a.object = word(2);
    } else if (word(0) == "woken" && n == 1) {
        a.kind = AnswerSpec::Kind::Woken;
    } else if (word(0) == "metric" && n == 2) {
        a.kind = AnswerSpec::Kind::Metric;
        a.metric = word(1);
        parse_expected("metric " + a.metric + " 0"); // throws for an unknown name
    } else if (word(0) == "time" && n >= 2) {        // `time [first] EVENT ...`
        a.kind = AnswerSpec::Kind::Time;
        a.event = parse_event(words, from + (word(1) == "first" ? 2 : 1), to);
        if (a.event.event == "stuck")
            throw std::invalid_argument("'stuck' is no single event: ask 'at first stuck' "
                                        "with an answer such as 'blame stuck TASK'");
    } else if (word(0) == "blame" && word(1) == "exception" && n == 2) {
        a.kind = AnswerSpec::Kind::Blame;
        a.blame = "exception";
    } else if (word(0) == "blame" && (word(1) == "finding" || word(1) == "stuck") && n == 3) {
        a.kind = AnswerSpec::Kind::Blame;
        a.blame = word(1);
        a.blame_target = word(2);
        if (a.blame == "finding")
            parse_expected("finding " + a.blame_target); // throws for an unknown kind
    } else {
        throw bad();
    }
    return a;
}

AnswerSpec parse_answer(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
    std::size_t test_at =
        std::min(find_word(words, "is", from), find_word(words, "includes", from));
    test_at = std::min(test_at, to);
    AnswerSpec a = parse_answer_kind(words, from, test_at);
    if (test_at == to)
        return a;
    if (test_at + 2 != to)
        throw std::invalid_argument("expected one value after " + py_repr(words[test_at]));
    a.test = words[test_at] == "is" ? AnswerSpec::Test::Is : AnswerSpec::Test::Includes;
    a.test_value = words[test_at + 1];
    if (a.test == AnswerSpec::Test::Includes) {
        if (a.kind != AnswerSpec::Kind::Woken || !is_identifier(a.test_value))
            throw std::invalid_argument("'includes TASK' follows 'woken' only");
    } else {
        AnswerSpec plain = a;
        plain.test = AnswerSpec::Test::None;
        validate_choice(plain, a.test_value);
    }
    return a;
}

// ---------------------------------------------------------------------------
// [SECTION] Choices
// ---------------------------------------------------------------------------

void validate_number(std::string_view choice) {
    auto v = literal_eval(choice);
    if (!v || !v->is_number())
        throw std::invalid_argument("expected a number, got " + py_repr(choice));
}

void validate_task_list(std::string_view choice) {
    if (choice == "nobody")
        return;
    std::string_view rest = choice;
    while (true) {
        const std::size_t comma = rest.find(',');
        if (!is_identifier(strip(rest.substr(0, comma))))
            throw std::invalid_argument("expected task names joined with ',' or 'nobody', got " +
                                        py_repr(choice));
        if (comma == std::string_view::npos)
            return;
        rest = rest.substr(comma + 1);
    }
}

} // namespace

// ---------------------------------------------------------------------------
// Public helpers
// ---------------------------------------------------------------------------

const std::vector<std::string>& question_event_names() {
    static const std::vector<std::string> names = {
        "notify", "notify_all", "wait",      "acquire", "release", "set",  "put",
        "get",    "cancel",     "exception", "print",   "done",    "stuck"};
    return names;
}

std::vector<std::string> question_words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        std::size_t j = i;
        bool quoted = false;
        while (j < text.size() && (quoted || !is_space(text[j]))) {
            if (quoted && text[j] == '\\')
                ++j;
            else if (text[j] == '"')
                quoted = !quoted;
            ++j;
        }
        if (j > i)
            out.emplace_back(text.substr(i, std::min(j, text.size()) - i));
        i = j;
    }
    return out;
}

std::string QuestionAnchor::describe() const {
    switch (kind) {
    case Kind::Start:
        return "start";
    case Kind::End:
        return "end";
    case Kind::Line:
        return "line " + (line_text.empty() ? std::to_string(line) : "\"" + line_text + "\"") +
               (task.empty() ? "" : " by " + task);
    case Kind::Event:
        return "first " + event + (object.empty() ? "" : " on " + object) +
               (task.empty() ? "" : " by " + task);
    }
    return "start";
}

std::string AnswerSpec::describe() const {
    std::string out;
    switch (kind) {
    case Kind::Outcome:
        out = "outcome";
        break;
    case Kind::NextTask:
        out = "next task";
        break;
    case Kind::NextHolder:
        out = "next holder " + object;
        break;
    case Kind::Woken:
        out = "woken";
        break;
    case Kind::NextOutput:
        out = "next output";
        break;
    case Kind::Metric:
        out = "metric " + metric;
        break;
    case Kind::Time:
        out = "time " + event.describe();
        break;
    case Kind::Blame:
        out = "blame " + blame + (blame_target.empty() ? "" : " " + blame_target);
        break;
    }
    if (test != Test::None)
        out += (test == Test::Is ? " is " : " includes ") + test_value;
    return out;
}

Question parse_question_line(std::string_view text) {
    Question q;
    const std::size_t bar = find_outside_quotes(text, '|');
    if (bar == std::string_view::npos || strip(text.substr(bar + 1)).empty())
        throw std::invalid_argument("expected '# predict: [in SELECTOR] at ANCHOR ask ANSWER | "
                                    "QUESTION' (the question text after '|' is missing)");
    q.text = std::string(strip(text.substr(bar + 1)));
    const std::vector<std::string> words = question_words(text.substr(0, bar));
    std::size_t at = find_word(words, "at");
    const std::size_t ask = find_word(words, "ask", at);
    if (at == words.size() || ask == words.size() || (at != 0 && words[0] != "in") ||
        (at != 0 && at < 2))
        throw std::invalid_argument("expected '[in SELECTOR] at ANCHOR ask ANSWER | QUESTION'");
    if (at != 0)
        q.selector = join(words, 1, at);
    q.anchor = parse_anchor(words, at + 1, ask);
    q.answer = parse_answer(words, ask + 1, words.size());
    return q;
}

void validate_choice(const AnswerSpec& answer, std::string_view choice) {
    if (answer.yes_no()) {
        if (choice != "yes" && choice != "no")
            throw std::invalid_argument("a yes/no question's choices are yes and no, got " +
                                        py_repr(choice));
        return;
    }
    switch (answer.kind) {
    case AnswerSpec::Kind::Outcome: {
        const ExpectedOutcome o = parse_outcome(choice);
        if (o.kind == ExpectedOutcome::Kind::Output)
            throw std::invalid_argument("an outcome choice is complete, deadlock, budget or "
                                        "exception TYPE");
        return;
    }
    case AnswerSpec::Kind::NextTask:
    case AnswerSpec::Kind::NextHolder:
        if (!is_identifier(choice))
            throw std::invalid_argument("expected a task name or 'nobody', got " + py_repr(choice));
        return;
    case AnswerSpec::Kind::Woken:
        validate_task_list(choice);
        return;
    case AnswerSpec::Kind::NextOutput:
        if (choice != "nothing")
            unquote(choice);
        return;
    case AnswerSpec::Kind::Metric:
    case AnswerSpec::Kind::Time:
        validate_number(choice);
        return;
    case AnswerSpec::Kind::Blame: {
        const std::vector<std::string> w = question_words(choice);
        if (w.size() == 1 && is_quoted(w[0]))
            return;
        auto v = w.size() == 2 && w[0] == "line" ? literal_eval(w[1]) : std::nullopt;
        if (!v || v->kind != LiteralValue::Kind::Int || v->integer < 1)
            throw std::invalid_argument("expected 'line N' or a quoted line text, got " +
                                        py_repr(choice));
        return;
    }
    }
}

std::uint32_t find_source_line(std::string_view source, std::string_view text) {
    std::uint32_t found = 0, line = 1;
    std::size_t pos = 0;
    const std::vector<Token> tokens = tokenize(source);
    std::set<std::uint32_t> code_lines; // lines with code (not docstring or comment lines)
    for (const Token& t : tokens)
        if (t.kind == TokenKind::Name || t.kind == TokenKind::Op)
            code_lines.insert(t.line);
    while (pos <= source.size()) {
        const std::size_t nl = std::min(source.find('\n', pos), source.size());
        if (code_lines.count(line) &&
            source.substr(pos, nl - pos).find(text) != std::string::npos) {
            if (found != 0)
                throw std::invalid_argument("the line text " + py_repr(text) +
                                            " is on more than one line (" + std::to_string(found) +
                                            " and " + std::to_string(line) + ")");
            found = line;
        }
        pos = nl + 1;
        ++line;
    }
    if (found == 0)
        throw std::invalid_argument("no line of code contains " + py_repr(text));
    return found;
}

// ---------------------------------------------------------------------------
// [SECTION] Blocks of `# predict:` lines
// ---------------------------------------------------------------------------

namespace {

// `choices A | *B | C`: the choices without the mark, and which one was marked.
void parse_choices(Question& q, std::string_view body) {
    if (!q.choices.empty())
        throw std::invalid_argument("a second 'choices' line for the question on line " +
                                    std::to_string(q.line));
    std::string_view rest = body;
    while (true) {
        const std::size_t bar = find_outside_quotes(rest, '|');
        std::string choice(strip(rest.substr(0, bar)));
        if (choice.starts_with('*')) {
            if (q.expected >= 0)
                throw std::invalid_argument("more than one choice is marked with '*'");
            q.expected = static_cast<int>(q.choices.size());
            choice = std::string(strip(std::string_view(choice).substr(1)));
        }
        if (choice.empty())
            throw std::invalid_argument("an empty choice");
        validate_choice(q.answer, choice);
        if (std::find(q.choices.begin(), q.choices.end(), choice) != q.choices.end())
            throw std::invalid_argument("the choice " + py_repr(choice) + " is listed twice");
        q.choices.push_back(std::move(choice));
        if (bar == std::string_view::npos)
            break;
        rest = rest.substr(bar + 1);
    }
    if (q.choices.size() < 2)
        throw std::invalid_argument("a question needs at least two choices");
    if (q.expected < 0)
        throw std::invalid_argument("mark the expected choice with '*'");
}

// A finished question block: it needs its choices and its explanation.
std::optional<std::string> block_problem(const Question& q) {
    if (q.choices.empty())
        return "the question has no '# predict: choices A | *B' line";
    if (q.explanation.empty())
        return "the question has no '# predict: reveal ...' line (the explanation)";
    return std::nullopt;
}

std::optional<std::string_view> after_keyword(std::string_view body, std::string_view kw) {
    if (!body.starts_with(kw) || (body.size() > kw.size() && !is_space(body[kw.size()])))
        return std::nullopt;
    return strip(body.substr(kw.size()));
}

} // namespace

namespace {

// The selector of each question resolved like an expectation's (lesson.cpp): "default", a
// preset, or NAME=VALUE ...; every name must be one of the lesson's literals.
void resolve_selectors(Lesson& lesson) {
    for (Question& q : lesson.questions) {
        const std::string where = lesson.path + ":" + std::to_string(q.line) + ": ";
        try {
            if (q.selector == "default")
                q.overrides.clear();
            else if (const Preset* p = lesson.find_preset(q.selector))
                q.overrides = p->overrides;
            else
                q.overrides = parse_assignments(q.selector);
        } catch (const std::exception& ex) {
            lesson.errors.push_back(where + "unknown preset or bad selector " +
                                    py_repr(q.selector) + ": " + ex.what());
            continue;
        }
        for (const auto& [name, value] : q.overrides)
            if (!lesson.find_literal(name))
                lesson.errors.push_back(where + "unknown parameter " + py_repr(name));
    }
}

} // namespace

void parse_questions(Lesson& lesson, const std::vector<Comment>& comments) {
    auto where = [&](std::uint32_t line) { return lesson.path + ":" + std::to_string(line); };
    // Open: the last question takes choices / reveal lines; Broken: a line of its block was
    // wrong (reported once; the rest of the block is skipped).
    enum class Block : std::uint8_t { None, Open, Broken } block = Block::None;
    auto close = [&] {
        if (block == Block::Open)
            if (auto p = block_problem(lesson.questions.back()))
                lesson.errors.push_back(where(lesson.questions.back().line) + ": " + *p);
        block = Block::None;
    };
    for (const Comment& c : comments) {
        if (!c.text.starts_with("predict:"))
            continue;
        const std::string_view body = strip(std::string_view(c.text).substr(8));
        const auto choices = after_keyword(body, "choices");
        const auto reveal = after_keyword(body, "reveal");
        if ((choices || reveal) && block == Block::Broken)
            continue;
        try {
            if ((choices || reveal) && block != Block::Open)
                throw std::invalid_argument(std::string("'") + (choices ? "choices" : "reveal") +
                                            "' without a question before it");
            if (choices) {
                Question& q = lesson.questions.back();
                parse_choices(q, *choices);
                for (const std::string& choice : q.choices) // a line text names one line
                    if (q.answer.kind == AnswerSpec::Kind::Blame && !q.answer.yes_no() &&
                        choice.starts_with('"'))
                        (void)find_source_line(lesson.source, unquote(choice));
            } else if (reveal) {
                std::string& e = lesson.questions.back().explanation;
                e += (e.empty() || reveal->empty() ? "" : " ") + std::string(*reveal);
            } else {
                close();
                Question q = parse_question_line(body);
                q.line = c.line;
                if (q.anchor.kind == QuestionAnchor::Kind::Line && !q.anchor.line_text.empty())
                    q.anchor.line = find_source_line(lesson.source, q.anchor.line_text);
                lesson.questions.push_back(std::move(q));
                block = Block::Open;
            }
        } catch (const std::exception& ex) {
            lesson.errors.push_back(where(c.line) + ": " + ex.what());
            if (block == Block::Open && (choices || reveal))
                lesson.questions.pop_back();
            block = Block::Broken;
        }
    }
    close();
    resolve_selectors(lesson);
}

} // namespace condlab::lesson
