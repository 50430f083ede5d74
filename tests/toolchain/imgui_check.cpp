// Proves Dear ImGui (libimgui.a + stb) works headless: context, font atlas, one frame.
#include <imgui.h>

#include <cstdio>

int main() {
    IMGUI_CHECKVERSION();
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(800.0f, 600.0f);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;

    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    if (pixels == nullptr || width <= 0 || height <= 0) {
        std::fprintf(stderr, "font atlas was not built\n");
        return 1;
    }

    bool clicked = false;
    for (int frame = 0; frame < 2; ++frame) {
        ImGui::NewFrame();
        ImGui::Begin("toolchain");
        ImGui::Text("Dear ImGui %s", ImGui::GetVersion());
        clicked |= ImGui::Button("ok");
        ImGui::End();
        ImGui::Render();
    }
    ImDrawData* draw_data = ImGui::GetDrawData();
    const bool drew = draw_data != nullptr && draw_data->Valid && draw_data->TotalVtxCount > 0;
    std::printf("imgui %s: atlas %dx%d, %d vertices\n", ImGui::GetVersion(), width, height,
                draw_data != nullptr ? draw_data->TotalVtxCount : 0);
    ImGui::DestroyContext(ctx);
    return drew && !clicked ? 0 : 1;
}
