// Schedules: the substituting strategy and the JSON file (see explore_schedule.h).
#include "lesson/explore_schedule.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace condlab::lesson {

namespace {
constexpr double kClockResolution = 1e-9; // the loop's: a timer due before now + this fires now

template <class Fail> std::vector<CancelAt> parse_cancels(const nlohmann::json& list, Fail fail) {
    const char* want = " (want {\"task\": K, \"at\": SECONDS} or {\"task\": K, \"point\": N})";
    if (!list.is_array())
        throw fail(std::string("\"cancels\" must be a list") + want);
    std::vector<CancelAt> out;
    for (const auto& c : list) {
        const bool at = c.is_object() && c.contains("at") && c["at"].is_number();
        const bool point = c.is_object() && c.contains("point") && c["point"].is_number_unsigned();
        if (!c.is_object() || !c.contains("task") || !c["task"].is_number_unsigned() || at == point)
            throw fail("bad cancel entry " + c.dump() + want);
        CancelAt x;
        x.task = c["task"].get<TaskId>();
        if (x.task == 0)
            throw fail("cancel " + c.dump() + ": task numbers start at 1");
        if (at) {
            x.at = c["at"].get<double>();
            if (!std::isfinite(x.at) || x.at <= 0)
                throw fail("cancel " + c.dump() + ": \"at\" must be a time after 0");
        } else {
            x.point = c["point"].get<std::uint64_t>();
            if (x.point == 0)
                throw fail("cancel " + c.dump() + ": choice points start at 1");
        }
        out.push_back(x);
    }
    return out;
}
} // namespace

double ScheduleStrategy::timer_deadline(TimerId id, TaskId task, double now, double when) {
    const TimerNumber number = m_timers.size() + 1;
    TimerRecord t;
    t.id = id;
    t.task = task;
    t.created = now;
    t.default_when = when;
    t.when = when;
    t.immediate = !(when >= now + kClockResolution);
    if (!t.immediate) {
        if (auto it = m_durations.find(number); it != m_durations.end()) {
            t.when = now + it->second;
        } else if (std::optional<double> d = choose(number, t)) {
            m_durations[number] = *d;
            t.when = now + *d;
        }
    }
    m_by_id[id] = number;
    m_timers.push_back(t);
    return t.when;
}

void ScheduleStrategy::choice_point(const ChoicePoint& point) {
    ChoiceRecord c;
    c.now = point.now;
    for (std::size_t i = 0; i < point.pending.size(); ++i) {
        auto it = m_by_id.find(point.pending[i].id);
        if (it == m_by_id.end())
            continue; // a cancel fork's timer: not a numbered timer
        c.pending.push_back(it->second);
        c.when.push_back(point.pending[i].when);
        if (i < point.due)
            ++c.due;
    }
    // What is not pending any more fired or was cancelled: no longer a neighbour for
    // deadlines chosen later (pending_now).
    std::vector<char> still(m_timers.size() + 1, 0);
    for (TimerNumber n : c.pending)
        still[n] = 1;
    for (TimerNumber n = 1; n <= m_timers.size(); ++n)
        if (!still[n])
            m_timers[n - 1].settled = true;
    const std::uint64_t group = m_choices.size() + 1;
    for (std::size_t i = 0; i < c.due && i < c.pending.size(); ++i) {
        TimerRecord& t = m_timers[c.pending[i] - 1];
        t.fired_group = group;
        t.settled = true;
        t.fired_rank = static_cast<std::uint32_t>(i);
    }
    m_choices.push_back(std::move(c));
}

std::optional<CancelFork> ScheduleStrategy::fork(double now, double next_when) {
    const std::uint64_t point = m_choices.size() + 1; // the choice point about to be reported
    for (std::size_t i = 0; i < m_cancels.size(); ++i) {
        if (m_delivered[i] != 0)
            continue;
        const CancelAt& c = m_cancels[i];
        // The harness's select() makes the same test (tools/reference_harness.py).
        const bool here = c.point != 0 ? c.point == point : now < c.at && c.at <= next_when;
        if (!here)
            continue;
        m_delivered[i] = point;
        return CancelFork{c.task, c.point != 0 ? now : c.at};
    }
    return std::nullopt;
}

bool Schedule::reproducible() const {
    for (const CancelAt& c : cancels)
        if (!c.reproducible())
            return false;
    return true;
}

std::vector<std::pair<double, TimerNumber>> ScheduleStrategy::pending_now() const {
    // (A timer cancelled since the last choice point still counts: the strategy sees
    // cancellations only there. A deadline placed relative to it is still a valid one.)
    std::vector<std::pair<double, TimerNumber>> out;
    for (std::size_t i = 0; i < m_timers.size(); ++i) {
        const TimerRecord& t = m_timers[i];
        if (!t.immediate && !t.settled)
            out.emplace_back(t.when, i + 1);
    }
    return out;
}

// ---------------------------------------------------------------------------
// The file
// ---------------------------------------------------------------------------

std::string schedule_to_json(const Schedule& schedule, const std::string& program,
                             const std::vector<std::string>& notes) {
    nlohmann::ordered_json j;
    j["format"] = "condlab-schedule";
    j["version"] = 1;
    j["program"] = program;
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const auto& [name, value] : schedule.overrides)
        params[name] = value;
    j["parameters"] = params;
    nlohmann::ordered_json durations = nlohmann::ordered_json::array();
    for (const auto& [number, duration] : schedule.durations)
        durations.push_back({{"timer", number}, {"duration", duration}});
    j["durations"] = durations;
    if (!schedule.cancels.empty()) {
        nlohmann::ordered_json cancels = nlohmann::ordered_json::array();
        for (const CancelAt& c : schedule.cancels)
            if (c.point != 0)
                cancels.push_back({{"task", c.task}, {"point", c.point}});
            else
                cancels.push_back({{"task", c.task}, {"at", c.at}});
        j["cancels"] = cancels;
    }
    if (!notes.empty())
        j["notes"] = notes;
    return j.dump(2) + "\n";
}

Schedule parse_schedule(const std::string& text, const std::string& path) {
    auto fail = [&](const std::string& cause) -> std::runtime_error {
        return std::runtime_error(path + ": " + cause);
    };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw fail(std::string("not a schedule file (JSON: ") + e.what() + ")");
    }
    if (!j.is_object() || j.value("format", "") != "condlab-schedule")
        throw fail("not a schedule file (no \"format\": \"condlab-schedule\")");
    if (j.value("version", 0) != 1)
        throw fail("schedule version " + j["version"].dump() + " is not supported (1 is)");
    Schedule s;
    if (j.contains("parameters")) {
        if (!j["parameters"].is_object())
            throw fail("\"parameters\" must be an object of NAME: \"literal\"");
        for (const auto& [name, value] : j["parameters"].items()) {
            if (!value.is_string())
                throw fail("parameter " + name + ": the value must be a string (a literal)");
            set_override(s.overrides, name, value.get<std::string>());
        }
    }
    if (!j.contains("durations") || !j["durations"].is_array())
        throw fail("\"durations\" must be a list of {\"timer\": N, \"duration\": SECONDS}");
    for (const auto& d : j["durations"]) {
        if (!d.is_object() || !d.contains("timer") || !d["timer"].is_number_unsigned() ||
            !d.contains("duration") || !d["duration"].is_number())
            throw fail("bad duration entry " + d.dump() +
                       " (want {\"timer\": N, \"duration\": SECONDS})");
        const TimerNumber n = d["timer"].get<TimerNumber>();
        const double v = d["duration"].get<double>();
        if (n == 0)
            throw fail("timer numbers start at 1 (got 0)");
        if (!std::isfinite(v) || v < kMinDuration)
            throw fail("timer " + std::to_string(n) + ": duration " + d["duration"].dump() +
                       " must be at least 1e-9 s");
        if (!s.durations.emplace(n, v).second)
            throw fail("timer " + std::to_string(n) + " appears twice");
    }
    if (j.contains("cancels"))
        s.cancels = parse_cancels(j["cancels"], fail);
    return s;
}

Schedule load_schedule(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot read the schedule file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_schedule(ss.str(), path);
}

} // namespace condlab::lesson
