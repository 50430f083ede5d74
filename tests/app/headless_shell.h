#pragma once
// A test fixture: the window's shell over the shipped lessons in a headless ImGui context
// (headless_imgui.h), driven by frames, mouse moves and clicks.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "app/shell.h"
#include "headless_imgui.h"

namespace condlab::app {

class HeadlessShellTest : public ::testing::Test, public FrameInput {
  protected:
    void SetUp() override {
        m_ctx = create_headless_imgui({1280.0f, 800.0f}, m_fonts);
        m_shell = std::make_unique<Shell>(CONDLAB_SOURCE_DIR "/lessons", Settings{});
    }
    void TearDown() override {
        m_shell.reset();
        ImGui::DestroyContext(m_ctx);
    }

    /// One frame of the shell.
    void frame() override {
        ImGui::NewFrame();
        m_shell->draw(m_fonts);
        ImGui::Render();
    }
    Shell& shell() { return *m_shell; }
    /// From now on the panels' rendered text is appended to `out` (captured inside the shell's
    /// window: a top-level window's End() stops ImGui's logging).
    void capture_panel_text(std::string& out) {
        PanelHooks& h = m_shell->hooks();
        for (std::function<void()>* hook : {&h.goal_banner, &h.timeline, &h.parameters,
                                            &h.inspector, &h.output, &h.diagnostics}) {
            if (*hook) {
                *hook = [&out, inner = std::move(*hook)] {
                    begin_text_capture();
                    inner();
                    out += end_text_capture();
                };
            }
        }
    }

    ImGuiContext* m_ctx = nullptr;
    Fonts m_fonts;
    std::unique_ptr<Shell> m_shell;
};

} // namespace condlab::app
