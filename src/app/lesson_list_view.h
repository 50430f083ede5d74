// The lesson list: numbered lessons, ✓ once a lesson's goal was reached.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "app/fonts.h"
#include "app/source_file.h"
#include "app/splitter.h"
#include "app/theme.h"

namespace condlab::app {

/// Where a row's title went (tests): the space it had and whether it was elided.
struct LessonRowRect {
    std::string id;
    Rect title; ///< from the title's start to the badge (or the row's visible end)
    bool elided = false;
};

struct LessonListContext {
    const std::vector<LessonEntry>* lessons = nullptr;
    const std::set<std::string>* completed = nullptr; ///< lesson ids with the goal reached
    std::string_view current;                         ///< id of the open lesson
    const Palette* palette = nullptr;
    const Fonts* fonts = nullptr;
    std::function<void(const LessonEntry&)> on_select;
    /// Scroll so the current lesson is visible (set when it changed; the list is taller
    /// than its panel).
    bool scroll_to_current = false;
    Rect* current_rect = nullptr; ///< out: the current lesson's row on screen (tests)
    /// A short mark drawn at the row's right end (questions answered right / answered).
    std::function<std::string(const LessonEntry&)> badge;
    std::vector<LessonRowRect>* row_rects = nullptr; ///< out: each row's title space (tests)
};

void draw_lesson_list(const LessonListContext& ctx);

} // namespace condlab::app
