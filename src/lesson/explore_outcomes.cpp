// Every outcome within a bound (see explore_outcomes.h).
#include "lesson/explore_outcomes.h"

#include <algorithm>

namespace condlab::lesson {

std::string outcome_key(const RunResult& result) {
    std::string key = outcome_name(result.outcome);
    if (result.outcome == Outcome::Exception && !result.exception_type.empty()) {
        const std::size_t dot = result.exception_type.rfind('.');
        key += " " + (dot == std::string::npos ? result.exception_type
                                               : result.exception_type.substr(dot + 1));
    }
    return key;
}

namespace {

/// The deviating timers of `c.shortest`, from one recorded run, and their words.
void describe_class(const Lesson& lesson, OutcomeClass& c, const RunOptions& options) {
    if (c.shortest.durations.empty())
        return; // CPython's own schedule: nothing deviates
    ScheduleWords words = describe_schedule(lesson, c.shortest, options);
    c.deviations = std::move(words.deviations);
    c.sentence = std::move(words.sentence);
    for (const auto& [number, duration] : c.shortest.durations) {
        if (number == 0 || number > words.timers.size())
            continue;
        const TimerRecord& t = words.timers[number - 1];
        c.marks.push_back(DeviatedTimer{number, t.task, t.created, t.when, t.default_when});
    }
}

} // namespace

OutcomeSurvey survey_outcomes(const Lesson& lesson, const Overrides& overrides, int bound,
                              std::stop_token stop,
                              const std::function<void(std::uint64_t)>& progress) {
    OutcomeSurvey survey;
    ExploreOptions options;
    options.strategy = ExploreStrategy::Dfs;
    options.bound = bound;
    options.until = ExploreUntil::never();
    options.on_run = [&survey](const Schedule& s, const RunResult& r) {
        const std::string key = outcome_key(r);
        auto it = std::find_if(survey.classes.begin(), survey.classes.end(),
                               [&](const OutcomeClass& c) { return c.key == key; });
        if (it == survey.classes.end()) {
            survey.classes.push_back(OutcomeClass{key, r.outcome, 1, s, {}, {}, {}});
            return;
        }
        ++it->count;
        if (s.durations.size() < it->shortest.durations.size())
            it->shortest = s;
    };
    options.progress = [&](std::uint64_t n) {
        if (progress)
            progress(n);
        return !stop.stop_requested();
    };
    const ExploreResult r = explore(lesson, overrides, options);
    survey.explored = r.explored;
    survey.exhaustive = r.exhaustive;
    survey.cancelled = r.cancelled;
    survey.error = r.error;
    if (!r.error.empty())
        survey.classes.clear();
    for (OutcomeClass& c : survey.classes) {
        if (stop.stop_requested())
            break;
        describe_class(lesson, c, options.run);
    }
    return survey;
}

OutcomeSurveyJob::~OutcomeSurveyJob() { cancel(); }

void OutcomeSurveyJob::start(const Lesson& lesson, const Overrides& overrides, int bound) {
    cancel();
    wait();
    m_running = true;
    m_explored = 0;
    m_thread = std::jthread([this, lesson, overrides, bound](std::stop_token stop) {
        OutcomeSurvey s = survey_outcomes(lesson, overrides, bound, stop,
                                          [this](std::uint64_t n) { m_explored = n; });
        {
            std::lock_guard lock(m_mutex);
            m_result = std::move(s);
        }
        ++m_version;
        m_running = false;
    });
}

void OutcomeSurveyJob::cancel() {
    if (m_thread.joinable())
        m_thread.request_stop();
}

void OutcomeSurveyJob::wait() {
    if (m_thread.joinable())
        m_thread.join();
}

OutcomeSurvey OutcomeSurveyJob::result() const {
    std::lock_guard lock(m_mutex);
    return m_result;
}

} // namespace condlab::lesson
