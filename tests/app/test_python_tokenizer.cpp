#include "app/python_tokenizer.h"

#include <gtest/gtest.h>

#include <string>

using namespace condlab::app;
using K = TokenKind;

namespace {

/// "kind:text" for every non-whitespace token of each line.
std::vector<std::string> describe(std::string_view src) {
    const auto lines = tokenize_python(src);
    std::vector<std::string> out;
    size_t start = 0;
    for (const auto& toks : lines) {
        const size_t nl = src.find('\n', start);
        const std::string_view line =
            src.substr(start, nl == std::string_view::npos ? src.npos : nl - start);
        for (const Token& t : toks) {
            std::string_view text = line.substr(t.begin, t.end - t.begin);
            if (t.kind == K::Text) {
                // Whitespace merges into neighbouring text tokens; compare the words only.
                const size_t b = text.find_first_not_of(" \t");
                if (b == std::string_view::npos)
                    continue;
                text = text.substr(b, text.find_last_not_of(" \t") - b + 1);
            }
            static const char* names[] = {"text", "kw",   "builtin", "str", "comment",
                                          "num",  "deco", "def",     "op"};
            out.push_back(std::string(names[static_cast<int>(t.kind)]) + ":" + std::string(text));
        }
        start = nl == std::string_view::npos ? src.size() : nl + 1;
    }
    return out;
}

} // namespace

TEST(PythonTokenizer, KeywordsBuiltinsDefinitions) {
    EXPECT_EQ(
        describe("async def consumer(n):\n    await cond.wait()"),
        (std::vector<std::string>{"kw:async", "kw:def", "def:consumer", "op:(", "text:n",
                                  "op:):", "kw:await", "text:cond", "op:.", "text:wait", "op:()"}));
    EXPECT_EQ(describe("class Box: print(len(x), self.print, None)"),
              (std::vector<std::string>{"kw:class", "def:Box", "op::", "builtin:print", "op:(",
                                        "builtin:len", "op:(", "text:x", "op:),", "builtin:self",
                                        "op:.", "text:print", "op:,", "kw:None", "op:)"}));
}

TEST(PythonTokenizer, StringsWithPrefixesAndEscapes) {
    EXPECT_EQ(describe(R"(x = f"{now():.1f} s" + 'it\'s' + rb"\d")"),
              (std::vector<std::string>{"text:x", "op:=", R"(str:f"{now():.1f} s")", "op:+",
                                        R"(str:'it\'s')", "op:+", R"(str:rb"\d")"}));
    // A '#' inside a string is not a comment.
    EXPECT_EQ(describe("s = '# no'  # yes"),
              (std::vector<std::string>{"text:s", "op:=", "str:'# no'", "comment:# yes"}));
}

TEST(PythonTokenizer, TripleQuotedStringsSpanLines) {
    const std::string src = "\"\"\"# Title\n\nText with ' and \" quotes\n\"\"\"\nimport asyncio";
    EXPECT_EQ(describe(src),
              (std::vector<std::string>{"str:\"\"\"# Title", "str:Text with ' and \" quotes",
                                        "str:\"\"\"", "kw:import", "text:asyncio"}));
    const auto lines = tokenize_python(src);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_TRUE(lines[1].empty()); // empty line inside the string
    EXPECT_EQ(
        describe("x = '''a\nb''' + 1"),
        (std::vector<std::string>{"text:x", "op:=", "str:'''a", "str:b'''", "op:+", "num:1"}));
}

TEST(PythonTokenizer, NumbersDecoratorsComments) {
    EXPECT_EQ(describe("@functools.cache\ndef f(): return 0x1F + 1_000 + 2.5e-3 + 3j + .5"),
              (std::vector<std::string>{"deco:@functools.cache", "kw:def", "def:f",
                                        "op:():", "kw:return", "num:0x1F", "op:+", "num:1_000",
                                        "op:+", "num:2.5e-3", "op:+", "num:3j", "op:+", "num:.5"}));
    EXPECT_EQ(describe("a @ b"), (std::vector<std::string>{"text:a", "op:@", "text:b"}));
    EXPECT_EQ(describe("WORK = 2.0  # param: 0..5"),
              (std::vector<std::string>{"text:WORK", "op:=", "num:2.0", "comment:# param: 0..5"}));
}

TEST(PythonTokenizer, TokensCoverEachLineWithoutGaps) {
    const std::string src = "async with cond:\n\tx = \"unterminated\n  y = 1  # c\r\n";
    const auto lines = tokenize_python(src);
    ASSERT_EQ(lines.size(), 4u);
    const std::vector<size_t> lengths{16, 18, 13, 0};
    for (size_t i = 0; i < lines.size(); ++i) {
        uint32_t pos = 0;
        for (const Token& t : lines[i]) {
            EXPECT_EQ(t.begin, pos);
            EXPECT_GT(t.end, t.begin);
            pos = t.end;
        }
        EXPECT_EQ(pos, lengths[i]) << "line " << i;
    }
}

TEST(PythonTokenizer, KeywordAndBuiltinTables) {
    EXPECT_TRUE(condlab::lesson::is_python_keyword("nonlocal")); // the reader's one list
    EXPECT_FALSE(condlab::lesson::is_python_keyword("print"));
    EXPECT_TRUE(is_python_builtin("print"));
    EXPECT_FALSE(is_python_builtin("asyncio"));
}
