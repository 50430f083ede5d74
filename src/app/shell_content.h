// What fills the panels the app shell only reserves, and what it is told about the open
// file: the player (player_content.h) implements it. The shell calls one object through
// this interface instead of a chain of wrapped callbacks, so the order in which the
// player, the explore views and the learner draw lives in one place.
#pragma once

#include <filesystem>
#include <string>

namespace condlab::app {

struct LessonEntry;

/// What File → Export writes.
enum class ExportKind { ChromeTrace, CondlabJson, Png };

class ShellContent {
  public:
    ShellContent() = default;
    ShellContent(const ShellContent&) = delete;
    ShellContent& operator=(const ShellContent&) = delete;
    virtual ~ShellContent() = default;

    // Panels: each is drawn inside its child window, below the panel's header.
    virtual void draw_goal_banner() {} ///< above the code view
    virtual void draw_timeline() = 0;
    virtual void draw_parameters() = 0;
    virtual void draw_inspector() = 0;
    virtual void draw_output() = 0;
    virtual void draw_diagnostics() = 0;
    /// Menus after the shell's View menu (may append to View by opening it again).
    virtual void draw_menus() {}
    /// Draws the code panel's program itself (edit mode) and returns true, or returns false
    /// for the shell's read-only code view.
    virtual bool draw_code() { return false; }

    // Events.
    /// The shell opened `path` (start-up, File → Open, the lesson list, a drop).
    virtual void file_opened(const std::filesystem::path& /*path*/) {}
    /// The pointer is over line `line` of the code view (inside the frame: may draw a
    /// tooltip).
    virtual void line_hovered(int /*line*/) {}
    virtual void line_clicked(int /*line*/) {}
    /// A short mark after a lesson in the list ("2/3": questions right of answered).
    virtual std::string lesson_badge(const LessonEntry& /*lesson*/) { return {}; }
    /// Is there a trace that File → Export can write?
    [[nodiscard]] virtual bool can_export() const { return false; }
    /// Writes the current run's trace as `kind` (not png) to `path`: "" or an error.
    virtual std::string export_trace(ExportKind /*kind*/, const std::filesystem::path& /*path*/) {
        return "nothing to export";
    }
};

} // namespace condlab::app
