// [SECTION] Display detection and scale
// [SECTION] Window callbacks (drop, content scale)
// [SECTION] run_gui: init, main loop, screenshot, shutdown
#include "app/app_window.h"

#include <glad/gl.h>
// glad must come before GLFW so GLFW does not include the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/fonts.h"
#include "app/gl_driver_preload.h"
#include "app/gui.h"
#include "app/key_taps.h"
#include "app/screenshot.h"
#include "app/settings.h"
#include "app/shell.h"
#include "app/startup_clock.h"
#include "app/theme.h"
#include "lesson/runner.h"

namespace condlab::app {

// -----------------------------------------------------------------------------------------
// [SECTION] Display detection and scale
// -----------------------------------------------------------------------------------------

std::string missing_display_reason() {
    const char* x11 = std::getenv("DISPLAY");
    const char* wl = std::getenv("WAYLAND_DISPLAY");
    const bool has_x11 = x11 != nullptr && *x11 != '\0';
    const bool has_wl = wl != nullptr && *wl != '\0';
    return has_x11 || has_wl ? std::string{} : std::string("DISPLAY and WAYLAND_DISPLAY are unset");
}

float choose_ui_scale(float window_x, float window_y, float monitor_scale) {
    float s = std::max(window_x, window_y);
    if (!(s > 1.0f))
        s = monitor_scale;
    if (!(s >= 1.0f))
        s = 1.0f;
    return std::min(s, 4.0f);
}

// -----------------------------------------------------------------------------------------
// [SECTION] Window callbacks (drop, content scale)
// -----------------------------------------------------------------------------------------

namespace {

std::string g_glfw_error;
double g_last_render_ms = 0.0; // last_render_ms()
volatile std::sig_atomic_t g_stop = 0;

void on_signal(int /*sig*/) { g_stop = 1; }

void on_glfw_error(int code, const char* description) {
    g_glfw_error = description != nullptr ? description : ("GLFW error " + std::to_string(code));
}

struct WindowData {
    std::vector<std::string> dropped;
    bool scale_changed = false;
};

void on_drop(GLFWwindow* window, int count, const char** paths) {
    auto* data = static_cast<WindowData*>(glfwGetWindowUserPointer(window));
    for (int i = 0; i < count; ++i)
        data->dropped.emplace_back(paths[i]);
}

void on_content_scale(GLFWwindow* window, float /*x*/, float /*y*/) {
    static_cast<WindowData*>(glfwGetWindowUserPointer(window))->scale_changed = true;
}

/// The scale a window will get, before it exists: the primary monitor's.
float monitor_scale() {
    float mx = 1.0f;
    float my = 1.0f;
    if (GLFWmonitor* mon = glfwGetPrimaryMonitor())
        glfwGetMonitorContentScale(mon, &mx, &my);
    return choose_ui_scale(mx, my, std::max(mx, my));
}

float window_scale(GLFWwindow* window) {
    float wx = 1.0f;
    float wy = 1.0f;
    glfwGetWindowContentScale(window, &wx, &wy);
    float mx = 1.0f;
    float my = 1.0f;
    if (GLFWmonitor* mon = glfwGetPrimaryMonitor())
        glfwGetMonitorContentScale(mon, &mx, &my);
    return choose_ui_scale(wx, wy, std::max(mx, my));
}

bool is_python_file(const std::string& path) {
    return path.size() > 3 && path.compare(path.size() - 3, 3, ".py") == 0;
}

void rebuild_fonts(Fonts& fonts, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    fonts = load_fonts(io.Fonts, scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

} // namespace

double last_render_ms() { return g_last_render_ms; }

// -----------------------------------------------------------------------------------------
// [SECTION] run_gui: init, main loop, screenshot, shutdown
// -----------------------------------------------------------------------------------------

int run_gui(const GuiOptions& options) {
    if (const std::string why = missing_display_reason(); !why.empty()) {
        std::fprintf(stderr, "condlab: no display (%s)\n", why.c_str());
        return kExitNoDisplay;
    }
    report_startup_phase("run_gui");

    const bool screenshot = options.screenshot.has_value();
    const std::optional<std::filesystem::path> settings_file =
        screenshot ? std::nullopt
                   : (options.settings_path ? options.settings_path : default_settings_path());
    Settings settings = settings_file ? load_settings(*settings_file) : Settings{};
    const Settings stored = settings;
    if (options.theme)
        settings.theme = *options.theme;
    const int width = options.width.value_or(settings.window_width);
    const int height = options.height.value_or(settings.window_height);

    // Start-up order (the first frame with the run shown comes ~T(run) earlier this way):
    // 0. the OpenGL driver loads on a thread of its own (gl_driver_preload.h);
    // 1. the locale: glfwInit sets LC_CTYPE from the environment when it is "C" (for text
    //    input), and Python's pre-initialisation reads it and sets it back. Both happen here,
    //    on this thread, first: setlocale() on two threads at once is a use-after-free of
    //    the locale's name (ASan saw it);
    // 2. the interpreter starts on a thread while this one reads the lessons, initialises
    //    GLFW and opens the file, whose run the worker thread starts once the interpreter is
    //    up (it goes on while the OpenGL context is made, the slowest step under Xvfb, as
    //    does the font atlas on a thread of its own).
    const std::jthread gl_driver = preload_gl_driver();
    if (std::strcmp(std::setlocale(LC_CTYPE, nullptr), "C") == 0)
        std::setlocale(LC_CTYPE, "");
    lesson::preinitialize_interpreter();
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // condlab persists its own settings
    int rc = kExitOk;
    std::jthread interpreter_start([] {
        lesson::start_interpreter();
        report_startup_phase("interpreter started");
    });
    std::unique_ptr<Shell> shell_owner = std::make_unique<Shell>(options.lesson_dir, settings);
    shell_owner->requested_step = options.step;
    if (options.client)
        options.client->attach(*shell_owner);
    report_startup_phase("lessons listed");
    Shell& shell = *shell_owner;
    const auto close_shell = [&] {
        shell_owner.reset(); // (the client's worker finishes its run)
        ImGui::DestroyContext();
    };

    glfwSetErrorCallback(on_glfw_error);
    if (glfwInit() == GLFW_FALSE) {
        std::fprintf(stderr, "condlab: no display (glfwInit failed: %s)\n", g_glfw_error.c_str());
        close_shell();
        return kExitNoDisplay;
    }
    report_startup_phase("glfw initialised");

    bool opened = false;
    if (options.file) {
        opened = shell.open_user_file(*options.file);
        if (!opened) {
            std::fprintf(stderr, "condlab: %s\n", shell.status().c_str());
            rc = kExitError;
        }
    } else if (options.lesson) {
        opened = shell.open_lesson(*options.lesson);
        if (!opened) {
            std::fprintf(stderr, "condlab: %s\n", shell.status().c_str());
            rc = kExitError;
        }
    } else {
        opened = shell.open_default();
    }
    report_startup_phase("file opened (its run submitted)");

    // The font atlas (about a hundred milliseconds of rasterising) needs no window: build it
    // on a second thread while the window and its OpenGL context are made, as far as the
    // RGBA pixels the OpenGL backend uploads (their conversion was on the first frame's path).
    const float expected_scale = options.ui_scale > 0.0f ? options.ui_scale : monitor_scale();
    Fonts fonts;
    std::jthread font_build([&fonts, &io, expected_scale] {
        fonts = load_fonts(io.Fonts, expected_scale);
        unsigned char* pixels = nullptr;
        int w = 0;
        int h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    });
    auto give_up = [&] {
        font_build.join();
        close_shell();
        glfwTerminate();
        return kExitNoDisplay;
    };

    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    // Screenshots want exact framebuffer pixels; interactive windows follow the monitor.
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, screenshot ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_RESIZABLE, screenshot ? GLFW_FALSE : GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(width, height, "condlab", nullptr, nullptr);
    if (window == nullptr) {
        std::fprintf(stderr, "condlab: no display (no OpenGL 3.3 core window: %s)\n",
                     g_glfw_error.c_str());
        return give_up();
    }
    report_startup_phase("window created");
    WindowData data;
    glfwSetWindowUserPointer(window, &data);
    glfwSetDropCallback(window, on_drop);
    glfwSetWindowContentScaleCallback(window, on_content_scale);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(screenshot ? 0 : 1);
    if (gladLoadGL(glfwGetProcAddress) == 0) {
        std::fprintf(stderr, "condlab: no display (could not load OpenGL 3.3 functions)\n");
        glfwDestroyWindow(window);
        return give_up();
    }

    font_build.join();
    report_startup_phase("fonts built");
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    float scale = options.ui_scale > 0.0f ? options.ui_scale : window_scale(window);
    if (scale != expected_scale)
        fonts = load_fonts(io.Fonts, scale);
    apply_imgui_theme(settings.theme, scale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    keep_key_taps(window);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    report_startup_phase("OpenGL ready");

    {
        if (rc != kExitOk && screenshot) {
            // A screenshot of the wrong thing is worse than none.
        } else {
            rc = kExitOk;
            int frame = 0;
            bool reported_early_frame = false;
            bool reported_frame = false;
            std::chrono::steady_clock::time_point last_frame_during_run{}; // {}: none yet
            // Ctrl+C / SIGTERM close the window normally (settings are saved).
            g_stop = 0;
            auto* const old_int = std::signal(SIGINT, on_signal);
            auto* const old_term = std::signal(SIGTERM, on_signal);
            while (glfwWindowShouldClose(window) == GLFW_FALSE && !shell.quit_requested() &&
                   g_stop == 0) {
                if (screenshot) {
                    glfwPollEvents();
                } else {
                    // While a run goes on, frames keep coming (its progress, Stop).
                    const bool running = options.client && options.client->busy();
                    glfwWaitEventsTimeout(running ? 0.01 : 0.25);
                }
                for (const std::string& path : data.dropped)
                    if (is_python_file(path))
                        shell.open_user_file(path);
                    else
                        shell.set_status("Not a Python file: " + path);
                data.dropped.clear();
                if (data.scale_changed && options.ui_scale <= 0.0f) {
                    data.scale_changed = false;
                    const float s = window_scale(window);
                    if (s != scale) {
                        scale = s;
                        rebuild_fonts(fonts, scale);
                        apply_imgui_theme(shell.theme(), scale);
                    }
                }
                if (options.client)
                    options.client->before_frame(shell);
                // After before_frame(): a run that finished meanwhile is shown in this frame.
                const bool busy = options.client && options.client->busy();
                if (shell.consume_theme_change())
                    apply_imgui_theme(shell.theme(), scale);

                const bool first_drawn = frame == 0 && !reported_early_frame;
                ImGui_ImplOpenGL3_NewFrame(); // the first one compiles shaders, uploads fonts
                ImGui_ImplGlfw_NewFrame();
                if (first_drawn)
                    report_startup_phase("first frame: GL objects made");
                if (screenshot) {
                    // No hover highlights from wherever the pointer happens to be.
                    io.MousePos = {-FLT_MAX, -FLT_MAX};
                }
                ImGui::NewFrame();
                shell.draw(fonts);
                ImGui::Render();
                release_seen_key_taps(window); // after the frame: Ctrl stays down through it
                if (first_drawn)
                    report_startup_phase("first frame: UI laid out");

                const auto render_start = std::chrono::steady_clock::now();
                int fb_w = 0;
                int fb_h = 0;
                glfwGetFramebufferSize(window, &fb_w, &fb_h);
                glViewport(0, 0, fb_w, fb_h);
                const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
                glClearColor(bg.x, bg.y, bg.z, 1.0f);
                glClear(GL_COLOR_BUFFER_BIT);
                ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
                if (const auto png = shell.take_png_request()) {
                    glFinish();
                    const std::string err = write_framebuffer_png(*png, fb_w, fb_h);
                    shell.set_status(err.empty() ? "Exported " + png->string()
                                                 : "Could not export: " + err);
                }
                // Frames drawn while the first run is in progress do not count: screenshots
                // and the start-up report want the run shown.
                const bool report = std::getenv("CONDLAB_STARTUP_REPORT") != nullptr;
                if (report && busy) {
                    // How smooth the window stays while a run goes on (bench_player): frame
                    // to frame, drawn and not just queued.
                    glFinish();
                    const auto now = std::chrono::steady_clock::now();
                    if (last_frame_during_run != std::chrono::steady_clock::time_point{})
                        std::fprintf(
                            stderr, "condlab: frame during a run %.1f ms\n",
                            std::chrono::duration<double, std::milli>(now - last_frame_during_run)
                                .count());
                    last_frame_during_run = now;
                } else {
                    last_frame_during_run = {};
                }
                if (busy && frame == 0) {
                    if (report && !reported_early_frame) {
                        glFinish(); // the frame is drawn, not just queued
                        std::fprintf(stderr,
                                     "condlab: first frame (run in progress) %.0f ms after start\n",
                                     ms_since_process_start());
                        reported_early_frame = true;
                    }
                } else {
                    ++frame;
                }
                if (frame == 1 && report && !reported_frame) {
                    glFinish();
                    std::fprintf(stderr, "condlab: first frame %.0f ms after start\n",
                                 ms_since_process_start());
                    reported_frame = true;
                }
                if (screenshot && frame >= options.screenshot_frames) {
                    glFinish();
                    const std::string err = write_framebuffer_png(*options.screenshot, fb_w, fb_h);
                    if (!err.empty()) {
                        std::fprintf(stderr, "condlab: screenshot: %s\n", err.c_str());
                        rc = kExitError;
                    } else {
                        std::printf("condlab: wrote %s (%dx%d)\n", options.screenshot->c_str(),
                                    fb_w, fb_h);
                    }
                    break;
                }
                glfwSwapBuffers(window);
                g_last_render_ms = std::chrono::duration<double, std::milli>(
                                       std::chrono::steady_clock::now() - render_start)
                                       .count();
            }
            std::signal(SIGINT, old_int);
            std::signal(SIGTERM, old_term);
        }
        if (settings_file) {
            Settings out = shell.settings();
            if (!options.width && !options.height &&
                glfwGetWindowAttrib(window, GLFW_MAXIMIZED) == GLFW_FALSE) {
                glfwGetWindowSize(window, &out.window_width, &out.window_height);
                // GLFW_SCALE_TO_MONITOR multiplied the requested size by the content scale
                // on X11; store the unscaled size so the window does not grow every run.
                float sx = 1.0f;
                float sy = 1.0f;
                glfwGetWindowContentScale(window, &sx, &sy);
                const char* x11 = std::getenv("DISPLAY");
                if (x11 != nullptr && *x11 != '\0' && sx > 1.0f && sy > 1.0f) {
                    out.window_width = static_cast<int>(static_cast<float>(out.window_width) / sx);
                    out.window_height =
                        static_cast<int>(static_cast<float>(out.window_height) / sy);
                }
            }
            // What the command line gave (--theme, --size) is for this run only.
            out = settings_to_save(out, stored, options.theme,
                                   options.width.has_value() || options.height.has_value());
            if (!save_settings(*settings_file, out)) {
                std::fprintf(stderr, "condlab: could not save settings to %s\n",
                             settings_file->c_str());
            }
        }
    }

    shell_owner.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return rc;
}

} // namespace condlab::app
