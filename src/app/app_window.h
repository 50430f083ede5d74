// The desktop window: GLFW window + OpenGL 3.3 core context (glad) + Dear ImGui
// (GLFW / OpenGL3 backends), HiDPI scale, fonts, theme, drag and drop, the main loop,
// settings persistence and screenshots. run_gui() (gui.h) is implemented here.
#pragma once

#include <string>

namespace condlab::app {

/// Why there is no display, or "" when one seems available: checks DISPLAY and
/// WAYLAND_DISPLAY (glfwInit may still fail later).
[[nodiscard]] std::string missing_display_reason();

/// UI scale from a window content scale pair and a monitor scale (pure; used by the window).
/// Takes the larger of x/y, falls back to the monitor when the window reports 1 or less,
/// and clamps to 1..4.
[[nodiscard]] float choose_ui_scale(float window_x, float window_y, float monitor_scale);

/// Wall time the window's last frame spent rendering (OpenGL draw + buffer swap), in ms.
/// With software OpenGL (llvmpipe under Xvfb) this is most of a frame; a test of the UI
/// thread's responsiveness subtracts it.
[[nodiscard]] double last_render_ms();

} // namespace condlab::app
