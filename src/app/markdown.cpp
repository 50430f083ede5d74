#include "app/markdown.h"

#include <md4c.h>

namespace condlab::app::md {

namespace {

struct ListState {
    bool ordered = false;
    int next_number = 1;
};

struct Builder {
    Document doc;
    std::vector<ListState> lists;
    int quote_depth = 0;
    int style_stack[8] = {};
    int style_depth = 0;
    std::uint8_t style = Plain;
    Block* current = nullptr; ///< block receiving text (nullptr between blocks)
    bool li_fresh = false;    ///< the current list item has no paragraph text yet
    bool in_code_block = false;

    Block& open(BlockKind kind) {
        doc.blocks.push_back({});
        Block& b = doc.blocks.back();
        b.kind = kind;
        b.quote_depth = quote_depth;
        current = &b;
        return b;
    }

    void add_text(std::string_view text, std::uint8_t st) {
        if (current == nullptr) {
            // Text directly inside a list item that had its paragraph closed (loose lists) or
            // stray text: start a paragraph.
            Block& b = open(BlockKind::Paragraph);
            b.level = static_cast<int>(lists.size());
        }
        if (current->kind == BlockKind::CodeBlock) {
            current->code.append(text);
            return;
        }
        auto& spans = current->spans;
        if (!spans.empty() && spans.back().style == st)
            spans.back().text.append(text);
        else
            spans.push_back({st, std::string(text)});
    }
};

int enter_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
    auto& b = *static_cast<Builder*>(userdata);
    switch (type) {
    case MD_BLOCK_UL:
        b.lists.push_back({false, 1});
        b.current = nullptr;
        break;
    case MD_BLOCK_OL:
        b.lists.push_back(
            {true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
        b.current = nullptr;
        break;
    case MD_BLOCK_LI: {
        Block& blk = b.open(BlockKind::ListItem);
        blk.level = static_cast<int>(b.lists.size());
        if (!b.lists.empty()) {
            blk.ordered = b.lists.back().ordered;
            blk.number = blk.ordered ? b.lists.back().next_number++ : 0;
        }
        b.li_fresh = true;
        break;
    }
    case MD_BLOCK_QUOTE:
        ++b.quote_depth;
        b.current = nullptr;
        break;
    case MD_BLOCK_H: {
        Block& blk = b.open(BlockKind::Heading);
        blk.level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        b.li_fresh = false;
        break;
    }
    case MD_BLOCK_P:
        if (b.li_fresh && b.current != nullptr && b.current->kind == BlockKind::ListItem &&
            b.current->spans.empty()) {
            // First paragraph of a loose list item: its text is the item's text.
        } else {
            Block& blk = b.open(BlockKind::Paragraph);
            blk.level = static_cast<int>(b.lists.size());
        }
        b.li_fresh = false;
        break;
    case MD_BLOCK_CODE: {
        Block& blk = b.open(BlockKind::CodeBlock);
        blk.level = static_cast<int>(b.lists.size());
        const auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
        if (d != nullptr && d->lang.text != nullptr)
            blk.language.assign(d->lang.text, d->lang.size);
        b.in_code_block = true;
        b.li_fresh = false;
        break;
    }
    case MD_BLOCK_HR:
        b.open(BlockKind::Rule);
        b.current = nullptr;
        break;
    default:
        break;
    }
    return 0;
}

int leave_block(MD_BLOCKTYPE type, void* /*detail*/, void* userdata) {
    auto& b = *static_cast<Builder*>(userdata);
    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (!b.lists.empty())
            b.lists.pop_back();
        b.current = nullptr;
        break;
    case MD_BLOCK_QUOTE:
        --b.quote_depth;
        b.current = nullptr;
        break;
    case MD_BLOCK_CODE:
        if (b.current != nullptr && !b.current->code.empty() && b.current->code.back() == '\n')
            b.current->code.pop_back();
        b.in_code_block = false;
        b.current = nullptr;
        break;
    case MD_BLOCK_LI:
    case MD_BLOCK_H:
    case MD_BLOCK_P:
        b.current = nullptr;
        b.li_fresh = false;
        break;
    default:
        break;
    }
    return 0;
}

std::uint8_t span_bit(MD_SPANTYPE type) {
    switch (type) {
    case MD_SPAN_EM:
        return Emphasis;
    case MD_SPAN_STRONG:
        return Strong;
    case MD_SPAN_CODE:
        return Code;
    case MD_SPAN_A:
        return Link;
    default:
        return 0;
    }
}

int enter_span(MD_SPANTYPE type, void* /*detail*/, void* userdata) {
    auto& b = *static_cast<Builder*>(userdata);
    if (b.style_depth < 8)
        b.style_stack[b.style_depth] = b.style;
    ++b.style_depth;
    b.style = static_cast<std::uint8_t>(b.style | span_bit(type));
    return 0;
}

int leave_span(MD_SPANTYPE /*type*/, void* /*detail*/, void* userdata) {
    auto& b = *static_cast<Builder*>(userdata);
    --b.style_depth;
    b.style = b.style_depth < 8 && b.style_depth >= 0
                  ? static_cast<std::uint8_t>(b.style_stack[b.style_depth])
                  : static_cast<std::uint8_t>(Plain);
    return 0;
}

std::string_view entity(std::string_view e) {
    if (e == "&amp;")
        return "&";
    if (e == "&lt;")
        return "<";
    if (e == "&gt;")
        return ">";
    if (e == "&quot;")
        return "\"";
    if (e == "&apos;" || e == "&#39;")
        return "'";
    if (e == "&nbsp;")
        return "\u00a0";
    if (e == "&mdash;")
        return "\u2014";
    if (e == "&ndash;")
        return "\u2013";
    if (e == "&rarr;")
        return "\u2192";
    if (e == "&larr;")
        return "\u2190";
    return e;
}

int text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
    auto& b = *static_cast<Builder*>(userdata);
    const std::string_view s(text, size);
    switch (type) {
    case MD_TEXT_SOFTBR:
        b.add_text(" ", b.style);
        break;
    case MD_TEXT_BR:
        b.add_text("\n", b.style);
        break;
    case MD_TEXT_NULLCHAR:
        b.add_text("\uFFFD", b.style);
        break;
    case MD_TEXT_ENTITY:
        b.add_text(entity(s), b.style);
        break;
    default:
        b.add_text(s, b.style);
        break;
    }
    return 0;
}

} // namespace

Document parse(std::string_view markdown) {
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = text;
    Builder b;
    b.doc.blocks.reserve(64);
    // Blocks are referenced through `current` while parsing; keep pointers stable by
    // re-pointing after each push_back (open() does) — vector growth only happens in open().
    md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &b);
    // Drop empty paragraphs (e.g. a loose list item's trailing blank).
    std::erase_if(b.doc.blocks, [](const Block& blk) {
        return blk.kind == BlockKind::Paragraph && blk.spans.empty();
    });
    return std::move(b.doc);
}

std::string plain_text(const Block& block) {
    if (block.kind == BlockKind::CodeBlock)
        return block.code;
    std::string out;
    for (const Span& s : block.spans)
        out += s.text;
    return out;
}

} // namespace condlab::app::md
