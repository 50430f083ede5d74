// Markdown → a small render model (md4c does the parsing). Pure: no ImGui.
// The model keeps what lesson texts use: headings, paragraphs, list items (nested, ordered
// or not), code blocks, quotes and rules; spans carry emphasis / strong / inline code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::app::md {

enum SpanStyle : std::uint8_t {
    Plain = 0,
    Emphasis = 1 << 0,
    Strong = 1 << 1,
    Code = 1 << 2,
    Link = 1 << 3,
};

struct Span {
    std::uint8_t style = Plain; ///< SpanStyle bits
    std::string text;
    bool operator==(const Span&) const = default;
};

enum class BlockKind { Heading, Paragraph, ListItem, CodeBlock, Rule };

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;           ///< heading: 1..6; list_item: nesting depth 1..; others: 0
    int quote_depth = 0;     ///< > nesting (0 = not quoted)
    bool ordered = false;    ///< list_item: numbered list
    int number = 0;          ///< list_item in an ordered list: its number
    std::string language;    ///< code_block: info string (e.g. "python")
    std::string code;        ///< code_block: the text, lines joined with '\n' (no final '\n')
    std::vector<Span> spans; ///< heading / paragraph / list_item text
};

struct Document {
    std::vector<Block> blocks;
};

/// Parses GitHub-flavoured Markdown. Soft breaks become spaces, hard breaks '\n';
/// adjacent spans with the same style are merged. Never fails (md4c accepts any input).
[[nodiscard]] Document parse(std::string_view markdown);

/// All span text of a block concatenated (for tests and plain-text output).
[[nodiscard]] std::string plain_text(const Block& block);

} // namespace condlab::app::md
