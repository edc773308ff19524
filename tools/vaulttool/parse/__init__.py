"""Parse one note: text → `Note`. A pure function of (path, text), so it can be cached and run
in parallel. Block structure comes from a line-by-line pass for plain notes (`line_blocks`), else
from markdown-it-py (or, when installed, markdown-it-pyrs, which gives the same: `fast_blocks`);
inline facts from small scanners."""

from __future__ import annotations

from msgspec.structs import replace

from vaulttool.model import Note
from vaulttool.parse.blocks import block_layout
from vaulttool.parse.fast_blocks import fast_layout
from vaulttool.parse.line_blocks import line_layout
from vaulttool.parse.note import build_note
from vaulttool.parse.source import LineIndex, decode_text, normalize

__all__ = ["parse_note", "parse_note_bytes", "normalize"]


def parse_note(path: str, text: str) -> Note:
    """Parse a note's text (any line ends, with or without a BOM) into a positioned `Note`."""
    text = normalize(text)
    index = LineIndex(text)
    layout = line_layout(text, index) or fast_layout(text, index) or block_layout(text, index)
    return build_note(path, text, index, layout)


def parse_note_bytes(path: str, data: bytes) -> Note:
    """Parse a note's bytes: as `parse_note`, with undecodable bytes read as replacement
    characters and reported among the note's problems (`undecodable`)."""
    text, problem = decode_text(path, data)
    note = parse_note(path, text)
    return note if problem is None else replace(note, problems=(problem, *note.problems))
