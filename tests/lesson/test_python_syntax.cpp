// Tokenizer, literal_eval, docstrings and top-level literal assignments
// (python_syntax.h), checked against what CPython's ast / tokenize give.
#include "lesson/python_syntax.h"

#include <gtest/gtest.h>

#include <cmath>

namespace condlab::lesson {
namespace {

std::string repr_of(std::string_view text) {
    auto v = literal_eval(text);
    return v ? v->repr() : std::string("<not a literal>");
}

TEST(LiteralEval, Constants) {
    EXPECT_EQ(repr_of("1"), "1");
    EXPECT_EQ(repr_of("-1"), "-1");
    EXPECT_EQ(repr_of("+3"), "3");
    EXPECT_EQ(repr_of("1_000"), "1000");
    EXPECT_EQ(repr_of("0x1F"), "31");
    EXPECT_EQ(repr_of("0o17"), "15");
    EXPECT_EQ(repr_of("0b101"), "5");
    EXPECT_EQ(repr_of("2.0"), "2.0");
    EXPECT_EQ(repr_of("0.5"), "0.5");
    EXPECT_EQ(repr_of(".5"), "0.5");
    EXPECT_EQ(repr_of("5."), "5.0");
    EXPECT_EQ(repr_of("1e16"), "1e+16");
    EXPECT_EQ(repr_of("1e15"), "1000000000000000.0");
    EXPECT_EQ(repr_of("1e-5"), "1e-05");
    EXPECT_EQ(repr_of("0.0001"), "0.0001");
    EXPECT_EQ(repr_of("-0.0"), "-0.0");
    EXPECT_EQ(repr_of("0.1"), "0.1");
    EXPECT_EQ(repr_of("1.5e300"), "1.5e+300");
    EXPECT_EQ(repr_of("True"), "True");
    EXPECT_EQ(repr_of("False"), "False");
    EXPECT_EQ(repr_of("None"), "None");
    EXPECT_EQ(repr_of("..."), "Ellipsis");
    EXPECT_EQ(repr_of("99999999999999999999"), "99999999999999999999");
    EXPECT_EQ(repr_of("-99999999999999999999"), "-99999999999999999999");
}

TEST(LiteralEval, Strings) {
    EXPECT_EQ(repr_of("'abc'"), "'abc'");
    EXPECT_EQ(repr_of("\"notify_all\""), "'notify_all'");
    EXPECT_EQ(repr_of("\"it's\""), "\"it's\"");
    EXPECT_EQ(repr_of("'a' \"b\""), "'ab'");
    EXPECT_EQ(repr_of(R"('a\nb\t\x41\u00e9')"), "'a\\nb\\tAé'");
    EXPECT_EQ(repr_of(R"(r'a\n')"), "'a\\\\n'");
    EXPECT_EQ(repr_of("b'x\\x00'"), "b'x\\x00'");
    EXPECT_EQ(repr_of("'''tri\nple'''"), "'tri\\nple'");
    EXPECT_EQ(repr_of("f'x'"), "<not a literal>");
    EXPECT_EQ(repr_of("'a' b'b'"), "<not a literal>");
    EXPECT_EQ(repr_of("'unterminated"), "<not a literal>");
}

TEST(LiteralEval, Containers) {
    EXPECT_EQ(repr_of("(1, 2)"), "(1, 2)");
    EXPECT_EQ(repr_of("1, 2"), "(1, 2)");
    EXPECT_EQ(repr_of("(1,)"), "(1,)");
    EXPECT_EQ(repr_of("()"), "()");
    EXPECT_EQ(repr_of("[1, 'a', [2.5]]"), "[1, 'a', [2.5]]");
    EXPECT_EQ(repr_of("[]"), "[]");
    EXPECT_EQ(repr_of("{1, 2,}"), "{1, 2}");
    EXPECT_EQ(repr_of("set()"), "set()");
    EXPECT_EQ(repr_of("{'a': 1, 'b': (2, 3)}"), "{'a': 1, 'b': (2, 3)}");
    EXPECT_EQ(repr_of("{}"), "{}");
    EXPECT_EQ(repr_of("[1,\n 2]"), "[1, 2]");
}

TEST(LiteralEval, ComplexAndSigns) {
    EXPECT_EQ(repr_of("2j"), "2j");
    EXPECT_EQ(repr_of("1+2j"), "(1+2j)");
    EXPECT_EQ(repr_of("1.5-2j"), "(1.5-2j)");
    EXPECT_EQ(repr_of("-2j"), "(-0-2j)");
    EXPECT_EQ(repr_of("-(1)"), "-1");
    EXPECT_EQ(repr_of("(1)+(2j)"), "(1+2j)");
    EXPECT_EQ(repr_of("--1"), "<not a literal>");
    EXPECT_EQ(repr_of("1+2"), "<not a literal>");
    EXPECT_EQ(repr_of("1+2j+3"), "<not a literal>");
    EXPECT_EQ(repr_of("-True"), "<not a literal>");
    EXPECT_EQ(repr_of("-'a'"), "<not a literal>");
}

TEST(LiteralEval, NotLiterals) {
    for (const char* text : {"", "x", "f(1)", "[*a]", "{**a}", "1 if x else 2", "set(1)",
                             "lambda: 1", "a.b", "1 2", "(1", "01", "[1,,2]", "1;2", "1\n2"})
        EXPECT_FALSE(literal_eval(text).has_value()) << text;
    EXPECT_TRUE(literal_eval("  3  ").has_value());
    EXPECT_TRUE(literal_eval("3 # comment").has_value());
}

TEST(LiteralEval, Equality) {
    EXPECT_EQ(*literal_eval("1"), *literal_eval("1.0"));
    EXPECT_EQ(*literal_eval("1"), *literal_eval("True"));
    EXPECT_EQ(*literal_eval("'a'"), *literal_eval("\"a\""));
    EXPECT_FALSE(*literal_eval("'1'") == *literal_eval("1"));
    EXPECT_EQ(*literal_eval("(1, 'x')"), *literal_eval("(1.0, 'x')"));
    EXPECT_FALSE(*literal_eval("(1,)") == *literal_eval("[1]"));
}

TEST(FloatRepr, ShortestRoundTrip) {
    EXPECT_EQ(python_float_repr(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(python_float_repr(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(python_float_repr(123456789.0), "123456789.0");
    EXPECT_EQ(python_float_repr(1e22), "1e+22");
    EXPECT_EQ(python_float_repr(5e-324), "5e-324");
    EXPECT_EQ(python_float_repr(INFINITY), "inf");
    EXPECT_EQ(python_float_repr(-INFINITY), "-inf");
    EXPECT_EQ(python_float_repr(NAN), "nan");
}

TEST(Tokenize, StringsCommentsAndBrackets) {
    std::string src = "x = '# not a comment'  # a comment\n"
                      "y = [1,\n     2]  # param: 0..5\n"
                      "s = \"\"\"doc\n# still string\n\"\"\"\n"
                      "z = 1 \\\n  + 2j\n";
    auto toks = tokenize(src);
    auto cs = comments(toks);
    ASSERT_EQ(cs.size(), 2u);
    EXPECT_EQ(cs[0].line, 1u);
    EXPECT_EQ(cs[0].text, "a comment");
    EXPECT_EQ(cs[1].line, 3u);
    EXPECT_EQ(cs[1].text, "param: 0..5");
    int newlines = 0;
    for (const Token& t : toks)
        newlines += t.kind == TokenKind::Newline;
    EXPECT_EQ(newlines, 4);
    EXPECT_EQ(toks.back().kind, TokenKind::EndMarker);
}

TEST(Tokenize, NeverThrowsOnGarbage) {
    for (const char* src : {"'''unterminated", "'abc\n", "(((", ")))", "\\", "x = $", "\xff\xfe",
                            "\"\"\"", "0x", "1e", "'\\", "\t\t x"}) {
        auto toks = tokenize(src);
        ASSERT_FALSE(toks.empty());
        EXPECT_EQ(toks.back().kind, TokenKind::EndMarker);
        (void)find_literal_assignments(src, toks);
        (void)module_docstring(toks);
    }
}

TEST(Assignments, TopLevelLiteralsWithSpans) {
    std::string src = "\"\"\"Doc.\"\"\"\n"
                      "import asyncio\n"
                      "A = 1\n"
                      "B: float = 2.5  # param: 0..5\n"
                      "C = D = 3\n"
                      "E = f(1)\n"
                      "F = (1)\n"
                      "G = (\n    1,\n    2,\n)\n"
                      "H = 'x'; I = [1, 2]\n"
                      "A = 9\n"
                      "if True:\n    J = 1\n"
                      "def f(x=1):\n    K = 2\n"
                      "L = 1, 2,\n"
                      "else_ = -4\n"
                      "M += 1\n"
                      "N = x = 2\n";
    auto toks = tokenize(src);
    auto as = find_literal_assignments(src, toks);
    std::vector<std::string> names;
    for (const auto& a : as)
        names.push_back(a.name + "=" + a.value_text);
    EXPECT_EQ(names, (std::vector<std::string>{"A=1", "B=2.5", "F=1", "G=(\n    1,\n    2,\n)",
                                               "H='x'", "I=[1, 2]", "L=1, 2,", "else_=-4"}));
    ASSERT_GE(as.size(), 4u);
    EXPECT_EQ(as[1].value.line, 4u);
    EXPECT_EQ(as[1].value.col, 11u);
    EXPECT_EQ(as[2].value.col, 5u); // the parentheses are outside the span, as in ast
    EXPECT_EQ(as[3].value.line, 8u);
    EXPECT_EQ(as[3].value.end_line, 11u);
}

TEST(Docstring, CleandocLikeInspect) {
    EXPECT_EQ(cleandoc("  First\n    indented\n      more\n\n"), "First\nindented\n  more");
    EXPECT_EQ(cleandoc("\n\n# Title\n\nText\n"), "# Title\n\nText");
    EXPECT_EQ(cleandoc("a\n\tb"), "a\nb");
    auto doc = [](const std::string& src) { return module_docstring(tokenize(src)); };
    EXPECT_EQ(doc("\"\"\"# Title\n\nBody\n\"\"\"\nx = 1\n").value_or("<none>"), "# Title\n\nBody");
    EXPECT_EQ(doc("# comment\n'doc'\n").value_or("<none>"), "doc");
    EXPECT_EQ(doc("x = 1\n'not doc'\n").value_or("<none>"), "<none>");
    EXPECT_EQ(doc("b'bytes'\n").value_or("<none>"), "<none>");
    EXPECT_EQ(doc("f'x'\n").value_or("<none>"), "<none>");
    EXPECT_EQ(doc("if x: 'a'\n").value_or("<none>"), "<none>");
    EXPECT_EQ(doc("").value_or("<none>"), "<none>");
}

TEST(Tokenize, ByteOrderMarkAndCrLfLikePythonReadsAFile) {
    // Offsets stay offsets into the bytes given; columns and lines are Python's.
    const std::string src = "\xEF\xBB\xBFX = 1  # c\r\nY = (2,\r\n  3)\r\nZ = 4 \\\r\n  + 0j\r\n";
    auto toks = tokenize(src);
    for (const Token& t : toks)
        EXPECT_NE(t.kind, TokenKind::Error) << t.text;
    EXPECT_EQ(toks[0].text, "X");
    EXPECT_EQ(toks[0].begin, 3u);
    EXPECT_EQ(toks[0].col, 0u);
    auto as = find_literal_assignments(src, toks);
    ASSERT_EQ(as.size(), 3u);
    EXPECT_EQ(as[1].value_text, "(2,\r\n  3)");
    EXPECT_EQ(as[1].value.end_line, 3u);
    EXPECT_EQ(as[2].value_text, "4 \\\r\n  + 0j");
    EXPECT_EQ(comments(toks).at(0).text, "c");
}

TEST(Docstring, LiteralSpanAndTitle) {
    auto toks = tokenize("# header\n\n\"\"\"# The `title`\n\ntext\n\"\"\"\nx = 1\n");
    auto lit = module_docstring_literal(toks);
    ASSERT_TRUE(lit.has_value());
    EXPECT_EQ(lit->line, 3u);
    EXPECT_EQ(lit->end_line, 6u);
    EXPECT_EQ(docstring_title(*module_docstring(toks)), "The `title`");
    EXPECT_EQ(docstring_title("intro\n#  Spaced  \n# Second"), "Spaced");
    EXPECT_EQ(docstring_title("## Not a title\n#nospace"), "");
    EXPECT_EQ(source_title("'''\n    # Indented docstring\n    body\n    '''\n"),
              "Indented docstring");
    EXPECT_EQ(source_title("x = '# not a docstring'\n"), "");
}

TEST(Keywords, PythonKeywordList) {
    // keyword.kwlist of Python 3.11: 35 words; soft keywords (match, case, _) are names.
    int n = 0;
    for (const char* w :
         {"False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
          "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
          "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
          "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"})
        n += is_python_keyword(w) ? 1 : 0;
    EXPECT_EQ(n, 35);
    for (const char* w : {"match", "case", "_", "print", "self", "none"})
        EXPECT_FALSE(is_python_keyword(w)) << w;
}

TEST(Newlines, Universal) { EXPECT_EQ(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n"); }

} // namespace
} // namespace condlab::lesson
