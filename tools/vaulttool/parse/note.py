"""A note's facts from its text and its block layout: the compiled half of `parse_note` (the
layout is chosen in `vaulttool.parse`, whose layout functions the differential tests replace)."""

from __future__ import annotations

from operator import attrgetter

from vaulttool.model import (
    BlockId,
    CodeBlock,
    CodeSpan,
    Heading,
    Note,
    NoteBody,
    Position,
    Tag,
)
from vaulttool.parse.blocks import Layout
from vaulttool.parse.frontmatter import FrontMatter, parse_frontmatter
from vaulttool.parse.inline import mask_inline
from vaulttool.parse.links import scan_bare_uris, scan_markdown, scan_wiki
from vaulttool.parse.optouts import scan_opt_outs
from vaulttool.parse.source import LineIndex, blank
from vaulttool.parse.tables import build_table
from vaulttool.parse.tags import scan_block_ids, scan_tags
from vaulttool.parse.text_units import build_tree, content_column


def _headings(layout: Layout, lines: list[str], path: str) -> list[Heading]:
    headings = []
    for block in layout.headings:
        source = lines[block.line]
        if block.atx:
            column = source.find("#")
        else:
            column = content_column(source, block.content.split("\n")[0])
        headings.append(Heading(block.level, block.content.strip(), Position(path, block.line + 1, column + 1)))
    return headings


def _code_blocks(layout: Layout, lines: list[str], path: str) -> list[CodeBlock]:
    blocks = []
    for fence in layout.fences:
        column = lines[fence.line].find(fence.markup)
        info = fence.info.strip()
        language = info.split(maxsplit=1)[0].lower() if info else ""
        blocks.append(CodeBlock(language, info, fence.body, Position(path, fence.line + 1, column + 1), fence.line + 2))
    return blocks


def _frontmatter(layout: Layout, lines: list[str], path: str) -> FrontMatter:
    if layout.frontmatter is None:
        return FrontMatter()
    first, end = layout.frontmatter
    return parse_frontmatter("\n".join(lines[first + 1 : end - 1]), first + 2, path)


def build_note(path: str, text: str, index: LineIndex, layout: Layout) -> Note:
    """The positioned `Note` of a normalised text, its lines (`index`) and its block `layout`."""
    lines = index.lines
    block_masked = blank(text, layout.masked)
    inline_spans, spans = mask_inline(block_masked)
    masked = blank(block_masked, inline_spans)
    locate = index.locate

    front = _frontmatter(layout, lines, path)
    wiki, wiki_spans = scan_wiki(masked, text, path, locate)
    without_wiki = blank(masked, wiki_spans)
    markdown, destination_spans = scan_markdown(without_wiki, text, path, locate)
    without_links = blank(without_wiki, destination_spans)
    links = sorted(  # by line and column: every position here is in this note
        [*front.links, *wiki, *markdown, *scan_bare_uris(without_links, path, locate)], key=attrgetter("position")
    )
    body_tags = [Tag(name, Position(path, *locate(offset))) for offset, name in scan_tags(without_links, text)]
    blocks = [BlockId(block_id, Position(path, *locate(offset))) for offset, block_id in scan_block_ids(masked)]
    code_spans = [CodeSpan(content.strip(), Position(path, *locate(start))) for start, _, content in spans]
    units, containers = build_tree(layout, lines, path, body_tags)
    masked_lines = masked.split("\n") if layout.tables else []
    tables = [table for block in layout.tables if (table := build_table(block, lines, masked_lines, path))]

    return Note(
        path=path,
        frontmatter=front.data,
        aliases=tuple(front.aliases),
        tags=tuple(front.tags + body_tags),
        headings=tuple(_headings(layout, lines, path)),
        blocks=tuple(blocks),
        problems=tuple(front.problems),
        line_count=len(lines),
        opt_outs=scan_opt_outs(text),
        body=NoteBody(
            links=tuple(links),
            code_blocks=tuple(_code_blocks(layout, lines, path)),
            code_spans=tuple(code_spans),
            units=tuple(units),
            containers=tuple(containers),
            tables=tuple(tables),
        ),
    )
