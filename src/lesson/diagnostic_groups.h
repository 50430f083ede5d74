#pragma once
// Floods of findings, grouped: one group per kind and object, with the count, the tasks
// involved and the first example ("15 wasted wake-ups on cond (tasks c1…c5, first at t=1,
// line 55)"). What `condlab run` prints by default and what the window's cards show.
#include "lesson/runner.h"

#include <string>
#include <vector>

namespace condlab::lesson {

struct DiagnosticGroup {
    const RunDiagnostic* first = nullptr; // the earliest of the group
    std::size_t count = 0;
    std::vector<std::string> tasks; // in order of first appearance, each once
    bool note = true;               // every finding of the group is a note
};

/// Groups `diagnostics` (ordered by step) by kind and object, in order of each group's
/// first finding.
std::vector<DiagnosticGroup> group_diagnostics(const std::vector<RunDiagnostic>& diagnostics);

/// One line for a group, after its title: the first finding's message when it is alone,
/// else the count, the object, the tasks and where the first one was, then the first message.
std::string describe_group(const DiagnosticGroup& group);

} // namespace condlab::lesson
