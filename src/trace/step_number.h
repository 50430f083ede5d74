#pragma once
// Step numbers as a person reads them. Inside condlab a step is a StepId, 0..N-1 in
// execution order (trace.h). Wherever a person reads a step number (the window's transport,
// tooltips, compare view, diagnostics and code hover; `condlab compare`; the `--step N`
// option) steps count from 1, so step N of N is the last. These functions are the only
// conversions between the two: never write `s + 1` or `n - 1` for a step anywhere else.
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace condlab {

/// The number a person reads for step `s` (StepId 0 is "step 1").
constexpr std::uint64_t display_step(StepId s) noexcept { return std::uint64_t{s} + 1; }

/// The step a person means by number `n` (inverse of display_step); nullopt for n < 1 or a
/// number no StepId can hold.
constexpr std::optional<StepId> step_from_display(long long n) noexcept {
    if (n < 1 || static_cast<unsigned long long>(n) > std::uint64_t{kNoStep})
        return std::nullopt;
    return static_cast<StepId>(n - 1);
}

/// "9" for StepId 8.
inline std::string format_step(StepId s) { return std::to_string(display_step(s)); }

/// "step 9 of 11" for StepId 8 of a trace with 11 steps.
inline std::string format_step_of(StepId s, std::size_t count) {
    return "step " + format_step(s) + " of " + std::to_string(count);
}

} // namespace condlab
