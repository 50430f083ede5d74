// The lesson player's model (player.h).
#include "app/player.h"

#include "app/run_worker.h"
#include "trace/step_number.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace condlab::app {

Player::~Player() = default;
Player::Player(Player&&) noexcept = default;
Player& Player::operator=(Player&&) noexcept = default;

Player::Player(PlayerRunFunction run) : m_run(std::move(run)) {
    if (!m_run) {
        m_run = [](const lesson::Lesson& l, const lesson::Overrides& o,
                   const lesson::RunOptions& opt) { return lesson::run(l, o, opt); };
    }
}

// -----------------------------------------------------------------------------------------
// Program and parameters
// -----------------------------------------------------------------------------------------

bool Player::load_file(const std::filesystem::path& path) {
    std::string source;
    try {
        source = lesson::read_source_file(path);
    } catch (const std::exception& e) {
        m_load_error = e.what();
        return false;
    }
    load_source(std::move(source), path.string());
    return true;
}

void Player::load_source(std::string source, const std::string& path) {
    m_load_error.clear();
    m_lesson = std::make_shared<const lesson::Lesson>(
        lesson::parse_lesson_source(std::move(source), path));
    m_overrides.clear();
    m_schedule.reset();
    m_playing = false;
    m_pos = 0;
    if (m_worker) {
        // The previous file's run does not belong to this code: nothing is shown until the
        // new run is in.
        m_result.reset();
        adopt_index(build_playhead_index(nullptr));
    }
    // A fresh program starts at its beginning (Python Tutor): the first position.
    request_run(false);
}

void Player::replace_source(std::string source) {
    if (!m_lesson)
        return;
    m_load_error.clear();
    m_lesson = std::make_shared<const lesson::Lesson>(
        lesson::parse_lesson_source(std::move(source), m_lesson->path));
    std::erase_if(m_overrides,
                  [&](const auto& kv) { return m_lesson->find_literal(kv.first) == nullptr; });
    request_run(true);
}

std::string Player::param_text(const lesson::Param& p) const {
    if (const std::string* o = lesson::find_override(m_overrides, p.name))
        return *o;
    return p.text;
}

void Player::set_param(const std::string& name, const std::string& value_text) {
    if (!m_lesson)
        return;
    const lesson::Param* p = m_lesson->find_literal(name);
    if (p == nullptr)
        return;
    if (param_text(*p) == value_text)
        return;
    if (value_text == p->text)
        std::erase_if(m_overrides, [&](const auto& kv) { return kv.first == name; });
    else
        lesson::set_override(m_overrides, name, value_text);
    m_schedule.reset();
    rerun();
}

void Player::reset_params() {
    if (m_overrides.empty())
        return;
    m_overrides.clear();
    m_schedule.reset();
    rerun();
}

void Player::rerun() {
    if (m_lesson)
        request_run(true);
}

void Player::request_run(bool keep_playhead) {
    RunRequest request{m_lesson, m_overrides, lesson::RunOptions{}};
    apply_schedule(request);
    if (m_worker) {
        m_pending_keep = keep_playhead;
        m_worker->submit(std::move(request));
        return;
    }
    adopt(execute_run(m_run, std::move(request), 0), keep_playhead);
}

void Player::adopt(FinishedRun done, bool keep_playhead) {
    // Where the playhead is now (the learner may have moved it while the run was going).
    const PlayheadPosition p = position();
    std::optional<StepId> keep_step;
    std::optional<std::size_t> keep_line;
    if (keep_playhead && trace() != nullptr) {
        keep_step = p.step;
        if (!p.at_end()) {
            // k-th line position of the step.
            std::size_t k = 0;
            for (std::size_t i = m_pos; i > 0 && m_positions[i - 1].step == p.step; --i)
                ++k;
            keep_line = k;
        }
    }
    m_result = std::move(done.result);
    adopt_index(std::move(done.index));
    ++m_run_count;
    m_last_run_ms = done.wall_ms;
    m_play_accum = 0;
    if (!keep_step || m_positions.empty()) {
        m_pos = 0;
        return;
    }
    if (*keep_step >= step_count()) {
        m_pos = m_positions.size() - 1;
        return;
    }
    m_pos = end_position(*keep_step);
    if (keep_line) {
        // The same line position of the step when it still exists.
        std::size_t first = m_pos;
        while (first > 0 && m_positions[first - 1].step == *keep_step)
            --first;
        if (first + *keep_line < m_pos)
            m_pos = first + *keep_line;
    }
}

void Player::adopt_index(PlayheadIndex index) {
    m_positions = std::move(index.positions);
    m_step_end = std::move(index.step_end);
    m_task_lines = std::move(index.task_lines);
    m_output_events = std::move(index.output_events);
    m_pos = std::min(m_pos, m_positions.empty() ? 0 : m_positions.size() - 1);
}

// -----------------------------------------------------------------------------------------
// Background runs
// -----------------------------------------------------------------------------------------

void Player::run_in_background(std::function<void()> on_finished) {
    m_worker = std::make_unique<RunWorker>(m_run, std::move(on_finished));
}

bool Player::poll() {
    if (!m_worker)
        return false;
    std::optional<FinishedRun> done = m_worker->take();
    if (!done)
        return false;
    adopt(std::move(*done), m_pending_keep);
    return true;
}

bool Player::running() const { return m_worker && m_worker->busy(); }

double Player::running_seconds() const { return m_worker ? m_worker->busy_seconds() : 0.0; }

std::uint64_t Player::running_steps() const { return m_worker ? m_worker->steps_so_far() : 0; }

void Player::stop_run() {
    if (m_worker)
        m_worker->stop();
}

std::string Player::stopped_summary() const {
    return m_worker ? m_worker->stopped_summary() : std::string();
}

void Player::wait_for_run() {
    if (m_worker) {
        m_worker->wait();
        poll();
    }
}

// -----------------------------------------------------------------------------------------
// Playhead
// -----------------------------------------------------------------------------------------

PlayheadPosition Player::position() const {
    if (m_positions.empty())
        return {};
    return m_positions[std::min(m_pos, m_positions.size() - 1)];
}

std::size_t Player::step_count() const {
    const Trace* t = trace();
    return t != nullptr ? t->step_count() : 0;
}

bool Player::at_first() const { return m_pos == 0; }
bool Player::at_last() const { return m_positions.empty() || m_pos + 1 >= m_positions.size(); }

std::size_t Player::end_position(StepId s) const {
    if (m_step_end.empty())
        return 0;
    return m_step_end[std::min<std::size_t>(s, m_step_end.size() - 1)];
}

void Player::seek_step(StepId s) { m_pos = end_position(s); }

void Player::seek_position(std::size_t index) {
    m_pos = m_positions.empty() ? 0 : std::min(index, m_positions.size() - 1);
}

void Player::first() {
    m_pos = 0;
    m_playing = false;
}

void Player::last() {
    m_pos = m_positions.empty() ? 0 : m_positions.size() - 1;
    m_playing = false;
}

std::size_t Player::next_position(std::size_t from, StepMode m, int dir) const {
    if (m_positions.empty())
        return 0;
    if (m == StepMode::Line) {
        if (dir > 0)
            return std::min(from + 1, m_positions.size() - 1);
        return from > 0 ? from - 1 : 0;
    }
    const StepId s = m_positions[from].step;
    if (dir > 0) {
        // The end of this step if not there yet, else the end of the next step.
        if (!m_positions[from].at_end())
            return end_position(s);
        return s + 1 < m_step_end.size() ? m_step_end[s + 1] : from;
    }
    if (s == 0)
        return 0;
    return m_step_end[s - 1];
}

bool Player::forward(StepMode m) {
    const std::size_t n = next_position(m_pos, m, +1);
    const bool moved = n != m_pos;
    m_pos = n;
    return moved;
}

bool Player::back(StepMode m) {
    const std::size_t n = next_position(m_pos, m, -1);
    const bool moved = n != m_pos;
    m_pos = n;
    return moved;
}

bool Player::forward() { return forward(mode); }
bool Player::back() { return back(mode); }

void Player::play() {
    if (at_last())
        m_pos = 0;
    m_playing = true;
    m_play_accum = 0;
}

void Player::toggle_play() {
    if (m_playing)
        pause();
    else
        play();
}

int Player::advance(double dt) {
    if (!m_playing)
        return 0;
    m_play_accum += dt * kBaseRate * static_cast<double>(std::max(speed, 0.01f));
    int moves = 0;
    while (m_play_accum >= 1.0) {
        m_play_accum -= 1.0;
        if (!forward()) {
            m_playing = false;
            break;
        }
        ++moves;
        if (at_last()) {
            m_playing = false;
            break;
        }
    }
    return moves;
}

// -----------------------------------------------------------------------------------------
// Derived state
// -----------------------------------------------------------------------------------------

EventId Player::bound(const PlayheadPosition& p) const {
    const Trace* t = trace();
    if (t == nullptr)
        return 0;
    if (!p.at_end())
        return p.line_event;
    return p.step + 1 < t->step_count() ? t->step_first_event(p.step + 1)
                                        : static_cast<EventId>(t->events().size());
}

double Player::time() const {
    const Trace* t = trace();
    return t != nullptr && t->step_count() > 0 ? t->steps()[step()].time : 0.0;
}

std::uint64_t Player::iteration() const {
    const Trace* t = trace();
    return t != nullptr && t->step_count() > 0 ? t->steps()[step()].iteration : 0;
}

std::string Player::status_text() const {
    const std::size_t n = step_count();
    if (n == 0)
        return "no steps";
    std::string out = format_step_of(step(), n);
    const PlayheadPosition p = position();
    const Trace* t = trace();
    if (!p.at_end() && t != nullptr && p.line_event < t->events().size()) {
        // Stepping by line moves inside a step: say which line the task is about to run.
        out += " \xC2\xB7 line " + std::to_string(t->line(t->events()[p.line_event].a));
    }
    return out + " \xC2\xB7 t = " + format_time(time()) + " s \xC2\xB7 iteration " +
           std::to_string(iteration());
}

std::vector<TaskMarker> Player::task_markers() const {
    std::vector<TaskMarker> out;
    const Trace* t = trace();
    if (t == nullptr || t->step_count() == 0)
        return out;
    const PlayheadPosition p = position();
    const EventId b = bound(p);
    const Tick tick = p.at_end() ? tick_end(p.step) : tick_begin(p.step);
    const auto tasks = t->tasks();
    for (std::size_t i = 0; i < tasks.size() && i < m_task_lines.size(); ++i) {
        const TaskId id = tasks[i].id;
        const SpanView span = t->span_at(id, tick);
        if (span.status == TaskStatus::NotStarted || is_finished(span.status))
            continue;
        const TaskLines& tl = m_task_lines[i];
        TaskMarker m;
        m.task = id;
        m.name = t->task_name(id);
        const auto it = std::lower_bound(tl.events.begin(), tl.events.end(), b);
        const auto k = static_cast<std::size_t>(it - tl.events.begin());
        if (k > 0)
            m.just_executed = static_cast<int>(tl.lines[k - 1]);
        if (span.status != TaskStatus::Running && span.where != kNoLoc)
            m.next = static_cast<int>(t->line(span.where)); // suspended at its await
        else if (k < tl.lines.size())
            m.next = static_cast<int>(tl.lines[k]);
        if (m.just_executed == 0 && m.next == 0)
            continue;
        out.push_back(std::move(m));
    }
    return out;
}

TaskId Player::focus_task() const {
    const Trace* t = trace();
    if (t == nullptr || t->step_count() == 0)
        return kNoTask;
    return t->steps()[std::min<std::size_t>(step(), t->step_count() - 1)].task;
}

int Player::focus_line() const {
    if (const auto e = error_mark(); e && e->line > 0)
        return e->line;
    const Trace* t = trace();
    if (t == nullptr || t->step_count() == 0)
        return 0;
    const PlayheadPosition p = position();
    if (!p.at_end() && p.line_event < t->events().size())
        return static_cast<int>(t->line(t->events()[p.line_event].a));
    const TaskId task = focus_task();
    for (const TaskMarker& m : task_markers())
        if (m.task == task)
            return m.next > 0 ? m.next : m.just_executed;
    return module_run_line();
}

int Player::module_run_line() const {
    if (!m_lesson)
        return 0;
    const std::string& src = m_lesson->source;
    int line = 1;
    for (std::size_t i = 0; i < src.size(); ++line) {
        const std::size_t end = std::min(src.find('\n', i), src.size());
        if (std::string_view(src).substr(i, end - i).starts_with("asyncio.run("))
            return line;
        i = end + 1;
    }
    return 0;
}

std::vector<LineMarker> Player::line_markers(const Palette& p) const {
    std::vector<LineMarker> out;
    const std::vector<TaskMarker> tasks = task_markers();
    const TaskId focus = focus_task();
    const bool focus_marked = std::any_of(tasks.begin(), tasks.end(),
                                          [&](const TaskMarker& m) { return m.task == focus; });
    const Trace* t = trace();
    const PlayheadPosition pos = position();
    if (t != nullptr && !focus_marked) {
        // Module-level code (function definitions, `asyncio.run(...)`) runs outside any
        // live task: mark the line it is on, else the line that runs the loop.
        int line = 0;
        if (!pos.at_end() && pos.line_event < t->events().size())
            line = static_cast<int>(t->line(t->events()[pos.line_event].a));
        else if (tasks.empty())
            line = module_run_line();
        if (line > 0)
            out.push_back({line, MarkerKind::Next, p.marker_next, "module"});
    }
    for (const TaskMarker& m : tasks) {
        if (m.just_executed > 0 && m.just_executed != m.next)
            out.push_back({m.just_executed, MarkerKind::JustExecuted, p.marker_executed, m.name});
        if (m.next > 0)
            out.push_back({m.next, MarkerKind::Next, p.marker_next, m.name});
    }
    return out;
}

std::vector<lesson::OutputLine> Player::output_so_far(EventId last) const {
    std::vector<lesson::OutputLine> out;
    const Trace* t = trace();
    if (t == nullptr) {
        if (m_result) {
            for (const auto& l : m_result->output)
                if (!l.is_stderr)
                    out.push_back(l);
        }
        return out;
    }
    const EventId b = bound(position());
    const auto events = t->events();
    for (EventId id : m_output_events) {
        if (id >= b || (last != kNoEvent && id > last))
            break;
        const TraceEvent& e = events[id];
        out.push_back({std::string(t->str(e.a)), false, e.step, t->steps()[e.step].time});
    }
    return out;
}

std::vector<std::string> Player::line_events(int line, std::size_t limit) const {
    std::vector<std::string> out;
    const Trace* t = trace();
    if (t == nullptr || line <= 0)
        return out;
    std::size_t total = 0;
    const auto events = t->events();
    for (std::size_t i = 0; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        std::uint32_t l = 0;
        std::string what;
        switch (e.kind) {
        case EventKind::Line:
            l = t->line(e.a);
            what = "runs";
            break;
        case EventKind::Output:
            l = t->line(e.b);
            what = "prints \"" + std::string(t->str(e.a)) + "\"";
            break;
        case EventKind::Exception:
            l = t->line(static_cast<LocId>(e.value));
            what = "raises " + std::string(t->str(e.a));
            break;
        default:
            continue;
        }
        if (l != static_cast<std::uint32_t>(line))
            continue;
        ++total;
        if (out.size() < limit) {
            out.push_back("step " + format_step(e.step) +
                          ", t=" + format_time(t->steps()[e.step].time) + ": " +
                          t->task_name(e.task) + " " + what);
        }
    }
    if (total > out.size())
        out.push_back("... " + std::to_string(total - out.size()) + " more");
    return out;
}

std::optional<ErrorMark> Player::error_mark() const {
    if (!m_result)
        return std::nullopt;
    const lesson::RunResult& r = *m_result;
    if (r.outcome == lesson::Outcome::SyntaxError || r.outcome == lesson::Outcome::UsageError) {
        std::string msg =
            r.exception_type.empty() ? r.summary : r.exception_type + ": " + r.exception_message;
        if (msg.empty())
            msg = r.stderr_text;
        return ErrorMark{static_cast<int>(r.error_line), msg};
    }
    if (r.outcome == lesson::Outcome::Exception && at_last()) {
        return ErrorMark{static_cast<int>(r.error_line),
                         r.exception_type + ": " + r.exception_message};
    }
    return std::nullopt;
}

std::vector<bool> Player::goals_reached() const {
    std::vector<bool> out;
    if (!m_lesson || !m_result)
        return out;
    for (const lesson::Goal& g : m_lesson->goals)
        out.push_back(lesson::goal_reached(g, *m_result));
    return out;
}

bool Player::any_goal_reached() const {
    const auto g = goals_reached();
    return std::any_of(g.begin(), g.end(), [](bool b) { return b; });
}

} // namespace condlab::app
