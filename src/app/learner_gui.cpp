// The learner's part of the player window (learner_gui.h).
// [SECTION] Veiled panels
// [SECTION] Install: wrapped hooks
// [SECTION] Frame
#include "app/learner_gui.h"

#include "app/player_gui.h"
#include "app/shell.h"
#include "app/timeline_layout.h"
#include "lesson/lesson.h"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

namespace condlab::app {

namespace {

// -----------------------------------------------------------------------------------------
// [SECTION] Veiled panels
// -----------------------------------------------------------------------------------------

// Records the last item's rectangle for tests (PlayerGui::record_rects).
void note(PlayerGui& gui, std::string name) {
    if (gui.record_rects) {
        const ImVec2 a = ImGui::GetItemRectMin();
        const ImVec2 b = ImGui::GetItemRectMax();
        gui.rects.emplace_back(std::move(name), Rect{a.x, a.y, b.x - a.x, b.y - a.y});
    }
}

} // namespace

void draw_veil_note(const Shell& shell) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette(shell.theme()).dim_text.packed());
    ImGui::TextWrapped("Hidden until you answer the question above the code.");
    ImGui::PopStyleColor();
}

namespace {

// The transport while a question is due: back is allowed, forward is not, and no
// "step k of N" (the step count would tell).
void draw_veiled_transport(PlayerGui& gui) {
    auto button = [&gui](const char* label, const char* name, bool enabled) {
        ImGui::BeginDisabled(!enabled);
        const bool pressed = ImGui::Button(label);
        ImGui::EndDisabled();
        note(gui, name);
        ImGui::SameLine();
        return pressed;
    };
    const bool back = !gui.player.at_first();
    if (button("|<", "first", back))
        gui.player.first();
    if (button("<", "back", back))
        gui.player.back();
    button(">", "forward", false);
    button(">|", "last", false);
    ImGui::TextDisabled("step hidden \xC2\xB7 answer the question to see the rest of the run");
}

} // namespace

namespace {

// The timeline up to the playhead: the lanes after the playhead covered, no seeking past it.
void draw_veiled_timeline(Shell& shell, PlayerGui& gui, const FlowQuestion& q) {
    const Palette& pal = palette(shell.theme());
    draw_veiled_transport(gui);
    const Trace* t = gui.player.trace();
    if (t == nullptr || t->step_count() == 0)
        return;
    if (gui.timeline.cached_trace != t)
        gui.timeline.invalidate();
    TimelineContext tc;
    tc.trace = t;
    tc.playhead = gui.player.step();
    tc.palette = &pal;
    tc.state = &gui.timeline;
    const StepId limit_step = gui.player.step();
    tc.on_seek = [&gui, limit_step](StepId s) {
        if (s <= limit_step)
            gui.player.seek_step(s);
    };
    draw_timeline(tc);
    const TimelineState& st = gui.timeline;
    float x0 = st.lanes_x;
    if (q.limit > 0) {
        x0 += static_cast<float>(
                  st.view.to_x(st.axis.tick_to_unit(playhead_tick(gui.player.step())))) +
              3.0f;
    }
    const float x1 = st.lanes_x + st.lanes_w;
    // The lanes' detail labels ("blocked forever") tell the outcome: covered too.
    float detail_w = 0.0f;
    for (const Lane& lane : st.layout.lanes)
        detail_w = std::max(detail_w, ImGui::CalcTextSize(lane.detail.c_str()).x);
    // A child window over the lanes, taking no input: above the lanes, below popups.
    const float left = st.lanes_x - detail_w - 10.0f;
    if (x1 <= left || st.lanes_h <= 0.0f)
        return;
    ImGui::SetCursorScreenPos({left, st.lanes_y});
    ImGui::BeginChild("##veil", {x1 - left, st.lanes_h}, false,
                      ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoBackground |
                          ImGuiWindowFlags_NoScrollbar);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (detail_w > 0.0f) {
        dl->AddRectFilled({st.lanes_x - detail_w - 10.0f, st.lanes_y},
                          {st.lanes_x - 1.0f, st.lanes_y + st.lanes_h},
                          ImGui::GetColorU32(ImGuiCol_WindowBg));
    }
    if (x0 < x1) {
        const ImVec2 a{std::max(x0, st.lanes_x), st.lanes_y};
        const ImVec2 b{x1, st.lanes_y + st.lanes_h};
        dl->AddRectFilled(a, b, pal.code_background.packed());
        const char* label = "? predict first";
        const ImVec2 ts = ImGui::CalcTextSize(label);
        if (b.x - a.x > ts.x + 8.0f) {
            dl->AddText({a.x + (b.x - a.x - ts.x) * 0.5f, a.y + (b.y - a.y - ts.y) * 0.5f},
                        pal.dim_text.packed(), label);
        }
    }
    ImGui::EndChild();
}

} // namespace

namespace {

// Unanswered questions of other settings (most are asked in a `# compare:` preset): a
// button per setting loads it, and its questions are then asked.
void draw_question_invites(Shell& shell, PlayerGui& gui) {
    LearnerGui& l = *gui.learner;
    const lesson::Lesson* lesson = gui.player.lesson();
    if (lesson == nullptr || gui.player.running())
        return;
    std::vector<const lesson::Question*> waiting;
    for (std::size_t i = 0; i < lesson->questions.size(); ++i) {
        const lesson::Question& q = lesson->questions[i];
        const bool seen = std::any_of(waiting.begin(), waiting.end(),
                                      [&](const auto* w) { return w->selector == q.selector; });
        if (!seen && !question_applies(*lesson, q, gui.player.overrides()) &&
            !l.answers.get(shell.current_lesson(), i)) {
            waiting.push_back(&q);
        }
    }
    if (waiting.empty())
        return;
    ImGui::TextDisabled("Predict:");
    for (const lesson::Question* q : waiting) {
        ImGui::SameLine();
        if (ImGui::SmallButton(q->selector.c_str())) {
            gui.player.reset_params();
            for (const auto& [name, value] : q->overrides)
                gui.player.set_param(name, value);
            gui.timeline.invalidate();
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A question waits in this setting: load it and predict");
        note(gui, "ask:" + q->selector);
    }
}

} // namespace

// The question above the code while it is due or just revealed.
void draw_question_panel(Shell& shell, PlayerGui& gui) {
    LearnerGui& l = *gui.learner;
    FlowQuestion* q = l.ask_questions ? l.flow.shown(gui.player) : nullptr;
    const lesson::Lesson* lesson = gui.player.lesson();
    if (q == nullptr && l.ask_questions)
        draw_question_invites(shell, gui);
    if (q == nullptr || lesson == nullptr || q->index >= lesson->questions.size())
        return;
    const bool keys = !ImGui::GetIO().WantTextInput;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    if (draw_question_view(lesson->questions[q->index], q->answer, q->state, palette(shell.theme()),
                           keys)) {
        QuestionFlow::remember(l.answers, shell.current_lesson(), *q);
    }
    if (gui.record_rects) {
        const float w = ImGui::GetContentRegionAvail().x;
        gui.rects.emplace_back("question",
                               Rect{top.x, top.y, w, ImGui::GetCursorScreenPos().y - top.y});
    }
    ImGui::Separator();
}

namespace {

// What the editor shows of the run: the error wherever the playhead is (an exception at
// its line, a run that ended in its budget with its summary), not only at the end.
std::optional<ErrorMark> editor_error(const Shell& shell, const Player& player) {
    if (shell.error())
        return shell.error();
    const lesson::RunResult* r = player.result();
    if (r == nullptr)
        return std::nullopt;
    if (r->outcome == lesson::Outcome::Exception) {
        return ErrorMark{static_cast<int>(r->error_line),
                         r->exception_type + ": " + r->exception_message};
    }
    if (r->outcome == lesson::Outcome::Budget)
        return ErrorMark{0, r->summary + " (your edit is kept)"};
    return std::nullopt;
}

} // namespace

// The code view: the editor in edit mode, the edited program when it differs from the
// file, else the shell's own view (false).
bool draw_learner_code(Shell& shell, PlayerGui& gui) {
    LearnerGui& l = *gui.learner;
    const ErrorMark* error = shell.error() ? &*shell.error() : nullptr;
    if (l.editor.editing) {
        const std::optional<ErrorMark> now = editor_error(shell, gui.player);
        return draw_code_editor(l.editor, shell, now ? &*now : nullptr, l.clock);
    }
    if (draw_code_editor(l.editor, shell, error, l.clock))
        return true;
    if (!l.editor.doc)
        return false;
    CodeViewContext ctx;
    ctx.doc = l.editor.doc.get();
    ctx.palette = &palette(shell.theme());
    ctx.fonts = shell.fonts();
    ctx.markers = &shell.markers();
    ctx.error = error;
    if (ShellContent* c = shell.content()) {
        ctx.on_hover = [c](int line) { c->line_hovered(line); };
        ctx.on_click = [c](int line) { c->line_clicked(line); };
    }
    draw_code_view("##code_lines", ctx, shell.code_state());
    return true;
}

// The fix goal's status line and its window of cells (a click loads a cell's setting).
void draw_fix(Shell& shell, PlayerGui& gui) {
    FixGoalPanel& f = gui.learner->fix;
    f.rects = gui.record_rects ? &gui.rects : nullptr;
    const Palette& pal = palette(shell.theme());
    draw_fix_goal_strip(f, pal);
    draw_fix_goal_window(f, pal, [&gui](const lesson::Overrides& o) {
        for (const auto& [name, value] : o)
            gui.player.set_param(name, value);
        gui.timeline.invalidate();
    });
    if (f.check.running())
        glfwPostEmptyEvent(); // keep frames coming while the goal is checked
}

void open_in_editor(Shell& shell, PlayerGui& gui, const std::filesystem::path& path) {
    LearnerGui& l = *gui.learner;
    std::string text;
    try {
        text = lesson::read_source_file(path);
    } catch (const std::exception&) {
        return; // the player reported it
    }
    if (editor_open(l.editor, path, shell.current_lesson(), std::move(text))) {
        gui.player.replace_source(l.editor.applied);
        shell.set_status("Opened " + path.filename().string() +
                         " with your kept edit (Reset "
                         "returns to the shipped text)");
    }
    l.watch.watch(path);
}

std::string describe_learner(const Shell& shell, const PlayerGui& gui) {
    const LearnerGui& l = *gui.learner;
    std::string out = "veiled=" + std::to_string(l.veiled ? 1 : 0) + "\n";
    const FlowQuestion* q = nullptr;
    for (const FlowQuestion& f : l.flow.questions())
        if (f.limit <= gui.player.position_index())
            q = &f; // the last question reached
    out += "questions=" + std::to_string(l.flow.questions().size()) + "\n";
    if (q != nullptr) {
        out += "question=" + std::to_string(q->index) + "\n";
        out += "question_chosen=" + std::to_string(q->state.chosen) + "\n";
        out += "question_revealed=" + std::to_string(q->state.revealed ? 1 : 0) + "\n";
        out += "question_correct=" + std::to_string(question_correct(q->answer, q->state)) + "\n";
        out += "question_answer=" + std::to_string(q->answer.choice) + "\n";
    }
    const AnswerSummary s = l.answers.summary(shell.current_lesson());
    out +=
        "answered=" + std::to_string(s.answered) + " correct=" + std::to_string(s.correct) + "\n";
    out += "editing=" + std::to_string(l.editor.editing ? 1 : 0) + "\n";
    out += "edited=" + std::to_string(editor_edited(l.editor) ? 1 : 0) + "\n";
    out += "edit_pending=" + std::to_string(l.editor.text != l.editor.applied ? 1 : 0) + "\n";
    out += "reloads=" + std::to_string(l.reloads) + "\n";
    out += "save_as=" + std::string(l.editor.save_as.visible ? "open" : "") + "\n";
    out += "save_as_dir=" + l.editor.save_as.dir.string() + "\n";
    out += "editor_message=" + l.editor.message + "\n";
    out += "fix_starts=" + std::to_string(l.fix.starts) + "\n";
    // Running until the shown result is the whole check: the worker stops running a moment
    // before the frame that shows its last cells (a report between them read a partial grid).
    const bool fix_settled =
        !l.fix.check.running() &&
        (l.fix.shown.cancelled || l.fix.shown.cells.size() == l.fix.check.total());
    out += "fix_running=" + std::to_string(fix_settled ? 0 : 1) + "\n";
    out += "fix_cells=" + std::to_string(l.fix.shown.cells.size()) + "\n";
    out += "fix_failed=" + std::to_string(l.fix.shown.failed) + "\n";
    out += "fix_window=" + std::to_string(l.fix.window_open ? 1 : 0) + "\n";
    const auto& error = shell.error();
    out += "error_line=" + std::to_string(error ? error->line : 0) + "\n";
    out += "error_marked=" + std::to_string(l.editor.error_y >= 0.0f ? 1 : 0) + "\n";
    return out;
}

// -----------------------------------------------------------------------------------------
// [SECTION] Install: wrapped hooks
// -----------------------------------------------------------------------------------------

void install_learner(PlayerGui& gui) {
    if (!gui.learner)
        gui.learner = std::make_shared<LearnerGui>();
    gui.learner->answers.load();
}

bool learner_veiled(const PlayerGui& gui) { return gui.learner && gui.learner->veiled; }

void draw_learner_veiled_timeline(Shell& shell, PlayerGui& gui) {
    if (FlowQuestion* q = gui.learner->flow.due(gui.player))
        draw_veiled_timeline(shell, gui, *q);
}

EventId learner_output_limit(PlayerGui& gui) {
    if (!gui.learner || !gui.learner->veiled)
        return kNoEvent;
    const FlowQuestion* q = gui.learner->flow.due(gui.player);
    return q != nullptr ? q->answer.anchor_event : kNoEvent;
}

std::string answer_badge(const PlayerGui& gui, const LessonEntry& e) {
    const AnswerSummary s = gui.learner->answers.summary(e.id);
    if (s.answered == 0)
        return {};
    return std::to_string(s.correct) + "/" + std::to_string(s.answered);
}

// -----------------------------------------------------------------------------------------
// [SECTION] Frame
// -----------------------------------------------------------------------------------------

void learner_frame(Shell& shell, PlayerGui& gui) {
    if (!gui.learner)
        return;
    LearnerGui& l = *gui.learner;
    if (!l.own_clock) {
        l.clock = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
                      .count();
    }
    if (l.watch.poll()) {
        try {
            if (editor_disk_changed(l.editor, lesson::read_source_file(l.watch.path()))) {
                gui.player.replace_source(l.editor.applied); // keeps the playhead
                ++l.reloads;
                shell.set_status("Re-ran " + l.watch.path().filename().string() +
                                 ": it changed on disk" +
                                 (editor_edited(l.editor) ? " (your edit is kept)" : ""));
            }
        } catch (const std::exception& e) {
            shell.set_status(std::string("Could not re-read: ") + e.what());
        }
    }
    if (editor_take_due(l.editor, l.clock) || std::exchange(l.editor.rerun, false))
        gui.player.replace_source(l.editor.applied);
    // (Once the editor has the opened file's text: the grid comes from it.)
    if (l.check_fix_goals && gui.player.lesson() != nullptr &&
        gui.player.lesson()->path == l.editor.path.string()) {
        fix_goal_follow(l.fix, gui.player.lesson(), l.editor.shipped);
    }
    l.flow.sync(gui.player, l.answers, shell.current_lesson());
    FlowQuestion* due = l.ask_questions ? l.flow.due(gui.player) : nullptr;
    l.veiled = due != nullptr;
    if (due != nullptr) {
        gui.player.pause();
        if (gui.player.position_index() > due->limit)
            gui.player.seek_position(due->limit);
    }
}

} // namespace condlab::app
