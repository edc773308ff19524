"""Where the links of the notes behind a sheet lead, so a sheet can name each target from
wherever it is written (`render.inline.markdown`)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaulttool.resolve import ResolvedLinks

# (note path, the link as written with its white space collapsed) → (target path, subpath), or
# None when the link is broken or leaves the vault.
LinkTargets = Mapping[tuple[str, str], "tuple[str, str | None] | None"]


def link_targets(links: ResolvedLinks, paths: Collection[str]) -> dict[tuple[str, str], tuple[str, str | None] | None]:
    """The wiki and Markdown links of the notes at `paths`, each with where it leads."""
    found: dict[tuple[str, str], tuple[str, str | None] | None] = {}
    for resolution in links.resolutions:
        link = resolution.link
        if resolution.source not in paths or link.kind not in ("wiki", "markdown"):
            continue
        target = resolution.target if resolution.problem is None else None
        found[(resolution.source, " ".join(link.raw.split()))] = None if target is None else (target, link.subpath)
    return found
