// The made-early / made-late highlight (app/timer_marks_view.cpp): its light core or its dark
// edge keeps a WCAG contrast of at least 3:1 against every colour a lane can show, in both
// themes, and the two stand apart from each other (it reads as one thick frame).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/explore_view.h"
#include "app/theme.h"
#include "app/timeline_view.h"

using namespace condlab;
using namespace condlab::app;

namespace {

/// Every colour of a lane area under the mark: backgrounds, task states (solid and merged),
/// lock states, composited over the lane background.
std::vector<std::pair<std::string, Colour>> lane_colours(ThemeKind kind) {
    const Palette& p = palette(kind);
    const Colour bg = lane_background(kind);
    std::vector<std::pair<std::string, Colour>> out{
        {"background", bg}, {"stripe", composite(p.dim_text.with_alpha(0.05f), bg)}};
    for (int i = 0; i < kTaskStatusCount; ++i) {
        const auto s = static_cast<TaskStatus>(i);
        out.emplace_back(status_name(s), composite(status_colour(p, s), bg));
        out.emplace_back(std::string(status_name(s)) + " merged",
                         composite(status_colour(p, s).with_alpha(0.8f), bg));
    }
    for (const Colour& c : {p.sleeping_hatch, p.lock_held, p.lock_held_with_waiters, p.accent})
        out.emplace_back("other", composite(c, bg));
    return out;
}

TEST(TimerMarks, DeviationHighlightHasThreeToOneContrastOnEveryLaneColour) {
    for (ThemeKind kind : {ThemeKind::Dark, ThemeKind::Light}) {
        const DeviationColours c = deviation_mark_colours(kind);
        for (const auto& [lane, colour] : lane_colours(kind)) {
            const double best =
                std::max(contrast_ratio(c.core, colour), contrast_ratio(c.edge, colour));
            EXPECT_GE(best, 3.0) << theme_name(kind) << " deviation mark on " << lane;
        }
        EXPECT_GE(contrast_ratio(c.core, c.edge), 3.0) << theme_name(kind);
    }
}

} // namespace
