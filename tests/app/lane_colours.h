#pragma once
// Every colour a lane area can show, for the contrast checks of what is drawn over lanes
// (arrows in test_theme.cpp, the deviation mark in test_timer_marks.cpp).
#include <string>
#include <utility>
#include <vector>

#include "app/theme.h"
#include "app/timeline_view.h"

namespace condlab::app {

/// Backgrounds (the lane and the even-lane stripe), task states (solid and merged), lock
/// states, the forever-blocked tint and the output marker, composited over the lane
/// background, each with a name for the failure message.
inline std::vector<std::pair<std::string, Colour>> lane_colours(ThemeKind kind) {
    const Palette& p = palette(kind);
    const Colour bg = lane_background(kind);
    const Colour stripe = composite(p.dim_text.with_alpha(0.05f), bg);
    std::vector<std::pair<std::string, Colour>> out{{"background", bg}, {"stripe", stripe}};
    for (int i = 0; i < kTaskStatusCount; ++i) {
        const auto s = static_cast<TaskStatus>(i);
        const Colour c = status_colour(p, s);
        out.emplace_back(status_name(s), composite(c, bg));
        out.emplace_back(std::string(status_name(s)) + " merged",
                         composite(c.with_alpha(0.8f), bg));
    }
    for (const auto& [name, c] :
         {std::pair{"sleeping hatch", p.sleeping_hatch}, std::pair{"lock held", p.lock_held},
          std::pair{"held with waiters", p.lock_held_with_waiters},
          std::pair{"forever faint", p.blocked_lock.with_alpha(0.2f)},
          std::pair{"output marker", p.accent}})
        out.emplace_back(name, composite(c, bg));
    return out;
}

} // namespace condlab::app
