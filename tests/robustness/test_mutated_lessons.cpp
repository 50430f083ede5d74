// 1 000 mutated variants of the shipped lessons must each end in a defined outcome
// (complete, exception, syntax error, deadlock, budget): never a crash, a hang or a leak.
//
// Variant k (k = 0..999) mutates lesson k % L with 1-3 edits drawn from a generator seeded
// with kSeed + k, so every variant is reproducible on its own:
//   - delete, duplicate or swap one-line statements;
//   - insert a statement (sleep(0), notify, raise, return, busy loops, cancel, sys.exit,
//     unbounded recursion, a nested asyncio.run, ...) before a statement, at its indentation;
//   - token edits: delete a name, replace a token by another token of the same kind from
//     the same file, replace a number by one of a few edge values.
// Every tenth variant also runs with the lesson's first preset (override path) and twice
// more to check that the result is deterministic. A watchdog aborts the process (with the
// variant number) if one run takes longer than 60 s of wall clock.
#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/python_syntax.h"
#include "lesson/runner.h"
#include "runtime/coro.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace condlab::lesson {
namespace {

constexpr std::uint64_t kSeed = 20240611;
constexpr int kVariants = 1000;
constexpr int kShards = 10;

/// Deterministic on every platform (std distributions are not).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_gen(seed) {}
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(m_gen() % n); }

  private:
    std::mt19937_64 m_gen;
};

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < s.size()) {
        std::size_t nl = s.find('\n', start);
        if (nl == std::string::npos) {
            lines.push_back(s.substr(start) + "\n");
            break;
        }
        lines.push_back(s.substr(start, nl - start + 1));
        start = nl + 1;
    }
    return lines;
}

std::string join(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l;
    return s;
}

std::string indentation(const std::string& line) {
    return line.substr(0, line.find_first_not_of(" \t"));
}

// Lines where a logical line starts, and those that are a whole one-line statement.
struct LineInfo {
    std::vector<std::uint32_t> starts;     // 1-based
    std::vector<std::uint32_t> statements; // 1-based, start and end on the same line
};

LineInfo line_info(const std::vector<Token>& tokens) {
    LineInfo info;
    bool at_start = true;
    std::uint32_t start_line = 0;
    for (const Token& t : tokens) {
        if (t.kind == TokenKind::Nl || t.kind == TokenKind::Comment)
            continue;
        if (t.kind == TokenKind::Newline || t.kind == TokenKind::EndMarker) {
            if (!at_start && t.line == start_line)
                info.statements.push_back(start_line);
            at_start = true;
            continue;
        }
        if (at_start) {
            start_line = t.line;
            info.starts.push_back(t.line);
            at_start = false;
        }
    }
    return info;
}

std::string mutate_once(const std::string& source, Rng& rng, std::string& what) {
    std::vector<std::string> lines = split_lines(source);
    const auto tokens = tokenize(source);
    const LineInfo info = line_info(tokens);
    if (lines.empty() || info.statements.empty())
        return source;
    const std::size_t i = info.statements[rng.below(info.statements.size())] - 1;
    const std::size_t j = info.starts[rng.below(info.starts.size())] - 1;
    if (i >= lines.size() || j >= lines.size())
        return source;
    auto header = [&](std::size_t k) { // a block header: `...:` (its body follows)
        std::string_view l = strip(lines[k]);
        return !l.empty() && l.back() == ':';
    };
    auto same_block = [&](std::size_t a, std::size_t b) {
        return b < lines.size() && indentation(lines[a]) == indentation(lines[b]);
    };
    switch (rng.below(8)) {
    case 0:
        // not the only statement of a block (that is an IndentationError, tried often enough)
        if (i > 0 && header(i - 1) && !same_block(i, i + 1))
            return source;
        what += "delete line " + std::to_string(i + 1) + "; ";
        lines.erase(lines.begin() + static_cast<long>(i));
        return join(lines);
    case 1:
        what += "duplicate line " + std::to_string(i + 1) + "; ";
        lines.insert(lines.begin() + static_cast<long>(i), lines[i]);
        return join(lines);
    case 2:
        if (same_block(i, i + 1) && !header(i) && !header(i + 1)) {
            what += "swap lines " + std::to_string(i + 1) + "/" + std::to_string(i + 2) + "; ";
            std::swap(lines[i], lines[i + 1]);
        }
        return join(lines);
    case 3:
    case 4: {
        for (const char* kw : {"else", "elif", "except", "finally", "case", ")", "]", "}"})
            if (strip(lines[j]).starts_with(kw))
                return source;
        static const char* snippets[] = {"await asyncio.sleep(0)",
                                         "cond.notify()",
                                         "cond.notify_all()",
                                         "raise RuntimeError('mutant')",
                                         "return",
                                         "while True: pass",
                                         "while True: await asyncio.sleep(1)",
                                         "print('mutant')",
                                         "await asyncio.sleep(1e9)",
                                         "x = [0] * 100000",
                                         "async with cond: pass",
                                         "for _ in range(100000): pass",
                                         "break",
                                         "asyncio.current_task().cancel()",
                                         "asyncio.get_running_loop().call_soon(print, 'cb')",
                                         "import sys; sys.exit(3)",
                                         "def f(): return f()\nf()",
                                         "asyncio.run(asyncio.sleep(0))"};
        const char* snip = snippets[rng.below(std::size(snippets))];
        what += "insert '" + std::string(snip) + "' before line " + std::to_string(j + 1) + "; ";
        std::string text;
        for (std::string_view rest = snip; !rest.empty();) {
            std::size_t nl = rest.find('\n');
            text += indentation(lines[j]) + std::string(rest.substr(0, nl)) + "\n";
            rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        }
        lines.insert(lines.begin() + static_cast<long>(j), text);
        return join(lines);
    }
    default:
        break;
    }
    // token edits: delete a name, or replace a token by one of the same kind
    std::vector<const Token*> sig;
    for (const Token& t : tokens)
        if (t.kind == TokenKind::Name || t.kind == TokenKind::Number || t.kind == TokenKind::Op ||
            t.kind == TokenKind::String)
            sig.push_back(&t);
    if (sig.empty())
        return source;
    const Token& t = *sig[rng.below(sig.size())];
    std::string replacement;
    if (t.kind == TokenKind::Number) {
        static const char* values[] = {"0", "1", "-1", "0.5", "3", "100000", "1e-9", "2.5"};
        replacement = values[rng.below(std::size(values))];
        what += "set number '";
    } else if (t.kind == TokenKind::Name && rng.below(3) == 0) {
        what += "delete name '";
    } else if (t.kind == TokenKind::Op) {
        static const char* ops[] = {"<", ">", "==", "!=", "<=", ">=", "+", "-", "*", "//"};
        if (std::find(std::begin(ops), std::end(ops), t.text) == std::end(ops))
            return source; // brackets, commas, colons: mostly syntax errors
        replacement = ops[rng.below(std::size(ops))];
        what += "replace operator '";
    } else {
        // another token of the same kind from the file (names: not keywords)
        static const std::set<std::string_view> keywords = {
            "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
            "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
            "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
            "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
        std::vector<const Token*> same;
        for (const Token* u : sig)
            if (u->kind == t.kind && !keywords.count(u->text))
                same.push_back(u);
        if (same.empty() || keywords.count(t.text))
            return source;
        replacement = std::string(same[rng.below(same.size())]->text);
        what += "replace token '";
    }
    what += std::string(t.text.substr(0, 20)) + "' (line " + std::to_string(t.line) + ") by '" +
            replacement.substr(0, 20) + "'; ";
    std::string out = source;
    out.replace(t.begin, t.end - t.begin, replacement);
    return out;
}

struct Variant {
    std::string path;
    std::string source;
    std::string description;
};

std::vector<std::filesystem::path> lessons() {
    ::unsetenv("CONDLAB_LESSONS");
    auto dir = find_lessons_dir();
    return dir ? lesson_files(*dir) : std::vector<std::filesystem::path>{};
}

Variant make_variant(const std::vector<std::filesystem::path>& files, int k) {
    Rng rng(kSeed + static_cast<std::uint64_t>(k));
    const auto& f = files[static_cast<std::size_t>(k) % files.size()];
    Variant v;
    v.path = f.string();
    v.source = read_source_file(f);
    const std::size_t edits = 1 + rng.below(3);
    for (std::size_t e = 0; e < edits; ++e)
        v.source = mutate_once(v.source, rng, v.description);
    return v;
}

// Aborts the process when a run takes far longer than every budget allows.
class Watchdog {
  public:
    Watchdog() : m_thread([this] { loop(); }) {}
    ~Watchdog() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    void start(int variant) {
        std::lock_guard lock(m_mutex);
        m_variant = variant;
        m_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    }
    void stop() {
        std::lock_guard lock(m_mutex);
        m_variant = -1;
    }

  private:
    void loop() {
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            m_cv.wait_for(lock, std::chrono::milliseconds(200));
            if (m_variant >= 0 && std::chrono::steady_clock::now() > m_deadline) {
                std::fprintf(stderr, "robustness: variant %d hangs (> 60 s)\n", m_variant);
                std::abort();
            }
        }
    }
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    int m_variant = -1;
    std::chrono::steady_clock::time_point m_deadline{};
    std::thread m_thread;
};

void check_result(const RunResult& r, int k, const Variant& v, bool overrides) {
    SCOPED_TRACE("variant " + std::to_string(k) + " of " + v.path + ": " + v.description);
    switch (r.outcome) {
    case Outcome::Complete:
        break;
    case Outcome::Exception:
        EXPECT_FALSE(r.exception_type.empty());
        // a traceback, except for SystemExit (sys.exit prints nothing)
        if (r.exception_type != "SystemExit")
            EXPECT_NE(r.stderr_text.find("Error"), std::string::npos) << r.stderr_text;
        break;
    case Outcome::SyntaxError:
        EXPECT_NE(r.exception_type.find("Error"), std::string::npos) << r.exception_type;
        break;
    case Outcome::Deadlock:
        EXPECT_EQ(r.summary.rfind("deadlock", 0), 0u) << r.summary;
        break;
    case Outcome::Budget:
        EXPECT_EQ(r.summary.rfind("budget exceeded", 0), 0u) << r.summary;
        break;
    case Outcome::UsageError:
        EXPECT_TRUE(overrides) << r.stderr_text;
        break;
    }
    // the wall budget (2 s) ends every run; allow for a slow (sanitized, loaded) machine
    EXPECT_LT(r.wall_seconds, 30.0);
    EXPECT_EQ(live_coroutine_frames(), 0);
}

class MutatedLessons : public ::testing::TestWithParam<int> {};

TEST_P(MutatedLessons, EndInADefinedOutcome) {
    const auto files = lessons();
    ASSERT_FALSE(files.empty());
    Watchdog watchdog;
    RunOptions options; // the real budgets: 1 M lines, 100 k iterations, 1e6 s, 2 s wall
    const int shard = GetParam();
    int counts[6] = {};
    // CONDLAB_ROBUSTNESS_VARIANT=k: only variant k (its text goes to
    // $TMPDIR/condlab_variant_k.py), to reproduce a failure.
    const char* only = std::getenv("CONDLAB_ROBUSTNESS_VARIANT");
    for (int k = shard; k < kVariants; k += kShards) {
        if (only != nullptr && std::atoi(only) != k)
            continue;
        const Variant v = make_variant(files, k);
        if (only != nullptr) {
            auto out = std::filesystem::temp_directory_path() /
                       ("condlab_variant_" + std::to_string(k) + ".py");
            std::ofstream(out) << v.source;
            std::printf("variant %d of %s: %s\nwritten to %s\n", k, v.path.c_str(),
                        v.description.c_str(), out.c_str());
            std::fflush(stdout);
        }
        Lesson l = parse_lesson_source(v.source, v.path); // must not throw on any text
        watchdog.start(k);
        RunResult r = run(l, {}, options);
        watchdog.stop();
        ++counts[static_cast<int>(r.outcome)];
        if (std::getenv("CONDLAB_ROBUSTNESS_VERBOSE") != nullptr)
            std::printf("variant %d: %s (%s) %s\n", k, outcome_name(r.outcome),
                        r.exception_type.c_str(), v.description.c_str());
        check_result(r, k, v, false);
        if (k % 10 == 0) {
            // determinism: same text, same parameters -> same output and outcome
            watchdog.start(k);
            RunResult again = run(l, {}, options);
            watchdog.stop();
            if (r.outcome != Outcome::Budget || r.budget != BudgetKind::WallClock) {
                EXPECT_EQ(again.outcome, r.outcome) << "variant " << k;
                EXPECT_EQ(again.stdout_text, r.stdout_text) << "variant " << k;
            }
            // the override path (a preset may name a parameter the mutation removed)
            if (!l.presets.empty()) {
                watchdog.start(k);
                RunResult p = run(l, l.presets.front().overrides, options);
                watchdog.stop();
                check_result(p, k, v, true);
            }
        }
    }
    std::printf("shard %d: complete %d, exception %d, syntax error %d, deadlock %d, budget %d\n",
                shard, counts[0], counts[1], counts[2], counts[3], counts[4]);
}

INSTANTIATE_TEST_SUITE_P(Shards, MutatedLessons, ::testing::Range(0, kShards));

TEST(Mutations, AreReproducible) {
    const auto files = lessons();
    ASSERT_FALSE(files.empty());
    for (int k : {0, 1, 499, 999}) {
        Variant a = make_variant(files, k), b = make_variant(files, k);
        EXPECT_EQ(a.source, b.source);
        EXPECT_EQ(a.description, b.description);
        EXPECT_FALSE(a.description.empty());
    }
}

} // namespace
} // namespace condlab::lesson
