// Fonts: DejaVu Sans (regular, bold, oblique, headings) and DejaVu Sans Mono from
// fonts-dejavu-core, each with DejaVu Sans merged in for symbols (✓ · ← → ▶ ⏸ ...).
// Falls back to ImGui's built-in font when the files are missing.
#pragma once

#include <filesystem>

struct ImFont;
struct ImFontAtlas;

namespace condlab::app {

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* italic = nullptr;
    ImFont* mono = nullptr;
    ImFont* heading1 = nullptr;
    ImFont* heading2 = nullptr;
    bool dejavu = false; ///< false: every pointer is ImGui's default font
    float size = 15.0f;  ///< body size in pixels (after scaling)
};

inline const std::filesystem::path kDefaultFontDir = "/usr/share/fonts/truetype/dejavu";

/// The glyph ranges condlab uses: Latin-1 + Latin Extended-A, Greek, general punctuation,
/// arrows, maths, box drawing, blocks, geometric shapes, misc symbols, dingbats.
[[nodiscard]] const unsigned short* glyph_ranges();

/// Clears `atlas` and adds condlab's fonts at `base_size * scale` px. Does not build the
/// atlas texture (the backend or the caller does).
Fonts load_fonts(ImFontAtlas* atlas, float scale, float base_size = 15.0f,
                 const std::filesystem::path& dir = kDefaultFontDir);

} // namespace condlab::app
