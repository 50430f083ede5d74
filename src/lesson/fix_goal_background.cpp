// A fix goal decided in a background thread (see fix_goal_background.h).
#include "lesson/fix_goal_background.h"

namespace condlab::lesson {

FixGoalCheck::~FixGoalCheck() {
    cancel();
    wait();
}

void FixGoalCheck::start(const Lesson& program, const Lesson& shipped, const FixGoal& goal,
                         RunFunction runner) {
    cancel();
    wait();
    std::size_t total = 1;
    for (const SweepAxis& a : fix_goal_axes(shipped, goal))
        total *= static_cast<std::size_t>(a.n);
    {
        std::lock_guard lock(m_mutex);
        m_result = FixGoalResult{};
    }
    m_done = 0;
    m_total = total;
    m_running = true;
    ++m_version;
    m_thread = std::jthread(
        [this, program, shipped, goal, runner = std::move(runner)](std::stop_token stop) {
            const FixGoalResult r =
                check_fix_goal(program, shipped, goal, runner, stop, [this](const FixCell& c) {
                    {
                        std::lock_guard lock(m_mutex);
                        m_result.cells.push_back(c);
                        ++(c.met ? m_result.met : m_result.failed);
                    }
                    ++m_done;
                    ++m_version;
                });
            {
                std::lock_guard lock(m_mutex);
                m_result = r;
            }
            m_running = false;
            ++m_version;
        });
}

void FixGoalCheck::cancel() {
    if (m_thread.joinable())
        m_thread.request_stop();
}

void FixGoalCheck::wait() {
    if (m_thread.joinable())
        m_thread.join();
}

float FixGoalCheck::progress() const noexcept {
    const std::size_t total = m_total.load();
    return total == 0 ? 0.0f : static_cast<float>(m_done.load()) / static_cast<float>(total);
}

FixGoalResult FixGoalCheck::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_result;
}

} // namespace condlab::lesson
