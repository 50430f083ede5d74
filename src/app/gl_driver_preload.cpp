#include "app/gl_driver_preload.h"

#include <dlfcn.h>
#include <linux/limits.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace condlab::app {
namespace {

/// Where Mesa looks for DRI drivers: LIBGL_DRIVERS_PATH's first entry, else "dri" beside
/// libGLX_mesa (Debian's multiarch library directory).
std::filesystem::path dri_directory(void* glx_mesa) {
    if (const char* env = std::getenv("LIBGL_DRIVERS_PATH"); env != nullptr && *env != '\0') {
        const std::string paths = env;
        return paths.substr(0, paths.find(':'));
    }
    char origin[PATH_MAX] = {};
    if (dlinfo(glx_mesa, RTLD_DI_ORIGIN, origin) != 0)
        return {};
    return std::filesystem::path(origin) / "dri";
}

void load_driver() {
    // The flags GLX itself uses, so that its dlopen() finds these handles.
    void* glx_mesa = dlopen("libGLX_mesa.so.0", RTLD_LAZY | RTLD_LOCAL);
    if (glx_mesa == nullptr)
        return;
    const std::filesystem::path dir = dri_directory(glx_mesa);
    // One file under every driver's name in Debian's Mesa (a hard-linked megadriver):
    // swrast is what Xvfb and machines without a GPU use.
    const std::filesystem::path driver = dir / "swrast_dri.so";
    std::error_code ec;
    if (!dir.empty() && std::filesystem::exists(driver, ec))
        (void)dlopen(driver.c_str(), RTLD_NOW | RTLD_GLOBAL);
}

} // namespace

std::jthread preload_gl_driver() { return std::jthread(load_driver); }

} // namespace condlab::app
