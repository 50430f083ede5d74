// Syntax colouring for Python source (no ImGui): the tokens of condlab's one Python reader
// (lesson/python_tokens.h) classified for the code view and Markdown code blocks, split into
// lines. It never fails: anything the reader cannot tokenize is plain text or an operator.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lesson/python_tokens.h"

namespace condlab::app {

enum class TokenKind : std::uint8_t {
    Text,       ///< identifiers and whitespace
    Keyword,    ///< def, async, await, while, ...
    Builtin,    ///< print, len, self, ... (not True / None: those are keywords)
    String,     ///< '...', "...", triple-quoted, with prefixes r b f u (any case, combined)
    Comment,    ///< # to end of line
    Number,     ///< 1, 0x1f, 1_000, 2.5e-3, 3j
    Decorator,  ///< @name (and dotted name)
    Definition, ///< the name after def / class
    Op,         ///< operators and punctuation
};

struct Token {
    TokenKind kind = TokenKind::Text;
    std::uint32_t begin = 0; ///< byte offset within the line
    std::uint32_t end = 0;   ///< one past the last byte
    bool operator==(const Token&) const = default;
};

/// Tokens for each line of `source` (split at '\n'; a trailing '\r' belongs to the line).
/// Tokens cover each line without gaps, in order.
[[nodiscard]] std::vector<std::vector<Token>> tokenize_python(std::string_view source);

/// Same, from the reader's tokens of `source` (when the caller has them already).
[[nodiscard]] std::vector<std::vector<Token>>
highlight_python(std::string_view source, const std::vector<lesson::Token>& tokens);

[[nodiscard]] bool is_python_builtin(std::string_view word);

} // namespace condlab::app
