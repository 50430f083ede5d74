// Proves the ImGui GLFW + OpenGL3 backends (objects inside Debian's libimgui.a) link
// together with GLFW, glad and libGL. Opens a window only when DISPLAY is set.
#include <glad/gl.h>
// glad must come before GLFW so GLFW does not include the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstdlib>

int main() {
    // Take the addresses so the backend objects are linked even without a display.
    bool (*volatile glfw_init)(GLFWwindow*, bool) = &ImGui_ImplGlfw_InitForOpenGL;
    bool (*volatile gl3_init)(const char*) = &ImGui_ImplOpenGL3_Init;
    void (*volatile gl3_render)(ImDrawData*) = &ImGui_ImplOpenGL3_RenderDrawData;
    if (glfw_init == nullptr || gl3_init == nullptr || gl3_render == nullptr)
        return 1;
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0') {
        std::printf("skip: DISPLAY is not set (backends linked)\n");
        return 0;
    }
    if (glfwInit() == GLFW_FALSE) {
        std::printf("skip: glfwInit failed on DISPLAY=%s (backends linked)\n", display);
        return 0;
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(320, 240, "condlab toolchain", nullptr, nullptr);
    if (window == nullptr) {
        std::printf("skip: no GL 3.3 core context on DISPLAY=%s (backends linked)\n", display);
        glfwTerminate();
        return 0;
    }
    glfwMakeContextCurrent(window);
    int ok = 0;
    if (gladLoadGL(glfwGetProcAddress) == 0) {
        ok = 1;
    } else {
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        ImGui_ImplGlfw_InitForOpenGL(window, false);
        ImGui_ImplOpenGL3_Init("#version 330 core");
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ImGui::Text("hello");
        ImGui::Render();
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        std::printf("rendered one ImGui frame with the GLFW + OpenGL3 backends\n");
    }
    glfwDestroyWindow(window);
    glfwTerminate();
    return ok;
}
