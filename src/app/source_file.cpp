#include "app/source_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

namespace condlab::app {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start < text.size()) {
        const size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            out.push_back(text.substr(start));
            break;
        }
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

namespace {

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

size_t indent_of(std::string_view s) {
    size_t n = 0;
    while (n < s.size() && (s[n] == ' ' || s[n] == '\t')) {
        ++n;
    }
    return n;
}

} // namespace

std::string clean_docstring(std::string_view raw) {
    std::vector<std::string> lines;
    for (std::string_view l : split_lines(raw)) {
        if (!l.empty() && l.back() == '\r') {
            l.remove_suffix(1);
        }
        lines.emplace_back(l);
    }
    if (!raw.empty() && raw.back() == '\n') {
        lines.emplace_back();
    }
    if (lines.empty()) {
        return {};
    }
    size_t margin = std::string::npos;
    for (size_t i = 1; i < lines.size(); ++i) {
        if (!blank(lines[i])) {
            margin = std::min(margin, indent_of(lines[i]));
        }
    }
    lines[0].erase(0, indent_of(lines[0]));
    if (margin != std::string::npos) {
        for (size_t i = 1; i < lines.size(); ++i) {
            lines[i].erase(0, std::min(margin, lines[i].size()));
        }
    }
    while (!lines.empty() && blank(lines.back())) {
        lines.pop_back();
    }
    size_t first = 0;
    while (first < lines.size() && blank(lines[first])) {
        ++first;
    }
    std::string out;
    for (size_t i = first; i < lines.size(); ++i) {
        if (i > first) {
            out += '\n';
        }
        out += lines[i];
    }
    return out;
}

std::optional<std::string> module_docstring(std::string_view src) {
    size_t end = 0;
    return module_docstring(src, end);
}

std::optional<std::string> module_docstring(std::string_view src, size_t& end_offset) {
    size_t i = 0;
    if (src.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3; // UTF-8 BOM
    }
    // Skip blank lines and comment lines.
    while (i < src.size()) {
        const char c = src[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
            ++i;
        } else if (c == '#') {
            const size_t nl = src.find('\n', i);
            i = nl == std::string_view::npos ? src.size() : nl + 1;
        } else {
            break;
        }
    }
    if (i < src.size() && (src[i] == 'r' || src[i] == 'R' || src[i] == 'u' || src[i] == 'U')) {
        ++i;
    }
    for (const std::string_view q : {std::string_view("\"\"\""), std::string_view("'''")}) {
        if (src.substr(i, 3) == q) {
            const size_t body = i + 3;
            size_t j = body;
            while (j < src.size()) {
                if (src[j] == '\\') {
                    j += 2;
                    continue;
                }
                if (src.substr(j, 3) == q) {
                    end_offset = j + 3;
                    return clean_docstring(src.substr(body, j - body));
                }
                ++j;
            }
            return std::nullopt; // unterminated
        }
    }
    return std::nullopt;
}

namespace {

/// Drops inline Markdown markup (`code`, **strong**, *emphasis*) from a title.
std::string strip_inline_markup(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '`' || c == '*') {
            continue;
        }
        // '_' marks emphasis only at word boundaries; keep snake_case intact.
        if (c == '_') {
            const bool before_word =
                i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i + 1]));
            const bool after_word = i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]));
            if (before_word != after_word) {
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

std::string docstring_title(std::string_view doc, std::string_view fallback) {
    std::string first_line;
    for (std::string_view l : split_lines(doc)) {
        if (blank(l)) {
            continue;
        }
        const size_t ind = indent_of(l);
        l.remove_prefix(ind);
        if (!l.empty() && l.front() == '#') {
            while (!l.empty() && l.front() == '#') {
                l.remove_prefix(1);
            }
            l.remove_prefix(std::min(l.size(), indent_of(l)));
            while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) {
                l.remove_suffix(1);
            }
            return strip_inline_markup(l);
        }
        if (first_line.empty()) {
            while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) {
                l.remove_suffix(1);
            }
            first_line = strip_inline_markup(l);
        }
    }
    return first_line.empty() ? std::string(fallback) : first_line;
}

void load_document_text(SourceDocument& doc, std::filesystem::path path, std::string text) {
    doc.path = std::move(path);
    doc.text = std::move(text);
    doc.lines = split_lines(doc.text);
    doc.tokens = tokenize_python(doc.text);
    doc.tokens.resize(doc.lines.size());
    size_t doc_end = 0;
    const auto docstring = module_docstring(doc.text, doc_end);
    doc.docstring = docstring.value_or(std::string{});
    doc.docstring_end_line =
        docstring ? 1 + static_cast<int>(std::count(
                            doc.text.begin(),
                            doc.text.begin() + static_cast<std::ptrdiff_t>(doc_end), '\n'))
                  : 0;
    doc.title = docstring_title(doc.docstring, doc.path.filename().string());
}

std::optional<std::string> load_document(SourceDocument& doc, const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return "cannot open " + path.string();
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) {
        return "cannot read " + path.string();
    }
    load_document_text(doc, path, buf.str());
    return std::nullopt;
}

std::vector<LessonEntry> list_lessons(const std::filesystem::path& dir) {
    std::vector<LessonEntry> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto& p = entry.path();
        if (p.extension() != ".py" || !entry.is_regular_file(ec)) {
            continue;
        }
        const std::string stem = p.stem().string();
        size_t digits = 0;
        while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) {
            ++digits;
        }
        if (digits == 0 || digits >= stem.size() || stem[digits] != '_') {
            continue;
        }
        LessonEntry e;
        e.id = stem;
        e.number = std::stoi(stem.substr(0, std::min<size_t>(digits, 6)));
        e.path = p;
        std::ifstream in(p, std::ios::binary);
        std::ostringstream buf;
        buf << in.rdbuf();
        e.title =
            docstring_title(module_docstring(buf.str()).value_or(""), stem.substr(digits + 1));
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const LessonEntry& a, const LessonEntry& b) {
        return a.number != b.number ? a.number < b.number : a.id < b.id;
    });
    return out;
}

} // namespace condlab::app
