// The command line (cli.h): help, version, run (stdout, stderr, exit statuses, --set,
// exports), list, check, the window / text fallback, and the binary end to end.
#include "cli_fixture.h"
#include "lesson/compare.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace condlab::cli {
namespace {

TEST_F(CliTest, HelpAndVersion) {
    Result h = cli({"--help"});
    EXPECT_EQ(h.status, 0);
    for (const char* s :
         {"Usage: condlab [OPTIONS] [FILE] [SUBCOMMAND]", "  run ", "  list ", "  check ",
          "  compare ", "  sweep ", "0  the program completed", "1  uncaught exception",
          "2  syntax error", "3  deadlock", "4  a budget was exceeded"})
        EXPECT_NE(h.out.find(s), std::string::npos) << s;
    // The options of run are in its own help (issue 20: --help per command).
    Result r = cli({"run", "--help"});
    EXPECT_EQ(r.status, 0);
    for (const char* s : {"Usage: condlab run [OPTIONS] FILE", "--set NAME=VALUE", "--timeline",
                          "--trace-json", "--chrome-trace", "--no-line-trace"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
    Result v = cli({"--version"});
    EXPECT_EQ(v.status, 0);
    EXPECT_EQ(v.out.rfind("condlab ", 0), 0u);
    EXPECT_EQ(cli({"-h"}).out, h.out);
}

TEST_F(CliTest, UsageErrors) {
    EXPECT_EQ(cli({"bogus"}).status, 2);
    EXPECT_EQ(cli({"--bogus"}).status, 2);
    EXPECT_EQ(cli({"run"}).status, 2);
    EXPECT_EQ(cli({"run", "a.py", "b.py"}).status, 2);
    EXPECT_EQ(cli({"run", "--frobnicate", "x.py"}).status, 2);
    EXPECT_EQ(cli({"run", "x.py", "--set"}).status, 2);
    Result missing = cli({"run", (m_dir / "missing.py").string()});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("No such file"), std::string::npos);
    EXPECT_EQ(cli({"list", "extra"}).status, 2);
    EXPECT_EQ(cli({"check", "--nope"}).status, 2);
}

TEST_F(CliTest, RunPrintsExactlyTheProgramOutput) {
    std::string f = write("01_hello.py", kHello);
    Result r = cli({"run", f});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "hello world\n1.0\n");
    EXPECT_EQ(r.err, "");
    Result s = cli({"run", f, "--set", "WHO='there'", "--set=DELAY=2.5", "--no-line-trace"});
    EXPECT_EQ(s.status, 0) << s.err;
    EXPECT_EQ(s.out, "hello there\n2.5\n");
}

TEST_F(CliTest, RunSetErrors) {
    std::string f = write("01_hello.py", kHello);
    Result unknown = cli({"run", f, "--set", "NOPE=1"});
    EXPECT_EQ(unknown.status, 2);
    EXPECT_EQ(unknown.out, "");
    EXPECT_NE(unknown.err.find("unknown parameter 'NOPE'"), std::string::npos);
    Result bad = cli({"run", f, "--set", "DELAY=abc"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("not a Python literal: 'abc'"), std::string::npos);
    Result noeq = cli({"run", f, "--set", "DELAY"});
    EXPECT_EQ(noeq.status, 2);
    EXPECT_NE(noeq.err.find("--set expects NAME=VALUE"), std::string::npos);
}

TEST_F(CliTest, RunExitStatuses) {
    std::string exc = write("exc.py", "import asyncio\n"
                                      "async def main():\n"
                                      "    print('before')\n"
                                      "    raise ValueError('boom')\n"
                                      "asyncio.run(main())\n");
    Result e = cli({"run", exc});
    EXPECT_EQ(e.status, 1);
    EXPECT_EQ(e.out, "before\n");
    EXPECT_NE(e.err.find("Traceback (most recent call last):"), std::string::npos);
    EXPECT_NE(e.err.find("ValueError: boom"), std::string::npos);

    std::string syn = write("syn.py", "x = (\nprint(1)\n");
    EXPECT_EQ(cli({"run", syn}).status, 2);

    std::string dead = write("dead.py", "import asyncio\n"
                                        "async def main():\n"
                                        "    cond = asyncio.Condition()\n"
                                        "    async with cond:\n"
                                        "        await cond.wait()\n"
                                        "asyncio.run(main())\n");
    Result d = cli({"run", dead});
    EXPECT_EQ(d.status, 3);
    EXPECT_EQ(d.out, "");
    EXPECT_NE(d.err.find("deadlock"), std::string::npos);

    std::string spin = write("spin.py", "import asyncio\n"
                                        "async def main():\n"
                                        "    while True:\n"
                                        "        await asyncio.sleep(1)\n"
                                        "asyncio.run(main())\n");
    Result b = cli({"run", spin, "--no-line-trace"});
    EXPECT_EQ(b.status, 4);
    EXPECT_NE(b.err.find("budget exceeded"), std::string::npos);
}

TEST_F(CliTest, RunLineBudgetOnlyWithLineTrace) {
    // Without line tracing nothing grows per executed line: no default line budget.
    lesson::RunOptions o;
    EXPECT_EQ(lesson::line_budget(o), lesson::RunOptions::kDefaultMaxLines);
    o.line_trace = false;
    EXPECT_EQ(lesson::line_budget(o), std::numeric_limits<std::uint64_t>::max());
    o.max_lines = 500;
    EXPECT_EQ(lesson::line_budget(o), 500u);

    // Over 1 000 000 executed lines.
    std::string many = write("many.py", "import asyncio\n"
                                        "async def main():\n"
                                        "    n = 0\n"
                                        "    for i in range(600000):\n"
                                        "        n += 1\n"
                                        "    print(n)\n"
                                        "asyncio.run(main())\n");
    Result free = cli({"run", many, "--no-line-trace", "--max-wall", "0"});
    EXPECT_EQ(free.status, 0) << free.err;
    EXPECT_EQ(free.out, "600000\n");
    // An explicit --max-lines still applies, with or without line tracing.
    for (bool traced : {false, true}) {
        std::vector<std::string> args = {"run", many, "--max-lines", "1000"};
        if (!traced)
            args.push_back("--no-line-trace");
        Result capped = cli(args);
        EXPECT_EQ(capped.status, 4) << traced;
        EXPECT_NE(capped.err.find("1000 executed lines"), std::string::npos) << capped.err;
    }
    // The stress program the issue names (1 000 tasks, 100 rounds: > 1 M lines).
    Result stress = cli({"run", "--no-line-trace", "--max-wall", "0",
                         CONDLAB_SOURCE_DIR "/bench/wait_for_stress.py"});
    EXPECT_EQ(stress.status, 0) << stress.err.substr(0, 2000);
    EXPECT_EQ(stress.out, "predicate calls: 200000, virtual time: 0.0\n");
    EXPECT_EQ(stress.err, ""); // a correct program: no finding
    // Its held-lock sibling prints what CPython prints (bench/held_lock_wait_for_stress.py).
    Result held = cli({"run", "--no-line-trace", "--max-wall", "0",
                       CONDLAB_SOURCE_DIR "/bench/held_lock_wait_for_stress.py"});
    EXPECT_EQ(held.status, 0) << held.err.substr(0, 2000);
    EXPECT_EQ(held.out, "rounds: 100, wake-ups: 100000\n");
    EXPECT_EQ(held.err, ""); // every wake-up finds its predicate true: nothing is wasted
}

TEST_F(CliTest, RunExports) {
    std::string f = write("01_hello.py", kHello);
    std::string json = (m_dir / "t.json").string();
    std::string chrome = (m_dir / "c.json").string();
    Result r = cli({"run", f, "--timeline", "--trace-json", json, "--chrome-trace", chrome});
    EXPECT_EQ(r.out, "hello world\n1.0\n");
    if (r.err.find("not available in this build") != std::string::npos)
        GTEST_SKIP() << "trace exporters not built in";
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(r.err.empty()); // the timeline
    std::ifstream j(json), c(chrome);
    std::string jt((std::istreambuf_iterator<char>(j)), {});
    std::string ct((std::istreambuf_iterator<char>(c)), {});
    EXPECT_NE(jt.find("condlab-trace"), std::string::npos);
    EXPECT_NE(ct.find("traceEvents"), std::string::npos);
    Result bad = cli({"run", f, "--trace-json", (m_dir / "no/such/dir/t.json").string()});
    EXPECT_EQ(bad.status, 2);
}

TEST_F(CliTest, ListAndCheck) {
    write("01_hello.py", kHello);
    write("02_broken.py", std::string(kHello) + "# expect: default -> deadlock\n");
    write("notes.txt", "not a lesson");
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    Result l = cli({"list"});
    EXPECT_EQ(l.status, 0);
    EXPECT_NE(l.out.find("01  Hello"), std::string::npos) << l.out;
    EXPECT_NE(l.out.find("01_hello.py"), std::string::npos);
    EXPECT_NE(l.out.find("02_broken.py"), std::string::npos);

    Result one = cli({"check", "1"});
    EXPECT_EQ(one.status, 0) << one.out;
    EXPECT_EQ(one.out, "3 passed, 0 failed\n");
    Result all = cli({"check"});
    EXPECT_EQ(all.status, 1);
    EXPECT_NE(all.out.find("FAIL "), std::string::npos);
    EXPECT_NE(all.out.find("02_broken.py:24: default: expected deadlock, got complete"),
              std::string::npos)
        << all.out;
    EXPECT_NE(all.out.find("6 passed, 1 failed\n"), std::string::npos) << all.out;
    Result v = cli({"check", "-v", "hello"});
    EXPECT_NE(v.out.find("ok   "), std::string::npos);
}

// `condlab compare` names the first divergence by the step number the window shows for it
// (from 1: the transport's "step k of N"), not by the 0-based StepId.
TEST_F(CliTest, CompareCountsStepsFromOneLikeTheWindow) {
    // a wakes first with DELAY=1, b first with DELAY=2.
    std::string f = write("two.py", "import asyncio\n"
                                    "DELAY = 1.0\n"
                                    "async def a():\n"
                                    "    await asyncio.sleep(DELAY)\n"
                                    "async def b():\n"
                                    "    await asyncio.sleep(1.5)\n"
                                    "async def main():\n"
                                    "    ta = asyncio.create_task(a(), name='a')\n"
                                    "    tb = asyncio.create_task(b(), name='b')\n"
                                    "    await ta\n"
                                    "    await tb\n"
                                    "asyncio.run(main())\n");
    Result r = cli({"compare", f, "--a", "DELAY=1", "--b", "DELAY=2"});
    ASSERT_EQ(r.status, 0) << r.err;
    const lesson::Lesson l = lesson::load_lesson(f);
    const lesson::CompareResult c = lesson::compare_runs(l, {{"DELAY", "1"}}, {{"DELAY", "2"}});
    ASSERT_TRUE(c.divergence.found);
    ASSERT_LT(c.divergence.step_a, c.a.trace->step_count());
    const std::string want =
        "first divergence: step " + std::to_string(c.divergence.step_a + 1) + " in A (t=1: ";
    EXPECT_NE(r.out.find(want), std::string::npos) << r.out;
    const std::string want_b =
        ", step " + std::to_string(c.divergence.step_b + 1) + " in B (t=1.5: ";
    EXPECT_NE(r.out.find(want_b), std::string::npos) << r.out;
    // The window's wording (one table: DivergenceKey::describe): events in words.
    EXPECT_NE(r.out.find(c.divergence.describe()), std::string::npos) << r.out;
}

// `condlab compare` words the divergence for a learner: lesson 12 with 3 and 4 waiters
// diverges where B creates its fourth consumer ("task c3 is created", not "c3 task_created").
TEST_F(CliTest, CompareWordsTheDivergence) {
    const std::string lesson = std::string(CONDLAB_SOURCE_DIR) + "/lessons/12_thundering_herd.py";
    Result r = cli({"compare", lesson, "--a", "WAITERS=3", "--b", "WAITERS=4"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("task c3 is created"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("task_created"), std::string::npos) << r.out;
}

std::size_t count_lines_with(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        n += line.find(what) != std::string::npos;
    return n;
}

TEST_F(CliTest, AFloodOfFindingsIsGroupedByDefault) {
    // Lesson 18's herd: every notify_all wakes every waiter for one item.
    const std::vector<std::string> run{"run",   "--no-line-trace",    "12", "--set", "WAITERS=60",
                                       "--set", "WAKE=\"notify_all\""};
    const Result grouped = cli(run);
    ASSERT_EQ(grouped.status, 0) << grouped.err;
    const std::string printed = "wasted wake-ups: ";
    const std::size_t at = grouped.out.rfind(printed);
    ASSERT_NE(at, std::string::npos) << grouped.out;
    const std::size_t wasted = std::stoul(grouped.out.substr(at + printed.size()));
    EXPECT_GT(wasted, 1000u);
    EXPECT_EQ(count_lines_with(grouped.err, "Wasted wake-up"), 1u) << grouped.err;
    EXPECT_NE(grouped.err.find("Wasted wake-up: " + std::to_string(wasted) + " times on cond"),
              std::string::npos)
        << grouped.err;
    EXPECT_LE(count_lines_with(grouped.err, "condlab:"), 3u) << grouped.err;

    std::vector<std::string> all = run;
    all.insert(all.begin() + 1, "--diagnostics=all");
    EXPECT_EQ(count_lines_with(cli(all).err, "Wasted wake-up"), wasted);
    std::vector<std::string> none = run;
    none.insert(none.begin() + 1, "--diagnostics=none");
    const Result quiet = cli(none);
    // 60 waiters is outside the lesson's declared 1..10: the only line left is that warning.
    EXPECT_EQ(quiet.err, "condlab: warning: WAITERS=60 is outside its declared range 1..10\n");
    EXPECT_EQ(quiet.out, grouped.out);
    none[1] = "--diagnostics=some";
    EXPECT_EQ(cli(none).status, 2);
}

TEST_F(CliTest, WindowFallbackWithoutGui) {
    write("01_hello.py", kHello);
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    Result r = cli({});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("no display"), std::string::npos);
    EXPECT_NE(r.out.find("# Hello"), std::string::npos);
    EXPECT_NE(r.out.find("goal: Greet there."), std::string::npos);
    Result f = cli({(m_dir / "01_hello.py").string()});
    EXPECT_EQ(f.status, 0);
    EXPECT_NE(f.out.find("# Hello"), std::string::npos);
    EXPECT_EQ(cli({"--screenshot", "x.png"}).status, 2); // needs the window
}

TEST_F(CliTest, WindowCallsTheGui) {
    write("01_hello.py", kHello);
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    app::GuiOptions seen;
    GuiFunction gui = [&](const app::GuiOptions& options, std::ostream&, std::ostream&) {
        seen = options;
        return std::optional<int>(7);
    };
    EXPECT_EQ(cli({"--lesson", "1", "--size", "800x600"}, gui).status, 7);
    EXPECT_EQ(seen.lesson, "1");
    EXPECT_EQ(seen.width, 800);
    EXPECT_EQ(seen.height, 600);
    GuiFunction no_display = [](const app::GuiOptions&, std::ostream&, std::ostream&) {
        return std::optional<int>();
    };
    Result r = cli({"--lesson", "1"}, no_display);
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("# Hello"), std::string::npos);
    EXPECT_EQ(r.out.find("no display"), std::string::npos); // run_gui printed its own line
}

// The binary: exit statuses pass through main(), stdout stays the program's.
TEST_F(CliTest, BinaryEndToEnd) {
    std::string f = write("01_hello.py", kHello);
    std::string out_file = (m_dir / "out.txt").string();
    std::string cmd = std::string(CONDLAB_BINARY) + " run '" + f + "' --set DELAY=0.5 > '" +
                      out_file + "' 2>/dev/null";
    int rc = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(rc));
    EXPECT_EQ(WEXITSTATUS(rc), 0);
    std::ifstream in(out_file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text, "hello world\n0.5\n");
    rc = std::system(
        (std::string(CONDLAB_BINARY) + " run '" + f + "' --set NOPE=1 >/dev/null 2>&1").c_str());
    EXPECT_EQ(WEXITSTATUS(rc), 2);
}

} // namespace
} // namespace condlab::cli
