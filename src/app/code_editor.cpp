// Edit mode of the code view (code_editor.h).
#include "app/code_editor.h"

#include "app/edit_store.h"
#include "app/shell.h"

#include <imgui.h>
#include <imgui_internal.h> // the multiline editor's child window (its scroll: the error line)
#include <imgui_stdlib.h>

#include <algorithm>

namespace condlab::app {

namespace {

void rebuild_doc(CodeEditor& e) {
    if (!editor_edited(e)) {
        e.doc.reset();
        return;
    }
    e.doc = std::make_unique<SourceDocument>();
    load_document_text(*e.doc, e.path, e.applied);
}

} // namespace

bool editor_open(CodeEditor& e, const std::filesystem::path& path, std::string lesson_id,
                 std::string shipped) {
    e.path = path;
    e.lesson_id = std::move(lesson_id);
    e.shipped = std::move(shipped);
    e.text = e.shipped;
    e.changed_at = -1.0;
    e.message.clear();
    if (!e.lesson_id.empty()) {
        if (auto kept = load_edit(e.lesson_id, e.data))
            e.text = std::move(*kept);
    }
    e.applied = e.text;
    rebuild_doc(e);
    return editor_edited(e);
}

void editor_changed(CodeEditor& e, double now) { e.changed_at = now; }

bool editor_take_due(CodeEditor& e, double now) {
    if (e.changed_at < 0.0 || now - e.changed_at < CodeEditor::kTypingPause)
        return false;
    e.changed_at = -1.0;
    if (e.text == e.applied)
        return false;
    e.applied = e.text;
    if (!e.lesson_id.empty()) {
        if (e.applied == e.shipped)
            remove_edit(e.lesson_id, e.data);
        else
            e.message = save_edit(e.lesson_id, e.applied, e.data);
    }
    rebuild_doc(e);
    return true;
}

bool editor_reset(CodeEditor& e) {
    if (!e.lesson_id.empty())
        remove_edit(e.lesson_id, e.data);
    const bool changed = e.applied != e.shipped;
    e.text = e.applied = e.shipped;
    e.changed_at = -1.0;
    rebuild_doc(e);
    return changed;
}

bool editor_disk_changed(CodeEditor& e, std::string disk_text) {
    const bool follow = !editor_edited(e) && e.text == e.applied;
    e.shipped = std::move(disk_text);
    if (follow)
        e.text = e.applied = e.shipped;
    rebuild_doc(e);
    return true; // re-run either way: the shown run belongs to `applied`
}

namespace {

// Marks the error line inside the multiline editor just drawn (its child window scrolls).
// A new error line out of view is scrolled to once (then the learner scrolls freely).
void mark_error_line(CodeEditor& e, const ErrorMark& error, const Palette& pal) {
    e.error_y = -1.0f;
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (error.line <= 0 || window->DC.ChildWindows.empty())
        return;
    ImGuiWindow* child = window->DC.ChildWindows.back();
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    const float lh = ImGui::GetTextLineHeight();
    const float y = a.y + ImGui::GetStyle().FramePadding.y +
                    static_cast<float>(error.line - 1) * lh - child->Scroll.y;
    if (y + lh < a.y || y > b.y) {
        if (e.scrolled_error != error.line) {
            // A new error out of view: bring its line in (next frame marks it).
            e.scrolled_error = error.line;
            ImGui::SetScrollY(child, std::max(0.0f, static_cast<float>(error.line - 1) * lh -
                                                        (b.y - a.y) * 0.35f));
        }
        return;
    }
    e.scrolled_error = error.line;
    ImDrawList* dl = child->DrawList; // (rendered after this frame; above the text's frame)
    dl->PushClipRect(a, b, true);
    dl->AddRectFilled({a.x, y}, {b.x, y + lh}, pal.error_text.with_alpha(0.22f).packed());
    dl->AddRectFilled({a.x, y}, {a.x + 3.0f, y + lh}, pal.error_text.packed());
    dl->PopClipRect();
    e.error_y = y;
}

void draw_toolbar(CodeEditor& e, Shell& shell, bool& reset) {
    if (ImGui::SmallButton(e.editing ? "Done editing" : "Edit"))
        e.editing = !e.editing;
    shell.note_item("button:Edit");
    ImGui::SameLine();
    ImGui::BeginDisabled(e.text == e.shipped);
    if (ImGui::SmallButton("Reset"))
        reset = true;
    shell.note_item("button:Reset");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::SmallButton("Save As...")) {
        const std::filesystem::path dir = e.path.has_parent_path() ? e.path.parent_path() : ".";
        browse(e.save_as, BrowserMode::Save, "Save program as", ".py", dir,
               e.path.stem().string() + "_edit.py");
    }
    shell.note_item("button:Save As");
    if (editor_edited(e) || e.text != e.applied) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", e.text != e.applied   ? "(typing\xE2\x80\xA6)"
                                  : e.lesson_id.empty() ? "(edited)"
                                                        : "(edited, kept)");
    }
    if (!e.message.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", e.message.c_str());
    }
}

} // namespace

bool draw_code_editor(CodeEditor& e, Shell& shell, const ErrorMark* error, double now) {
    const Palette& pal = palette(shell.theme());
    bool reset = false;
    draw_toolbar(e, shell, reset);
    if (reset) {
        editor_reset(e);
        e.message = "Back to the shipped text.";
        e.rerun = true;
    }
    e.save_as.item_rects = shell.item_rects;
    if (auto chosen = draw_file_browser(e.save_as, pal)) {
        const std::string err = write_text_file(*chosen, e.text);
        e.message = err.empty() ? "Saved " + chosen->string() : err;
    }
    if (!e.editing) {
        e.error_y = -1.0f;
        return false;
    }
    if (error != nullptr && !error->message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, pal.error_text.packed());
        if (error->line > 0)
            ImGui::TextWrapped("line %d: %s", error->line, error->message.c_str());
        else
            ImGui::TextWrapped("%s", error->message.c_str());
        ImGui::PopStyleColor();
    }
    if (shell.fonts() != nullptr && shell.fonts()->mono != nullptr)
        ImGui::PushFont(shell.fonts()->mono);
    if (ImGui::InputTextMultiline("##editor", &e.text, ImGui::GetContentRegionAvail(),
                                  ImGuiInputTextFlags_AllowTabInput)) {
        editor_changed(e, now);
    }
    shell.note_item("editor");
    if (error != nullptr) {
        mark_error_line(e, *error, pal);
    } else {
        e.error_y = -1.0f;
        e.scrolled_error = 0;
    }
    if (shell.fonts() != nullptr && shell.fonts()->mono != nullptr)
        ImGui::PopFont();
    return true;
}

} // namespace condlab::app
