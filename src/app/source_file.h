// A Python source file as the shell shows it: text, lines, tokens, module docstring (the
// lesson text) and title. Plus the lesson directory listing. Pure apart from file reads;
// no ImGui. The docstring, the title and which files are lessons come from the lesson
// layer's one Python reader (lesson/python_syntax.h) and discovery (lesson/discovery.h).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/python_tokenizer.h"

namespace condlab::app {

struct SourceDocument {
    std::filesystem::path path;
    std::string text;
    std::vector<std::string_view> lines;    ///< views into `text`, without '\n'
    std::vector<std::vector<Token>> tokens; ///< per line
    std::string docstring;                  ///< cleaned module docstring ("" if none)
    std::string title;                      ///< the lesson title (plain text), else the file name
    int docstring_end_line = 0;             ///< 1-based line where the docstring closes (0: none)

    SourceDocument() = default;
    SourceDocument(const SourceDocument&) = delete; // `lines` point into `text`
    SourceDocument& operator=(const SourceDocument&) = delete;
    SourceDocument(SourceDocument&&) = delete;
    SourceDocument& operator=(SourceDocument&&) = delete;
};

/// Splits at '\n' (a final newline does not add an empty line; "" has no lines).
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

/// A title (lesson::docstring_title(), Markdown) as plain text for a label: inline markup
/// (`code`, **strong**, *emphasis*) is dropped; snake_case stays.
[[nodiscard]] std::string plain_title(std::string_view title);

/// Builds a document from text (path only used for the fallback title).
void load_document_text(SourceDocument& doc, std::filesystem::path path, std::string text);
/// Reads a file into `doc`. Returns an error message on failure.
[[nodiscard]] std::optional<std::string> load_document(SourceDocument& doc,
                                                       const std::filesystem::path& path);

struct LessonEntry {
    std::string id; ///< file stem, e.g. "03_wait_and_notify"
    int number = 0; ///< leading NN
    std::string title;
    std::filesystem::path path;
};

/// The lessons of `dir` (lesson::lesson_files(): NN_name.py, by number), titled as
/// lesson::source_title() in plain text, else the name after NN_.
[[nodiscard]] std::vector<LessonEntry> list_lessons(const std::filesystem::path& dir);

} // namespace condlab::app
