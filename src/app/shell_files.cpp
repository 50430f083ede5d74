// The shell's File menu: Open (the file browser, recent files), Lessons, Export (the trace
// as Chrome trace / condlab JSON, the window as PNG) and Quit (shell.h).
#include "app/shell.h"

#include <imgui.h>

#include <cstdlib>
#include <system_error>

namespace condlab::app {

namespace {

const char* export_title(ExportKind kind) {
    switch (kind) {
    case ExportKind::ChromeTrace:
        return "Export trace (Chrome trace JSON)";
    case ExportKind::CondlabJson:
        return "Export trace (condlab JSON)";
    case ExportKind::Png:
        return "Export window (PNG)";
    }
    return "Export";
}

const char* export_suffix(ExportKind kind) {
    switch (kind) {
    case ExportKind::ChromeTrace:
        return ".chrome.json";
    case ExportKind::CondlabJson:
        return ".trace.json";
    case ExportKind::Png:
        return ".png";
    }
    return "";
}

std::filesystem::path home_dir() {
    const char* home = std::getenv("HOME");
    return home != nullptr && *home != '\0' ? std::filesystem::path(home)
                                            : std::filesystem::current_path();
}

} // namespace

bool Shell::open_user_file(const std::filesystem::path& path) {
    if (!open_file(path))
        return false;
    std::error_code ec;
    const std::filesystem::path full = std::filesystem::weakly_canonical(path, ec);
    add_recent_file(m_settings.recent_files, (ec ? path : full).string());
    return true;
}

void Shell::show_open_browser() {
    m_export_kind.reset();
    m_browser.places = {{"Lessons", m_lesson_dir}, {"Home", home_dir()}};
    std::filesystem::path start = m_lesson_dir;
    if (m_doc != nullptr && m_doc->path.has_parent_path()) {
        start = m_doc->path.parent_path();
        m_browser.places.emplace_back("This file's folder", start);
    }
    m_browser.recent = &m_settings.recent_files;
    browse(m_browser, BrowserMode::Open, "Open file", ".py", start);
}

void Shell::show_export_browser(ExportKind kind) {
    m_export_kind = kind;
    m_browser.places = {{"Home", home_dir()}, {"Working folder", std::filesystem::current_path()}};
    m_browser.recent = nullptr;
    const std::string stem = m_doc != nullptr ? m_doc->path.stem().string() : "condlab";
    const std::filesystem::path dir =
        m_settings.export_dir.empty() ? home_dir() : std::filesystem::path(m_settings.export_dir);
    const std::string ext = kind == ExportKind::Png ? ".png" : ".json";
    browse(m_browser, BrowserMode::Save, export_title(kind), ext, dir, stem + export_suffix(kind));
}

std::optional<std::filesystem::path> Shell::take_png_request() {
    if (!m_png_request || m_png_delay-- > 0)
        return std::nullopt;
    std::optional<std::filesystem::path> out = std::move(m_png_request);
    m_png_request.reset();
    return out;
}

void Shell::note_item(std::string name) {
    if (item_rects == nullptr)
        return;
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    item_rects->emplace_back(std::move(name), Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

void Shell::draw_file_menu() {
    if (!ImGui::BeginMenu("File")) {
        note_item("menu:File");
        return;
    }
    if (ImGui::MenuItem("Open...", "Ctrl+O"))
        show_open_browser();
    note_item("item:Open...");
    if (ImGui::BeginMenu("Open recent", !m_settings.recent_files.empty())) {
        std::filesystem::path pick;
        for (const std::string& f : m_settings.recent_files)
            if (ImGui::MenuItem(f.c_str()))
                pick = f;
        ImGui::EndMenu();
        if (!pick.empty())
            open_user_file(pick);
    }
    if (ImGui::BeginMenu("Lessons", !m_lessons.empty())) {
        std::filesystem::path pick;
        for (const LessonEntry& e : m_lessons) {
            const std::string label = std::to_string(e.number) + ". " + e.title;
            if (ImGui::MenuItem(label.c_str(), nullptr, e.id == m_current_lesson))
                pick = e.path;
        }
        ImGui::EndMenu();
        if (!pick.empty())
            open_file(pick);
    }
    const bool export_open = ImGui::BeginMenu("Export");
    if (!export_open)
        note_item("menu:Export");
    if (export_open) {
        const bool trace = m_content != nullptr && m_content->can_export() && m_doc != nullptr;
        if (ImGui::MenuItem("Trace as Chrome trace JSON (Perfetto)...", nullptr, false, trace))
            show_export_browser(ExportKind::ChromeTrace);
        note_item("item:chrome");
        if (ImGui::MenuItem("Trace as condlab JSON...", nullptr, false, trace))
            show_export_browser(ExportKind::CondlabJson);
        note_item("item:json");
        if (ImGui::MenuItem("Window as PNG..."))
            show_export_browser(ExportKind::Png);
        note_item("item:png");
        ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q"))
        m_quit = true;
    ImGui::EndMenu();
}

void Shell::draw_file_browser_popup() {
    m_browser.item_rects = item_rects;
    const std::optional<std::filesystem::path> chosen =
        draw_file_browser(m_browser, palette(theme()));
    if (!chosen)
        return;
    if (!m_export_kind) {
        open_user_file(*chosen);
        return;
    }
    m_settings.export_dir = chosen->parent_path().string();
    if (*m_export_kind == ExportKind::Png) {
        m_png_request = *chosen;
        m_png_delay = 2; // the dialog is gone from the frame that is captured
        m_status = "Writing " + chosen->string();
        return;
    }
    const std::string err = m_content != nullptr ? m_content->export_trace(*m_export_kind, *chosen)
                                                 : "nothing to export";
    m_status = err.empty() ? "Exported " + chosen->string() : "Could not export: " + err;
}

} // namespace condlab::app
