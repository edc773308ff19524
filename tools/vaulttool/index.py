"""Name → file lookups that link resolution needs, built once per run.

Obsidian matches link paths case-insensitively (rule 13), so every key is the NFC-normalised,
lower-cased text: macOS writes NFD file names, and `[[log]]` reaches `Log.md`.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# Rule 10 (HELP Files and folders/Accepted file formats.md): the types Obsidian opens, besides md.
ATTACHMENT_TYPES = frozenset(
    {
        "canvas",
        "base",
        "avif",
        "bmp",
        "gif",
        "jpeg",
        "jpg",
        "png",
        "svg",
        "webp",
        "flac",
        "m4a",
        "mp3",
        "ogg",
        "wav",
        "webm",
        "3gp",
        "mkv",
        "mov",
        "mp4",
        "ogv",
        "pdf",
    }
)
# Files a note links to that Obsidian does not open itself (it hands them to the system): a link to a
# missing one is a missing file, not a missing note. Decision: the common document, data and
# archive types; any other dotted name (`[[Mr.Robot]]`) is still read as a note.
OTHER_FILE_TYPES = frozenset(
    {
        "doc",
        "docx",
        "odt",
        "rtf",
        "txt",
        "tex",
        "bib",
        "epub",
        "pages",
        "xls",
        "xlsx",
        "ods",
        "csv",
        "tsv",
        "numbers",
        "json",
        "xml",
        "yaml",
        "yml",
        "ppt",
        "pptx",
        "odp",
        "key",
        "zip",
        "gz",
        "tar",
        "7z",
        "rar",
        "html",
        "htm",
        "ipynb",
        "py",
    }
)
FILE_TYPES = ATTACHMENT_TYPES | OTHER_FILE_TYPES


def key(text: str) -> str:
    """How Obsidian compares names and paths: NFC, case-insensitive."""
    return text.lower() if text.isascii() else unicodedata.normalize("NFC", text).lower()


def file_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def folder_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def extension(path: str) -> str:
    """The lower-case extension of a path's last segment, without the dot ("" if none)."""
    name = file_name(path)
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def is_note(path: str) -> bool:
    return path.lower().endswith(".md")


def display_name(path: str) -> str:
    """A file as a link names it: a note without `.md`, an attachment with its extension."""
    name = file_name(path)
    return name[:-3] if is_note(name) else name


@dataclass(frozen=True, slots=True)
class FileIndex:
    """Every vault file by its whole path and by its file name (both as `key`s)."""

    by_path: dict[str, tuple[str, ...]]
    by_name: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, files: Iterable[str]) -> FileIndex:
        paths: dict[str, list[str]] = defaultdict(list)
        names: dict[str, list[str]] = defaultdict(list)
        for path in sorted(files):
            paths[key(path)].append(path)
            names[key(file_name(path))].append(path)
        return cls({k: tuple(v) for k, v in paths.items()}, {k: tuple(v) for k, v in names.items()})

    def at(self, path: str) -> tuple[str, ...]:
        """Files at exactly this vault path (case-insensitively); the exact spelling first."""
        found = self.by_path.get(key(path), ())
        if len(found) < 2:
            return found
        return tuple(sorted(found, key=lambda p: p != unicodedata.normalize("NFC", path)))

    def named(self, name: str) -> tuple[str, ...]:
        return self.by_name.get(key(name), ())

    def display_names(self, notes: bool) -> dict[str, str]:
        """Display name → path of every note (or of every other file), for "did you mean" hints;
        where several files share a name, the path that sorts first."""
        table: dict[str, str] = {}
        for paths in self.by_name.values():
            for path in paths:
                if is_note(path) == notes:
                    table.setdefault(display_name(path), path)
        return table
