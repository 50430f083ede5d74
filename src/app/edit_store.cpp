// Kept edits of shipped lessons (edit_store.h).
#include "app/edit_store.h"

#include "app/answer_store.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace condlab::app {

std::filesystem::path edit_path(std::string_view lesson_id, const std::filesystem::path& dir) {
    const std::filesystem::path base = dir.empty() ? condlab_data_dir() : dir;
    return base / "edits" / (lesson_key(lesson_id) + ".py");
}

std::optional<std::string> load_edit(std::string_view lesson_id, const std::filesystem::path& dir) {
    std::ifstream in(edit_path(lesson_id, dir), std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string write_text_file(const std::filesystem::path& path, const std::string& text) {
    std::error_code ec;
    if (path.has_parent_path())
        std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return "cannot write " + path.string() + ": " + std::strerror(errno);
    return {};
}

std::string save_edit(std::string_view lesson_id, const std::string& text,
                      const std::filesystem::path& dir) {
    return write_text_file(edit_path(lesson_id, dir), text);
}

void remove_edit(std::string_view lesson_id, const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::remove(edit_path(lesson_id, dir), ec);
}

} // namespace condlab::app
