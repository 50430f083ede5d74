// [SECTION] Files and lessons
// [SECTION] Theme
// [SECTION] Frame: main window, panels, splitters
// [SECTION] Menu bar, status bar
#include "app/shell.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "app/lesson_list_view.h"
#include "app/markdown_view.h"

namespace condlab::app {

// -----------------------------------------------------------------------------------------
// [SECTION] Files and lessons
// -----------------------------------------------------------------------------------------

Shell::Shell(std::filesystem::path lesson_dir, Settings settings)
    : m_lesson_dir(std::move(lesson_dir)), m_settings(std::move(settings)) {
    m_settings.splits = sanitize(m_settings.splits);
    refresh_lessons();
}

void Shell::refresh_lessons() { m_lessons = list_lessons(m_lesson_dir); }

bool Shell::open_file(const std::filesystem::path& path) {
    auto doc = std::make_unique<SourceDocument>();
    if (auto err = load_document(*doc, path)) {
        m_status = "Could not open: " + *err;
        return false;
    }
    m_doc = std::move(doc);
    m_lesson_text = md::parse(m_doc->docstring);
    m_markers.clear();
    m_error.reset();
    m_code_state = {};
    if (m_doc->docstring_end_line > 0 &&
        m_doc->docstring_end_line < static_cast<int>(m_doc->lines.size())) {
        // The docstring is the lesson text (left column): start the code view after it.
        m_code_state.scroll_to_line = m_doc->docstring_end_line + 1;
        m_code_state.scroll_align = 0.0f;
    }
    m_current_lesson.clear();
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(path, ec);
    for (const LessonEntry& e : m_lessons) {
        if (std::filesystem::weakly_canonical(e.path, ec) == canonical) {
            m_current_lesson = e.id;
            m_settings.last_lesson = e.id;
        }
    }
    m_status = "Opened " + path.filename().string();
    if (m_content != nullptr)
        m_content->file_opened(path);
    return true;
}

bool Shell::open_lesson(std::string_view key) {
    if (key.empty())
        return false;
    const bool numeric = std::all_of(
        key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const LessonEntry* found = nullptr;
    for (const LessonEntry& e : m_lessons) {
        if (e.id == key || (numeric && e.number == std::atoi(std::string(key).c_str()))) {
            found = &e;
            break;
        }
    }
    if (found == nullptr) {
        for (const LessonEntry& e : m_lessons) {
            if (e.id.find(key) != std::string::npos) {
                found = &e;
                break;
            }
        }
    }
    if (found == nullptr) {
        m_status = "No lesson '" + std::string(key) + "' in " + m_lesson_dir.string();
        return false;
    }
    const std::filesystem::path path = found->path; // open_file may not invalidate, but copy
    return open_file(path);
}

bool Shell::open_default() {
    if (!m_settings.last_lesson.empty() && open_lesson(m_settings.last_lesson))
        return true;
    return !m_lessons.empty() && open_file(m_lessons.front().path);
}

// -----------------------------------------------------------------------------------------
// [SECTION] Theme
// -----------------------------------------------------------------------------------------

void Shell::set_theme(ThemeKind kind) {
    if (kind != m_settings.theme) {
        m_settings.theme = kind;
        m_theme_changed = true;
    }
}

bool Shell::consume_theme_change() {
    const bool c = m_theme_changed;
    m_theme_changed = false;
    return c;
}

// -----------------------------------------------------------------------------------------
// [SECTION] Frame: main window, panels, splitters
// -----------------------------------------------------------------------------------------

namespace {

/// A bordered panel at `r` with its header, `body` drawn inside it. A template, not a
/// std::function: the shell draws eight panels every frame.
template <class Body>
void draw_panel(const char* id, const char* title, const Rect& r, const Fonts& fonts,
                const Body& body) {
    ImGui::SetCursorScreenPos({r.x, r.y});
    ImGui::BeginChild(id, {r.w, r.h}, true);
    ImGui::PushFont(fonts.bold);
    ImGui::TextDisabled("%s", title);
    ImGui::PopFont();
    body();
    ImGui::EndChild();
}

} // namespace

void Shell::draw_reserved_panel(const char* id, const char* title, const Rect& r,
                                void (ShellContent::*body)(), const Fonts& fonts,
                                const char* placeholder) {
    draw_panel(id, title, r, fonts, [&] {
        if (m_content != nullptr) {
            (m_content->*body)();
            return;
        }
        ImGui::PushStyleColor(ImGuiCol_Text, palette(theme()).dim_text.packed());
        ImGui::TextWrapped("%s", placeholder);
        ImGui::PopStyleColor();
    });
}

void Shell::draw(const Fonts& fonts) {
    const ImGuiIO& io = ImGui::GetIO();
    const Palette& pal = palette(theme());
    ImGui::PushFont(fonts.regular);
    const float fs = ImGui::GetFontSize();

    ImGui::SetNextWindowPos({0.0f, 0.0f});
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0.0f, 0.0f});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_MenuBar |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavFocus;
    m_fonts = &fonts;
    ImGui::Begin("##condlab", nullptr, flags);
    ImGui::PopStyleVar(2);
    draw_menu_bar(fonts);

    const float margin = std::floor(fs * 0.3f);
    const float status_h = std::floor(fs * 1.7f);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    m_area = {top.x + margin, top.y + margin, io.DisplaySize.x - 2.0f * margin,
              io.DisplaySize.y - top.y - status_h - 2.0f * margin};
    m_metrics.splitter = std::max(4.0f, std::floor(fs * 0.4f));
    m_metrics.min_column = fs * 9.0f;
    m_metrics.min_row = fs * 4.0f;
    m_layout = compute_layout(m_area, m_settings.splits, m_metrics);
    const Layout& l = m_layout;

    // Left column.
    draw_panel("##lessons", "LESSONS", l.lesson_list, fonts, [&] {
        LessonListContext ctx;
        ctx.lessons = &m_lessons;
        ctx.completed = &m_completed;
        ctx.current = m_current_lesson;
        ctx.scroll_to_current = m_list_scrolled_to != m_current_lesson;
        m_list_scrolled_to = m_current_lesson;
        ctx.current_rect = &m_current_lesson_rect;
        if (m_content != nullptr)
            ctx.badge = [this](const LessonEntry& e) { return m_content->lesson_badge(e); };
        ctx.palette = &pal;
        ctx.fonts = &fonts;
        std::filesystem::path pick;
        ctx.on_select = [&](const LessonEntry& e) { pick = e.path; };
        draw_lesson_list(ctx);
        if (!pick.empty())
            open_file(pick);
    });
    draw_panel("##lesson_text", "LESSON", l.lesson_text, fonts, [&] {
        if (m_doc == nullptr) {
            ImGui::TextDisabled("Open a lesson to read it here.");
        } else if (m_lesson_text.blocks.empty()) {
            ImGui::TextDisabled("This file has no module docstring.");
        } else {
            MarkdownViewContext ctx{&m_lesson_text, &pal, &fonts};
            draw_markdown(ctx);
        }
    });

    // Centre column.
    std::string code_title = "CODE";
    if (m_doc != nullptr)
        code_title += "  \xC2\xB7  " + m_doc->path.filename().string(); // ·
    draw_panel("##code", code_title.c_str(), l.code, fonts, [&] {
        if (m_content != nullptr)
            m_content->draw_goal_banner();
        if (m_error && m_error->line == 0 && !m_error->message.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, pal.error_text.packed());
            ImGui::TextWrapped("\xE2\x9A\xA0 %s", m_error->message.c_str());
            ImGui::PopStyleColor();
        }
        CodeViewContext ctx;
        ctx.doc = m_doc.get();
        ctx.palette = &pal;
        ctx.fonts = &fonts;
        ctx.markers = &m_markers;
        ctx.error = m_error ? &*m_error : nullptr;
        if (m_content != nullptr) {
            ctx.on_hover = [this](int line) { m_content->line_hovered(line); };
            ctx.on_click = [this](int line) { m_content->line_clicked(line); };
        }
        if (m_content == nullptr || !m_content->draw_code())
            draw_code_view("##code_lines", ctx, m_code_state);
    });
    draw_reserved_panel("##timeline", "TIMELINE", l.timeline, &ShellContent::draw_timeline, fonts,
                        "The timeline appears here once the lesson has run: a lane per task, "
                        "state spans, notify arrows and the playhead.");

    // Right column.
    draw_reserved_panel("##parameters", "PARAMETERS", l.parameters, &ShellContent::draw_parameters,
                        fonts, "Sliders for the lesson's # param: lines.");
    draw_reserved_panel("##inspector", "INSPECTOR", l.inspector, &ShellContent::draw_inspector,
                        fonts, "Variables, task locals and primitive states at the playhead.");
    draw_reserved_panel("##output", "OUTPUT", l.output, &ShellContent::draw_output, fonts,
                        "Printed lines up to the playhead.");
    draw_reserved_panel("##diagnostics", "DIAGNOSTICS", l.diagnostics,
                        &ShellContent::draw_diagnostics, fonts,
                        "Deadlocks, exceptions, lost notifies, wasted wake-ups.");

    SplitterViewContext sctx{&m_layout, m_area, m_metrics, &pal};
    if (draw_splitters(sctx, m_settings.splits, m_splitter_state))
        m_layout = compute_layout(m_area, m_settings.splits, m_metrics);

    draw_status_bar(fonts, io.DisplaySize.y - status_h, status_h);

    // Keyboard: Ctrl+O opens a file (GLFW key codes equal ASCII for letters).
    if (io.KeyCtrl && ImGui::IsKeyPressed('O', false))
        show_open_browser();
    if (help_key_pressed()) {
        if (m_help.open)
            m_help.open = false;
        else
            m_help.show(HelpTab::Legend);
    }
    draw_file_browser_popup();
    ImGui::End();
    draw_help_window(m_help, pal, &fonts);
    ImGui::PopFont();
}

// -----------------------------------------------------------------------------------------
// [SECTION] Menu bar, status bar
// -----------------------------------------------------------------------------------------

void Shell::draw_menu_bar(const Fonts& /*fonts*/) {
    if (!ImGui::BeginMenuBar())
        return;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette(theme()).accent.packed()), "condlab");
    draw_file_menu();
    const bool view_open = ImGui::BeginMenu("View");
    if (!view_open)
        note_item("menu:View");
    if (view_open) {
        if (ImGui::MenuItem("Dark theme", nullptr, theme() == ThemeKind::Dark))
            set_theme(ThemeKind::Dark);
        note_item("item:Dark theme");
        if (ImGui::MenuItem("Light theme", nullptr, theme() == ThemeKind::Light))
            set_theme(ThemeKind::Light);
        note_item("item:Light theme");
        ImGui::Separator();
        if (ImGui::MenuItem("Reset layout"))
            m_settings.splits = SplitRatios{};
        ImGui::EndMenu();
    }
    if (m_content != nullptr)
        m_content->draw_menus();
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Legend", "?"))
            m_help.show(HelpTab::Legend);
        if (ImGui::MenuItem("Keyboard shortcuts"))
            m_help.show(HelpTab::Shortcuts);
        ImGui::EndMenu();
    }
    if (m_doc != nullptr) {
        const std::string& title = m_doc->title;
        const float w = ImGui::CalcTextSize(title.c_str()).x;
        const float x = (ImGui::GetWindowWidth() - w) * 0.5f;
        if (x > ImGui::GetCursorPosX())
            ImGui::SetCursorPosX(x);
        ImGui::TextUnformatted(title.c_str());
    }
    ImGui::EndMenuBar();
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed('Q', false))
        m_quit = true;
}

void Shell::draw_status_bar(const Fonts& /*fonts*/, float y, float height) {
    const Palette& pal = palette(theme());
    const float fs = ImGui::GetFontSize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = ImGui::GetIO().DisplaySize.x;
    dl->AddLine({0.0f, y}, {w, y}, pal.splitter.packed());
    const float ty = y + (height - fs) * 0.5f;
    const std::string left = m_status.empty() ? std::string("Ready") : m_status;
    dl->AddText({fs * 0.6f, ty}, pal.dim_text.packed(), left.c_str());
    std::string right = "? legend & keys  \xC2\xB7  Ctrl+O open  \xC2\xB7  ";
    right += theme_name(theme());
    const float rw = ImGui::CalcTextSize(right.c_str()).x;
    dl->AddText({w - rw - fs * 0.6f, ty}, pal.dim_text.packed(), right.c_str());
}

} // namespace condlab::app
