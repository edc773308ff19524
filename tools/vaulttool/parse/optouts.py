"""Opt-out comments: `%% vaulttool: ignore[missing-note, ambiguous-link] %%` on a line silences
those diagnostic codes on that line (see `vaulttool rules`).

Read from the note's text itself, since the other scanners see `%%comments%%` masked.
"""

from __future__ import annotations

import re

OPT_OUT = re.compile(r"%%\s*vaulttool:\s*ignore\[([^\]\n]*)\]\s*%%")


def scan_opt_outs(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(line, codes) for each line that carries an opt-out comment; lines are 1-based."""
    if "vaulttool:" not in text:
        return ()
    found: dict[int, list[str]] = {}
    for match in OPT_OUT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        codes = [code.strip().lower() for code in re.split(r"[,\s]+", match.group(1)) if code.strip()]
        found.setdefault(line, []).extend(codes)
    return tuple((line, tuple(codes)) for line, codes in found.items())
