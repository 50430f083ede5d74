// png_check FILE.png [WIDTH HEIGHT [MIN_COLOURS]]: exits 0 when the PNG loads, has the
// given size and at least MIN_COLOURS distinct colours (default 16), i.e. is not blank.
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_set>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: png_check FILE.png [WIDTH HEIGHT [MIN_COLOURS]]\n");
        return 2;
    }
    int w = 0;
    int h = 0;
    int channels = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &channels, 3);
    if (px == nullptr) {
        std::fprintf(stderr, "png_check: cannot load %s: %s\n", argv[1], stbi_failure_reason());
        return 1;
    }
    int rc = 0;
    if (argc >= 4 && (w != std::atoi(argv[2]) || h != std::atoi(argv[3]))) {
        std::fprintf(stderr, "png_check: %s is %dx%d, expected %sx%s\n", argv[1], w, h, argv[2],
                     argv[3]);
        rc = 1;
    }
    const size_t min_colours = argc >= 5 ? static_cast<size_t>(std::atoi(argv[4])) : 16;
    std::unordered_set<unsigned> colours;
    const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
    for (size_t i = 0; i < n; ++i) {
        colours.insert(static_cast<unsigned>(px[3 * i]) << 16 |
                       static_cast<unsigned>(px[3 * i + 1]) << 8 | px[3 * i + 2]);
    }
    stbi_image_free(px);
    std::printf("png_check: %s %dx%d, %zu colours\n", argv[1], w, h, colours.size());
    if (colours.size() < min_colours) {
        std::fprintf(stderr, "png_check: only %zu colours (< %zu): blank?\n", colours.size(),
                     min_colours);
        rc = 1;
    }
    return rc;
}
