// No clipped panels (issue 21): every lesson, at 1280x720 and 1280x800 and at scale 2, each
// panel's content fits or the panel scrolls (a scrollbar shows); no table cell (the
// inspector's) is wider than its column; the lesson list's titles end before their badges;
// the timeline's label column is measured from the labels, so short lane names ("main",
// "consumer") are never elided; a deadline's hourglass after the run's end stays inside the
// lanes.
#include <imgui.h>
#include <imgui_internal.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "app/fonts.h"
#include "app/lane_labels.h"
#include "app/learner_gui.h"
#include "app/lesson_list_view.h"
#include "app/player_gui.h"
#include "app/shell.h"
#include "app/text_wrap.h"
#include "app/theme.h"

using namespace condlab;
using namespace condlab::app;

namespace {

struct Config {
    float w = 0.0f, h = 0.0f, scale = 1.0f;
    [[nodiscard]] std::string name() const {
        return std::to_string(static_cast<int>(w)) + "x" + std::to_string(static_cast<int>(h)) +
               " scale " + std::to_string(static_cast<int>(scale));
    }
};

/// The window's shell and player in a headless context of `c.w` x `c.h` pixels at `c.scale`
/// (fonts and style scaled as the window does for --scale).
class ScaledPlayer {
  public:
    explicit ScaledPlayer(const Config& c) {
        m_ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = {c.w, c.h};
        io.DeltaTime = 1.0f / 60.0f;
        m_fonts = load_fonts(io.Fonts, c.scale);
        unsigned char* pixels = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
        apply_imgui_theme(ThemeKind::Dark, c.scale);
        m_shell = std::make_unique<Shell>(CONDLAB_SOURCE_DIR "/lessons", Settings{});
        m_gui = std::make_unique<PlayerGui>();
        install_player(*m_shell, *m_gui);
        m_gui->learner->ask_questions = false; // the panels as they are after the answers
        m_gui->timeline.record_labels = true;
    }
    ~ScaledPlayer() {
        m_shell.reset();
        m_gui.reset();
        ImGui::DestroyContext(m_ctx);
    }
    ScaledPlayer(const ScaledPlayer&) = delete;
    ScaledPlayer& operator=(const ScaledPlayer&) = delete;

    void frame() {
        player_frame(*m_shell, *m_gui, 0.0);
        ImGui::NewFrame();
        m_shell->draw(m_fonts);
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i)
            frame();
    }

    ImGuiContext* m_ctx = nullptr;
    Fonts m_fonts;
    std::unique_ptr<Shell> m_shell;
    std::unique_ptr<PlayerGui> m_gui;
};

const Config kConfigs[] = {
    {1280.0f, 720.0f, 1.0f}, {1280.0f, 800.0f, 1.0f}, {2560.0f, 1600.0f, 2.0f}};

bool in_main_window(const ImGuiWindow* w) {
    return w->RootWindow != nullptr && std::string_view(w->RootWindow->Name) == "##condlab" &&
           (w->Flags & ImGuiWindowFlags_ChildWindow) != 0;
}

/// Every panel (and child window inside one) drawn last frame whose content does not fit
/// and that shows no scrollbar that way; every table column whose content is wider than it.
std::vector<std::string> clipped_panels() {
    std::vector<std::string> out;
    ImGuiContext& g = *GImGui;
    for (const ImGuiWindow* w : g.Windows) {
        if (!w->WasActive || !in_main_window(w))
            continue;
        const std::string name = w->Name;
        if (w->ScrollMax.y > 1.0f && !w->ScrollbarY)
            out.push_back(name + ": " + std::to_string(w->ScrollMax.y) +
                          " px taller than the panel, no scrollbar");
        if (w->ScrollMax.x > 1.0f && !w->ScrollbarX)
            out.push_back(name + ": " + std::to_string(w->ScrollMax.x) +
                          " px wider than the panel, no scrollbar");
    }
    for (int i = 0; i < g.Tables.GetMapSize(); ++i) {
        const ImGuiTable* t = g.Tables.TryGetMapData(i);
        if (t == nullptr || t->LastFrameActive != g.FrameCount || t->OuterWindow == nullptr ||
            !in_main_window(t->OuterWindow))
            continue;
        for (int c = 0; c < t->ColumnsCount; ++c) {
            const ImGuiTableColumn& col = t->Columns[c];
            if (col.ContentMaxXUnfrozen > col.MaxX + 1.0f)
                out.push_back(std::string(t->OuterWindow->Name) + " table column " +
                              std::to_string(c) + ": content " +
                              std::to_string(col.ContentMaxXUnfrozen - col.MaxX) +
                              " px wider than the column");
        }
    }
    return out;
}

} // namespace

TEST(PanelFit, EveryPanelFitsOrScrollsInEveryLesson) {
    for (const Config& c : kConfigs) {
        ScaledPlayer p(c);
        const std::size_t lessons = p.m_shell->lessons().size();
        ASSERT_GE(lessons, 25u);
        for (std::size_t i = 0; i < lessons; ++i) {
            const std::string id = p.m_shell->lessons()[i].id;
            ASSERT_TRUE(p.m_shell->open_lesson(id)) << id;
            p.frames(2);
            for (const bool at_end : {false, true}) {
                if (at_end)
                    p.m_gui->player.last();
                else
                    p.m_gui->player.seek_position(p.m_gui->player.position_count() / 2);
                p.frames(3); // scrollbars follow the content a frame later
                for (const std::string& problem : clipped_panels())
                    ADD_FAILURE() << c.name() << ", lesson " << id
                                  << (at_end ? " at the end" : " mid-run") << ": " << problem;
            }
        }
    }
}

TEST(PanelFit, ShortLaneNamesAreNeverElided) {
    for (const Config& c : kConfigs) {
        ScaledPlayer p(c);
        for (const LessonEntry& e : p.m_shell->lessons()) {
            ASSERT_TRUE(p.m_shell->open_lesson(e.id)) << e.id;
            p.frames(3);
            const TimelineState& st = p.m_gui->timeline;
            ASSERT_FALSE(st.drawn_labels.empty()) << c.name() << ", lesson " << e.id;
            for (const auto& [l, drawn] : st.drawn_labels) {
                const Lane& lane = st.layout.lanes[l];
                if (lane.name.size() <= 12)
                    EXPECT_EQ(drawn.name, lane.name)
                        << c.name() << ", lesson " << e.id << " (detail \"" << lane.detail
                        << "\" drawn as \"" << drawn.detail << "\")";
            }
            for (const float x : st.deadline_glyph_x)
                EXPECT_LE(x + 4.5f * st.mark_scale, st.lanes_x + st.lanes_w + 0.01f)
                    << c.name() << ", lesson " << e.id << ": hourglass clipped at the right";
        }
    }
}

// The pure rule, with 8 px per character at font size 15 (padding 4 + 9 + 8 px).
namespace {
float eight_px(std::string_view v) {
    float n = 0.0f;
    for (const char ch : v)
        n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 8.0f : 0.0f;
    return n;
}
} // namespace

TEST(LaneLabels, TheColumnMeasuredFromTheLabelsShowsThemInFull) {
    for (const float fs : {15.0f, 30.0f}) { // scale 1 and 2
        for (const auto& [name, detail] :
             {std::pair{"main", "blocked forever (since t=0 s)"}, std::pair{"consumer", ""},
              std::pair{"main.<locals>.w#1", "blocked 1.2 s"}, std::pair{"cond", "Condition"}}) {
            const float w = lane_label_needed(eight_px(name), eight_px(detail), fs);
            const LaneLabelText t = fit_lane_label(name, detail, w, fs, eight_px);
            EXPECT_EQ(t.name, name) << fs;
            EXPECT_EQ(t.detail, detail) << fs;
            EXPECT_FALSE(t.shortened(name, detail));
            // One pixel less and something gives.
            EXPECT_TRUE(
                fit_lane_label(name, detail, w - 1.0f, fs, eight_px).shortened(name, detail))
                << name << " at " << fs;
        }
    }
}

TEST(LaneLabels, TheDetailIsShortenedBeforeTheName) {
    const std::string_view detail = "blocked forever (since t=0 s)";
    // "main" + "blocked forever" fit, the parenthesis does not: "main" stays whole.
    const float w = lane_label_needed(eight_px("main"), eight_px("blocked forever"), 15.0f);
    LaneLabelText t = fit_lane_label("main", detail, w, 15.0f, eight_px);
    EXPECT_EQ(t.name, "main");
    EXPECT_EQ(t.detail, "blocked forever");
    // A long name beside the short detail is elided in the middle, keeping its start and end.
    t = fit_lane_label("main.<locals>.worker#1", detail, w + 40.0f, 15.0f, eight_px);
    EXPECT_EQ(t.detail, "blocked forever");
    EXPECT_NE(t.name.find("\xE2\x80\xA6"), std::string::npos) << t.name;
    EXPECT_EQ(t.name.substr(0, 3), "mai");
    EXPECT_EQ(t.name.substr(t.name.size() - 2), "#1");
    EXPECT_LE(lane_label_needed(eight_px(t.name), eight_px(t.detail), 15.0f), w + 40.0f);
    // Too narrow even for that: the detail goes (it is in the tooltip), the name stays.
    t = fit_lane_label("consumer", detail, lane_label_needed(eight_px("consumer"), 0.0f, 15.0f),
                       15.0f, eight_px);
    EXPECT_EQ(t.name, "consumer");
    EXPECT_EQ(t.detail, "");
}

TEST(LessonList, TitlesEndBeforeTheBadgeAndLongOnesAreElided) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = {800.0f, 600.0f};
    io.DeltaTime = 1.0f / 60.0f;
    const Fonts fonts = load_fonts(io.Fonts, 1.0f);
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
    std::vector<LessonEntry> lessons(2);
    lessons[0].id = "01";
    lessons[0].number = 1;
    lessons[0].title = "Short";
    lessons[1].id = "02";
    lessons[1].number = 2;
    lessons[1].title = "A widely shared broken example, and the predicate loop that fixes it";
    std::vector<LessonRowRect> rows;
    LessonListContext lc;
    lc.lessons = &lessons;
    lc.current = "02";
    lc.palette = &palette(ThemeKind::Dark);
    lc.fonts = &fonts;
    lc.badge = [](const LessonEntry&) { return std::string("2/6"); };
    lc.row_rects = &rows;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0.0f, 0.0f});
    ImGui::SetNextWindowSize({260.0f, 300.0f});
    ImGui::Begin("list", nullptr, ImGuiWindowFlags_NoDecoration);
    const float badge_w = ImGui::CalcTextSize("2/6").x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    draw_lesson_list(lc);
    ImGui::End();
    ImGui::Render();
    ASSERT_EQ(rows.size(), 2u);
    for (const LessonRowRect& r : rows)
        EXPECT_LE(r.title.x + r.title.w, right - badge_w) << r.id << ": title over the badge";
    EXPECT_FALSE(rows[0].elided);
    EXPECT_TRUE(rows[1].elided);
    ImGui::DestroyContext(ctx);
}

// Lesson 19's `await asyncio.wait_for(cond.wait_for(lambda: ready), TIMEOUT)`: a word wider
// than the lesson column ran 43 px past its edge; it now breaks after its punctuation.
TEST(TextWrap, AWordWiderThanALineBreaksAfterItsPunctuation) {
    const auto ten_px = [](std::uint8_t, std::string_view t) {
        return 10.0f * static_cast<float>(t.size());
    };
    const std::vector<md::Span> spans{
        {md::Plain, "x "}, {md::Code, "wait_for(cond.wait_for(lambda:"}, {md::Plain, " ready"}};
    const auto lines = wrap_spans(spans, 150.0f, ten_px);
    std::vector<std::string> texts;
    for (const WrappedLine& l : lines) {
        std::string t;
        for (const WrappedPiece& p : l.pieces)
            t += p.text;
        texts.push_back(t);
        EXPECT_LE(l.width, 150.0f) << t;
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"x wait_for(", "cond.wait_for(", "lambda: ready"}));
    // A word without punctuation still gets a line of its own.
    const auto whole = wrap_spans({{md::Plain, "a verylongword b"}}, 50.0f, ten_px);
    ASSERT_EQ(whole.size(), 3u);
    EXPECT_EQ(whole[1].pieces.front().text, "verylongword");
}
