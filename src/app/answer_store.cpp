// The learner's stored answers (answer_store.h).
#include "app/answer_store.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace condlab::app {

std::filesystem::path condlab_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/')
        return std::filesystem::path(xdg) / "condlab";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : ".") / ".local" / "share" / "condlab";
}

std::string lesson_key(std::string_view id) {
    std::size_t i = 0;
    while (i < id.size() && std::isdigit(static_cast<unsigned char>(id[i])) != 0)
        ++i;
    if (i > 0 && i + 1 < id.size() && id[i] == '_')
        return std::string(id.substr(i + 1));
    return std::string(id);
}

namespace {

std::string answer_id(std::string_view lesson_id, std::size_t index) {
    return lesson_key(lesson_id) + "#" + std::to_string(index);
}

} // namespace

AnswerStore::AnswerStore(std::filesystem::path file)
    : m_file(file.empty() ? condlab_data_dir() / "answers.txt" : std::move(file)) {}

void AnswerStore::load() {
    m_answers.clear();
    std::ifstream in(m_file);
    std::string line;
    // One answer a line: KEY#INDEX <tab> CHOSEN <tab> CORRECT(0/1) <tab> SKIPPED(0/1).
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string key;
        StoredAnswer a;
        int correct = 0;
        int skipped = 0;
        if (std::getline(fields, key, '\t') && key.find('#') != std::string::npos &&
            (fields >> a.chosen >> correct >> skipped)) {
            a.correct = correct != 0;
            a.skipped = skipped != 0;
            m_answers[key] = a;
        }
    }
}

bool AnswerStore::save() const {
    std::error_code ec;
    std::filesystem::create_directories(m_file.parent_path(), ec);
    std::ofstream out(m_file, std::ios::trunc);
    for (const auto& [key, a] : m_answers) {
        out << key << '\t' << a.chosen << '\t' << (a.correct ? 1 : 0) << '\t' << (a.skipped ? 1 : 0)
            << '\n';
    }
    out.close();
    return static_cast<bool>(out);
}

std::optional<StoredAnswer> AnswerStore::get(std::string_view lesson_id, std::size_t index) const {
    const auto it = m_answers.find(answer_id(lesson_id, index));
    if (it == m_answers.end())
        return std::nullopt;
    return it->second;
}

void AnswerStore::put(std::string_view lesson_id, std::size_t index, StoredAnswer answer) {
    m_answers[answer_id(lesson_id, index)] = answer;
}

void AnswerStore::erase(std::string_view lesson_id, std::size_t index) {
    m_answers.erase(answer_id(lesson_id, index));
}

AnswerSummary AnswerStore::summary(std::string_view lesson_id) const {
    AnswerSummary s;
    const std::string prefix = lesson_key(lesson_id) + "#";
    for (auto it = m_answers.lower_bound(prefix);
         it != m_answers.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        ++s.answered;
        s.correct += it->second.correct ? 1 : 0;
    }
    return s;
}

} // namespace condlab::app
