#pragma once
// The benchmarks' command lines, parsed by CLI11 as condlab's own commands are: each
// benchmark has --help, and a misspelt option is an error instead of being ignored.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace condlab::bench {

/// Parses argv into `cli`'s options. Returns the status to exit with when the parse ends the
/// program (0 after --help, 2 for a usage error, as condlab's), or nothing to go on.
inline std::optional<int> parse_bench_args(CLI::App& cli, int argc, char** argv) {
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    return std::nullopt;
}

/// The arguments CLI11 left for Google Benchmark (the app allows extras), argv[0] first:
/// keep the strings alive while benchmark::Initialize reads the pointers.
struct PassedArgs {
    std::vector<std::string> strings;
    std::vector<char*> pointers;
    int count = 0;

    PassedArgs(const CLI::App& cli, const char* program) : strings(cli.remaining()) {
        strings.insert(strings.begin(), program);
        for (std::string& s : strings)
            pointers.push_back(s.data());
        count = static_cast<int>(pointers.size());
    }
};

} // namespace condlab::bench
