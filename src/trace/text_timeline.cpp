// Text timeline (see text_timeline.h).
//
// [SECTION] Glyphs and small helpers
// [SECTION] Columns: iterations -> columns
// [SECTION] Rows: tasks, marks, objects, axis
// [SECTION] Legend, notifications, diagnostics, outcome
// [SECTION] render_text_timeline
#include "trace/text_timeline.h"

#include "trace/analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace condlab {

// ---------------------------------------------------------------------------
// [SECTION] Glyphs and small helpers
// ---------------------------------------------------------------------------

char text_timeline_glyph(TaskStatus status) noexcept {
    switch (status) {
    case TaskStatus::NotStarted:
        return ' ';
    case TaskStatus::Ready:
        return '-';
    case TaskStatus::Running:
        return '=';
    case TaskStatus::Sleeping:
        return '.';
    case TaskStatus::BlockedOnLock:
        return 'L';
    case TaskStatus::WaitingOnCondition:
        return 'c';
    case TaskStatus::WaitingOnEvent:
        return 'e';
    case TaskStatus::WaitingOnSemaphore:
        return 's';
    case TaskStatus::WaitingOnQueue:
        return 'q';
    case TaskStatus::WaitingOnBarrier:
        return 'b';
    case TaskStatus::WaitingOnTask:
        return 't';
    case TaskStatus::WaitingOnFuture:
        return 'f';
    case TaskStatus::Done:
        return '_';
    case TaskStatus::Failed:
        return '!';
    case TaskStatus::Cancelled:
        return 'x';
    }
    return '?';
}

namespace {

constexpr int kMinWidth = 40;
constexpr int kMaxCell = 4;    // characters per iteration when there is room
constexpr int kMaxListed = 10; // notifications / diagnostics listed in words

constexpr char kMarkNotify = '^'; // a notify that woke a task
constexpr char kMarkLost = '*';   // a notify that found no waiter
constexpr char kMarkWoken = 'v';  // resumed after a notify
constexpr char kForever = '>';    // after the end column: blocked forever (deadlock)

/// "0.5", "2", "1e-07": shortest readable form of a virtual time.
std::string fmt_time(double t) {
    if (!std::isfinite(t))
        return std::isnan(t) ? "nan" : (t > 0 ? "inf" : "-inf");
    char buf[32];
    for (int precision = 6; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, t);
        if (precision >= 15 || std::strtod(buf, nullptr) == t)
            break;
    }
    return buf;
}

/// Iterations per column, one decimal ("4.4").
std::string merge_ratio_text(std::uint64_t iterations, std::size_t columns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f",
                  static_cast<double>(iterations) / static_cast<double>(columns));
    return buf;
}

char count_glyph(std::size_t n) {
    if (n == 0)
        return ' ';
    return n < 10 ? static_cast<char>('0' + n) : '+';
}

/// Pads or cuts `s` to exactly `w` characters ('~' marks a cut).
std::string fit(std::string_view s, std::size_t w) {
    if (s.size() <= w)
        return std::string(s) + std::string(w - s.size(), ' ');
    if (w == 0)
        return {};
    return std::string(s.substr(0, w - 1)) + "~";
}

/// Word-wraps `text` to `width`: the first line starts with `first`, the others with
/// `next` (same length as `first` usually).
void wrap(std::string& out, std::string_view text, std::size_t width, std::string_view first,
          std::string_view next) {
    std::string line(first);
    std::size_t prefix = first.size();
    bool empty = true;
    auto flush = [&] {
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line;
        out += '\n';
        line = std::string(next);
        prefix = next.size();
        empty = true;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ')
            ++j;
        std::string_view word = text.substr(i, j - i);
        i = j;
        if (word.empty())
            break;
        const std::size_t room = width > prefix ? width - prefix : 1;
        while (word.size() > room) { // hard-split words longer than a line
            if (!empty)
                flush();
            line += word.substr(0, room);
            word.remove_prefix(room);
            empty = false;
            flush();
        }
        if (word.empty())
            continue;
        const std::size_t need = (empty ? 0 : 1) + word.size();
        if (line.size() + need > width && !empty)
            flush();
        if (!empty)
            line += ' ';
        line += word;
        empty = false;
    }
    if (!empty)
        flush();
}

// ---------------------------------------------------------------------------
// [SECTION] Columns: iterations -> columns
// ---------------------------------------------------------------------------

struct Column {
    std::uint64_t it_first = 0; // iterations [it_first, it_last]
    std::uint64_t it_last = 0;
    StepId s0 = 0; // steps [s0, s1)
    StepId s1 = 0;
    double time = 0.0;      // virtual time at the column's start
    double time_last = 0.0; // virtual time of its last step
};

struct Layout {
    std::vector<Column> columns;
    int cell = 1;        // characters per column
    bool merged = false; // several iterations per column
    std::uint64_t it_lo = 0;
    std::uint64_t it_hi = 0;

    /// Column of an iteration (the last column whose first iteration is <= it).
    [[nodiscard]] std::size_t column_of(std::uint64_t it) const {
        auto pos =
            std::upper_bound(columns.begin(), columns.end(), it,
                             [](std::uint64_t x, const Column& c) { return x < c.it_first; });
        return pos == columns.begin() ? 0 : static_cast<std::size_t>(pos - columns.begin() - 1);
    }
};

std::string merge_ratio(const Layout& layout) {
    return merge_ratio_text(layout.it_hi - layout.it_lo + 1, layout.columns.size());
}

Layout make_layout(const Trace& trace, int avail) {
    Layout layout;
    const std::span<const Step> steps = trace.steps();
    layout.it_lo = steps.front().iteration;
    layout.it_hi = steps.front().iteration;
    for (const Step& s : steps) {
        layout.it_lo = std::min<std::uint64_t>(layout.it_lo, s.iteration);
        layout.it_hi = std::max<std::uint64_t>(layout.it_hi, s.iteration);
    }
    const std::uint64_t n = layout.it_hi - layout.it_lo + 1;
    // The columns, then '|' and the end column (as wide as one column).
    std::uint64_t cols = n;
    if (n + 2 <= static_cast<std::uint64_t>(avail)) {
        layout.cell = static_cast<int>(std::min<std::uint64_t>(kMaxCell, (avail - 1) / (n + 1)));
    } else {
        layout.merged = true;
        cols = static_cast<std::uint64_t>(std::max(avail - 2, 1));
    }
    double time = steps.front().time;
    for (std::uint64_t c = 0; c < cols; ++c) {
        Column col;
        col.it_first = layout.it_lo + c * n / cols;
        col.it_last = layout.it_lo + (c + 1) * n / cols - 1;
        col.s0 = trace.step_at_iteration(col.it_first);
        col.s1 = trace.step_at_iteration(col.it_last + 1);
        if (col.s1 < col.s0)
            col.s1 = col.s0;
        col.time = col.s0 < col.s1 ? steps[col.s0].time : time;
        if (col.s0 < col.s1)
            time = steps[col.s1 - 1].time;
        col.time_last = time;
        layout.columns.push_back(col);
    }
    return layout;
}

/// The last tick of a column (its state "at the end"), or the tick before it.
Tick column_end_tick(const Trace& trace, const Column& c) {
    if (trace.end_tick() == 0)
        return 0;
    if (c.s0 < c.s1)
        return tick_end(c.s1 - 1);
    return c.s0 == 0 ? 0 : std::min<Tick>(tick_end(c.s0 - 1), trace.end_tick() - 1);
}

// ---------------------------------------------------------------------------
// [SECTION] Rows: tasks, marks, objects, axis
// ---------------------------------------------------------------------------

struct Row {
    std::string name;
    std::string cells;    // one char per column (expanded to `cell` chars when printed)
    std::string marks;    // ' ' or a mark per column, drawn on the column's first char
    char end = ' ';       // the state when the run ended (the column after the last '|')
    bool forever = false; // blocked when a deadlocked run ended: kForever after `end`
};

/// The last tick of the run (the state "when the run ended").
Tick last_tick(const Trace& trace) { return trace.end_tick() == 0 ? 0 : trace.end_tick() - 1; }

Row task_row(const Trace& trace, const Layout& layout, TaskId task) {
    Row row;
    row.name = trace.task_name(task);
    const std::vector<SpanView> spans = trace.spans(task);
    row.cells.assign(layout.columns.size(), ' ');
    row.marks.assign(layout.columns.size(), ' ');
    std::size_t k = 0; // first span that may overlap the current column
    for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        const Column& col = layout.columns[c];
        const Tick end = column_end_tick(trace, col);
        bool ran = false;
        if (col.s0 < col.s1) {
            const Tick t0 = tick_begin(col.s0), t1 = tick_end(col.s1 - 1) + 1;
            while (k < spans.size() && spans[k].end <= t0)
                ++k;
            for (std::size_t j = k; j < spans.size() && spans[j].begin < t1; ++j)
                ran = ran || spans[j].status == TaskStatus::Running;
        }
        const TaskStatus st = ran ? TaskStatus::Running : trace.span_at(task, end).status;
        row.cells[c] = text_timeline_glyph(spans.empty() ? TaskStatus::NotStarted : st);
    }
    row.end = text_timeline_glyph(spans.empty() ? TaskStatus::NotStarted
                                                : trace.span_at(task, last_tick(trace)).status);
    return row;
}

void add_notify_marks(const Trace& trace, const Layout& layout, std::map<TaskId, Row*>& rows) {
    const std::span<const Step> steps = trace.steps();
    // 'v' first so that a notifier's own mark wins when both fall in one cell.
    for (const Link& l : trace.links()) {
        if (l.kind != LinkKind::Notify || l.to_step == kNoStep || l.to_step >= steps.size())
            continue;
        if (auto it = rows.find(l.task); it != rows.end())
            it->second->marks[layout.column_of(steps[l.to_step].iteration)] = kMarkWoken;
    }
    for (StepId s = 0; s < steps.size(); ++s) {
        for (const TraceEvent& e : trace.step_events(s)) {
            if (e.kind != EventKind::Primitive ||
                (e.op != PrimitiveOp::ConditionNotify && e.op != PrimitiveOp::ConditionNotifyAll))
                continue;
            const TaskId who = e.task != kNoTask ? e.task : steps[s].task;
            auto it = rows.find(who);
            if (it == rows.end())
                continue;
            char& m = it->second->marks[layout.column_of(steps[s].iteration)];
            const char mark = trace.woken(e).empty() ? kMarkLost : kMarkNotify;
            if (m != kMarkLost) // a lost notify stays visible
                m = mark;
        }
    }
}

/// Locks: ' ' free, 'H' held, digit = held with that many waiters. Other objects:
/// digit = waiters (' ' none). nullopt for rows that would stay blank (not conditions).
std::optional<Row> object_row(const Trace& trace, const Layout& layout, const ObjectRecord& o) {
    Row row;
    row.name = trace.object_name(o.id);
    row.cells.assign(layout.columns.size(), ' ');
    row.marks.assign(layout.columns.size(), ' ');
    bool any = false;
    auto glyph = [&](Tick tick) {
        const ObjectState st = trace.object_state_at_tick(o.id, tick);
        char g = count_glyph(st.waiters.size());
        if (o.kind == ObjectKind::Lock && st.locked && st.waiters.empty())
            g = 'H';
        any = any || g != ' ';
        return g;
    };
    for (std::size_t c = 0; c < layout.columns.size(); ++c)
        row.cells[c] = glyph(column_end_tick(trace, layout.columns[c]));
    row.end = glyph(last_tick(trace));
    if (!any && o.kind != ObjectKind::Condition)
        return std::nullopt;
    return row;
}

std::string print_row(const Row& row, const Layout& layout, std::size_t name_w) {
    std::string line = fit(row.name, name_w) + "|";
    for (std::size_t c = 0; c < row.cells.size(); ++c)
        for (int k = 0; k < layout.cell; ++k)
            line += k == 0 && row.marks[c] != ' ' ? row.marks[c] : row.cells[c];
    line += '|';
    line += std::string(static_cast<std::size_t>(layout.cell), row.end);
    if (row.forever)
        line += kForever;
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

/// An axis row: `labels[c]` placed at column c when it fits after the previous one (a
/// label may run on over the end column); `end_label` over the end column if it fits.
std::string axis_row(std::string_view name, const std::vector<std::string>& labels,
                     std::string_view end_label, const Layout& layout, std::size_t name_w) {
    const std::size_t body = layout.columns.size() * static_cast<std::size_t>(layout.cell);
    std::string cells(body + 1 + static_cast<std::size_t>(layout.cell), ' ');
    std::size_t next_free = 0;
    for (std::size_t c = 0; c < labels.size(); ++c) {
        const std::string& s = labels[c];
        const std::size_t pos = c * static_cast<std::size_t>(layout.cell);
        if (s.empty() || pos < next_free || pos + s.size() > cells.size())
            continue;
        cells.replace(pos, s.size(), s);
        next_free = pos + s.size() + 1;
    }
    if (!end_label.empty() && body + 1 >= next_free &&
        end_label.size() <= static_cast<std::size_t>(layout.cell))
        cells.replace(body + 1, end_label.size(), end_label);
    std::string line = fit(name, name_w) + "|" + cells;
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

// ---------------------------------------------------------------------------
// [SECTION] Legend, notifications, diagnostics, outcome
// ---------------------------------------------------------------------------

std::string step_point(const Trace& trace, StepId s) {
    if (s >= trace.step_count())
        return "end";
    const Step& st = trace.steps()[s];
    return "it " + std::to_string(st.iteration) + " t=" + fmt_time(st.time);
}

void legend(std::string& out, const std::vector<Row>& task_rows,
            const std::vector<Row>& object_rows, const Layout& layout, std::size_t width) {
    static constexpr TaskStatus kOrder[] = {TaskStatus::Running,
                                            TaskStatus::Ready,
                                            TaskStatus::Sleeping,
                                            TaskStatus::BlockedOnLock,
                                            TaskStatus::WaitingOnCondition,
                                            TaskStatus::WaitingOnEvent,
                                            TaskStatus::WaitingOnSemaphore,
                                            TaskStatus::WaitingOnQueue,
                                            TaskStatus::WaitingOnBarrier,
                                            TaskStatus::WaitingOnTask,
                                            TaskStatus::WaitingOnFuture,
                                            TaskStatus::Done,
                                            TaskStatus::Failed,
                                            TaskStatus::Cancelled,
                                            TaskStatus::NotStarted};
    std::string used_glyphs, used_marks;
    bool forever = false;
    for (const Row& r : task_rows) {
        used_glyphs += r.cells;
        used_glyphs += r.end;
        used_marks += r.marks;
        forever = forever || r.forever;
    }
    std::string items;
    for (TaskStatus st : kOrder) {
        const char g = text_timeline_glyph(st);
        if (used_glyphs.find(g) == std::string::npos)
            continue;
        if (!items.empty())
            items += ", ";
        items += g == ' ' ? std::string("blank") : std::string(1, g);
        items += " ";
        items += status_name(st);
    }
    wrap(out, items, width, "legend: ", "        ");
    std::string marks;
    auto add_mark = [&](char m, const char* text) {
        if (used_marks.find(m) == std::string::npos)
            return;
        if (!marks.empty())
            marks += ", ";
        marks += std::string(1, m) + " " + text;
    };
    add_mark(kMarkNotify, "notify that woke a task");
    add_mark(kMarkLost, "notify that found no waiter (lost)");
    add_mark(kMarkWoken, "resumed after a notify");
    if (!marks.empty())
        wrap(out, marks, width, "marks:  ", "        ");
    if (!object_rows.empty())
        wrap(out,
             "digit = number of waiters (blank = none), H = lock held with no waiter "
             "(a digit on a lock row: held, with that many waiters)",
             width, "objects: ", "         ");
    wrap(out,
         std::string(layout.merged ? "each column merges several iterations: '=' if the task ran "
                                     "in any of them, else its state at the end of the column; "
                                   : "one per loop iteration; ") +
             "after the last '|': the state when the run ended" +
             (forever ? std::string("; '") + kForever +
                            "' after it: blocked forever (the run ended in a deadlock)"
                      : std::string()),
         width, "columns: ", "         ");
}

void notifications(std::string& out, const Trace& trace, std::size_t width) {
    std::vector<std::string> lines;
    std::map<EventId, std::vector<const Link*>> by_event;
    for (const Link& l : trace.links())
        if (l.kind == LinkKind::Notify && l.from_event != kNoEvent)
            by_event[l.from_event].push_back(&l);
    const std::span<const TraceEvent> events = trace.events();
    std::size_t total = 0;
    for (EventId i = 0; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        if (e.kind != EventKind::Primitive ||
            (e.op != PrimitiveOp::ConditionNotify && e.op != PrimitiveOp::ConditionNotifyAll))
            continue;
        ++total;
        if (lines.size() >= static_cast<std::size_t>(kMaxListed))
            continue;
        const std::span<const TaskId> woken = trace.woken(e);
        const char mark = woken.empty() ? kMarkLost : kMarkNotify;
        std::string text = std::string(1, mark) + " " + step_point(trace, e.step) + " " +
                           (e.task != kNoTask ? trace.task_name(e.task) : std::string("loop")) +
                           ": " + trace.object_name(e.object) + "." + primitive_op_name(e.op) +
                           "()";
        if (woken.empty()) {
            text += " found no waiter: the wake-up is lost";
        } else {
            text += " woke";
            bool first = true;
            for (TaskId w : woken) {
                text += first ? " " : ", ";
                first = false;
                text += trace.task_name(w);
                StepId resumed = kNoStep;
                if (auto it = by_event.find(i); it != by_event.end())
                    for (const Link* l : it->second)
                        if (l->task == w)
                            resumed = l->to_step;
                text += resumed == kNoStep ? " (never resumed)"
                                           : " (resumed " + step_point(trace, resumed) + ")";
            }
        }
        lines.push_back(std::move(text));
    }
    if (total == 0)
        return;
    out += "notifications:\n";
    for (const std::string& l : lines)
        wrap(out, l, width, "  ", "      ");
    if (total > lines.size())
        out += "  ... " + std::to_string(total - lines.size()) + " more\n";
}

/// "blocked forever: consumer (since t=1.5), main (since t=0.5)" for a deadlocked run.
void blocked_forever(std::string& out, const Trace& trace, const OutcomeReport& outcome,
                     std::size_t width) {
    if (outcome.kind != OutcomeReport::Kind::Deadlock || outcome.blocked.empty())
        return;
    std::vector<const OutcomeReport::Blocked*> by_id;
    for (const OutcomeReport::Blocked& b : outcome.blocked)
        by_id.push_back(&b);
    std::sort(by_id.begin(), by_id.end(),
              [](const auto* a, const auto* b) { return a->task < b->task; });
    std::string text;
    for (const OutcomeReport::Blocked* b : by_id) {
        if (!text.empty())
            text += ", ";
        text += trace.task_name(b->task) +
                " (since t=" + fmt_time(trace.point(tick_end(b->since)).time) + ")";
    }
    wrap(out, text, width, "blocked forever: ", "                 ");
}

void diagnostics(std::string& out, const Trace& trace, std::size_t width) {
    const std::vector<Diagnostic> diags = analyze_diagnostics(trace);
    if (diags.empty())
        return;
    out += "diagnostics:\n";
    std::size_t n = 0;
    for (const Diagnostic& d : diags) {
        if (n++ == static_cast<std::size_t>(kMaxListed)) {
            out += "  ... " + std::to_string(diags.size() - kMaxListed) + " more\n";
            break;
        }
        wrap(out,
             step_point(trace, d.step) + (d.note ? " note: " : " ") + diagnostic_title(d.kind) +
                 ": " + d.message,
             width, "  ", "    ");
    }
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] render_text_timeline
// ---------------------------------------------------------------------------

std::string render_text_timeline(const Trace& trace, int width_in) {
    const std::size_t width = static_cast<std::size_t>(std::max(width_in, kMinWidth));
    std::string out;
    if (trace.step_count() == 0) {
        wrap(out, "(empty trace: no steps recorded)", width, "", "");
        return out;
    }

    // Name column: the longest row name, at most a quarter of the width.
    std::size_t name_w = std::string_view("iteration").size();
    for (const TaskRecord& t : trace.tasks())
        name_w = std::max(name_w, trace.task_name(t.id).size());
    for (const ObjectRecord& o : trace.objects())
        if (o.kind != ObjectKind::Future)
            name_w = std::max(name_w, trace.object_name(o.id).size());
    name_w = std::min(name_w, std::max<std::size_t>(9, width / 4)) + 1;
    // A deadlocked run: the tasks blocked at the end wait forever ('>' after their end
    // column, which takes one more character).
    const OutcomeReport outcome = analyze_outcome(trace);
    std::vector<TaskId> forever;
    if (outcome.kind == OutcomeReport::Kind::Deadlock)
        for (const OutcomeReport::Blocked& b : outcome.blocked)
            forever.push_back(b.task);
    std::sort(forever.begin(), forever.end());
    const int avail = static_cast<int>(width - name_w - 1) - (forever.empty() ? 0 : 1);
    const Layout layout = make_layout(trace, avail);

    std::vector<Row> task_rows;
    task_rows.reserve(trace.tasks().size());
    for (const TaskRecord& t : trace.tasks()) {
        task_rows.push_back(task_row(trace, layout, t.id));
        task_rows.back().forever = std::binary_search(forever.begin(), forever.end(), t.id);
    }
    std::map<TaskId, Row*> by_task;
    for (std::size_t i = 0; i < task_rows.size(); ++i)
        by_task[trace.tasks()[i].id] = &task_rows[i];
    add_notify_marks(trace, layout, by_task);
    std::vector<Row> object_rows;
    for (const ObjectRecord& o : trace.objects())
        if (o.kind != ObjectKind::Future)
            if (std::optional<Row> r = object_row(trace, layout, o))
                object_rows.push_back(std::move(*r));

    // Title.
    const std::span<const Step> steps = trace.steps();
    std::string title = "timeline: " + std::to_string(trace.tasks().size()) + " tasks, " +
                        "iterations " + std::to_string(layout.it_lo) + ".." +
                        std::to_string(layout.it_hi) + ", t=" + fmt_time(steps.front().time) +
                        ".." + fmt_time(std::max(trace.finish_time(), steps.back().time)) + " s; " +
                        (layout.merged ? "1 column = ~" + merge_ratio(layout) + " iterations"
                                       : "1 iteration = " + std::to_string(layout.cell) +
                                             (layout.cell == 1 ? " column" : " columns"));
    wrap(out, title, width, "", "  ");

    // Axis: virtual time where it changes, iteration numbers where they fit.
    std::vector<std::string> time_labels(layout.columns.size()), it_labels(layout.columns.size());
    for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        // The time a column starts at; for merged columns, the time reached at their end
        // when it moved (one column = one iteration = one time otherwise).
        if (c == 0)
            time_labels[c] = fmt_time(layout.columns[c].time);
        else if (layout.columns[c].time_last != layout.columns[c - 1].time_last)
            time_labels[c] = fmt_time(layout.columns[c].time_last);
        it_labels[c] = std::to_string(layout.columns[c].it_first);
    }
    out += axis_row("time", time_labels, "", layout, name_w) + "\n";
    out += axis_row("iteration", it_labels, "end", layout, name_w) + "\n";
    for (const Row& r : task_rows)
        out += print_row(r, layout, name_w) + "\n";
    if (!object_rows.empty()) {
        out += fit("", name_w) + "|\n";
        for (const Row& r : object_rows)
            out += print_row(r, layout, name_w) + "\n";
    }
    out += "\n";
    legend(out, task_rows, object_rows, layout, width);
    notifications(out, trace, width);
    diagnostics(out, trace, width);
    blocked_forever(out, trace, outcome, width);
    wrap(out, outcome.summary, width, "outcome: ", "         ");
    return out;
}

} // namespace condlab
