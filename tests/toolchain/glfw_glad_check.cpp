// Proves GLFW + the build-time generated glad loader link; initialises GLFW and loads
// GL 3.3 core only when DISPLAY is set.
#include <glad/gl.h>
// glad must come before GLFW so GLFW does not include the system GL header.
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>

int main() {
    int major = 0;
    int minor = 0;
    int rev = 0;
    glfwGetVersion(&major, &minor, &rev);
    std::printf("glfw %d.%d.%d (%s)\n", major, minor, rev, glfwGetVersionString());
    if (major != 3)
        return 1;
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0') {
        // Keep glad linked: reference its loader entry point.
        int (*volatile load)(GLADloadfunc) = &gladLoadGL;
        std::printf("skip: DISPLAY is not set (glfw + glad linked: %d)\n", load != nullptr);
        return 0;
    }
    if (glfwInit() == GLFW_FALSE) {
        std::printf("skip: glfwInit failed on DISPLAY=%s\n", display);
        return 0;
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(64, 64, "condlab toolchain", nullptr, nullptr);
    int rc = 0;
    if (window == nullptr) {
        std::printf("skip: no GL 3.3 core context on DISPLAY=%s\n", display);
    } else {
        glfwMakeContextCurrent(window);
        const int version = gladLoadGL(glfwGetProcAddress);
        if (version == 0) {
            std::fprintf(stderr, "gladLoadGL failed\n");
            rc = 1;
        } else {
            std::printf("GL %d.%d: %s\n", GLAD_VERSION_MAJOR(version), GLAD_VERSION_MINOR(version),
                        reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
        }
        glfwDestroyWindow(window);
    }
    glfwTerminate();
    return rc;
}
