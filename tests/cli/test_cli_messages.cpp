// Issue 20, the command line as a new user tries it: --help per command, CLI11's parse errors
// as status 2 naming the option, a lesson number for the window, and the messages of run,
// sweep, compare and check.
#include "cli_fixture.h"
#include "runtime/run_outcome.h"

#include <sys/wait.h>

#include <cstdlib>
#include <functional>

namespace condlab::cli {
namespace {

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

// Two numeric parameters and a bool, for sweeps and comparisons. NOTIFY=False deadlocks.
const char* kGrid = R"PY("""# Grid"""
import asyncio

X = 1.0  # param: 0..3 | x
N = 2  # param: 1..4 | n
NOTIFY = True  # param: bool | notify the waiter


async def main():
    cond = asyncio.Condition()

    async def waiter():
        async with cond:
            await cond.wait()

    t = asyncio.create_task(waiter(), name="waiter")
    await asyncio.sleep(X)
    if NOTIFY:
        async with cond:
            cond.notify()
    await t
    print(N)


asyncio.run(main())
)PY";

TEST_F(CliTest, EveryCommandHasItsOwnHelp) {
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"run", "--max-output"},
        {"list", "--help"},
        {"check", "--verbose"},
        {"compare", "--preset-a"},
        {"sweep", "--x NAME=lo:hi:n"}};
    for (const auto& [command, option] : commands) {
        Result h = cli({command, "--help"});
        EXPECT_EQ(h.status, 0) << command;
        EXPECT_EQ(h.err, "") << command;
        EXPECT_TRUE(has(h.out, "Usage: condlab " + command)) << h.out;
        EXPECT_TRUE(has(h.out, option)) << command << "\n" << h.out;
        EXPECT_FALSE(has(h.out, "Lessons are looked up")) << command; // not the top-level help
    }
}

TEST_F(CliTest, ParseErrorsAreStatus2AndNameTheOption) {
    std::string f = write("01_hello.py", kHello);
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"run", "--frobnicate", f}, "--frobnicate"},
        {{"run", f, "--set"}, "--set"},
        {{"run", f, "--diagnostics=some"}, "--diagnostics"},
        {{"run", f, "--max-lines", "abc"}, "--max-lines"},
        {{"run", f, "--max-output", "-1"}, "--max-output"},
        {{"check", "--nope"}, "--nope"},
        {{"sweep", f}, "--x"},
        {{"compare", f, "--a", "DELAY=1", "--preset-a", "x", "--b", "DELAY=2"}, "--preset-a"},
        {{"--size", "big"}, "--size"},
        {{"--bogus"}, "--bogus"},
    };
    for (const auto& [args, option] : cases) {
        Result r = cli(args);
        EXPECT_EQ(r.status, 2) << args[0] << " " << option;
        EXPECT_EQ(r.out, "");
        EXPECT_TRUE(has(r.err, option)) << r.err;
        EXPECT_EQ(r.err.rfind("condlab", 0), 0u) << r.err;
    }
    Result run = cli({"run", "--frobnicate", f});
    EXPECT_EQ(run.err, "condlab run: The following argument was not expected: --frobnicate\n"
                       "Try 'condlab run --help' for more information.\n");
}

TEST_F(CliTest, ALessonNumberOpensTheWindowLikeLesson) {
    std::string f = write("01_hello.py", kHello);
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    app::GuiOptions seen;
    int calls = 0;
    GuiFunction gui = [&](const app::GuiOptions& options, std::ostream&, std::ostream&) {
        seen = options;
        ++calls;
        return std::optional<int>(0);
    };
    EXPECT_EQ(cli({"1"}, gui).status, 0);
    EXPECT_EQ(seen.lesson, "1");
    EXPECT_FALSE(seen.file.has_value());
    EXPECT_EQ(cli({f, "--theme", "light"}, gui).status, 0);
    EXPECT_EQ(seen.file, fs::path(f));
    EXPECT_EQ(calls, 2);

    Result none = cli({"99"}, gui);
    EXPECT_EQ(none.status, 2);
    EXPECT_TRUE(has(none.err, "condlab: there is no lesson 99; `condlab list` shows them"))
        << none.err;
    Result word = cli({"bogus"}, gui);
    EXPECT_EQ(word.status, 2);
    EXPECT_TRUE(has(word.err, "'bogus' is no command, file or lesson")) << word.err;
    EXPECT_EQ(calls, 2);
    // The text fallback takes the number too.
    Result text = cli({"1"});
    EXPECT_EQ(text.status, 0) << text.err;
    EXPECT_TRUE(has(text.out, "# Hello"));
    // Window options do not go with a command.
    Result mixed = cli({"--lesson", "1", "list"});
    EXPECT_EQ(mixed.status, 2);
    EXPECT_TRUE(has(mixed.err, "window options (--lesson) do not go with list")) << mixed.err;
}

TEST_F(CliTest, RunNamesAMissingLesson) {
    write("01_hello.py", kHello);
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    Result r = cli({"run", "99"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "condlab: there is no lesson 99; `condlab list` shows them\n");
    Result c = cli({"check", "99"});
    EXPECT_EQ(c.status, 2);
    EXPECT_EQ(c.err, r.err);
}

TEST_F(CliTest, SetChecksValuesBeforeTheRun) {
    std::string f = write("01_hello.py", kHello);
    Result word = cli({"run", f, "--set", "WHO=there"});
    EXPECT_EQ(word.status, 2);
    EXPECT_EQ(word.out, "");
    EXPECT_TRUE(has(word.err, "--set WHO: not a Python literal: 'there'; a string needs Python "
                              "quotes: WHO=\"there\" (in a shell: 'WHO=\"there\"')"))
        << word.err;

    Result text_for_number = cli({"run", f, "--set", "DELAY=\"slow\""});
    EXPECT_EQ(text_for_number.status, 2);
    EXPECT_EQ(text_for_number.out, ""); // up front: no Python TypeError from a run
    EXPECT_TRUE(
        has(text_for_number.err, "--set DELAY: expects a number (0..3), got the string 'slow'"))
        << text_for_number.err;

    Result outside = cli({"run", f, "--set", "DELAY=9"});
    EXPECT_EQ(outside.status, 0) << outside.err;
    EXPECT_EQ(outside.out, "hello world\n9.0\n");
    EXPECT_EQ(outside.err, "condlab: warning: DELAY=9 is outside its declared range 0..3\n");

    Result unknown = cli({"run", f, "--set", "NOPE=1"});
    EXPECT_TRUE(has(unknown.err, "unknown parameter 'NOPE' (known: DELAY, WHO)")) << unknown.err;
}

TEST_F(CliTest, AnUnwritableTraceFileFailsBeforeTheRun) {
    std::string f = write("01_hello.py", kHello);
    for (const char* option : {"--trace-json", "--chrome-trace"}) {
        Result r = cli({"run", f, option, "/nonexistent/x"});
        EXPECT_EQ(r.status, 2);
        EXPECT_EQ(r.out, ""); // the program did not run
        EXPECT_TRUE(has(r.err, std::string("condlab: ") + option +
                                   " /nonexistent/x: the directory /nonexistent does not exist"))
            << r.err;
    }
}

TEST_F(CliTest, TheOutputCapHasAFlag) {
    std::string f = write("loud.py", "for i in range(100):\n    print('x' * 9)\n");
    Result capped = cli({"run", f, "--max-output", "25"});
    EXPECT_EQ(capped.status, 4);
    EXPECT_EQ(capped.out, "xxxxxxxxx\nxxxxxxxxx\nxxxxx");
    EXPECT_TRUE(has(capped.err, "25 bytes of output")) << capped.err;
    Result free = cli({"run", f, "--max-output", "0"});
    EXPECT_EQ(free.status, 0);
    EXPECT_EQ(free.out.size(), 1000u);
    EXPECT_TRUE(has(cli({"run", "--help"}).out, "1 MiB"));
}

TEST_F(CliTest, SweepLabelsRangesAndLegend) {
    std::string f = write("grid.py", kGrid);
    Result r = cli({"sweep", f, "--x", "N=1:4:4", "--y", "X=0:3:8"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(has(r.out, "0.429 |")) << r.out; // 3/7, rounded
    EXPECT_FALSE(has(r.out, "0.42857")) << r.out;
    Result csv = cli({"sweep", f, "--x", "N=1:4:4", "--y", "X=0:3:8", "--csv", "-"});
    EXPECT_TRUE(has(csv.out, "\n1,0.429,complete,")) << csv.out; // the value that ran

    for (const char* bad : {"X=0:5:1", "X=3:0:4", "X=1:1:3"}) {
        Result d = cli({"sweep", f, "--x", bad});
        EXPECT_EQ(d.status, 2) << bad;
        EXPECT_TRUE(has(d.err, "--x: a sweep axis needs lo < hi and n >= 2 values")) << d.err;
    }
    Result ints = cli({"sweep", f, "--x", "N=1:4:9"});
    EXPECT_EQ(ints.status, 2);
    EXPECT_TRUE(has(ints.err, "N is an int: 1:4:9 asks for 9 values but there are only 4"))
        << ints.err;
    Result unknown = cli({"sweep", f, "--x", "NOPE=0:1:2"});
    EXPECT_EQ(unknown.status, 2);
    EXPECT_TRUE(has(unknown.err, "unknown parameter 'NOPE' (known: X, N, NOTIFY)")) << unknown.err;

    Result constant = cli({"sweep", f, "--x", "N=1:4:4", "--metric", "max_waiters"});
    ASSERT_EQ(constant.status, 0) << constant.err;
    EXPECT_TRUE(has(constant.out, "legend: max_waiters is 1 in every cell")) << constant.out;
    EXPECT_EQ(constant.err, ""); // not a terminal: no progress line
}

// The progress line shows only on a terminal: `script` gives the binary a pseudo-terminal.
TEST_F(CliTest, SweepProgressOnlyOnATerminal) {
    std::string f = write("grid.py", kGrid);
    const std::string sweep = std::string(CONDLAB_BINARY) + " sweep '" + f +
                              "' --x X=0:3:40 --y N=1:4:4 --csv " + (m_dir / "out.csv").string();
    const std::string piped = (m_dir / "piped.txt").string();
    ASSERT_EQ(std::system((sweep + " > '" + piped + "' 2>&1").c_str()), 0);
    std::ifstream p(piped);
    const std::string piped_text((std::istreambuf_iterator<char>(p)), {});
    EXPECT_FALSE(has(piped_text, "sweep: ")) << piped_text;
    if (std::system("command -v script > /dev/null") != 0)
        GTEST_SKIP() << "no script(1) for a pseudo-terminal";
    const std::string tty = (m_dir / "tty.txt").string();
    const std::string cmd = "script -qec \"" + sweep + "\" /dev/null > '" + tty + "' 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream t(tty);
    const std::string tty_text((std::istreambuf_iterator<char>(t)), {});
    EXPECT_TRUE(has(tty_text, "/160 cells")) << tty_text;
}

TEST_F(CliTest, CompareReadsCleanly) {
    std::string f = write("grid.py", kGrid);
    Result r = cli({"compare", f, "--a", "NOTIFY=True", "--b", "NOTIFY=False"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        EXPECT_FALSE(!line.empty() && line.back() == ' ') << "trailing space: '" << line << "'";
    EXPECT_TRUE(has(r.out, "A: NOTIFY=True\nB: NOTIFY=False\n")) << r.out;
    EXPECT_TRUE(has(r.out, "- (stuck at 1)")) << r.out; // B deadlocked: it never finished
    EXPECT_FALSE(has(r.out, " line (line ")) << r.out;
    EXPECT_TRUE(has(r.out, " at line ")) << r.out;
    Result d = cli({"run", f, "--set", "NOTIFY=False"});
    EXPECT_EQ(d.status, 3);
    EXPECT_TRUE(has(d.err, "(waiter, main wait forever)")) << d.err;
}

TEST_F(CliTest, CheckFailsOnASyntaxError) {
    std::string f = write("syn.py", "x = (\nprint(1)\n");
    Result r = cli({"check", f});
    EXPECT_EQ(r.status, 1);
    // CPython: SyntaxError: '(' was never closed, line 1.
    EXPECT_TRUE(has(r.out, "FAIL " + f + ":1: SyntaxError: '(' was never closed")) << r.out;
    EXPECT_TRUE(has(r.out, "0 passed, 1 failed")) << r.out;
}

TEST_F(CliTest, CheckFindsBrokenMetadata) {
    std::string f = write("meta.py", "import asyncio\n"
                                     "A = 1  # param: 5..0\n"
                                     "B = 1  # param: 0..5 step 0\n"
                                     "C = 1.5  # param: bool\n"
                                     "D = 9  # param: 0..5\n"
                                     "E = 'x'  # param: 0..5\n"
                                     "A = 2  # param: 0..9\n"
                                     "# compare: p: D=1\n"
                                     "# compare: p: D=2\n"
                                     "# compare: : D=3\n"
                                     "# compare: q: D=7 C=2\n"
                                     "# compare: r: C='yes'\n");
    Result r = cli({"check", f});
    EXPECT_EQ(r.status, 1);
    for (const std::string& want :
         {f + ":2: A: the range 5..0 is reversed (LO..HI with LO < HI)",
          f + ":3: B: step 0 must be > 0", f + ":4: C = 1.5: expects True or False, got 1.5",
          f + ":5: the default D=9 is outside its declared range 0..5",
          f + ":6: E = 'x': expects a number (0..5), got the string 'x'",
          f + ":7: A is assigned again here (first on line 2)",
          f + ":9: preset 'p' is defined twice (first on line 8)",
          f + ":10: a '# compare:' preset needs a name",
          f + ":11: preset 'q': D=7 is outside its declared range 0..5",
          f + ":11: preset 'q': C: expects True or False, got 2",
          f + ":12: preset 'r': C: expects True or False, got the string 'yes'"})
        EXPECT_TRUE(has(r.out, "FAIL " + want)) << want << "\n" << r.out;
    EXPECT_FALSE(has(r.out, "WARN")) << r.out; // line 7 is an error, not also a warning
}

TEST_F(CliTest, TheLessonsPassCheck) {
    Result r = cli({"check"});
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_TRUE(has(r.out, " 0 failed")) << r.out;
}

// Three parameters of each kind that `--set` checks: a number, an int and a string.
const char* kParams = R"PY("""# Params"""
import asyncio

X = 1.0  # param: 0..3 | x
N = 2  # param: 1..4 | n
WHO = "world"  # param: choice "world", "there" | who


async def main():
    await asyncio.sleep(X)
    print(N, WHO)


asyncio.run(main())
)PY";

// `--set` (and compare's --a) checks values as run does, in every command that takes it.
TEST_F(CliTest, SetChecksValuesInEveryCommand) {
    const std::string f = write("params.py", kParams);
    using Args = std::vector<std::string>;
    // Each command with one override NAME=VALUE.
    const std::vector<std::pair<std::string, std::function<Args(const std::string&)>>> commands = {
        {"run",
         [&](const std::string& o) {
             return Args{"run", f, "--set", o};
         }},
        {"sweep",
         [&](const std::string& o) { return Args{"sweep", f, "--x", "N=1:4:4", "--set", o}; }},
        {"compare",
         [&](const std::string& o) { return Args{"compare", f, "--a", o, "--b", "N=3"}; }},
        {"explore",
         [&](const std::string& o) {
             return Args{"explore", f, "--set", o};
         }},
    };
    for (const auto& [command, args] : commands) {
        const std::string option = command == "compare" ? "--a" : "--set";
        Result word = cli(args("WHO=there"));
        EXPECT_EQ(word.status, 2) << command;
        EXPECT_EQ(word.out, "") << command;
        EXPECT_EQ(word.err.rfind("condlab: " + f + ": " + option + " WHO: ", 0), 0u) << word.err;
        EXPECT_TRUE(has(word.err, "WHO: not a Python literal: 'there'; a string needs Python "
                                  "quotes: WHO=\"there\" (in a shell: 'WHO=\"there\"')"))
            << command << ": " << word.err;
        EXPECT_TRUE(has(word.err, "Try 'condlab " + command + " --help'")) << word.err;

        Result text = cli(args("X=\"slow\""));
        EXPECT_EQ(text.status, 2) << command;
        EXPECT_EQ(text.out, "") << command; // refused before anything ran
        EXPECT_TRUE(has(text.err, "condlab: " + f + ": " + option +
                                      " X: expects a number (0..3), got the string 'slow'"))
            << command << ": " << text.err;

        Result outside = cli(args("X=9"));
        EXPECT_NE(outside.status, 2) << command << ": " << outside.err;
        EXPECT_TRUE(has(outside.err, "condlab: warning: X=9 is outside its declared range 0..3"))
            << command << ": " << outside.err;
    }
}

// One meaning of --set in run, sweep and explore: one NAME=VALUE each.
TEST_F(CliTest, SetIsOneAssignmentEverywhere) {
    const std::string f = write("params.py", kParams);
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"run", f, "--set", "X=1 N=3"},
                                               {"sweep", f, "--x", "N=1:4:4", "--set", "X=1 N=3"},
                                               {"explore", f, "--set", "X=1 N=3"}}) {
        Result r = cli(args);
        EXPECT_EQ(r.status, 2) << args[0];
        EXPECT_TRUE(has(r.err, "; one NAME=VALUE per --set: --set A=1 --set B=2")) << r.err;
    }
    Result both = cli({"sweep", f, "--x", "N=1:4:4", "--set", "X=2", "--set", "WHO='there'"});
    EXPECT_EQ(both.status, 0) << both.err;
    EXPECT_EQ(both.err, "");
    Result swept = cli({"sweep", f, "--x", "N=1:4:4", "--set", "N=3"});
    EXPECT_EQ(swept.status, 0) << swept.err;
    EXPECT_EQ(swept.err, "condlab: warning: --set N has no effect: --x sweeps N\n");
    // The same FILE and --set in every command's help.
    for (const char* command : {"run", "sweep", "explore"})
        EXPECT_TRUE(has(cli({command, "--help"}).out, "--set NAME=VALUE")) << command;
    for (const char* command : {"run", "compare", "sweep", "explore"})
        EXPECT_TRUE(has(cli({command, "--help"}).out,
                        "FILE REQUIRED         a program, or a lesson's number, name or stem"))
            << command << cli({command, "--help"}).out;
}

TEST_F(CliTest, UsageErrorsPointToTheCommandsHelp) {
    const std::string f = write("params.py", kParams);
    Result same = cli({"sweep", f, "--x", "N=1:4:4", "--y", "N=1:4:4"});
    EXPECT_EQ(same.status, 2);
    EXPECT_EQ(same.err, "condlab: --x and --y sweep the same parameter N\n"
                        "Try 'condlab sweep --help' for more information.\n");
    Result unknown = cli({"run", f, "--set", "NOPE=1"});
    EXPECT_TRUE(has(unknown.err, "Try 'condlab run --help' for more information.\n"))
        << unknown.err;
    Result top = cli({"--lesson", "1", "list"});
    EXPECT_TRUE(has(top.err, "Try 'condlab --help' for more information.\n")) << top.err;
    // The top-level help says what `condlab COMMAND --help` does, in a whole sentence.
    const std::string help = help_text();
    EXPECT_TRUE(has(help, "`condlab COMMAND --help` lists a command's options")) << help;
    EXPECT_FALSE(has(help, "a command's\n")) << help;
}

// Long titles are cut with "…" so that the file names stay in one column.
TEST_F(CliTest, ListKeepsTheFileColumn) {
    write("01_short.py", "\"\"\"# Short\"\"\"\n");
    write("02_long.py", "\"\"\"# A title much longer than the column of titles in the list: "
                        "it goes on and on\"\"\"\n");
    write("03_wide.py", "\"\"\"# Fairness \xe2\x80\x94 the gap\"\"\"\n"); // an em dash
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    Result r = cli({"list"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream lines(r.out);
    std::vector<std::size_t> columns; // where the file name starts, in code points
    for (std::string line; std::getline(lines, line);) {
        const std::size_t at = line.rfind(' ') + 1;
        std::size_t points = 0;
        for (std::size_t i = 0; i < at; ++i)
            points += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80 ? 1 : 0;
        columns.push_back(points);
    }
    ASSERT_EQ(columns.size(), 3u) << r.out;
    EXPECT_EQ(columns[0], columns[1]) << r.out;
    EXPECT_EQ(columns[0], columns[2]) << r.out;
    EXPECT_TRUE(has(r.out, "01  Short ")) << r.out;
    EXPECT_TRUE(
        has(r.out, "02  A title much longer than the column of titles i\xe2\x80\xa6 02_long.py"))
        << r.out;
}

TEST_F(CliTest, CheckWarnsWhenAParameterIsAssignedAgain) {
    const std::string f = write("again.py", "import asyncio\n"
                                            "F = 1  # param: 0..5\n"
                                            "G = 2  # param: 0..5\n"
                                            "F = 3\n"
                                            "G += 1\n"
                                            "def h():\n"
                                            "    F = 4\n"
                                            "print(F, G)\n");
    Result r = cli({"check", f});
    EXPECT_EQ(r.status, 0) << r.out; // a warning, not a failure
    EXPECT_TRUE(has(r.out, "WARN " + f +
                               ":4: F is assigned again here at top level (its '# param:' is on "
                               "line 2): a value from --set, a preset or the window changes line "
                               "2, and this line replaces it\n"))
        << r.out;
    EXPECT_FALSE(has(r.out, ":5:")) << r.out; // G += 1 keeps the value --set gives
    EXPECT_FALSE(has(r.out, ":7:")) << r.out; // not at top level
    // `--set F` indeed has no effect: line 4 replaces it.
    EXPECT_EQ(cli({"run", f, "--set", "F=5"}).out, "3 3\n");
}

TEST_F(CliTest, TheExitStatusesAreTheOutcomeTable) {
    EXPECT_EQ(kExitComplete, outcome_info(OutcomeKind::Complete).exit_status);
    EXPECT_EQ(kExitUsage, outcome_info(OutcomeKind::UsageError).exit_status);
}

} // namespace
} // namespace condlab::cli
