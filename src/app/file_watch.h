// Watches one opened file for changes on disk (the learner's own editor saved it): polls
// its modification time and size, at most every `interval`.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

namespace condlab::app {

class FileWatch {
  public:
    using Clock = std::chrono::steady_clock;
    std::chrono::milliseconds interval{500};

    /// Starts watching `path` (its current state is the baseline).
    void watch(const std::filesystem::path& path);
    void stop() { m_path.clear(); }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// True once when the file changed since the baseline (the change becomes the new
    /// baseline). Checks the disk only when `interval` has passed since the last check.
    bool poll(Clock::time_point now = Clock::now());
    /// Takes the file's current state as the baseline (after condlab wrote it itself).
    void rearm();

  private:
    struct Stamp {
        bool exists = false;
        std::filesystem::file_time_type mtime{};
        std::uintmax_t size = 0;
        bool operator==(const Stamp&) const = default;
    };
    [[nodiscard]] Stamp stamp() const;

    std::filesystem::path m_path;
    Stamp m_stamp;
    Clock::time_point m_next{};
};

} // namespace condlab::app
