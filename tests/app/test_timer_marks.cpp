// The made-early / made-late highlight (app/timer_marks_view.cpp): its light core or its dark
// edge keeps a WCAG contrast of at least 3:1 against every colour a lane can show, in both
// themes, and the two stand apart from each other (it reads as one thick frame).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/explore_view.h"
#include "app/theme.h"
#include "app/timeline_view.h"
#include "lane_colours.h"

using namespace condlab;
using namespace condlab::app;

namespace {

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
