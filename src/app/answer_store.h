// The learner's answers to predict-then-reveal questions, kept across restarts in a small
// file in the user's data directory ($XDG_DATA_HOME/condlab/answers.txt, fallback
// ~/.local/share/condlab). Keyed by the lesson's name without its number
// ("03_wait_and_notify" -> "wait_and_notify"), so renumbering lessons keeps the answers.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace condlab::app {

/// $XDG_DATA_HOME/condlab, else $HOME/.local/share/condlab (not created here).
[[nodiscard]] std::filesystem::path condlab_data_dir();

/// A lesson id without its leading number: "03_wait_and_notify" -> "wait_and_notify"; an id
/// without one is returned as is.
[[nodiscard]] std::string lesson_key(std::string_view lesson_id);

struct StoredAnswer {
    int chosen = -1;      ///< the learner's choice (-1: skipped)
    bool correct = false; ///< it was the run's answer
    bool skipped = false;
};

struct AnswerSummary {
    int questions = 0; ///< questions the lesson has (set by the caller)
    int answered = 0;  ///< answered or skipped
    int correct = 0;
};

class AnswerStore {
  public:
    /// `file` empty: condlab_data_dir() / "answers.txt".
    explicit AnswerStore(std::filesystem::path file = {});
    /// Reads the file (a missing file is an empty store; malformed lines are skipped).
    void load();
    /// Writes the file (creating its directory). False when it cannot be written.
    bool save() const;

    /// The answer to question `index` of the lesson `lesson_id` (numbered or not).
    [[nodiscard]] std::optional<StoredAnswer> get(std::string_view lesson_id,
                                                  std::size_t index) const;
    void put(std::string_view lesson_id, std::size_t index, StoredAnswer answer);
    void erase(std::string_view lesson_id, std::size_t index);
    /// Answered and correct counts of a lesson (questions = 0).
    [[nodiscard]] AnswerSummary summary(std::string_view lesson_id) const;
    [[nodiscard]] const std::filesystem::path& file() const { return m_file; }

  private:
    std::filesystem::path m_file;
    std::map<std::string, StoredAnswer> m_answers; ///< "wait_and_notify#0" -> answer
};

} // namespace condlab::app
