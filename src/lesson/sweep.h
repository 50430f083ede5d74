#pragma once
// Parameter sweeps ("outcome maps"): run a lesson over a grid of one or two numeric
// parameters (line tracing off) and collect each cell's outcome and metrics.
//
// `Sweep` computes in a background std::jthread: progress is atomic, cancel() stops it
// between two runs, cells can be read while it runs (poll each frame), and a cache keyed by
// the program text and the parameter values makes a recompute run only the cells that
// changed. run_sweep() is the synchronous form (CLI, tests, bench).
#include "lesson/lesson.h"
#include "lesson/runner.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace condlab::lesson {

/// One swept parameter: `n` values from `lo` to `hi` inclusive (evenly spaced; a float's
/// values rounded to a hundredth of the step, so labels read 4.737, not 4.7368421052631575).
struct SweepAxis {
    std::string name;
    double lo = 0, hi = 0;
    int n = 1;
    bool integer = false; // values are rounded and written as ints
    /// Non-empty: the axis takes these literals (a bool or choice parameter), one cell each;
    /// n is their count and value(i) is i.
    std::vector<std::string> values{};
    [[nodiscard]] double value(int i) const;
    /// The Python literal for value i ("2", "0.5", "1.0").
    [[nodiscard]] std::string value_text(int i) const;
};

/// Parses `NAME=lo:hi:n` (lo < hi and n >= 2, or one value: lo = hi and n = 1). With a lesson, NAME
/// must be one of its literals (an unknown one lists the known ones); integer is set when the
/// literal (or its `# param:` spec) is an int, and then n may not exceed the whole numbers in
/// lo..hi. Throws std::invalid_argument or ParameterError(UnknownName).
SweepAxis parse_sweep_axis(std::string_view text, const Lesson* lesson = nullptr);

struct SweepSpec {
    SweepAxis x;
    std::optional<SweepAxis> y;
    Overrides base; // applied first (other parameters)
    [[nodiscard]] int width() const { return x.n; }
    [[nodiscard]] int height() const { return y ? y->n : 1; }
    [[nodiscard]] std::size_t cell_count() const {
        return static_cast<std::size_t>(width()) * static_cast<std::size_t>(height());
    }
    /// base + x (+ y) for a cell.
    [[nodiscard]] Overrides cell_overrides(int ix, int iy) const;
};

/// The metrics stored per cell (compare.h's summary metrics, then the other scalar metrics).
const std::vector<std::string>& sweep_metric_names();

struct SweepCell {
    int ix = 0, iy = 0;
    bool done = false;
    Outcome outcome = Outcome::Complete;
    std::string summary;                                      // RunResult::summary
    std::vector<double> values;                               // sweep_metric_names() order
    [[nodiscard]] double metric(std::string_view name) const; // NaN when unknown / not done
};

struct SweepResult {
    SweepSpec spec;
    std::vector<SweepCell> cells; // row-major: cells[iy * width + ix]
    std::size_t runs = 0;         // runs actually executed (cache misses)
    double seconds = 0;
    bool cancelled = false;
    [[nodiscard]] const SweepCell& at(int ix, int iy) const {
        return cells[static_cast<std::size_t>(iy) * static_cast<std::size_t>(spec.width()) +
                     static_cast<std::size_t>(ix)];
    }
};

/// RunOptions for sweep cells: line tracing off, trace recorded and analysed (for metrics).
RunOptions sweep_run_options();

/// One cell from a run result.
SweepCell make_cell(const RunResult& r, int ix, int iy);

/// Cache of cell results keyed by program text + parameter values. Thread-safe.
class SweepCache {
  public:
    [[nodiscard]] std::optional<SweepCell> find(const std::string& key) const;
    void store(const std::string& key, const SweepCell& cell);
    void clear();
    [[nodiscard]] std::size_t size() const;
    /// The key of a run: a hash of the lesson source + the overrides in order.
    static std::string key(const Lesson& lesson, const Overrides& overrides);

  private:
    mutable std::mutex m_mutex;
    std::map<std::string, SweepCell> m_cells;
};

/// Runs every cell synchronously (cached cells are not re-run when `cache` is given).
/// `stop` is checked between runs.
SweepResult run_sweep(const Lesson& lesson, const SweepSpec& spec,
                      const RunOptions& options = sweep_run_options(), SweepCache* cache = nullptr,
                      std::stop_token stop = {},
                      const std::function<void(const SweepCell&)>& on_cell = {});

/// A sweep computed in a background thread.
class Sweep {
  public:
    Sweep() = default;
    ~Sweep();
    Sweep(const Sweep&) = delete;
    Sweep& operator=(const Sweep&) = delete;

    /// Cancels a running computation, then starts computing `spec` for `lesson` (copied).
    /// Cached cells are filled at once; the others run in the background.
    void start(const Lesson& lesson, const SweepSpec& spec,
               const RunOptions& options = sweep_run_options());
    /// Asks the background thread to stop after its current run; returns at once.
    void cancel();
    /// Waits for the background thread (after cancel() or completion).
    void wait();

    [[nodiscard]] bool running() const noexcept { return m_running.load(); }
    [[nodiscard]] bool cancelled() const noexcept { return m_cancelled.load(); }
    [[nodiscard]] std::size_t done() const noexcept { return m_done.load(); }
    [[nodiscard]] std::size_t total() const noexcept { return m_total.load(); }
    /// 0..1.
    [[nodiscard]] float progress() const noexcept;
    /// Runs executed by the last start() (cache misses so far).
    [[nodiscard]] std::size_t runs() const noexcept { return m_runs.load(); }
    /// Increases each time a cell finishes (poll it to know whether to re-read the cells).
    [[nodiscard]] std::uint64_t version() const noexcept { return m_version.load(); }

    /// A copy of the current spec and cells (done == false for cells still to run).
    [[nodiscard]] SweepResult snapshot() const;
    /// One cell (copy); nullopt when outside the grid.
    [[nodiscard]] std::optional<SweepCell> cell(int ix, int iy) const;
    [[nodiscard]] SweepSpec spec() const;

    SweepCache& cache() noexcept { return m_cache; }

  private:
    SweepCache m_cache;
    mutable std::mutex m_mutex; // guards m_spec, m_cells
    SweepSpec m_spec;
    std::vector<SweepCell> m_cells;
    std::atomic<bool> m_running{false}, m_cancelled{false};
    std::atomic<std::size_t> m_done{0}, m_total{0}, m_runs{0};
    std::atomic<std::uint64_t> m_version{0};
    std::jthread m_thread; // last member: joined first on destruction
};

/// Glyph of an outcome in the ASCII map: '.' complete, 'D' deadlock, 'E' exception,
/// 'B' budget, 'S' syntax error, 'U' usage error.
char outcome_glyph(Outcome outcome) noexcept;
/// The ASCII map (rows from the highest y value down) with axes and a legend. `metric`
/// empty: one glyph per outcome; else buckets 0-9 of the metric's range.
std::string format_sweep_map(const SweepResult& r, std::string_view metric = {});
/// CSV: x[,y],outcome,<sweep_metric_names()>; one row per cell.
std::string format_sweep_csv(const SweepResult& r);

} // namespace condlab::lesson
