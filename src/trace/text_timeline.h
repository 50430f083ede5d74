#pragma once
// A text timeline for terminals: one row per task, one column per loop iteration
// (several iterations per column when they do not fit), a glyph per state, notify /
// wake marks, a row per lock / condition, time and iteration labels, a legend, the
// notifications in words and the outcome. Every line fits in `width` characters.
//
//   time      |0         0.5                   1.5
//   iteration |1  2  3   4  ...
//   main      |== -- ...
//
// Deterministic: the same trace and width give the same text.
#include "trace/trace.h"

#include <string>

namespace condlab {

/// Glyph of a task state in the text timeline ('=' running, '-' ready, 'c' waiting on
/// a condition, ...; ' ' not started). The legend printed below the rows lists them.
char text_timeline_glyph(TaskStatus status) noexcept;

/// Renders the timeline; lines are at most `width` characters (at least 40 is used).
std::string render_text_timeline(const Trace& trace, int width = 100);

} // namespace condlab
