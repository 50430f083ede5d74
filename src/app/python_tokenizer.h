// A small, pure Python tokenizer for syntax colouring (no ImGui). It works line by line
// and carries state across lines for triple-quoted strings and bracket-less continuation;
// it never fails: anything unknown is plain text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace condlab::app {

enum class TokenKind : std::uint8_t {
    text,       ///< identifiers and whitespace
    keyword,    ///< def, async, await, while, ...
    builtin,    ///< print, len, True, None, self, ...
    string,     ///< '...', "...", triple-quoted, with prefixes r b f u (any case, combined)
    comment,    ///< # to end of line
    number,     ///< 1, 0x1f, 1_000, 2.5e-3, 3j
    decorator,  ///< @name (and dotted name)
    definition, ///< the name after def / class
    op,         ///< operators and punctuation
};

struct Token {
    TokenKind kind = TokenKind::text;
    std::uint32_t begin = 0; ///< byte offset within the line
    std::uint32_t end = 0;   ///< one past the last byte
    bool operator==(const Token&) const = default;
};

/// Tokens for each line of `source` (split at '\n'; a trailing '\r' belongs to the line).
/// Tokens cover each line without gaps, in order.
[[nodiscard]] std::vector<std::vector<Token>> tokenize_python(std::string_view source);

[[nodiscard]] bool is_python_keyword(std::string_view word);
[[nodiscard]] bool is_python_builtin(std::string_view word);

} // namespace condlab::app
