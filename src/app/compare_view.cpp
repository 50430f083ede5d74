// The compare view (see compare_view.h).
//
// Index:
// [SECTION] Model (runs, shared playhead)
// [SECTION] Metrics table
// [SECTION] Timelines (linked views, divergence marks)
// [SECTION] View and window
#include "app/compare_view.h"

#include "app/popup_window.h"
#include "trace/step_number.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace condlab::app {

// ---------------------------------------------------------------------------
// [SECTION] Model (runs, shared playhead)
// ---------------------------------------------------------------------------

namespace {

void reset_views(CompareViewState& s) {
    s.position = 0.0;
    s.timeline_a = TimelineState{};
    s.timeline_b = TimelineState{};
    s.views_linked = false;
    const auto mode = s.align == CompareAlign::Iteration ? AxisMode::Iteration : AxisMode::Time;
    s.timeline_a.mode = mode;
    s.timeline_b.mode = mode;
}

int preset_index(const lesson::Lesson& l, std::string_view name) {
    for (std::size_t i = 0; i < l.presets.size(); ++i)
        if (l.presets[i].name == name)
            return static_cast<int>(i);
    return -1;
}

double key_of(const Trace& t, CompareAlign align, StepId s) {
    if (t.step_count() == 0)
        return 0.0;
    s = std::min<StepId>(s, static_cast<StepId>(t.step_count() - 1));
    const Step& st = t.steps()[s];
    return align == CompareAlign::Iteration ? static_cast<double>(st.iteration) : st.time;
}

using Adopt = std::function<void(CompareViewState&, lesson::CompareResult)>;

/// Runs `work` now, or (s.background) on a CompareJob whose result compare_poll() adopts.
void launch(CompareViewState& s, CompareJob::Work work, Adopt adopt) {
    if (!s.background) {
        adopt(s, work());
        return;
    }
    if (s.job)
        s.retired.push_back(std::move(s.job)); // its result is no longer wanted
    s.job_error.clear();
    s.adopt = std::move(adopt);
    s.job = std::make_shared<CompareJob>(std::move(work));
}

/// A new pair of runs: the playhead and both views start over.
Adopt adopt_new_pair(int preset_a, int preset_b, std::string a_name, std::string b_name) {
    return [=](CompareViewState& s, lesson::CompareResult r) {
        s.result = std::move(r);
        if (!a_name.empty())
            s.result->a_name = a_name;
        if (!b_name.empty())
            s.result->b_name = b_name;
        s.preset_a = preset_a;
        s.preset_b = preset_b;
        reset_views(s);
    };
}

} // namespace

void compare_run(CompareViewState& s, const lesson::Lesson& lesson, lesson::Overrides a,
                 lesson::Overrides b) {
    s.lesson = std::make_shared<const lesson::Lesson>(lesson);
    s.a_overrides = std::move(a);
    s.b_overrides = std::move(b);
    launch(
        s,
        [l = s.lesson, a = s.a_overrides, b = s.b_overrides] {
            return lesson::compare_runs(*l, a, b);
        },
        adopt_new_pair(-1, -1, {}, {}));
}

void compare_presets(CompareViewState& s, const lesson::Lesson& lesson, std::string_view a,
                     std::string_view b) {
    s.lesson = std::make_shared<const lesson::Lesson>(lesson);
    s.a_overrides = lesson::preset_overrides(lesson, a);
    s.b_overrides = lesson::preset_overrides(lesson, b);
    launch(
        s,
        [l = s.lesson, a = s.a_overrides, b = s.b_overrides] {
            return lesson::compare_runs(*l, a, b);
        },
        adopt_new_pair(preset_index(lesson, a), preset_index(lesson, b), "A: " + std::string(a),
                       "B: " + std::string(b)));
}

void compare_pin_a(CompareViewState& s, const lesson::Lesson& lesson,
                   const lesson::RunResult& current, lesson::Overrides b, std::string a_name) {
    s.lesson = std::make_shared<const lesson::Lesson>(lesson);
    s.a_overrides = current.overrides;
    s.b_overrides = std::move(b);
    launch(
        s,
        [l = s.lesson, a = current, b = s.b_overrides] {
            return lesson::compare_results(a, lesson::run(*l, b));
        },
        adopt_new_pair(-1, -1, std::move(a_name), {}));
}

void compare_set_b(CompareViewState& s, lesson::Overrides b) {
    if (!s.lesson || !s.result)
        return;
    s.b_overrides = std::move(b);
    launch(
        s,
        [l = s.lesson, a = s.result->a, b = s.b_overrides] {
            return lesson::compare_results(a, lesson::run(*l, b));
        },
        [a_name = s.result->a_name](CompareViewState& st, lesson::CompareResult r) {
            st.result = std::move(r);
            st.result->a_name = a_name;
            st.preset_b = -1;
            st.timeline_b = TimelineState{};
            st.timeline_b.mode = st.timeline_a.mode;
            st.views_linked = false;
        });
}

bool compare_poll(CompareViewState& s) {
    std::erase_if(s.retired, [](const std::shared_ptr<CompareJob>& j) { return j->finished(); });
    if (!s.job || !s.job->finished())
        return false;
    const std::shared_ptr<CompareJob> job = std::move(s.job);
    try {
        s.adopt(s, job->take());
    } catch (const std::exception& e) {
        s.job_error = e.what();
    }
    s.adopt = nullptr;
    return true;
}

void compare_wait(CompareViewState& s) {
    if (s.job)
        s.job->wait();
    compare_poll(s);
}

bool compare_running(const CompareViewState& s) { return s.job != nullptr; }

std::string compare_run_title(const std::string& name, const lesson::RunResult& r, StepId step) {
    if (!r.trace || r.trace->step_count() == 0)
        return name;
    return name + " @ " + format_step_of(step, r.trace->step_count());
}

StepId compare_step_at(const Trace& trace, CompareAlign align, double position) {
    auto steps = trace.steps();
    if (steps.empty())
        return 0;
    // The last step whose iteration / time is <= position (the state "at" that point).
    auto it =
        std::upper_bound(steps.begin(), steps.end(), position, [align](double p, const Step& st) {
            const double k =
                align == CompareAlign::Iteration ? static_cast<double>(st.iteration) : st.time;
            return p < k;
        });
    if (it == steps.begin())
        return 0;
    return static_cast<StepId>((it - steps.begin()) - 1);
}

double compare_max_position(const CompareViewState& s) {
    if (!s.result)
        return 0.0;
    double m = 0.0;
    for (const lesson::RunResult* r : {&s.result->a, &s.result->b})
        if (r->trace && r->trace->step_count() > 0)
            m = std::max(
                m, key_of(*r->trace, s.align, static_cast<StepId>(r->trace->step_count() - 1)));
    return m;
}

// ---------------------------------------------------------------------------
// [SECTION] Metrics table
// ---------------------------------------------------------------------------

namespace {

ImU32 col(const Colour& c) { return c.packed(); }

/// The metrics side by side: one column per metric, a row for A and a row for B (three text
/// lines in all, so the lanes below get the window's height); the metrics that differ are
/// tinted in both rows. Wider than the window: it scrolls sideways.
void draw_table(CompareViewState& s, const Palette& p) {
    const lesson::CompareResult& c = *s.result;
    s.drew_table = true;
    const float fs = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    // Each column as wide as its title or its widest value.
    float needed = 0.0f;
    const auto text_w = [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; };
    float run_w = std::max(text_w(c.a_name), text_w(c.b_name));
    needed += run_w + style.CellPadding.x * 2.0f;
    for (const lesson::CompareRow& r : c.rows)
        needed +=
            std::max({text_w(r.title), text_w(r.a), text_w(r.b)}) + style.CellPadding.x * 2.0f;
    const bool scroll = needed > ImGui::GetContentRegionAvail().x;
    const float rows_h = ImGui::GetTextLineHeightWithSpacing() * 3.0f + style.CellPadding.y * 6.0f;
    ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
    ImVec2 outer{0.0f, 0.0f};
    if (scroll) {
        flags |= ImGuiTableFlags_ScrollX;
        outer.y = rows_h + style.ScrollbarSize + fs * 0.2f;
    } else {
        flags |= ImGuiTableFlags_NoHostExtendX;
    }
    if (!ImGui::BeginTable("##compare_metrics", static_cast<int>(c.rows.size()) + 1, flags, outer))
        return;
    ImGui::TableSetupScrollFreeze(1, 0);
    ImGui::TableSetupColumn("run");
    for (const lesson::CompareRow& r : c.rows)
        ImGui::TableSetupColumn(r.title.c_str());
    ImGui::TableHeadersRow();
    // Metrics that differ: a tint of the accent behind the theme's text colour (blue text on
    // a brown tint was hard to read).
    const ImU32 highlight = col(p.accent.with_alpha(0.22f));
    for (const lesson::CompareRow& r : c.rows)
        if (r.differs)
            s.highlighted_rows.push_back(r.name);
    for (int run = 0; run < 2; ++run) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted((run == 0 ? c.a_name : c.b_name).c_str());
        for (std::size_t i = 0; i < c.rows.size(); ++i) {
            const lesson::CompareRow& r = c.rows[i];
            ImGui::TableSetColumnIndex(static_cast<int>(i) + 1);
            if (r.differs)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, highlight);
            ImGui::TextUnformatted((run == 0 ? r.a : r.b).c_str());
        }
    }
    ImGui::EndTable();
    s.table_bottom = ImGui::GetItemRectMax().y;
    // The first divergence in words, with the button that goes there.
    if (c.divergence.found) {
        if (ImGui::SmallButton("Go to divergence") && c.a.trace)
            s.position = key_of(*c.a.trace, s.align, c.divergence.step_a);
        ImGui::SameLine();
    }
    ImGui::TextWrapped("%s", c.divergence.describe().c_str());
}

// ---------------------------------------------------------------------------
// [SECTION] Timelines (linked views, divergence marks)
// ---------------------------------------------------------------------------

/// Draws one run's lanes in a child of height `h`; returns the divergence mark's x.
float draw_run(const char* id, const char* title, const lesson::RunResult& r, StepId playhead,
               std::optional<StepId> divergence, TimelineState& ts, const Palette& p, float h,
               float label_width, bool& drew) {
    ImGui::BeginChild(id, ImVec2(0.0f, h), true);
    ImGui::TextUnformatted(title);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", r.summary.c_str());
    // The axis toolbar on the title's line when it fits: a line more for the lanes.
    same_line_if_fits(ImGui::GetFontSize() * 26.0f, ImGui::GetFontSize());
    float mark = -1.0f;
    if (!r.trace || r.trace->step_count() == 0) {
        ImGui::TextDisabled("(no trace)");
        ImGui::EndChild();
        return mark;
    }
    if (ts.cached_trace != r.trace.get())
        ts.invalidate();
    TimelineContext tc;
    tc.trace = r.trace.get();
    tc.outcome = r.analysis ? &r.analysis->outcome : nullptr;
    tc.playhead = playhead;
    tc.palette = &p;
    tc.state = &ts;
    tc.label_width = label_width;
    tc.mark_step = divergence;
    tc.mark_label = "first divergence";
    draw_timeline(tc); // draws the divergence line over its lanes
    drew = true;
    if (divergence && ts.cache_valid) {
        mark = ts.mark_x >= 0.0f
                   ? ts.mark_x
                   : ts.lanes_x + static_cast<float>(ts.view.to_x(ts.axis.tick_to_unit(
                                      static_cast<double>(tick_begin(*divergence)))));
    }
    ImGui::EndChild();
    return mark;
}

/// The height a run's child needs to show all its lanes: its title, the axis toolbar, the
/// lanes and the padding (0 before its layout is known).
float run_height(const TimelineState& ts) {
    if (!ts.cache_valid)
        return 0.0f;
    const ImGuiStyle& style = ImGui::GetStyle();
    return ts.layout.height + ImGui::GetFrameHeightWithSpacing() * 2.0f +
           style.WindowPadding.y * 2.0f + ImGui::GetFontSize() * 0.5f;
}

bool same_view(const TimelineView& a, const TimelineView& b) {
    return a.offset == b.offset && a.scale == b.scale;
}

/// Keeps the two timelines' zoom and pan linked: whichever the user moved is copied to the
/// other; on the first frame both show the longer run entirely.
void link_views(CompareViewState& s) {
    TimelineView& a = s.timeline_a.view;
    TimelineView& b = s.timeline_b.view;
    if (!s.views_linked) {
        if (s.timeline_a.cache_valid && s.timeline_b.cache_valid) {
            const TimelineView& wider = a.scale <= b.scale ? a : b;
            a = wider;
            b = wider;
            s.views_linked = true;
        }
    } else if (!same_view(a, s.last_view_a)) {
        b = a;
    } else if (!same_view(b, s.last_view_b)) {
        a = b;
    }
    s.last_view_a = a;
    s.last_view_b = b;
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] View and window
// ---------------------------------------------------------------------------

void draw_compare_view(CompareViewState& s, const CompareViewContext& ctx) {
    const Palette& p = ctx.palette ? *ctx.palette : palette(ThemeKind::Dark);
    s.drew_a = s.drew_b = s.drew_table = false;
    s.highlighted_rows.clear();
    s.divergence_x_a = s.divergence_x_b = -1.0f;
    compare_poll(s);
    if (s.job) // the runs go on off the UI thread; the shown compare stays meanwhile
        ImGui::TextDisabled("comparing\xE2\x80\xA6 %.1f s (the compare shown stays until it is in)",
                            s.job->seconds());
    if (!s.job_error.empty())
        ImGui::TextColored(ImColor(p.failed.packed()).Value, "compare failed: %s",
                           s.job_error.c_str());
    if (!s.lesson) {
        ImGui::TextDisabled("Open a lesson, then pick two presets or pin the current run as A.");
        return;
    }
    // Toolbar: presets, B = current parameters, alignment.
    const auto& presets = s.lesson->presets;
    auto preset_combo = [&](const char* label, int& index) {
        bool changed = false;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
        const char* preview =
            index >= 0 ? presets[static_cast<std::size_t>(index)].name.c_str() : "(custom)";
        if (ImGui::BeginCombo(label, preview)) {
            for (std::size_t i = 0; i < presets.size(); ++i) {
                if (ImGui::Selectable(presets[i].name.c_str(), index == static_cast<int>(i))) {
                    index = static_cast<int>(i);
                    changed = true;
                }
            }
            ImGui::EndCombo();
        }
        return changed;
    };
    if (!presets.empty()) {
        int a = s.preset_a, b = s.preset_b;
        bool ca = preset_combo("A##preset", a);
        ImGui::SameLine();
        bool cb = preset_combo("B##preset", b);
        if ((ca || cb) && a >= 0 && b >= 0) {
            auto lesson = s.lesson;
            compare_presets(s, *lesson, presets[static_cast<std::size_t>(a)].name,
                            presets[static_cast<std::size_t>(b)].name);
        } else {
            s.preset_a = a;
            s.preset_b = b;
        }
        ImGui::SameLine();
    }
    if (ctx.current_overrides && ImGui::Button("B = current parameters"))
        compare_set_b(s, ctx.current_overrides());
    ImGui::SameLine();
    int align = static_cast<int>(s.align);
    ImGui::TextUnformatted("align by");
    ImGui::SameLine();
    bool align_changed = ImGui::RadioButton("iteration", &align, 0);
    ImGui::SameLine();
    align_changed |= ImGui::RadioButton("time", &align, 1);
    if (align_changed && align != static_cast<int>(s.align)) {
        // Keep the playhead where it is: convert through A's step.
        StepId step = s.result && s.result->a.trace
                          ? compare_step_at(*s.result->a.trace, s.align, s.position)
                          : 0;
        s.align = static_cast<CompareAlign>(align);
        const auto mode = s.align == CompareAlign::Iteration ? AxisMode::Iteration : AxisMode::Time;
        s.timeline_a.mode = s.timeline_b.mode = mode;
        s.timeline_a.needs_fit = s.timeline_b.needs_fit = true;
        s.views_linked = false;
        s.position = s.result && s.result->a.trace ? key_of(*s.result->a.trace, s.align, step) : 0;
    }
    if (!s.result)
        return;
    const lesson::CompareResult& c = *s.result;

    // Shared playhead.
    const double max_pos = compare_max_position(s);
    float pos = static_cast<float>(s.position);
    ImGui::SetNextItemWidth(-1.0f);
    if (s.align == CompareAlign::Iteration) {
        int it = static_cast<int>(std::lround(s.position));
        if (ImGui::SliderInt("##shared_playhead", &it, 0, static_cast<int>(max_pos),
                             "iteration %d"))
            s.position = it;
    } else if (ImGui::SliderFloat("##shared_playhead", &pos, 0.0f, static_cast<float>(max_pos),
                                  "t = %.3f s")) {
        s.position = pos;
    }
    s.step_a = c.a.trace ? compare_step_at(*c.a.trace, s.align, s.position) : 0;
    s.step_b = c.b.trace ? compare_step_at(*c.b.trace, s.align, s.position) : 0;

    // The metrics (three lines) and the divergence above; the two runs below, the whole
    // width, sharing the rest of the height by how many lanes each has.
    draw_table(s, p);
    const float fs = ImGui::GetFontSize();
    const float avail_h = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y;
    const float need_a = run_height(s.timeline_a), need_b = run_height(s.timeline_b);
    float h_a = avail_h * 0.5f;
    if (need_a > 0.0f && need_b > 0.0f)
        h_a = need_a + need_b <= avail_h ? need_a + (avail_h - need_a - need_b) * 0.5f
                                         : avail_h * need_a / (need_a + need_b);
    h_a = std::clamp(h_a, fs * 6.0f, std::max(fs * 6.0f, avail_h - fs * 6.0f));
    const float h_b = std::max(fs * 6.0f, avail_h - h_a);
    s.runs_top = ImGui::GetCursorScreenPos().y;
    std::optional<StepId> da, db;
    if (c.divergence.found) {
        da = c.divergence.step_a;
        db = c.divergence.step_b;
    }
    const std::string ta = compare_run_title(c.a_name, c.a, s.step_a);
    const std::string tb = compare_run_title(c.b_name, c.b, s.step_b);
    // One label width for both, so that the linked lanes line up (a lane "blocked forever
    // (since t=…)" widens the labels of its run). Measured in pixels; draw_timeline() takes
    // it at scale 1 (it multiplies by the font's scale).
    const float k = std::max(1.0f, fs / 15.0f);
    const float label_w =
        std::max(TimelineContext{}.label_width * k,
                 std::min(std::max(s.timeline_a.label_needed, s.timeline_b.label_needed),
                          ImGui::GetContentRegionAvail().x * 0.45f)) /
        k;
    if (label_w != s.label_width) { // measured after the first frame: fit both again
        s.label_width = label_w;
        s.timeline_a.needs_fit = s.timeline_b.needs_fit = true;
        s.views_linked = false;
    }
    s.divergence_x_a =
        draw_run("##run_a", ta.c_str(), c.a, s.step_a, da, s.timeline_a, p, h_a, label_w, s.drew_a);
    s.divergence_x_b =
        draw_run("##run_b", tb.c_str(), c.b, s.step_b, db, s.timeline_b, p, h_b, label_w, s.drew_b);
    link_views(s);
}

void draw_compare_window(CompareViewState& s, const CompareViewContext& ctx) {
    if (!s.open)
        return;
    set_next_popup_size(76.0f, 48.0f, true);
    if (ImGui::Begin("Compare A/B", &s.open))
        draw_compare_view(s, ctx);
    ImGui::End();
}

} // namespace condlab::app
