#pragma once
// Where the lessons are. Search order (the first existing directory wins):
//   1. $CONDLAB_LESSONS
//   2. <directory of the executable>/../share/condlab/lessons   (a relocated install)
//   3. the source tree's lessons/ (CONDLAB_SOURCE_DIR, for build-tree binaries)
//   4. ${CMAKE_INSTALL_PREFIX}/share/condlab/lessons            (the configured install)
// A lesson file is named NN_name.py (two or more digits, an underscore, a name); lessons are
// ordered by that number. `condlab list`, `condlab check`, the window's lesson list and
// resolve_lesson() all use this one rule.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::lesson {

/// Candidate directories in search order (existing or not).
std::vector<std::filesystem::path> lesson_search_path();

/// The first existing directory of lesson_search_path(), or nullopt.
std::optional<std::filesystem::path> find_lessons_dir();

/// The NN_name.py files of `dir`, by number (then by name).
std::vector<std::filesystem::path> lesson_files(const std::filesystem::path& dir);

/// True for NN_name.py file names.
bool is_lesson_file_name(std::string_view file_name);

/// The NN of an NN_name.py file (0 when the name does not start with digits).
int lesson_number(const std::filesystem::path& file);

/// A path as given when it names an existing file; otherwise a lesson of the lessons
/// directory by number ("3", "03"), stem ("03_wait_and_notify") or name ("wait_and_notify").
std::optional<std::filesystem::path> resolve_lesson(std::string_view name_or_path);

} // namespace condlab::lesson
