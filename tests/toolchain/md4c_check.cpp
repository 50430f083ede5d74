// Proves md4c parses Markdown: counts headings in a small document.
#include <md4c.h>

#include <cstdio>
#include <cstring>

namespace {

struct counts {
    int headings = 0;
    int code_blocks = 0;
};

int enter_block(MD_BLOCKTYPE type, void* /*detail*/, void* userdata) {
    auto* c = static_cast<counts*>(userdata);
    if (type == MD_BLOCK_H)
        ++c->headings;
    else if (type == MD_BLOCK_CODE)
        ++c->code_blocks;
    return 0;
}

int leave_block(MD_BLOCKTYPE /*type*/, void* /*detail*/, void* /*userdata*/) { return 0; }
int enter_span(MD_SPANTYPE /*type*/, void* /*detail*/, void* /*userdata*/) { return 0; }
int leave_span(MD_SPANTYPE /*type*/, void* /*detail*/, void* /*userdata*/) { return 0; }
int text(MD_TEXTTYPE /*type*/, const MD_CHAR* /*text*/, MD_SIZE /*size*/, void* /*userdata*/) {
    return 0;
}

} // namespace

int main() {
    const char* doc = "# Lost wake-ups\n\nSome *text*.\n\n## Why\n\n```python\nawait cond.wait()\n"
                      "```\n\nSetext heading\n--------------\n";
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = text;
    counts c;
    const int rc = md_parse(doc, static_cast<MD_SIZE>(std::strlen(doc)), &parser, &c);
    std::printf("md4c: rc=%d headings=%d code_blocks=%d\n", rc, c.headings, c.code_blocks);
    return rc == 0 && c.headings == 3 && c.code_blocks == 1 ? 0 : 1;
}
