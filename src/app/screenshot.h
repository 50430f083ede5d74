// Screenshots: read the current GL framebuffer and write a PNG (stb_image_write).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace condlab::app {

/// Flips an image vertically in place (GL's origin is bottom-left, PNG's top-left).
void flip_rows(std::vector<std::uint8_t>& pixels, int width, int height, int channels);

/// Writes RGB/RGBA pixels (top row first) as PNG. Returns an error message or "".
[[nodiscard]] std::string write_png(const std::filesystem::path& path,
                                    const std::vector<std::uint8_t>& pixels, int width, int height,
                                    int channels);

/// Reads the current GL context's back buffer (`width` x `height` framebuffer pixels, RGB)
/// and writes it as PNG. Needs a current context with glad loaded. Returns "" on success.
[[nodiscard]] std::string write_framebuffer_png(const std::filesystem::path& path, int width,
                                                int height);

} // namespace condlab::app
