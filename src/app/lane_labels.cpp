// The timeline's label column (lane_labels.h).
#include "app/lane_labels.h"

#include "app/text_wrap.h"

#include <algorithm>

namespace condlab::app {

LaneLabelPadding lane_label_padding(float fs) { return {4.0f, fs * 0.6f, 8.0f}; }

float lane_label_needed(float name_w, float detail_w, float fs) {
    const LaneLabelPadding pad = lane_label_padding(fs);
    return pad.left + name_w + (detail_w > 0.0f ? pad.gap + detail_w : 0.0f) + pad.right;
}

namespace {

// The room a name has beside `detail` in a column `column_w` wide.
float name_room(float column_w, float detail_w, float fs) {
    return column_w - lane_label_needed(0.0f, detail_w, fs);
}

// The detail without its parenthesis: "blocked forever (since t=0 s)" -> "blocked forever".
std::string_view short_detail(std::string_view detail) {
    const std::size_t p = detail.find(" (");
    return p == std::string_view::npos ? detail : detail.substr(0, p);
}

std::size_t char_count(std::string_view v) {
    std::size_t n = 0;
    for (const char c : v)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

// The width of the shortest elided name worth showing: 5 of its characters around "…", or
// the whole name when it has at most 6.
float min_name_width(std::string_view name, const std::function<float(std::string_view)>& measure) {
    if (char_count(name) <= 6)
        return measure(name);
    return measure(elide_middle(
        name, 0.0f, [](std::string_view v) { return char_count(v) <= 6 ? 0.0f : 1.0f; }));
}

} // namespace

LaneLabelText fit_lane_label(std::string_view name, std::string_view detail, float column_w,
                             float fs, const std::function<float(std::string_view)>& measure) {
    const float name_w = measure(name);
    if (name_w <= name_room(column_w, measure(detail), fs))
        return {std::string(name), std::string(detail)};
    const std::string_view brief = short_detail(detail);
    const float room = name_room(column_w, measure(brief), fs);
    if (name_w <= room)
        return {std::string(name), std::string(brief)};
    if (room >= min_name_width(name, measure))
        return {elide_middle(name, room, measure), std::string(brief)};
    return {elide_middle(name, name_room(column_w, 0.0f, fs), measure), {}};
}

} // namespace condlab::app
