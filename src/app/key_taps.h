// Quick key taps survive slow frames. Dear ImGui 1.86 reads key states once per frame, so a
// key pressed and released between two frames (a quick tap while a frame takes 100 ms under
// a software renderer) would never be seen: Ctrl+A, Enter and the arrow keys were lost. The
// release of a key pressed since the last frame waits until a frame has seen it down (what
// ImGui 1.87's input queue does).
#pragma once

struct GLFWwindow;

namespace condlab::app {

/// Takes over the window's key callback (after ImGui_ImplGlfw_InitForOpenGL installed its own)
/// and forwards every key event to ImGui's GLFW backend.
void keep_key_taps(GLFWwindow* window);
/// After ImGui::NewFrame(): releases the keys this frame saw pressed and released.
void release_seen_key_taps(GLFWwindow* window);

} // namespace condlab::app
