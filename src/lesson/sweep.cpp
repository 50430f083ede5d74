// Parameter sweeps (see sweep.h).
//
// Index:
// [SECTION] Axes and specs
// [SECTION] Cells and cache
// [SECTION] Synchronous sweep
// [SECTION] Background sweep
// [SECTION] Text output (ASCII map, CSV)
#include "lesson/sweep.h"

#include "lesson/compare.h"
#include "lesson/param_check.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <functional>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace condlab::lesson {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double parse_number(std::string_view text, std::string_view what) {
    std::string s(text);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
        throw std::invalid_argument("bad " + std::string(what) + " '" + s + "'");
    return v;
}

std::string number_text(double v) { return std::to_string(static_cast<long long>(v)); }

std::string float_text(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    std::string s = ec == std::errc() ? std::string(buf, end) : std::to_string(v);
    if (s.find_first_of(".eEn") == std::string::npos)
        s += ".0";
    return s;
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] Axes and specs
// ---------------------------------------------------------------------------

double SweepAxis::value(int i) const {
    if (!values.empty())
        return static_cast<double>(i);
    double v = n <= 1 ? lo : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1);
    if (integer)
        return std::round(v);
    if (n <= 1 || hi == lo)
        return v;
    // Rounded to a hundredth of the step (4.7368421052631575 -> 4.737): the label is the
    // value that runs, and neighbours stay apart.
    const double step = std::abs(hi - lo) / static_cast<double>(n - 1);
    const double scale = std::pow(10.0, std::ceil(2.0 - std::log10(step)));
    return std::round(v * scale) / scale;
}

std::string SweepAxis::value_text(int i) const {
    if (!values.empty())
        return values[static_cast<std::size_t>(
            std::clamp(i, 0, static_cast<int>(values.size()) - 1))];
    double v = value(i);
    if (integer)
        return std::to_string(static_cast<long long>(v));
    return float_text(v);
}

SweepAxis parse_sweep_axis(std::string_view text, const Lesson* lesson) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw std::invalid_argument("expected NAME=lo:hi:n, got '" + std::string(text) + "'");
    SweepAxis axis;
    axis.name = std::string(text.substr(0, eq));
    std::string_view range = text.substr(eq + 1);
    auto c1 = range.find(':');
    auto c2 = c1 == std::string_view::npos ? c1 : range.find(':', c1 + 1);
    if (c2 == std::string_view::npos)
        throw std::invalid_argument("expected NAME=lo:hi:n, got '" + std::string(text) + "'");
    axis.lo = parse_number(range.substr(0, c1), "lo");
    axis.hi = parse_number(range.substr(c1 + 1, c2 - c1 - 1), "hi");
    double n = parse_number(range.substr(c2 + 1), "n");
    if (n < 1 || n != std::floor(n) || n > 10000)
        throw std::invalid_argument("n must be an integer from 1 to 10000, got '" +
                                    std::string(range.substr(c2 + 1)) + "'");
    axis.n = static_cast<int>(n);
    const bool one_value = axis.n == 1 && axis.lo == axis.hi; // NAME=2:2:1
    if (!one_value && (axis.n < 2 || !(axis.lo < axis.hi)))
        throw std::invalid_argument("a sweep axis needs lo < hi and n >= 2 values, got '" +
                                    std::string(range) + "' (e.g. " + axis.name +
                                    "=0:5:11 for 0, 0.5, ... 5)");
    if (lesson) {
        const Param* p = lesson->find_literal(axis.name);
        if (!p)
            throw ParameterError(ParameterError::Kind::UnknownName, axis.name,
                                 "unknown parameter " + py_repr(axis.name) + " (" +
                                     known_parameters_text(*lesson) + ")");
        bool numeric =
            p->value.kind == LiteralValue::Kind::Int || p->value.kind == LiteralValue::Kind::Float;
        if (!numeric)
            throw ParameterError(ParameterError::Kind::BadValue, axis.name,
                                 "parameter " + py_repr(axis.name) + " is not a number");
        axis.integer = p->value.kind == LiteralValue::Kind::Int;
        if (p->spec && p->spec->kind == ParamSpec::Kind::Float)
            axis.integer = false;
        const double whole_numbers = std::floor(axis.hi) - std::ceil(axis.lo) + 1;
        if (axis.integer && axis.n > whole_numbers)
            throw std::invalid_argument(
                axis.name + " is an int: " + std::string(range) + " asks for " +
                std::to_string(axis.n) + " values but there are only " +
                number_text(std::max(whole_numbers, 0.0)) + " whole numbers from lo to hi");
    }
    return axis;
}

Overrides SweepSpec::cell_overrides(int ix, int iy) const {
    Overrides o = base;
    set_override(o, x.name, x.value_text(ix));
    if (y)
        set_override(o, y->name, y->value_text(iy));
    return o;
}

// ---------------------------------------------------------------------------
// [SECTION] Cells and cache
// ---------------------------------------------------------------------------

const std::vector<std::string>& sweep_metric_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v = summary_metric_names();
        for (const std::string& n : metric_names())
            if (std::find(v.begin(), v.end(), n) == v.end())
                v.push_back(n);
        return v;
    }();
    return names;
}

double SweepCell::metric(std::string_view name) const {
    const auto& names = sweep_metric_names();
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i)
        if (names[i] == name)
            return values[i];
    return kNaN;
}

RunOptions sweep_run_options() {
    RunOptions o;
    o.line_trace = false;
    // A cell still stops at the line budget (a loop that never awaits ends the same way in
    // every cell, not at a wall-clock moment).
    o.max_lines = RunOptions::kDefaultMaxLines;
    o.record_trace = true;
    o.analyze = true;
    return o;
}

SweepCell make_cell(const RunResult& r, int ix, int iy) {
    SweepCell c;
    c.ix = ix;
    c.iy = iy;
    c.done = true;
    c.outcome = r.outcome;
    c.summary = r.summary;
    const auto& names = sweep_metric_names();
    c.values.reserve(names.size());
    for (const std::string& n : names)
        c.values.push_back(summary_metric(r, n));
    return c;
}

std::optional<SweepCell> SweepCache::find(const std::string& key) const {
    std::lock_guard lock(m_mutex);
    auto it = m_cells.find(key);
    if (it == m_cells.end())
        return std::nullopt;
    return it->second;
}

void SweepCache::store(const std::string& key, const SweepCell& cell) {
    std::lock_guard lock(m_mutex);
    m_cells[key] = cell;
}

void SweepCache::clear() {
    std::lock_guard lock(m_mutex);
    m_cells.clear();
}

std::size_t SweepCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_cells.size();
}

std::string SweepCache::key(const Lesson& lesson, const Overrides& overrides) {
    std::string k = std::to_string(std::hash<std::string>{}(lesson.source)) + ":" +
                    std::to_string(lesson.source.size());
    for (const auto& [name, value] : overrides)
        k += "\n" + name + "=" + value;
    return k;
}

// ---------------------------------------------------------------------------
// [SECTION] Synchronous sweep
// ---------------------------------------------------------------------------

namespace {

/// Runs one cell (or takes it from the cache). Returns true when it ran.
bool compute_cell(const Lesson& lesson, const SweepSpec& spec, const RunOptions& options,
                  SweepCache* cache, int ix, int iy, SweepCell& out) {
    Overrides o = spec.cell_overrides(ix, iy);
    std::string key;
    if (cache) {
        key = SweepCache::key(lesson, o);
        if (auto hit = cache->find(key)) {
            out = *hit;
            out.ix = ix;
            out.iy = iy;
            return false;
        }
    }
    RunResult r = run(lesson, o, options);
    out = make_cell(r, ix, iy);
    if (cache)
        cache->store(key, out);
    return true;
}

} // namespace

SweepResult run_sweep(const Lesson& lesson, const SweepSpec& spec, const RunOptions& options,
                      SweepCache* cache, std::stop_token stop,
                      const std::function<void(const SweepCell&)>& on_cell) {
    auto t0 = std::chrono::steady_clock::now();
    SweepResult res;
    res.spec = spec;
    res.cells.resize(spec.cell_count());
    for (int iy = 0; iy < spec.height(); ++iy) {
        for (int ix = 0; ix < spec.width(); ++ix) {
            SweepCell& c = res.cells[static_cast<std::size_t>(iy * spec.width() + ix)];
            c.ix = ix;
            c.iy = iy;
            if (stop.stop_requested()) {
                res.cancelled = true;
                continue;
            }
            if (compute_cell(lesson, spec, options, cache, ix, iy, c))
                ++res.runs;
            if (on_cell)
                on_cell(c);
        }
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

// ---------------------------------------------------------------------------
// [SECTION] Background sweep
// ---------------------------------------------------------------------------

Sweep::~Sweep() {
    cancel();
    wait();
}

void Sweep::cancel() {
    if (m_thread.joinable())
        m_thread.request_stop();
}

void Sweep::wait() {
    if (m_thread.joinable())
        m_thread.join();
}

float Sweep::progress() const noexcept {
    std::size_t t = m_total.load();
    return t == 0 ? 1.0f : static_cast<float>(m_done.load()) / static_cast<float>(t);
}

void Sweep::start(const Lesson& lesson, const SweepSpec& spec, const RunOptions& options) {
    cancel();
    wait();
    std::vector<std::pair<int, int>> todo;
    {
        std::lock_guard lock(m_mutex);
        m_spec = spec;
        m_cells.assign(spec.cell_count(), SweepCell{});
        std::size_t done = 0;
        for (int iy = 0; iy < spec.height(); ++iy) {
            for (int ix = 0; ix < spec.width(); ++ix) {
                SweepCell& c = m_cells[static_cast<std::size_t>(iy * spec.width() + ix)];
                c.ix = ix;
                c.iy = iy;
                auto hit = m_cache.find(SweepCache::key(lesson, spec.cell_overrides(ix, iy)));
                if (hit) {
                    c = *hit;
                    c.ix = ix;
                    c.iy = iy;
                    ++done;
                } else {
                    todo.emplace_back(ix, iy);
                }
            }
        }
        m_done = done;
        m_total = spec.cell_count();
        m_runs = 0;
        m_cancelled = false;
        ++m_version;
    }
    if (todo.empty()) {
        m_running = false;
        return;
    }
    m_running = true;
    m_thread =
        std::jthread([this, lesson, spec, options, todo = std::move(todo)](std::stop_token stop) {
            for (auto [ix, iy] : todo) {
                if (stop.stop_requested()) {
                    m_cancelled = true;
                    break;
                }
                SweepCell c;
                if (compute_cell(lesson, spec, options, &m_cache, ix, iy, c))
                    ++m_runs;
                {
                    std::lock_guard lock(m_mutex);
                    m_cells[static_cast<std::size_t>(iy * spec.width() + ix)] = std::move(c);
                }
                ++m_done;
                ++m_version;
            }
            m_running = false;
            ++m_version;
        });
}

SweepResult Sweep::snapshot() const {
    std::lock_guard lock(m_mutex);
    SweepResult r;
    r.spec = m_spec;
    r.cells = m_cells;
    r.runs = m_runs.load();
    r.cancelled = m_cancelled.load();
    return r;
}

std::optional<SweepCell> Sweep::cell(int ix, int iy) const {
    std::lock_guard lock(m_mutex);
    if (ix < 0 || iy < 0 || ix >= m_spec.width() || iy >= m_spec.height() || m_cells.empty())
        return std::nullopt;
    return m_cells[static_cast<std::size_t>(iy * m_spec.width() + ix)];
}

SweepSpec Sweep::spec() const {
    std::lock_guard lock(m_mutex);
    return m_spec;
}

// ---------------------------------------------------------------------------
// [SECTION] Text output (ASCII map, CSV)
// ---------------------------------------------------------------------------

char outcome_glyph(Outcome outcome) noexcept { return outcome_info(outcome).glyph; }

std::string format_sweep_map(const SweepResult& r, std::string_view metric) {
    const SweepSpec& s = r.spec;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    if (!metric.empty()) {
        for (const SweepCell& c : r.cells) {
            double v = c.metric(metric);
            if (c.done && !std::isnan(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    auto glyph = [&](const SweepCell& c) -> char {
        if (!c.done)
            return ' ';
        if (metric.empty())
            return outcome_glyph(c.outcome);
        double v = c.metric(metric);
        if (std::isnan(v))
            return '-';
        int b = hi > lo ? static_cast<int>(std::floor((v - lo) / (hi - lo) * 10.0)) : 0;
        return static_cast<char>('0' + std::clamp(b, 0, 9));
    };
    std::size_t label_w = 0;
    if (s.y)
        for (int iy = 0; iy < s.height(); ++iy)
            label_w = std::max(label_w, s.y->value_text(iy).size());
    std::ostringstream o;
    if (s.y)
        o << s.y->name << " (rows, top = " << s.y->value_text(s.height() - 1) << ")\n";
    for (int iy = s.height() - 1; iy >= 0; --iy) {
        o << std::right << std::setw(static_cast<int>(label_w)) << (s.y ? s.y->value_text(iy) : "")
          << " |";
        for (int ix = 0; ix < s.width(); ++ix)
            o << glyph(r.at(ix, iy));
        o << "\n";
    }
    o << std::string(label_w, ' ') << " +" << std::string(static_cast<std::size_t>(s.width()), '-')
      << "\n";
    o << std::string(label_w + 2, ' ') << s.x.value_text(0) << " .. "
      << s.x.value_text(s.width() - 1) << "  " << s.x.name << " (columns)\n";
    if (metric.empty()) {
        std::size_t counts[6] = {};
        for (const SweepCell& c : r.cells)
            if (c.done)
                ++counts[static_cast<int>(c.outcome)];
        o << "legend:";
        for (Outcome out : {Outcome::Complete, Outcome::Deadlock, Outcome::Exception,
                            Outcome::Budget, Outcome::SyntaxError, Outcome::UsageError}) {
            std::size_t n = counts[static_cast<int>(out)];
            if (n || out == Outcome::Complete || out == Outcome::Deadlock)
                o << "  " << outcome_glyph(out) << " " << outcome_name(out) << " (" << n << ")";
        }
        o << "\n";
    } else if (lo == hi) {
        o << "legend: " << metric << " is " << format_metric(lo)
          << " in every cell (shown as 0); - none\n";
    } else if (lo < hi) {
        o << "legend: " << metric << " from " << format_metric(lo) << " (0) to "
          << format_metric(hi) << " (9), bucket = floor(10 * (v - min) / (max - min)); - none\n";
    } else {
        o << "legend: " << metric << ": no values\n";
    }
    if (r.cancelled)
        o << "(cancelled: blank cells were not run)\n";
    return o.str();
}

std::string format_sweep_csv(const SweepResult& r) {
    const SweepSpec& s = r.spec;
    std::ostringstream o;
    o << s.x.name;
    if (s.y)
        o << "," << s.y->name;
    o << ",outcome";
    for (const std::string& n : sweep_metric_names())
        o << "," << n;
    o << "\n";
    for (const SweepCell& c : r.cells) {
        if (!c.done)
            continue;
        o << s.x.value_text(c.ix);
        if (s.y)
            o << "," << s.y->value_text(c.iy);
        o << "," << outcome_name(c.outcome);
        for (double v : c.values)
            o << "," << (std::isnan(v) ? std::string() : format_metric(v));
        o << "\n";
    }
    return o.str();
}

} // namespace condlab::lesson
