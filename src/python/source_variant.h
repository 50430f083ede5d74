#pragma once
// A program text that is another text with some parameter literals replaced (no Python here:
// the lesson layer fills it in; code_cache.h uses it).
#include <cstdint>
#include <string>
#include <vector>

namespace condlab::python {

/// `source` is `base_source` with the literal of each top-level `name = <literal>` assignment on
/// `line` replaced by `literal` (how lesson parameters are overridden).
struct SourceVariant {
    struct Literal {
        std::string name;
        std::uint32_t line = 0;
        std::string literal;
    };
    std::string base_source;
    std::vector<Literal> literals;
};

/// How run_program got its code objects so far (process-wide; for tests and benchmarks).
struct CompileCounts {
    std::uint64_t compiled = 0; // texts compiled
    std::uint64_t reused = 0;   // a cached compilation of the very same text
    std::uint64_t patched = 0;  // a cached compilation with parameter literals replaced
};
CompileCounts compile_counts() noexcept;

} // namespace condlab::python
