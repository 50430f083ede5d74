#pragma once
// A test fixture: the window's shell with the player installed (as the window has it), in a
// headless ImGui context; each frame advances the player by `dt` seconds, then draws.
#include <imgui.h>

#include <memory>
#include <string>

#include "app/player_gui.h"
#include "headless_shell.h"

namespace condlab::app {

class HeadlessPlayerTest : public HeadlessShellTest {
  protected:
    void SetUp() override {
        HeadlessShellTest::SetUp();
        m_gui = std::make_unique<PlayerGui>();
        m_gui->record_rects = true;
        install_player(*m_shell, *m_gui);
    }
    void TearDown() override {
        m_shell.reset();
        m_gui.reset();
        HeadlessShellTest::TearDown();
    }
    void frame() override { frame(0.0); }
    /// One frame; m_text holds what the panels rendered in it (after capture_panel_text).
    void frame(double dt) {
        player_frame(*m_shell, *m_gui, dt);
        ImGui::NewFrame();
        m_text.clear();
        m_shell->draw(m_fonts);
        ImGui::Render();
    }

    std::unique_ptr<PlayerGui> m_gui;
    std::string m_text;
};

} // namespace condlab::app
