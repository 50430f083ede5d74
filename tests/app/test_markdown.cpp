#include "app/markdown.h"
#include "app/text_wrap.h"

#include <gtest/gtest.h>

using namespace condlab::app;
using md::BlockKind;

TEST(Markdown, HeadingsParagraphsAndSpans) {
    const auto doc = md::parse("# Lost *wake-ups*\n\nThe `notify()` came **before**\nthe wait.\n\n"
                               "## Why\n\nText.");
    ASSERT_EQ(doc.blocks.size(), 4u);
    EXPECT_EQ(doc.blocks[0].kind, BlockKind::Heading);
    EXPECT_EQ(doc.blocks[0].level, 1);
    EXPECT_EQ(doc.blocks[0].spans,
              (std::vector<md::Span>{{md::Plain, "Lost "}, {md::Emphasis, "wake-ups"}}));
    EXPECT_EQ(doc.blocks[1].kind, BlockKind::Paragraph);
    EXPECT_EQ(doc.blocks[1].spans, (std::vector<md::Span>{{md::Plain, "The "},
                                                          {md::Code, "notify()"},
                                                          {md::Plain, " came "},
                                                          {md::Strong, "before"},
                                                          {md::Plain, " the wait."}}));
    EXPECT_EQ(doc.blocks[2].level, 2);
    EXPECT_EQ(md::plain_text(doc.blocks[3]), "Text.");
}

TEST(Markdown, NestedStylesCombine) {
    const auto doc = md::parse("***both*** and **bold `code`**");
    ASSERT_EQ(doc.blocks.size(), 1u);
    const auto& s = doc.blocks[0].spans;
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[0].style, md::Emphasis | md::Strong);
    EXPECT_EQ(s[0].text, "both");
    EXPECT_EQ(s[2].style, md::Strong);
    EXPECT_EQ(s[3].style, md::Strong | md::Code);
    EXPECT_EQ(s[3].text, "code");
}

TEST(Markdown, ListsTightLooseOrderedAndNested) {
    const auto doc =
        md::parse("- one\n- two\n  - inner\n- three\n\n3. a\n4. b\n\n- loose\n\n- list\n");
    std::vector<std::string> texts;
    for (const auto& b : doc.blocks) {
        ASSERT_EQ(b.kind, BlockKind::ListItem) << md::plain_text(b);
        texts.push_back(md::plain_text(b));
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"one", "two", "inner", "three", "a", "b", "loose",
                                               "list"}));
    EXPECT_EQ(doc.blocks[1].level, 1);
    EXPECT_EQ(doc.blocks[2].level, 2);
    EXPECT_FALSE(doc.blocks[0].ordered);
    EXPECT_TRUE(doc.blocks[4].ordered);
    EXPECT_EQ(doc.blocks[4].number, 3);
    EXPECT_EQ(doc.blocks[5].number, 4);
}

TEST(Markdown, CodeBlocksKeepTextAndLanguage) {
    const auto doc =
        md::parse("Before:\n\n```python\nasync with cond:\n    await cond.wait()\n```\n\n"
                  "    indented\n    code\n");
    ASSERT_EQ(doc.blocks.size(), 3u);
    EXPECT_EQ(doc.blocks[1].kind, BlockKind::CodeBlock);
    EXPECT_EQ(doc.blocks[1].language, "python");
    EXPECT_EQ(doc.blocks[1].code, "async with cond:\n    await cond.wait()");
    EXPECT_EQ(doc.blocks[2].code, "indented\ncode");
    EXPECT_TRUE(doc.blocks[2].language.empty());
}

TEST(Markdown, EntitiesBreaksRulesAndEmpty) {
    EXPECT_TRUE(md::parse("").blocks.empty());
    const auto doc = md::parse("a &amp; b &rarr; c  \nnext\n\n---\n");
    ASSERT_EQ(doc.blocks.size(), 2u);
    EXPECT_EQ(md::plain_text(doc.blocks[0]), "a & b \u2192 c\nnext");
    EXPECT_EQ(doc.blocks[1].kind, BlockKind::Rule);
}

TEST(Markdown, ParsesEveryLessonDocstringStyle) {
    const auto doc = md::parse("# Title\n\nSome text with `code`.\n\n## What to watch\n\n"
                               "- The consumer's lane turns **violet**.\n- An arrow.\n");
    ASSERT_EQ(doc.blocks.size(), 5u);
    EXPECT_EQ(doc.blocks[4].kind, BlockKind::ListItem);
}

// -- Word wrap ------------------------------------------------------------------------------

namespace {

// Every byte is 10 px wide; code is 12 px per byte.
float measure(std::uint8_t style, std::string_view t) {
    return static_cast<float>(t.size()) * ((style & md::Code) != 0 ? 12.0f : 10.0f);
}

std::vector<std::string> line_texts(const std::vector<WrappedLine>& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) {
        std::string s;
        for (const auto& p : l.pieces)
            s += p.text;
        out.push_back(s);
    }
    return out;
}

} // namespace

TEST(TextWrap, GreedyWordsWithinWidth) {
    const std::vector<md::Span> spans{{md::Plain, "the quick brown fox jumps"}};
    const auto lines = wrap_spans(spans, 100.0f, measure);
    EXPECT_EQ(line_texts(lines), (std::vector<std::string>{"the quick", "brown fox", "jumps"}));
    EXPECT_FLOAT_EQ(lines[0].width, 90.0f);
}

TEST(TextWrap, StylesBecomePiecesWithOffsets) {
    const std::vector<md::Span> spans{
        {md::Plain, "call "}, {md::Code, "wait()"}, {md::Plain, " now"}};
    const auto lines = wrap_spans(spans, 1000.0f, measure);
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_EQ(lines[0].pieces.size(), 3u);
    EXPECT_EQ(lines[0].pieces[0], (WrappedPiece{md::Plain, "call ", 0.0f, 50.0f}));
    EXPECT_EQ(lines[0].pieces[1], (WrappedPiece{md::Code, "wait()", 50.0f, 72.0f}));
    EXPECT_EQ(lines[0].pieces[2], (WrappedPiece{md::Plain, " now", 122.0f, 40.0f}));
}

TEST(TextWrap, AWordAcrossStylesStaysWhole) {
    // "at `JOB_AT`, prepares": the comma belongs to the code before it; no line starts
    // with it. "at JOB_AT" is 102 wide, "at JOB_AT," 112.
    const std::vector<md::Span> spans{
        {md::Plain, "at "}, {md::Code, "JOB_AT"}, {md::Plain, ", prepares"}};
    const auto lines = wrap_spans(spans, 105.0f, measure);
    EXPECT_EQ(line_texts(lines), (std::vector<std::string>{"at", "JOB_AT,", "prepares"}));
    ASSERT_EQ(lines[1].pieces.size(), 2u);
    EXPECT_EQ(lines[1].pieces[0], (WrappedPiece{md::Code, "JOB_AT", 0.0f, 72.0f}));
    EXPECT_EQ(lines[1].pieces[1], (WrappedPiece{md::Plain, ",", 72.0f, 10.0f}));
}

TEST(TextWrap, LongWordsAndHardBreaks) {
    const std::vector<md::Span> spans{{md::Plain, "a verylongword b\nc"}};
    const auto lines = wrap_spans(spans, 50.0f, measure);
    EXPECT_EQ(line_texts(lines), (std::vector<std::string>{"a", "verylongword", "b", "c"}));
    EXPECT_TRUE(wrap_spans({}, 50.0f, measure).front().pieces.empty());
}
