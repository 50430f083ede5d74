#include "app/fonts.h"

#include <imgui.h>

#include <system_error>

namespace condlab::app {

const ImWchar* glyph_ranges() {
    static const ImWchar ranges[] = {
        0x0020, 0x017F, // Basic Latin, Latin-1 Supplement, Latin Extended-A
        0x0370, 0x03FF, // Greek (λ, τ, Δ)
        0x2000, 0x206F, // General punctuation (– — · … ‖)
        0x2070, 0x209F, // super/subscripts
        0x2190, 0x21FF, // Arrows (← → ↑ ↓ ⇄)
        0x2200, 0x22FF, // Mathematical operators (≤ ≥ ≠ ∞)
        0x2300, 0x23FF, // Misc technical (⏵ ⏸ ⏹ ⏮ ⏭ where present)
        0x2500, 0x25FF, // Box drawing, blocks, geometric shapes (▶ ◀ ● ○ ■)
        0x2600, 0x26FF, // Misc symbols (⚠ ☐ ☑)
        0x2700, 0x27BF, // Dingbats (✓ ✔ ✗ ✘)
        0xFFFD, 0xFFFD, // replacement character
        0,
    };
    return ranges;
}

namespace {

ImFont* add(ImFontAtlas* atlas, const std::filesystem::path& file,
            const std::filesystem::path& symbols, float size) {
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    ImFont* font = atlas->AddFontFromFileTTF(file.c_str(), size, &cfg, glyph_ranges());
    if (font == nullptr)
        return nullptr;
    if (symbols != file) {
        ImFontConfig merge;
        merge.MergeMode = true;
        merge.OversampleH = 2;
        merge.OversampleV = 1;
        // Glyphs already in `file` are kept; DejaVu Sans fills the gaps (e.g. in the mono font).
        atlas->AddFontFromFileTTF(symbols.c_str(), size, &merge, glyph_ranges());
    }
    return font;
}

} // namespace

Fonts load_fonts(ImFontAtlas* atlas, float scale, float base_size,
                 const std::filesystem::path& dir) {
    atlas->Clear();
    Fonts f;
    f.size = base_size * scale;
    std::error_code ec;
    const auto sans = dir / "DejaVuSans.ttf";
    const auto bold = dir / "DejaVuSans-Bold.ttf";
    const auto oblique = dir / "DejaVuSans-Oblique.ttf";
    const auto mono = dir / "DejaVuSansMono.ttf";
    const bool have =
        std::filesystem::is_regular_file(sans, ec) && std::filesystem::is_regular_file(mono, ec);
    if (have) {
        f.regular = add(atlas, sans, sans, f.size);
        f.mono = add(atlas, mono, sans, f.size);
        f.bold =
            std::filesystem::is_regular_file(bold, ec) ? add(atlas, bold, sans, f.size) : f.regular;
        f.italic = std::filesystem::is_regular_file(oblique, ec) ? add(atlas, oblique, sans, f.size)
                                                                 : f.regular;
        const auto heading_file = f.bold != f.regular ? bold : sans;
        f.heading1 = add(atlas, heading_file, sans, f.size * 1.45f);
        f.heading2 = add(atlas, heading_file, sans, f.size * 1.2f);
        f.dejavu = f.regular != nullptr && f.mono != nullptr && f.heading1 != nullptr &&
                   f.heading2 != nullptr && f.bold != nullptr && f.italic != nullptr;
    }
    if (!f.dejavu) {
        atlas->Clear();
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * scale;
        ImFont* def = atlas->AddFontDefault(&cfg);
        f = Fonts{def, def, def, def, def, def, false, cfg.SizePixels};
    }
    return f;
}

} // namespace condlab::app
