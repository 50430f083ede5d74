// Level-of-detail wrappers for task spans, object segments and markers (timeline_lod.h).
#include "app/timeline_lod.h"

namespace condlab::app {

void lod_task_spans(const Trace& trace, TaskId task, const TimelineAxis& axis,
                    const TimelineView& view, double x_min, double x_max, const LodParams& p,
                    std::vector<LodItem>& out) {
    const TaskRecord* r = trace.task(task);
    if (!r || r->span_count == 0)
        return;
    const SpanRecord* spans = trace.data().spans.data() + r->first_span;
    lod_merge(
        r->span_count, trace.end_tick(), [spans](std::size_t i) { return spans[i].begin; },
        [spans](std::size_t i) { return static_cast<unsigned>(spans[i].status); }, axis, view,
        x_min, x_max, p, out);
}

void lod_segments(const Lane& lane, Tick end, const TimelineAxis& axis, const TimelineView& view,
                  double x_min, double x_max, const LodParams& p, std::vector<LodItem>& out) {
    const ObjectSegment* segs = lane.segments.data();
    lod_merge(
        lane.segments.size(), end, [segs](std::size_t i) { return segs[i].begin; },
        [segs](std::size_t i) { return static_cast<unsigned>(segs[i].state); }, axis, view, x_min,
        x_max, p, out);
}

void lod_markers(const Lane& lane, const TimelineAxis& axis, const TimelineView& view, double x_min,
                 double x_max, const LodParams& p, std::vector<LodMarker>& out) {
    const std::vector<Marker>& ms = lane.markers;
    const std::size_t n = ms.size();
    const auto first_at_or_after = [&](std::size_t lo, double t) {
        return static_cast<std::size_t>(
            std::lower_bound(ms.begin() + static_cast<std::ptrdiff_t>(lo), ms.end(), t,
                             [](const Marker& m, double v) { return m.tick < v; }) -
            ms.begin());
    };
    std::size_t i = first_at_or_after(0, axis.unit_to_tick(view.to_unit(x_min)));
    while (i < n) {
        const double x = view.to_x(axis.tick_to_unit(ms[i].tick));
        if (x > x_max)
            break;
        std::size_t j =
            first_at_or_after(i + 1, axis.unit_to_tick(view.to_unit(x + p.marker_min_px)));
        if (j <= i)
            j = i + 1;
        // Show the most significant kind of the cluster (exception > notify_all > ...).
        EventMarkerKind kind = ms[i].kind;
        if (j - i <= 16)
            for (std::size_t k = i; k < j; ++k)
                if (static_cast<int>(ms[k].kind) > static_cast<int>(kind))
                    kind = ms[k].kind;
        out.push_back(
            LodMarker{x, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j - i), kind});
        i = j;
    }
}

} // namespace condlab::app
