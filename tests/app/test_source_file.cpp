#include "app/source_file.h"

#include <gtest/gtest.h>

#include <utility>

using namespace condlab::app;

TEST(SourceFile, SplitLines) {
    EXPECT_TRUE(split_lines("").empty());
    EXPECT_EQ(split_lines("a\nb\n"), (std::vector<std::string_view>{"a", "b"}));
    EXPECT_EQ(split_lines("a\n\nb"), (std::vector<std::string_view>{"a", "", "b"}));
}

TEST(SourceFile, DocstringIsThePythonModuleDocstring) {
    // The lesson reader's docstring (as ast.get_docstring): the first statement when it is a
    // string, cleaned like inspect.cleandoc; the end line is where its closing quotes are.
    const auto docstring_of = [](std::string text) {
        SourceDocument doc;
        load_document_text(doc, "/x/f.py", std::move(text));
        return std::make_pair(doc.docstring, doc.docstring_end_line);
    };
    EXPECT_EQ(docstring_of("\"\"\"# Title\n\nText.\n\"\"\"\nimport asyncio\n"),
              std::make_pair(std::string("# Title\n\nText."), 4));
    EXPECT_EQ(docstring_of("#!/usr/bin/env python3\n# comment\n\nr'''Doc'''\n").first, "Doc");
    EXPECT_EQ(docstring_of("import asyncio\n\"\"\"not a docstring\"\"\"\n"),
              std::make_pair(std::string(), 0));
    EXPECT_EQ(docstring_of("\"single quoted\"\n").first, "single quoted");
    EXPECT_EQ(docstring_of("\"\"\"unterminated\n").second, 0);
    EXPECT_EQ(docstring_of("\"\"\"has \\\"\"\" escaped\"\"\"").first, "has \"\"\" escaped");
    // A file with a BOM and "\r\n" line ends reads as Python reads it.
    EXPECT_EQ(docstring_of("\xEF\xBB\xBF\"\"\"# T\r\n\r\n  Body\r\n\"\"\"\r\nx = 1\r\n"),
              std::make_pair(std::string("# T\n\nBody"), 4));
}

TEST(SourceFile, PlainTitleDropsInlineMarkup) {
    EXPECT_EQ(plain_title("Wait and notify"), "Wait and notify");
    EXPECT_EQ(plain_title("`notify` versus `notify_all`"), "notify versus notify_all");
    EXPECT_EQ(plain_title("**Strong** and _emphasis_"), "Strong and emphasis");
}

TEST(SourceFile, DocumentFromText) {
    SourceDocument doc;
    load_document_text(doc, "/x/demo.py", "\"\"\"# Demo\n\nHello.\n\"\"\"\nimport asyncio\n");
    EXPECT_EQ(doc.lines.size(), 5u);
    EXPECT_EQ(doc.tokens.size(), doc.lines.size());
    EXPECT_EQ(doc.docstring, "# Demo\n\nHello.");
    EXPECT_EQ(doc.title, "Demo");
    EXPECT_EQ(doc.docstring_end_line, 4);
    SourceDocument plain;
    load_document_text(plain, "/x/plain.py", "print(1)");
    EXPECT_EQ(plain.title, "plain.py");
    EXPECT_EQ(plain.docstring_end_line, 0);
    SourceDocument no_heading; // the title is the first `# ` heading of the docstring only
    load_document_text(no_heading, "/x/note.py", "'''Just a sentence.\n## Sub'''\n");
    EXPECT_EQ(no_heading.title, "note.py");
}

TEST(SourceFile, MissingFileIsAnError) {
    SourceDocument doc;
    EXPECT_TRUE(load_document(doc, "/nonexistent/condlab.py").has_value());
}

TEST(SourceFile, ListsTheShippedLessonsInOrder) {
    const auto lessons = list_lessons(CONDLAB_SOURCE_DIR "/lessons");
    ASSERT_GE(lessons.size(), 5u);
    EXPECT_EQ(lessons[0].number, 1);
    for (size_t i = 1; i < lessons.size(); ++i)
        EXPECT_LT(lessons[i - 1].number, lessons[i].number);
    for (const auto& l : lessons) {
        EXPECT_FALSE(l.title.empty()) << l.id;
        EXPECT_EQ(l.title.find('`'), std::string::npos) << l.title;
    }
    EXPECT_TRUE(list_lessons("/nonexistent").empty());
}
