// The ImGui file browser (file_browser.h).
#include "app/file_browser.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <system_error>

namespace condlab::app {

namespace fs = std::filesystem;

std::vector<DirEntry> list_directory(const fs::path& dir, const std::string& extension,
                                     std::string* error) {
    std::vector<DirEntry> out;
    std::error_code ec;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        if (error != nullptr)
            *error = "Cannot read " + dir.string() + ": " + ec.message();
        return out;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        const std::string name = it->path().filename().string();
        if (name.empty() || name.front() == '.')
            continue;
        std::error_code type_ec;
        const bool is_dir = it->is_directory(type_ec);
        const bool matches = extension.empty() || (name.size() > extension.size() &&
                                                   name.compare(name.size() - extension.size(),
                                                                extension.size(), extension) == 0);
        if (is_dir || matches)
            out.push_back({name, is_dir});
    }
    std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) {
        return a.is_dir != b.is_dir ? a.is_dir : a.name < b.name;
    });
    if (error != nullptr)
        error->clear();
    return out;
}

void add_recent_file(std::vector<std::string>& recent, const std::string& path, std::size_t max) {
    std::erase(recent, path);
    recent.insert(recent.begin(), path);
    if (recent.size() > max)
        recent.resize(max);
}

void browse(FileBrowserState& s, BrowserMode mode, std::string title, std::string extension,
            const fs::path& dir, std::string file_name) {
    s.mode = mode;
    s.title = std::move(title);
    s.extension = std::move(extension);
    s.file_name = std::move(file_name);
    s.open_request = true;
    browser_enter(s, dir);
}

void browser_enter(FileBrowserState& s, const fs::path& dir) {
    std::error_code ec;
    fs::path d = fs::weakly_canonical(dir.empty() ? fs::current_path(ec) : dir, ec);
    if (d.empty())
        d = dir;
    s.dir = d;
    s.path_text = d.string();
    if (!s.path_text.empty() && s.path_text.back() != '/')
        s.path_text += '/';
    s.selected.clear();
    s.entries = list_directory(d, s.extension, &s.error);
    s.listed = true;
}

namespace {

void note(const FileBrowserState& s, std::string name) {
    if (s.item_rects == nullptr)
        return;
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    s.item_rects->emplace_back(std::move(name), Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

/// A char buffer editing a std::string (ImGui 1.86 has no std::string InputText here).
bool input_text(const char* id, std::string& text, float width, ImGuiInputTextFlags flags = 0) {
    char buf[1024];
    std::strncpy(buf, text.c_str(), sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    ImGui::SetNextItemWidth(width);
    const bool enter =
        ImGui::InputText(id, buf, sizeof buf, flags | ImGuiInputTextFlags_EnterReturnsTrue);
    text = buf;
    return enter;
}

/// The path box was confirmed: a folder is entered, a file is chosen.
std::optional<fs::path> confirm_path_box(FileBrowserState& s) {
    std::error_code ec;
    const fs::path p(s.path_text);
    if (fs::is_directory(p, ec)) {
        browser_enter(s, p);
        return std::nullopt;
    }
    if (s.mode == BrowserMode::Save || fs::is_regular_file(p, ec))
        return p;
    s.error = "No such file or folder: " + s.path_text;
    return std::nullopt;
}

void draw_places(FileBrowserState& s, float fs_px) {
    if (s.recent != nullptr && !s.recent->empty() && s.mode == BrowserMode::Open) {
        ImGui::TextDisabled("Recent");
        for (const std::string& r : *s.recent) {
            const std::string label = fs::path(r).filename().string() + "##recent" + r;
            if (ImGui::Selectable(label.c_str(), false)) {
                s.path_text = r;
                s.selected = fs::path(r).filename().string();
            }
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", r.c_str());
        }
        ImGui::Dummy({0.0f, fs_px * 0.4f});
    }
    ImGui::TextDisabled("Places");
    for (const auto& [label, path] : s.places) {
        if (ImGui::Selectable(label.c_str(), false))
            browser_enter(s, path);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", path.c_str());
    }
}

/// The folder's entries; returns a file chosen by double click.
std::optional<fs::path> draw_entries(FileBrowserState& s) {
    std::optional<fs::path> chosen;
    std::optional<fs::path> enter;
    if (s.entries.empty()) {
        ImGui::TextDisabled(s.error.empty() ? "(no folders or %s files here)" : "%s",
                            s.error.empty() ? s.extension.c_str() : s.error.c_str());
    }
    for (const DirEntry& e : s.entries) {
        const std::string label = (e.is_dir ? "\xE2\x96\xB8 " + e.name + "/" : "   " + e.name);
        const bool clicked = ImGui::Selectable(label.c_str(), s.selected == e.name,
                                               ImGuiSelectableFlags_AllowDoubleClick);
        note(s, "entry:" + e.name);
        if (clicked) {
            s.selected = e.name;
            if (!e.is_dir) {
                s.path_text = (s.dir / e.name).string();
                if (s.mode == BrowserMode::Save)
                    s.file_name = e.name;
            }
            if (ImGui::IsMouseDoubleClicked(0)) {
                if (e.is_dir)
                    enter = s.dir / e.name;
                else if (s.mode == BrowserMode::Open)
                    chosen = s.dir / e.name;
            }
        }
    }
    if (enter)
        browser_enter(s, *enter);
    return chosen;
}

} // namespace

std::optional<fs::path> draw_file_browser(FileBrowserState& s, const Palette& pal) {
    if (s.open_request) {
        ImGui::OpenPopup(s.title.c_str());
        s.open_request = false;
    }
    const ImGuiIO& io = ImGui::GetIO();
    const float f = ImGui::GetFontSize();
    ImGui::SetNextWindowPos({io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.45f},
                            ImGuiCond_Appearing, {0.5f, 0.5f});
    ImGui::SetNextWindowSize({std::min(io.DisplaySize.x * 0.9f, f * 46.0f),
                              std::min(io.DisplaySize.y * 0.8f, f * 28.0f)},
                             ImGuiCond_Appearing);
    s.visible = ImGui::BeginPopupModal(s.title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings);
    if (!s.visible)
        return std::nullopt;
    std::optional<fs::path> chosen;
    if (ImGui::Button("Up") && s.dir.has_parent_path())
        browser_enter(s, s.dir.parent_path());
    ImGui::SameLine();
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    if (input_text("##path", s.path_text, -1.0f))
        chosen = confirm_path_box(s);
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2.0f + f * 0.5f;
    const float body_h = std::max(f * 4.0f, ImGui::GetContentRegionAvail().y - footer);
    ImGui::BeginChild("##places", {f * 11.0f, body_h}, true);
    draw_places(s, f);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##entries", {0.0f, body_h}, true);
    if (auto c = draw_entries(s))
        chosen = c;
    ImGui::EndChild();
    if (s.mode == BrowserMode::Save) {
        ImGui::TextUnformatted("File name:");
        ImGui::SameLine();
        if (input_text("##name", s.file_name, f * 20.0f) && !s.file_name.empty())
            chosen = s.dir / s.file_name;
        ImGui::SameLine();
    }
    const char* ok = s.mode == BrowserMode::Save ? "Save" : "Open";
    const bool ok_clicked = ImGui::Button(ok);
    note(s, std::string("button:") + ok);
    if (ok_clicked) {
        if (s.mode == BrowserMode::Save && !s.file_name.empty())
            chosen = s.dir / s.file_name;
        else
            chosen = confirm_path_box(s);
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    if (!s.error.empty() && !s.entries.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.error_text.packed()), "%s",
                           s.error.c_str());
    }
    if (chosen)
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return chosen;
}

} // namespace condlab::app
