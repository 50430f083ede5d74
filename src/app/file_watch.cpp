// Polls an opened file's modification time and size (file_watch.h).
#include "app/file_watch.h"

namespace condlab::app {

void FileWatch::watch(const std::filesystem::path& path) {
    m_path = path;
    rearm();
}

void FileWatch::rearm() {
    m_stamp = stamp();
    m_next = Clock::now() + interval;
}

FileWatch::Stamp FileWatch::stamp() const {
    Stamp s;
    std::error_code ec;
    s.mtime = std::filesystem::last_write_time(m_path, ec);
    if (ec)
        return s; // gone (an editor may replace the file by renaming): no change yet
    s.size = std::filesystem::file_size(m_path, ec);
    s.exists = !ec;
    return s;
}

bool FileWatch::poll(Clock::time_point now) {
    if (m_path.empty() || now < m_next)
        return false;
    m_next = now + interval;
    const Stamp s = stamp();
    if (!s.exists || s == m_stamp)
        return false; // a missing file (mid-save) is not a change: wait for the new one
    m_stamp = s;
    return true;
}

} // namespace condlab::app
