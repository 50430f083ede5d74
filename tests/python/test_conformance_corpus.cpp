// Every program of tests/conformance/ through run_program: stdout and exit status must match
// the output of CPython's real asyncio (tests/conformance/expected/, made by
// tools/reference_harness.py). The command-line conformance suite checks the same through
// `condlab run`; this one pins the Python layer itself.
#include "python/program_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace condlab::python;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> corpus() {
    std::vector<std::string> names;
    fs::path dir = fs::path(CONDLAB_SOURCE_DIR) / "tests" / "conformance";
    if (!fs::exists(dir))
        return names;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::string n = e.path().filename().string();
        if (e.path().extension() != ".py" || n[0] == '_')
            continue;
        std::string name = n.substr(0, n.size() - 3);
        if (fs::exists(dir / "expected" / (name + ".status")))
            names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

class ConformanceCorpus : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(ConformanceCorpus, MatchesCPython) {
    fs::path dir = fs::path(CONDLAB_SOURCE_DIR) / "tests" / "conformance";
    fs::path program = dir / (GetParam() + ".py");
    std::string expected_out = read_file(dir / "expected" / (GetParam() + ".out"));
    int expected_status = std::stoi(read_file(dir / "expected" / (GetParam() + ".status")));
    ProgramOptions options;
    options.line_trace = false;
    ProgramResult r = run_program(program.string(), read_file(program), options);
    EXPECT_EQ(r.stdout_text, expected_out) << r.stderr_text;
    EXPECT_EQ(exit_status(r), expected_status) << r.stderr_text;
}

INSTANTIATE_TEST_SUITE_P(Programs, ConformanceCorpus, ::testing::ValuesIn(corpus()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = "p" + info.param;
                             std::replace_if(
                                 n.begin(), n.end(),
                                 [](char c) {
                                     return !std::isalnum(static_cast<unsigned char>(c));
                                 },
                                 '_');
                             return n;
                         });
