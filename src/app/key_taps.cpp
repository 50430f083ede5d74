#include "app/key_taps.h"

#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <vector>

namespace condlab::app {
namespace {

struct KeyEvent {
    int key = 0;
    int scancode = 0;
    int mods = 0;
};

/// Keys pressed since the last ImGui::NewFrame(), and releases held back for them. One
/// window per process (app_window.cpp), so one table.
struct KeyTaps {
    std::vector<int> pressed_since_frame;
    std::vector<KeyEvent> held_releases;
};
KeyTaps g_taps;

bool pressed_since_frame(int key) {
    const auto& keys = g_taps.pressed_since_frame;
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    if (action == GLFW_RELEASE && pressed_since_frame(key)) {
        g_taps.held_releases.push_back({key, scancode, mods});
        return;
    }
    if (action == GLFW_PRESS)
        g_taps.pressed_since_frame.push_back(key);
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

} // namespace

void keep_key_taps(GLFWwindow* window) {
    g_taps = {};
    glfwSetKeyCallback(window, on_key);
}

void release_seen_key_taps(GLFWwindow* window) {
    g_taps.pressed_since_frame.clear();
    std::vector<KeyEvent> releases;
    releases.swap(g_taps.held_releases);
    for (const KeyEvent& e : releases)
        ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, GLFW_RELEASE, e.mods);
}

} // namespace condlab::app
