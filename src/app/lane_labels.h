// The timeline's label column: each lane's name at the left, its detail ("blocked 1.2 s",
// "blocked forever (since t=0 s)", "Condition") right-aligned before the lanes. The column
// is measured from the labels with the same padding they are drawn with; when a cap makes
// it narrower, the detail is shortened before the name, and a name is elided (in the
// middle) only when it still does not fit.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace condlab::app {

/// Horizontal padding of the label column at font size `fs`: before the name, between the
/// name and the detail, after the detail (before the lanes).
struct LaneLabelPadding {
    float left = 0.0f;
    float gap = 0.0f;
    float right = 0.0f;
};
[[nodiscard]] LaneLabelPadding lane_label_padding(float fs);

/// The column width a lane's name and detail need, drawn in full.
[[nodiscard]] float lane_label_needed(float name_w, float detail_w, float fs);

struct LaneLabelText {
    std::string name;
    std::string detail;
    [[nodiscard]] bool shortened(std::string_view full_name, std::string_view full_detail) const {
        return name != full_name || detail != full_detail;
    }
};

/// Name and detail fitted into a column `column_w` wide. In order: both in full; the detail
/// without its parenthesis ("blocked forever"); the name elided in the middle (keeping at
/// least a few characters) beside the short detail; no detail and the name elided into the
/// whole column. The full texts go in the tooltip.
[[nodiscard]] LaneLabelText fit_lane_label(std::string_view name, std::string_view detail,
                                           float column_w, float fs,
                                           const std::function<float(std::string_view)>& measure);

} // namespace condlab::app
