// Deciding a fix goal over its grid (see fix_goal_check.h).
#include "lesson/fix_goal_check.h"

#include "lesson/compare.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace condlab::lesson {

namespace {

// A numeric `# param:` as a grid axis: LO, LO+S, ... up to HI (S = 1 for an int without step).
SweepAxis param_axis(const Param& p) {
    const ParamSpec& s = *p.spec;
    if (s.kind != ParamSpec::Kind::Int && s.kind != ParamSpec::Kind::Float)
        throw std::invalid_argument(p.name + " is a design switch (" +
                                    (s.kind == ParamSpec::Kind::Bool ? "bool" : "choice") +
                                    "), not a fix-grid axis: a fix grid varies numbers");
    double step = s.step.value_or(s.kind == ParamSpec::Kind::Int ? 1.0 : 0.0);
    if (!(step > 0) || !(s.hi > s.lo))
        throw std::invalid_argument(p.name + " has no step grid: a fix grid needs 'LO..HI step S'");
    SweepAxis a;
    a.name = p.name;
    a.integer = s.kind == ParamSpec::Kind::Int;
    a.n = static_cast<int>(std::floor((s.hi - s.lo) / step + 1e-9)) + 1;
    a.lo = s.lo;
    a.hi = s.lo + step * (a.n - 1);
    return a;
}

bool compare(double got, const FixTerm& t) {
    if (std::isnan(got))
        return false;
    const double eps = 1e-9 * std::max(1.0, std::abs(t.value));
    if (t.op == "==")
        return std::abs(got - t.value) <= eps;
    if (t.op == "!=")
        return std::abs(got - t.value) > eps;
    if (t.op == "<")
        return got < t.value - eps;
    if (t.op == "<=")
        return got <= t.value + eps;
    if (t.op == ">")
        return got > t.value + eps;
    return got >= t.value - eps;
}

std::string number_text(double v) {
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    return python_float_repr(v);
}

template <class Metric>
bool terms_hold(const FixGoal& goal, Outcome outcome, const Metric& metric) {
    for (const FixTerm& t : goal.terms)
        if (t.kind == FixTerm::Kind::Complete ? outcome != Outcome::Complete
                                              : !compare(metric(t.metric), t))
            return false;
    return true;
}

} // namespace

std::vector<SweepAxis> fix_goal_axes(const Lesson& shipped, const FixGoal& goal) {
    std::vector<SweepAxis> axes;
    std::size_t cells = 1;
    for (const std::string& name : goal.over) {
        const Param* p = shipped.find_param(name);
        if (!p || !p->spec)
            throw std::invalid_argument("unknown parameter " + py_repr(name) + " after 'over' (" +
                                        "a fix grid varies the lesson's '# param:' numbers)");
        axes.push_back(param_axis(*p));
        cells *= static_cast<std::size_t>(axes.back().n);
    }
    if (axes.empty())
        throw std::invalid_argument("a fix goal names at least one parameter after 'over'");
    if (cells > FixGoal::kMaxCells)
        throw std::invalid_argument("the grid has " + std::to_string(cells) + " cells (at most " +
                                    std::to_string(FixGoal::kMaxCells) + ")");
    return axes;
}

SweepSpec fix_goal_sweep_spec(const Lesson& shipped, const FixGoal& goal) {
    std::vector<SweepAxis> axes = fix_goal_axes(shipped, goal);
    if (axes.size() > 2)
        throw std::invalid_argument("an outcome map shows at most two parameters");
    SweepSpec spec;
    spec.x = axes[0];
    if (axes.size() == 2)
        spec.y = axes[1];
    return spec;
}

bool fix_goal_met(const FixGoal& goal, const RunResult& result) {
    return terms_hold(goal, result.outcome,
                      [&](const std::string& name) { return summary_metric(result, name); });
}

bool fix_goal_met(const FixGoal& goal, const SweepCell& cell) {
    return cell.done && terms_hold(goal, cell.outcome,
                                   [&](const std::string& name) { return cell.metric(name); });
}

RunOptions fix_goal_run_options(const FixGoal& goal) {
    RunOptions o = sweep_run_options();
    if (!goal.needs_metrics()) {
        o.record_trace = false;
        o.analyze = false;
    }
    return o;
}

const FixCell* FixGoalResult::first_failure() const {
    for (const FixCell& c : cells)
        if (!c.met)
            return &c;
    return nullptr;
}

FixGoalResult check_fix_goal(const Lesson& program, const Lesson& shipped, const FixGoal& goal,
                             const RunFunction& runner, std::stop_token stop,
                             const std::function<void(const FixCell&)>& on_cell) {
    const std::vector<SweepAxis> axes = fix_goal_axes(shipped, goal);
    std::size_t total = 1;
    for (const SweepAxis& a : axes)
        total *= static_cast<std::size_t>(a.n);
    const RunOptions options = fix_goal_run_options(goal);
    FixGoalResult out;
    out.cells.reserve(total);
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t index = 0; index < total; ++index) {
        if (stop.stop_requested()) {
            out.cancelled = true;
            break;
        }
        FixCell cell;
        std::size_t rest = index; // the first axis varies fastest
        for (const SweepAxis& a : axes) {
            const int i = static_cast<int>(rest % static_cast<std::size_t>(a.n));
            rest /= static_cast<std::size_t>(a.n);
            set_override(cell.overrides, a.name, a.value_text(i));
        }
        const RunResult r = runner ? runner(program, cell.overrides, options)
                                   : run(program, cell.overrides, options);
        cell.outcome = r.outcome;
        cell.summary = r.summary.empty() ? r.stderr_text : r.summary;
        cell.met = fix_goal_met(goal, r);
        if (!cell.met && r.outcome == Outcome::Complete) // a metric term failed: say which
            for (const FixTerm& t : goal.terms)
                if (t.kind == FixTerm::Kind::Metric && !compare(summary_metric(r, t.metric), t))
                    cell.summary +=
                        ", " + t.metric + " = " + number_text(summary_metric(r, t.metric));
        ++(cell.met ? out.met : out.failed);
        out.cells.push_back(std::move(cell));
        if (on_cell)
            on_cell(out.cells.back());
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

std::string describe_cell(const Overrides& overrides) {
    std::string out;
    for (const auto& [name, value] : overrides)
        out += (out.empty() ? "" : " ") + name + "=" + value;
    return out;
}

namespace {

std::string failure_text(const FixGoalResult& r) {
    const FixCell* f = r.first_failure();
    std::string out = std::to_string(r.failed) + " of " + std::to_string(r.cells.size()) + " cells";
    if (f != nullptr)
        out += " (first: " + describe_cell(f->overrides) + ": " + f->summary + ")";
    return out;
}

} // namespace

FixGoalVerification verify_fix_goal(const Lesson& lesson, const FixGoal& goal,
                                    const RunFunction& runner) {
    FixGoalVerification v;
    const FixGoalResult shipped = check_fix_goal(lesson, lesson, goal, runner);
    if (shipped.holds()) {
        v.message = "the lesson's program already meets '" + goal.describe_condition() +
                    "' in all " + std::to_string(shipped.cells.size()) +
                    " cells: there is nothing to fix";
        return v;
    }
    const std::filesystem::path fix_path = reference_fix_path(lesson.path);
    Lesson fix;
    try {
        fix = load_lesson(fix_path);
    } catch (const std::exception& ex) {
        v.message = std::string("no reference fix: ") + ex.what();
        return v;
    }
    const FixGoalResult fixed = check_fix_goal(fix, lesson, goal, runner);
    if (!fixed.holds()) {
        v.message = "the reference fix " + fix_path.string() + " fails '" +
                    goal.describe_condition() + "' in " + failure_text(fixed);
        return v;
    }
    v.ok = true;
    v.message = "the program fails '" + goal.describe_condition() + "' in " +
                failure_text(shipped) + "; " + fix_path.filename().string() + " meets it in all " +
                std::to_string(fixed.cells.size());
    return v;
}

void validate_fix_goals(Lesson& lesson) {
    for (const FixGoal& g : lesson.fix_goals) {
        try {
            (void)fix_goal_axes(lesson, g);
        } catch (const std::exception& ex) {
            lesson.errors.push_back(lesson.path + ":" + std::to_string(g.line) + ": " + ex.what());
        }
    }
}

} // namespace condlab::lesson
