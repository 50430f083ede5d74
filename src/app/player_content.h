// The player window's content: what fills the shell's reserved panels. The lesson player
// draws them; the learner's questions veil the ones that would give an answer away; the
// compare / outcome map / explore views add their menus and the timeline overlay. The order
// of those pieces is written here once.
#pragma once

#include <string>

#include "app/player_gui.h"
#include "app/shell_content.h"

namespace condlab::app {

class PlayerContent final : public ShellContent {
  public:
    PlayerContent(Shell& shell, PlayerGui& gui) : m_shell(shell), m_gui(gui) {}

    void draw_goal_banner() override;
    void draw_timeline() override;
    void draw_parameters() override;
    void draw_inspector() override;
    void draw_output() override;
    void draw_diagnostics() override;
    void draw_menus() override;
    bool draw_code() override;

    void file_opened(const std::filesystem::path& path) override;
    void line_hovered(int line) override;
    std::string lesson_badge(const LessonEntry& lesson) override;
    [[nodiscard]] bool can_export() const override { return true; }
    std::string export_trace(ExportKind kind, const std::filesystem::path& path) override;

  private:
    [[nodiscard]] bool veiled() const;
    void draw_run_timeline();

    Shell& m_shell;
    PlayerGui& m_gui;
};

/// The compare view's, outcome map's, explore view's and learner's state in words (key=value
/// lines: the X-event tests' state report).
[[nodiscard]] std::string describe_views(const Shell& shell, const PlayerGui& gui);

} // namespace condlab::app
