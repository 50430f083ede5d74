#include "app/splitter.h"

#include <algorithm>
#include <cmath>

namespace condlab::app {

float clamp_split(float pos, float total, float bar, float min_a, float min_b) {
    const float room = total - bar;
    if (room <= 0.0f)
        return 0.0f;
    if (min_a + min_b > room) {
        const float sum = min_a + min_b;
        return sum > 0.0f ? room * (min_a / sum) : room * 0.5f;
    }
    return std::clamp(pos, min_a, room - min_b);
}

std::vector<float> clamp_stack(std::vector<float> pos, float total, float bar, float min_part) {
    const auto n = static_cast<float>(pos.size());
    if (pos.empty())
        return pos;
    const float need = (n + 1.0f) * min_part + n * bar;
    if (total < need) {
        const float part = std::max(0.0f, (total - n * bar) / (n + 1.0f));
        for (size_t i = 0; i < pos.size(); ++i)
            pos[i] = static_cast<float>(i + 1) * part + static_cast<float>(i) * bar;
        return pos;
    }
    float prev_end = 0.0f; // end of the previous bar
    for (size_t i = 0; i < pos.size(); ++i) {
        const float bars_after = n - static_cast<float>(i); // this bar and the ones after
        const float hi = total - bars_after * (bar + min_part);
        const float lo = prev_end + min_part;
        float p = std::isfinite(pos[i]) ? pos[i] : lo;
        pos[i] = std::clamp(p, lo, hi);
        prev_end = pos[i] + bar;
    }
    return pos;
}

namespace {

struct Positions {
    float left = 0.0f, right = 0.0f; // column bar x offsets within area
    float left_row = 0.0f, centre_row = 0.0f;
    std::vector<float> right_rows;
};

Positions positions(const Rect& area, const SplitRatios& r, const LayoutMetrics& m) {
    Positions p;
    const float w = area.w;
    const float h = area.h;
    const auto cols =
        clamp_stack({r.left * w, w - r.right * w - m.splitter}, w, m.splitter, m.min_column);
    p.left = cols[0];
    p.right = cols[1];
    p.left_row = clamp_split(r.left_split * h, h, m.splitter, m.min_row, m.min_row);
    p.centre_row = clamp_split(r.centre_split * h, h, m.splitter, m.min_row, m.min_row);
    p.right_rows =
        clamp_stack({r.right_splits[0] * h, r.right_splits[1] * h, r.right_splits[2] * h}, h,
                    m.splitter, m.min_row);
    return p;
}

} // namespace

Layout compute_layout(const Rect& area, const SplitRatios& ratios, const LayoutMetrics& m) {
    const Positions p = positions(area, ratios, m);
    const float x0 = area.x;
    const float y0 = area.y;
    const float h = area.h;
    const float bar = m.splitter;
    Layout l;
    const float left_w = p.left;
    const float centre_x = x0 + p.left + bar;
    const float centre_w = p.right - p.left - bar;
    const float right_x = x0 + p.right + bar;
    const float right_w = area.w - p.right - bar;

    l.lesson_list = {x0, y0, left_w, p.left_row};
    l.lesson_text = {x0, y0 + p.left_row + bar, left_w, h - p.left_row - bar};
    l.code = {centre_x, y0, centre_w, p.centre_row};
    l.timeline = {centre_x, y0 + p.centre_row + bar, centre_w, h - p.centre_row - bar};
    const auto& rr = p.right_rows;
    l.parameters = {right_x, y0, right_w, rr[0]};
    l.inspector = {right_x, y0 + rr[0] + bar, right_w, rr[1] - rr[0] - bar};
    l.output = {right_x, y0 + rr[1] + bar, right_w, rr[2] - rr[1] - bar};
    l.diagnostics = {right_x, y0 + rr[2] + bar, right_w, h - rr[2] - bar};

    auto& s = l.splitters;
    s[static_cast<int>(SplitterId::LeftColumn)] = {x0 + p.left, y0, bar, h};
    s[static_cast<int>(SplitterId::RightColumn)] = {x0 + p.right, y0, bar, h};
    s[static_cast<int>(SplitterId::LeftRows)] = {x0, y0 + p.left_row, left_w, bar};
    s[static_cast<int>(SplitterId::CentreRows)] = {centre_x, y0 + p.centre_row, centre_w, bar};
    for (int i = 0; i < 3; ++i) {
        s[static_cast<int>(SplitterId::RightRows0) + i] = {right_x, y0 + rr[static_cast<size_t>(i)],
                                                           right_w, bar};
    }
    return l;
}

SplitRatios drag_splitter(const SplitRatios& ratios, SplitterId id, float delta_px,
                          const Rect& area, const LayoutMetrics& m) {
    const Positions p = positions(area, ratios, m);
    const float w = area.w;
    const float h = area.h;
    const float bar = m.splitter;
    SplitRatios out = ratios;
    // Keep the other splitters where they are on screen: write back their clamped ratios.
    if (w > 0.0f) {
        out.left = p.left / w;
        out.right = (w - p.right - bar) / w;
    }
    if (h > 0.0f) {
        out.left_split = p.left_row / h;
        out.centre_split = p.centre_row / h;
        for (size_t i = 0; i < 3; ++i)
            out.right_splits[i] = p.right_rows[i] / h;
    }
    switch (id) {
    case SplitterId::LeftColumn: {
        if (w <= 0.0f)
            break;
        const float hi = p.right - bar - m.min_column;
        const float v = std::clamp(p.left + delta_px, std::min(m.min_column, hi), hi);
        out.left = v / w;
        break;
    }
    case SplitterId::RightColumn: {
        if (w <= 0.0f)
            break;
        const float lo = p.left + bar + m.min_column;
        const float hi = w - bar - m.min_column;
        const float v = std::clamp(p.right + delta_px, lo, std::max(lo, hi));
        out.right = (w - v - bar) / w;
        break;
    }
    case SplitterId::LeftRows:
        if (h > 0.0f)
            out.left_split = clamp_split(p.left_row + delta_px, h, bar, m.min_row, m.min_row) / h;
        break;
    case SplitterId::CentreRows:
        if (h > 0.0f) {
            out.centre_split =
                clamp_split(p.centre_row + delta_px, h, bar, m.min_row, m.min_row) / h;
        }
        break;
    case SplitterId::RightRows0:
    case SplitterId::RightRows1:
    case SplitterId::RightRows2: {
        if (h <= 0.0f)
            break;
        const auto i =
            static_cast<size_t>(static_cast<int>(id) - static_cast<int>(SplitterId::RightRows0));
        const float lo = (i == 0 ? 0.0f : p.right_rows[i - 1] + bar) + m.min_row;
        const float hi = (i == 2 ? h : p.right_rows[i + 1]) - bar - m.min_row;
        const float v = std::clamp(p.right_rows[i] + delta_px, lo, std::max(lo, hi));
        out.right_splits[i] = v / h;
        break;
    }
    }
    return out;
}

SplitRatios sanitize(SplitRatios r) {
    const SplitRatios d;
    auto fix = [](float v, float def, float lo, float hi) {
        return std::isfinite(v) ? std::clamp(v, lo, hi) : def;
    };
    r.left = fix(r.left, d.left, 0.05f, 0.6f);
    r.right = fix(r.right, d.right, 0.05f, 0.6f);
    if (r.left + r.right > 0.85f) {
        r.left = d.left;
        r.right = d.right;
    }
    r.left_split = fix(r.left_split, d.left_split, 0.05f, 0.95f);
    r.centre_split = fix(r.centre_split, d.centre_split, 0.05f, 0.95f);
    for (size_t i = 0; i < 3; ++i)
        r.right_splits[i] = fix(r.right_splits[i], d.right_splits[i], 0.02f, 0.98f);
    if (!(r.right_splits[0] < r.right_splits[1] && r.right_splits[1] < r.right_splits[2]))
        r.right_splits = d.right_splits;
    return r;
}

} // namespace condlab::app
