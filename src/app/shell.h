// The app shell: owns what the window shows before any run exists (open file, lesson
// list, lesson text, code view state, splitters, theme) and draws one full frame.
// No GLFW / GL here, so headless tests drive it with an ImGui context only.
//
// The panels it only reserves (timeline, inspector, ...) are drawn by a ShellContent
// (shell_content.h); runs set code markers / the error line through the accessors.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/code_view.h"
#include "app/file_browser.h"
#include "app/fonts.h"
#include "app/help_view.h"
#include "app/markdown.h"
#include "app/settings.h"
#include "app/shell_content.h"
#include "app/source_file.h"
#include "app/splitter.h"
#include "app/splitter_view.h"

namespace condlab::app {

class Shell {
  public:
    Shell(std::filesystem::path lesson_dir, Settings settings);

    // -- Files ---------------------------------------------------------------------------
    /// Opens any .py file (lesson or not). On failure keeps the current file, sets the
    /// status line and returns false.
    bool open_file(const std::filesystem::path& path);
    /// Opens a lesson by id ("03_wait_and_notify"), number ("3", "03") or name part.
    bool open_lesson(std::string_view id_or_number);
    /// Opens the last lesson from settings, else the first lesson. False if none.
    bool open_default();
    /// Re-reads the lesson directory.
    void refresh_lessons();
    /// open_file() for a file the user picked (File → Open, a drop, the command line): it
    /// goes to the front of the recent files.
    bool open_user_file(const std::filesystem::path& path);
    /// File → Open: the file browser (shell_files.cpp).
    void show_open_browser();
    /// File → Export: the browser in save mode for `kind`.
    void show_export_browser(ExportKind kind);
    [[nodiscard]] const FileBrowserState& browser() const { return m_browser; }
    /// The PNG of the window to write after this frame is rendered (once; the window reads
    /// the framebuffer), after the export dialog has gone.
    std::optional<std::filesystem::path> take_png_request();

    [[nodiscard]] const SourceDocument* document() const { return m_doc.get(); }
    [[nodiscard]] const std::string& current_lesson() const { return m_current_lesson; }
    [[nodiscard]] const std::vector<LessonEntry>& lessons() const { return m_lessons; }
    [[nodiscard]] const md::Document& lesson_text() const { return m_lesson_text; }

    // -- State for later views -----------------------------------------------------------
    Settings& settings() { return m_settings; }
    [[nodiscard]] const Settings& settings() const { return m_settings; }
    std::vector<LineMarker>& markers() { return m_markers; }
    void set_error(std::optional<ErrorMark> error) { m_error = std::move(error); }
    [[nodiscard]] const std::optional<ErrorMark>& error() const { return m_error; }
    CodeViewState& code_state() { return m_code_state; }
    std::set<std::string>& completed_lessons() { return m_completed; }
    /// What draws the reserved panels and hears about opened files (not owned; null: the
    /// panels show placeholders).
    void set_content(ShellContent* content) { m_content = content; }
    [[nodiscard]] ShellContent* content() const { return m_content; }
    void set_status(std::string text) { m_status = std::move(text); }
    [[nodiscard]] const std::string& status() const { return m_status; }
    /// Requested playhead step as displayed (--step N, from 1); the player consumes it once
    /// runs exist.
    std::optional<int> requested_step;

    /// When set, the menus and the file browser record their widgets' rectangles here by
    /// name ("menu:File", "item:Open...", "entry:NAME", "button:Save"): the X-event tests.
    std::vector<std::pair<std::string, Rect>>* item_rects = nullptr;
    /// Records the last ImGui item's rectangle under `name` when item_rects is set.
    void note_item(std::string name);

    // -- Theme / window requests (the window applies them) -------------------------------
    void set_theme(ThemeKind kind);
    [[nodiscard]] ThemeKind theme() const { return m_settings.theme; }
    /// True once after the theme changed (the window re-applies the ImGui style).
    bool consume_theme_change();
    [[nodiscard]] bool quit_requested() const { return m_quit; }
    /// The Help window (legend, shortcuts): open it on a tab, or read its state.
    void show_help(HelpTab tab) { m_help.show(tab); }
    HelpState& help() { return m_help; }
    [[nodiscard]] const HelpState& help_state() const { return m_help; }

    // -- Frame ----------------------------------------------------------------------------
    /// Draws everything into one window covering the display (call between NewFrame and
    /// Render). `fonts` must belong to the current context's atlas.
    void draw(const Fonts& fonts);
    /// Layout and area of the last frame (for tests and later views).
    [[nodiscard]] const Layout& layout() const { return m_layout; }
    [[nodiscard]] const Rect& layout_area() const { return m_area; }
    [[nodiscard]] const LayoutMetrics& layout_metrics() const { return m_metrics; }
    /// The current lesson's row in the lesson list, last frame (screen coordinates).
    [[nodiscard]] const Rect& current_lesson_rect() const { return m_current_lesson_rect; }
    /// The fonts of the frame being drawn (valid inside panel hooks; null before draw()).
    [[nodiscard]] const Fonts* fonts() const { return m_fonts; }

  private:
    void draw_menu_bar(const Fonts& fonts);
    void draw_file_menu();
    void draw_file_browser_popup();
    /// A panel the content draws (`placeholder` while there is none).
    void draw_reserved_panel(const char* id, const char* title, const Rect& r,
                             void (ShellContent::*body)(), const Fonts& fonts,
                             const char* placeholder);
    void draw_status_bar(const Fonts& fonts, float y, float height);

    std::filesystem::path m_lesson_dir;
    Settings m_settings;
    std::vector<LessonEntry> m_lessons;
    std::unique_ptr<SourceDocument> m_doc;
    md::Document m_lesson_text;
    std::string m_current_lesson;
    std::vector<LineMarker> m_markers;
    std::optional<ErrorMark> m_error;
    CodeViewState m_code_state;
    SplitterViewState m_splitter_state;
    std::set<std::string> m_completed;
    ShellContent* m_content = nullptr;
    std::string m_status;
    Layout m_layout;
    Rect m_area;
    LayoutMetrics m_metrics;
    const Fonts* m_fonts = nullptr;
    bool m_theme_changed = false;
    bool m_quit = false;
    HelpState m_help;
    std::string m_list_scrolled_to; ///< the lesson the list last scrolled to
    Rect m_current_lesson_rect;
    FileBrowserState m_browser;
    std::optional<ExportKind> m_export_kind; ///< the browser saves this (nullopt: opens)
    std::optional<std::filesystem::path> m_png_request;
    int m_png_delay = 0; ///< frames until the PNG is taken (the dialog has closed)
};

} // namespace condlab::app
