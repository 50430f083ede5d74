#pragma once
// A test fixture: the window's shell over the shipped lessons in a headless ImGui context
// (headless_imgui.h), driven by frames, mouse moves and clicks.
#include <gtest/gtest.h>

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
    /// window: a top-level window's End() stops ImGui's logging). Call after the content is set.
    void capture_panel_text(std::string& out) {
        m_capture = std::make_unique<CapturingContent>(*m_shell->content(), out);
        m_shell->set_content(m_capture.get());
    }

    ImGuiContext* m_ctx = nullptr;
    Fonts m_fonts;
    std::unique_ptr<Shell> m_shell;

  private:
    /// Forwards to the real content; appends the text each panel renders to `out`.
    class CapturingContent final : public ShellContent {
      public:
        CapturingContent(ShellContent& inner, std::string& out) : m_inner(inner), m_out(out) {}
        void draw_goal_banner() override { capture(&ShellContent::draw_goal_banner); }
        void draw_timeline() override { capture(&ShellContent::draw_timeline); }
        void draw_parameters() override { capture(&ShellContent::draw_parameters); }
        void draw_inspector() override { capture(&ShellContent::draw_inspector); }
        void draw_output() override { capture(&ShellContent::draw_output); }
        void draw_diagnostics() override { capture(&ShellContent::draw_diagnostics); }
        void draw_menus() override { m_inner.draw_menus(); }
        bool draw_code() override { return m_inner.draw_code(); }
        void file_opened(const std::filesystem::path& p) override { m_inner.file_opened(p); }
        void line_hovered(int line) override { m_inner.line_hovered(line); }
        void line_clicked(int line) override { m_inner.line_clicked(line); }
        std::string lesson_badge(const LessonEntry& e) override { return m_inner.lesson_badge(e); }
        [[nodiscard]] bool can_export() const override { return m_inner.can_export(); }
        std::string export_trace(ExportKind k, const std::filesystem::path& p) override {
            return m_inner.export_trace(k, p);
        }

      private:
        void capture(void (ShellContent::*draw)()) {
            begin_text_capture();
            (m_inner.*draw)();
            m_out += end_text_capture();
        }
        ShellContent& m_inner;
        std::string& m_out;
    };
    std::unique_ptr<CapturingContent> m_capture;
};

} // namespace condlab::app
