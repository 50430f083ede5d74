// A Python source file as the shell shows it: text, lines, tokens, module docstring (the
// lesson text) and title. Plus the lesson directory listing. Pure apart from file reads;
// no ImGui. The lesson layer (src/lesson) owns real lesson metadata; this is only what the
// shell needs to show a file before any run.
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
    std::string title;          ///< from the docstring's first heading, else the file name
    int docstring_end_line = 0; ///< 1-based line where the docstring closes (0: none)

    SourceDocument() = default;
    SourceDocument(const SourceDocument&) = delete; // `lines` point into `text`
    SourceDocument& operator=(const SourceDocument&) = delete;
    SourceDocument(SourceDocument&&) = delete;
    SourceDocument& operator=(SourceDocument&&) = delete;
};

/// Splits at '\n' (a final newline does not add an empty line; "" has no lines).
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

/// The module docstring: the first statement when it is a triple-quoted string literal
/// (blank lines, comments and an optional r/u prefix allowed before it). Cleaned like
/// inspect.cleandoc. nullopt when the module has no such docstring.
[[nodiscard]] std::optional<std::string> module_docstring(std::string_view source);
/// Same; also sets `end_offset` to one past the closing quotes.
[[nodiscard]] std::optional<std::string> module_docstring(std::string_view source,
                                                          size_t& end_offset);

/// inspect.cleandoc: strips the first line's leading blanks, removes the common
/// indentation of the other lines, and drops leading/trailing blank lines.
[[nodiscard]] std::string clean_docstring(std::string_view raw);

/// Title for a document: text of the first Markdown heading line ("# Title") in the
/// docstring, else its first non-empty line, else `fallback`. Inline markup (`code`,
/// **strong**) is dropped.
[[nodiscard]] std::string docstring_title(std::string_view docstring, std::string_view fallback);

/// Builds a document from text (path only used for the fallback title).
void load_document_text(SourceDocument& doc, std::filesystem::path path, std::string text);
/// Reads a file into `doc`. Returns an error message on failure.
[[nodiscard]] std::optional<std::string> load_document(SourceDocument& doc,
                                                       const std::filesystem::path& path);

struct LessonEntry {
    std::string id; ///< file stem, e.g. "03_wait_and_notify"
    int number = 0; ///< leading NN, 0 if none
    std::string title;
    std::filesystem::path path;
};

/// Lists NN_name.py files in `dir`, sorted by number then name; titles from docstrings.
[[nodiscard]] std::vector<LessonEntry> list_lessons(const std::filesystem::path& dir);

} // namespace condlab::app
