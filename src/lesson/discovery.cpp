// Lesson discovery (see discovery.h).
#include "lesson/discovery.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#ifndef CONDLAB_INSTALL_DATADIR
#define CONDLAB_INSTALL_DATADIR "/usr/local/share/condlab"
#endif

namespace condlab::lesson {

namespace fs = std::filesystem;

std::vector<fs::path> lesson_search_path() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("CONDLAB_LESSONS"); env != nullptr && *env != '\0')
        dirs.emplace_back(env);
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && !exe.empty())
        dirs.push_back(exe.parent_path().parent_path() / "share" / "condlab" / "lessons");
#ifdef CONDLAB_SOURCE_DIR
    dirs.push_back(fs::path(CONDLAB_SOURCE_DIR) / "lessons");
#endif
    dirs.push_back(fs::path(CONDLAB_INSTALL_DATADIR) / "lessons");
    return dirs;
}

std::optional<fs::path> find_lessons_dir() {
    for (const fs::path& d : lesson_search_path()) {
        std::error_code ec;
        if (fs::is_directory(d, ec))
            return d;
    }
    return std::nullopt;
}

bool is_lesson_file_name(std::string_view name) {
    std::size_t i = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9')
        ++i;
    return i >= 2 && i < name.size() && name[i] == '_' && name.size() > i + 4 &&
           name.ends_with(".py");
}

int lesson_number(const fs::path& file) {
    const std::string name = file.filename().string();
    std::size_t digits = 0;
    while (digits < name.size() && digits < 9 && name[digits] >= '0' && name[digits] <= '9')
        ++digits;
    return digits == 0 ? 0 : std::stoi(name.substr(0, digits));
}

std::vector<fs::path> lesson_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::error_code ec2;
        if (entry.is_regular_file(ec2) && is_lesson_file_name(entry.path().filename().string()))
            out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
        const int na = lesson_number(a);
        const int nb = lesson_number(b);
        return na != nb ? na < nb : a.filename() < b.filename();
    });
    return out;
}

std::optional<fs::path> resolve_lesson(std::string_view name_or_path) {
    std::error_code ec;
    fs::path given{std::string(name_or_path)};
    if (fs::is_regular_file(given, ec))
        return given;
    if (name_or_path.empty() || name_or_path.find('/') != std::string_view::npos)
        return std::nullopt;
    auto dir = find_lessons_dir();
    if (!dir)
        return std::nullopt;
    std::string want(name_or_path);
    if (want.ends_with(".py"))
        want.resize(want.size() - 3);
    bool numeric = !want.empty() && std::all_of(want.begin(), want.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
    for (const fs::path& f : lesson_files(*dir)) {
        std::string stem = f.stem().string();
        std::string name = stem.substr(stem.find('_') + 1);
        if (stem == want || name == want)
            return f;
        if (numeric && lesson_number(f) == std::strtol(want.c_str(), nullptr, 10))
            return f;
    }
    return std::nullopt;
}

} // namespace condlab::lesson
