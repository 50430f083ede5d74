#include "app/source_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/python_syntax.h"

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

std::string plain_title(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '`' || c == '*')
            continue;
        // '_' marks emphasis only at word boundaries; keep snake_case intact.
        if (c == '_') {
            const bool before_word =
                i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i + 1]));
            const bool after_word = i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]));
            if (before_word != after_word)
                continue;
        }
        out += c;
    }
    return out;
}

void load_document_text(SourceDocument& doc, std::filesystem::path path, std::string text) {
    doc.path = std::move(path);
    doc.text = std::move(text);
    doc.lines = split_lines(doc.text);
    const std::vector<lesson::Token> tokens = lesson::tokenize(doc.text);
    doc.tokens = highlight_python(doc.text, tokens);
    doc.tokens.resize(doc.lines.size());
    const auto literal = lesson::module_docstring_literal(tokens);
    // Python reads the file with universal newlines; the window shows it as it is.
    doc.docstring =
        literal ? lesson::cleandoc(lesson::normalize_newlines(literal->value.text)) : "";
    doc.docstring_end_line = literal ? static_cast<int>(literal->end_line) : 0;
    doc.title = plain_title(lesson::docstring_title(doc.docstring));
    if (doc.title.empty())
        doc.title = doc.path.filename().string();
}

std::optional<std::string> load_document(SourceDocument& doc, const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "cannot open " + path.string();
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad())
        return "cannot read " + path.string();
    load_document_text(doc, path, buf.str());
    return std::nullopt;
}

std::vector<LessonEntry> list_lessons(const std::filesystem::path& dir) {
    std::vector<LessonEntry> out;
    for (const std::filesystem::path& p : lesson::lesson_files(dir)) {
        LessonEntry e;
        e.id = p.stem().string();
        e.number = lesson::lesson_number(p);
        e.path = p;
        try {
            e.title = plain_title(lesson::source_title(lesson::read_source_file(p)));
        } catch (const std::exception&) {
            e.title.clear(); // unreadable: listed by its name
        }
        if (e.title.empty())
            e.title = e.id.substr(e.id.find('_') + 1);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace condlab::app
