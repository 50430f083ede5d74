// Proves libstb links: writes a small PNG with stbi_write_png and reads it back.
#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

int main() {
    constexpr int w = 16;
    constexpr int h = 8;
    std::vector<unsigned char> rgb(static_cast<size_t>(w * h * 3));
    for (size_t i = 0; i < rgb.size(); ++i)
        rgb[i] = static_cast<unsigned char>(i * 7);
    const std::string path = "/tmp/condlab_toolchain_stb_" + std::to_string(getpid()) + ".png";
    if (stbi_write_png(path.c_str(), w, h, 3, rgb.data(), w * 3) == 0) {
        std::fprintf(stderr, "stbi_write_png failed\n");
        return 1;
    }
    int rw = 0;
    int rh = 0;
    int channels = 0;
    unsigned char* back = stbi_load(path.c_str(), &rw, &rh, &channels, 3);
    std::remove(path.c_str());
    if (back == nullptr) {
        std::fprintf(stderr, "stbi_load failed: %s\n", stbi_failure_reason());
        return 1;
    }
    const bool same =
        rw == w && rh == h && std::vector<unsigned char>(back, back + rgb.size()) == rgb;
    stbi_image_free(back);
    std::printf("stb: wrote and read back %dx%d PNG: %s\n", rw, rh,
                same ? "identical" : "DIFFERENT");
    return same ? 0 : 1;
}
