// The learner's edits of shipped lessons, kept in $XDG_DATA_HOME/condlab/edits/NAME.py
// (answer_store.h's data directory; NAME is the lesson's name without its number), so they
// survive a restart. Shipped files are never written.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace condlab::app {

/// Where the edit of lesson `lesson_id` ("03_wait_and_notify") is kept.
[[nodiscard]] std::filesystem::path edit_path(std::string_view lesson_id,
                                              const std::filesystem::path& data_dir = {});
/// The kept edit, if any.
[[nodiscard]] std::optional<std::string> load_edit(std::string_view lesson_id,
                                                   const std::filesystem::path& data_dir = {});
/// Keeps `text` as the lesson's edit. Returns "" or an error naming the file.
std::string save_edit(std::string_view lesson_id, const std::string& text,
                      const std::filesystem::path& data_dir = {});
/// Forgets the edit (Reset).
void remove_edit(std::string_view lesson_id, const std::filesystem::path& data_dir = {});
/// Writes `text` to `path` (Save As). Returns "" or an error naming the file.
std::string write_text_file(const std::filesystem::path& path, const std::string& text);

} // namespace condlab::app
