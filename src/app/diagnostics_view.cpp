// Diagnostics: the outcome and each finding of the trace analysis as a card in plain
// words; clicking a card moves the playhead to its step.
#include <imgui.h>

#include <string>

#include "app/player_views.h"
#include "lesson/diagnostic_groups.h"
#include "trace/step_number.h"

namespace condlab::app {

namespace {

bool card(const PlayerViewContext& ctx, const char* id, const Colour& accent,
          const std::string& title, const std::string& body, const char* where) {
    ImGui::PushID(id);
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float local_x = ImGui::GetCursorPosX(); // the wrap position is in window space
    ImGui::BeginGroup();
    ImGui::Indent(8.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(accent.r, accent.g, accent.b, 1.0f));
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopStyleColor();
    ImGui::PushTextWrapPos(local_x + w - 4.0f);
    ImGui::TextUnformatted(body.c_str());
    if (where != nullptr && *where != '\0')
        ImGui::TextDisabled("%s", where);
    ImGui::PopTextWrapPos();
    ImGui::Unindent(8.0f);
    ImGui::EndGroup();
    const ImVec2 end(start.x + w, ImGui::GetItemRectMax().y + 4.0f);
    ImGui::SetCursorScreenPos(start);
    const bool clicked = ImGui::InvisibleButton("##card", ImVec2(w, end.y - start.y));
    const bool hovered = ImGui::IsItemHovered();
    record_item(ctx, std::string("card:") + id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(start, ImVec2(start.x + 3.0f, end.y), accent.packed());
    dl->AddRect(start, end, accent.with_alpha(hovered ? 0.9f : 0.35f).packed(), 3.0f);
    ImGui::Dummy(ImVec2(0, 2.0f));
    ImGui::PopID();
    return clicked;
}

} // namespace

bool draw_diagnostics_view(const PlayerViewContext& ctx) {
    Player& player = *ctx.player;
    const lesson::RunResult* r = player.result();
    if (r == nullptr) {
        ImGui::TextDisabled("No run yet.");
        return false;
    }
    const Palette& p = *ctx.palette;
    bool clicked = false;
    ImGui::BeginChild("##diag_body", ImVec2(0, 0), false);
    // The outcome card (clicking goes to the end of the run).
    const bool ok = r->outcome == lesson::Outcome::Complete;
    std::string body = r->explanation.empty() ? r->summary : r->explanation;
    const Colour oc =
        ok ? p.lock_held : (r->outcome == lesson::Outcome::Deadlock ? p.blocked_lock : p.failed);
    std::string title = std::string("Outcome: ") + lesson::outcome_name(r->outcome);
    if (card(ctx, "outcome", oc, title, body, "click: go to the end")) {
        player.last();
        clicked = true;
    }
    if (r->analysis && r->analysis->diagnostics.size() == r->diagnostics.size()) {
        const Trace* t = player.trace();
        int i = 0;
        // A flood of findings is one card per kind and object: count, tasks, first example.
        for (const lesson::DiagnosticGroup& g : lesson::group_diagnostics(r->diagnostics)) {
            const Diagnostic& d =
                r->analysis->diagnostics[static_cast<std::size_t>(g.first - r->diagnostics.data())];
            std::string where = "step " + format_step(d.step);
            if (t != nullptr && d.where != kNoLoc)
                where += " \xC2\xB7 line " + std::to_string(t->line(d.where));
            if (t != nullptr && d.step < t->step_count())
                where += " \xC2\xB7 t = " + format_time(t->steps()[d.step].time) + " s";
            if (g.count > 1)
                where += " \xC2\xB7 click: go to the first";
            std::string title = std::string(g.note ? "Note: " : "") + diagnostic_title(d.kind);
            const std::string body = lesson::describe_group(g);
            if (g.count > 1)
                title += " \xC3\x97" + std::to_string(g.count);
            const Colour c = g.note                                   ? p.dim_text
                             : d.kind == DiagnosticKind::WastedWakeup ? p.ready
                                                                      : p.waiting_cond;
            if (card(ctx, std::to_string(i++).c_str(), c, title, body, where.c_str())) {
                player.pause();
                player.seek_step(d.step);
                clicked = true;
            }
        }
        if (r->analysis->diagnostics.empty()) {
            // Wrapped like the cards above: a narrow panel must not clip the sentence.
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("No lost notifies, wasted wake-ups or other findings.");
            ImGui::PopStyleColor();
        }
    }
    ImGui::EndChild();
    return clicked;
}

} // namespace condlab::app
