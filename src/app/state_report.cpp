// The window's state for X-event tests (state_report.h).
#include "app/state_report.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <system_error>

#include "app/app_window.h"
#include "app/player_content.h"
#include "app/player_gui.h"
#include "app/shell.h"

namespace condlab::app {

std::string state_report_text(const Shell& shell, const PlayerGui& gui, const StateReport& report) {
    std::ostringstream out;
    const Player& p = gui.player;
    out << "file=" << (shell.document() != nullptr ? shell.document()->path.string() : "") << "\n";
    out << "lesson=" << shell.current_lesson() << "\n";
    out << "run_count=" << p.run_count() << "\n";
    out << "running=" << (p.running() ? 1 : 0) << "\n";
    out << "stopped=" << p.stopped_summary() << "\n";
    out << "steps=" << p.step_count() << "\n";
    out << "positions=" << p.position_count() << "\n";
    out << "position=" << p.position_index() << "\n";
    out << "mode=" << (p.mode == StepMode::Line ? "line" : "event") << "\n";
    out << "theme=" << theme_name(shell.theme()) << "\n";
    out << "help=" << (shell.help_state().open ? 1 : 0) << "\n";
    out << "browser=" << (shell.browser().visible ? shell.browser().title : "") << "\n";
    out << "browser_dir=" << shell.browser().dir.string() << "\n";
    out << "browser_selected=" << shell.browser().selected << "\n";
    out << "status=" << shell.status() << "\n";
    out << "recent="
        << (shell.settings().recent_files.empty() ? "" : shell.settings().recent_files.front())
        << "\n";
    out << "busy_frames=" << report.busy_frames << "\n";
    out << "max_busy_frame_ms=" << static_cast<int>(report.max_busy_frame_ms) << "\n";
    out << "max_busy_block_ms=" << static_cast<int>(report.max_busy_block_ms) << "\n";
    if (gui.content)
        out << describe_views(shell, gui);
    for (const auto& [name, r] : gui.rects) {
        out << "rect." << name << "=" << static_cast<int>(r.x) << " " << static_cast<int>(r.y)
            << " " << static_cast<int>(r.w) << " " << static_cast<int>(r.h) << "\n";
    }
    return out.str();
}

void update_state_report(StateReport& report, const Shell& shell, const PlayerGui& gui) {
    const double now = std::chrono::duration<double, std::milli>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count();
    if (gui.player.running()) {
        if (report.last_frame_ms >= 0) {
            ++report.busy_frames;
            report.max_busy_frame_ms =
                std::max(report.max_busy_frame_ms, now - report.last_frame_ms);
        }
        report.last_frame_ms = now;
    } else {
        report.last_frame_ms = -1;
    }
    std::string text = state_report_text(shell, gui, report);
    if (text == report.last_text)
        return;
    const std::filesystem::path tmp = report.path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, report.path, ec);
    report.last_text = std::move(text);
}

} // namespace condlab::app
