#include "lesson/diagnostic_groups.h"

#include "trace/analysis.h"

#include <algorithm>
#include <map>
#include <utility>

namespace condlab::lesson {

std::vector<DiagnosticGroup> group_diagnostics(const std::vector<RunDiagnostic>& diagnostics) {
    std::vector<DiagnosticGroup> groups;
    std::map<std::pair<std::string, std::string>, std::size_t> index; // (kind, object) -> group
    std::vector<std::map<std::string, bool>> seen_tasks;
    for (const RunDiagnostic& d : diagnostics) {
        auto [it, added] = index.try_emplace({d.kind, d.object}, groups.size());
        if (added) {
            groups.push_back(DiagnosticGroup{&d, 0, {}, true});
            seen_tasks.emplace_back();
        }
        DiagnosticGroup& g = groups[it->second];
        ++g.count;
        g.note = g.note && d.note;
        if (!d.task.empty() && seen_tasks[it->second].try_emplace(d.task, true).second)
            g.tasks.push_back(d.task);
    }
    return groups;
}

namespace {

std::string task_list(const std::vector<std::string>& tasks) {
    if (tasks.empty())
        return "";
    if (tasks.size() == 1)
        return "task " + tasks.front();
    if (tasks.size() <= 4) {
        std::string out = "tasks ";
        for (std::size_t i = 0; i < tasks.size(); ++i)
            out += (i ? ", " : "") + tasks[i];
        return out;
    }
    return std::to_string(tasks.size()) + " tasks, " + tasks.front() + "…" + tasks.back();
}

} // namespace

std::string describe_group(const DiagnosticGroup& g) {
    const RunDiagnostic& d = *g.first;
    if (g.count == 1)
        return d.message;
    std::string head = std::to_string(g.count) + " times";
    if (!d.object.empty())
        head += " on " + d.object;
    std::string where = task_list(g.tasks);
    where += std::string(where.empty() ? "" : ", ") + "first at t=" + format_time(d.time);
    if (d.line)
        where += ", line " + std::to_string(d.line);
    return head + " (" + where + "). The first: " + d.message;
}

} // namespace condlab::lesson
