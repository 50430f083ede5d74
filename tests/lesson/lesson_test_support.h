#pragma once
// Helpers for the lesson tests: the source tree's lessons, a subprocess runner for
// tools/lesson_params.py (the reference implementation of the lesson format).
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace condlab::lesson::testing {

inline std::filesystem::path source_dir() { return CONDLAB_SOURCE_DIR; }

inline std::vector<std::filesystem::path> shipped_lessons() {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(source_dir() / "lessons")) {
        std::string n = e.path().filename().string();
        if (n.size() > 3 && n[0] >= '0' && n[0] <= '9' && n.ends_with(".py"))
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The Python 3.11 used for reference runs (Debian's, else whatever python3 is).
inline std::string python3() {
    return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    return out + "'";
}

/// Runs a shell command; returns its stdout and sets `status` to its exit status.
inline std::string capture(const std::string& command, int& status) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (p == nullptr) {
        status = -1;
        return out;
    }
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    int rc = ::pclose(p);
    status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

} // namespace condlab::lesson::testing
