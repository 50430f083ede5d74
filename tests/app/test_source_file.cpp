#include "app/source_file.h"

#include <gtest/gtest.h>

using namespace condlab::app;

TEST(SourceFile, SplitLines) {
    EXPECT_TRUE(split_lines("").empty());
    EXPECT_EQ(split_lines("a\nb\n"), (std::vector<std::string_view>{"a", "b"}));
    EXPECT_EQ(split_lines("a\n\nb"), (std::vector<std::string_view>{"a", "", "b"}));
}

TEST(SourceFile, ModuleDocstringIsTheFirstTripleQuotedString) {
    EXPECT_EQ(module_docstring("\"\"\"# Title\n\nText.\n\"\"\"\nimport asyncio\n"),
              "# Title\n\nText.");
    EXPECT_EQ(module_docstring("#!/usr/bin/env python3\n# comment\n\nr'''Doc'''\n"), "Doc");
    EXPECT_EQ(module_docstring("import asyncio\n\"\"\"not a docstring\"\"\"\n"), std::nullopt);
    EXPECT_EQ(module_docstring("\"single quoted\"\n"), std::nullopt);
    EXPECT_EQ(module_docstring("\"\"\"unterminated\n"), std::nullopt);
    EXPECT_EQ(module_docstring("\"\"\"has \\\"\"\" escaped\"\"\""), "has \\\"\"\" escaped");
    size_t end = 0;
    EXPECT_EQ(module_docstring("\"\"\"ab\"\"\"x", end), "ab");
    EXPECT_EQ(end, 8u);
}

TEST(SourceFile, CleanDocstringDedents) {
    EXPECT_EQ(clean_docstring("  First line.\n\n    Indented body\n      more\n    "),
              "First line.\n\nIndented body\n  more");
    EXPECT_EQ(clean_docstring("\n\n  x\n"), "x");
    EXPECT_EQ(clean_docstring(""), "");
}

TEST(SourceFile, TitleFromHeadingOrFirstLine) {
    EXPECT_EQ(docstring_title("# Wait and notify\n\ntext", "f.py"), "Wait and notify");
    EXPECT_EQ(docstring_title("# `notify` versus `notify_all`", "f.py"),
              "notify versus notify_all");
    EXPECT_EQ(docstring_title("Just a sentence.\nMore.", "f.py"), "Just a sentence.");
    EXPECT_EQ(docstring_title("", "f.py"), "f.py");
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
}

TEST(SourceFile, MissingFileIsAnError) {
    SourceDocument doc;
    EXPECT_TRUE(load_document(doc, "/nonexistent/condlab.py").has_value());
}

TEST(SourceFile, ListsTheShippedLessonsInOrder) {
    const auto lessons = list_lessons(CONDLAB_SOURCE_DIR "/lessons");
    ASSERT_GE(lessons.size(), 5u);
    EXPECT_EQ(lessons[0].number, 1);
    for (size_t i = 1; i < lessons.size(); ++i) {
        EXPECT_LT(lessons[i - 1].number, lessons[i].number);
    }
    for (const auto& l : lessons) {
        EXPECT_FALSE(l.title.empty()) << l.id;
        EXPECT_EQ(l.title.find('`'), std::string::npos) << l.title;
    }
    EXPECT_TRUE(list_lessons("/nonexistent").empty());
}
