// The player's schedule (player.h set_schedule): runs with a schedule's durations, as
// `condlab run --schedule F` does (the Explore view and the event-loop mode load them).
#include "app/player.h"
#include "app/run_worker.h"

namespace condlab::app {

void Player::set_schedule(std::optional<lesson::Schedule> schedule) {
    if (schedule)
        m_overrides = schedule->overrides;
    m_schedule = std::move(schedule);
    rerun();
}

void Player::apply_schedule(RunRequest& request) const {
    if (!m_schedule)
        return;
    request.strategy = std::make_shared<lesson::ScheduleStrategy>(*m_schedule);
    request.options.timer_strategy = request.strategy.get();
}

} // namespace condlab::app
