// Draws a md::Document with word wrapping, fonts per style, bullets and code blocks.
#pragma once

#include "app/fonts.h"
#include "app/markdown.h"
#include "app/theme.h"

namespace condlab::app {

struct MarkdownViewContext {
    const md::Document* doc = nullptr;
    const Palette* palette = nullptr;
    const Fonts* fonts = nullptr;
};

/// Draws at the cursor, wrapping at the available content width (call inside a child window).
void draw_markdown(const MarkdownViewContext& ctx);

} // namespace condlab::app
