#include "app/screenshot.h"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <system_error>

namespace condlab::app {

void flip_rows(std::vector<std::uint8_t>& pixels, int width, int height, int channels) {
    const auto stride = static_cast<size_t>(width) * static_cast<size_t>(channels);
    if (pixels.size() < stride * static_cast<size_t>(height))
        return;
    for (int y = 0; y < height / 2; ++y) {
        auto a = pixels.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(y) * stride);
        auto b = pixels.begin() +
                 static_cast<std::ptrdiff_t>(static_cast<size_t>(height - 1 - y) * stride);
        std::swap_ranges(a, a + static_cast<std::ptrdiff_t>(stride), b);
    }
}

std::string write_png(const std::filesystem::path& path, const std::vector<std::uint8_t>& pixels,
                      int width, int height, int channels) {
    std::error_code ec;
    if (path.has_parent_path())
        std::filesystem::create_directories(path.parent_path(), ec);
    // Written beside it, then renamed: the file appears whole or not at all (a file manager,
    // or a test waiting for it, never reads half a PNG; a failed write keeps the old file).
    std::filesystem::path part = path;
    part += ".part";
    if (stbi_write_png(part.c_str(), width, height, channels, pixels.data(), width * channels) ==
        0) {
        std::filesystem::remove(part, ec);
        return "cannot write " + path.string();
    }
    std::filesystem::rename(part, path, ec);
    if (ec) {
        std::filesystem::remove(part, ec);
        return "cannot write " + path.string();
    }
    return {};
}

std::string write_framebuffer_png(const std::filesystem::path& path, int width, int height) {
    if (width <= 0 || height <= 0)
        return "empty framebuffer";
    std::vector<std::uint8_t> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (const GLenum err = glGetError(); err != GL_NO_ERROR)
        return "glReadPixels failed (GL error " + std::to_string(err) + ")";
    flip_rows(pixels, width, height, 3);
    return write_png(path, pixels, width, height, 3);
}

} // namespace condlab::app
