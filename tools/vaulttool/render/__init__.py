"""Renderers, one module per format, chosen from one registry.

`RENDERERS` maps (subject, format) to `module:function` in this package; every renderer takes
the subject's model and a `Context` and returns text (the anki renderer returns a function that
writes the file). Renderers lay out what the analyse models hold; they compute nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any


def plain(text: str, **_: Any) -> str:
    """The `style` of uncoloured output."""
    return text


@dataclass(frozen=True, slots=True)
class Context:
    """What a renderer may need beyond its model."""

    style: Callable[..., str] = plain  # click.style when colour is on
    today: dt.date = field(default_factory=dt.date.today)
    width: int = 100  # terminal columns for text
    prefix: str = ""  # the vault folder relative to the current folder, "" or ending in "/"
    version: str = ""
    where: bool = False  # tags: list every occurrence
    explain: bool = False  # calc: the equation with its numbers
    link_base: str = ""  # Markdown sheets: the path from the sheet's folder to the vault root ("", "../", "vault/")
    quiet: bool = False  # check: the findings and nothing else

    def key(self) -> bytes:
        """Everything in it, as bytes (the style by its name): with the model, what an output is
        made of, so two runs with the same model and key print the same (`reuse.Shown`)."""
        values = [(name, getattr(self, name)) for name in self.__dataclass_fields__]
        style = f"{self.style.__module__}.{self.style.__qualname__}"
        return repr([(name, style if name == "style" else value) for name, value in values]).encode()


RENDERERS: dict[tuple[str, str], str] = {
    ("status", "text"): "text:status",
    ("status", "json"): "json:status",
    ("status", "markdown"): "markdown:status",
    ("tags", "text"): "text:tags",
    ("tags", "json"): "json:tags",
    ("check", "text"): "text:check",
    ("check", "json"): "json:check",
    ("check", "github"): "github:check",
    ("check", "sarif"): "sarif:check",
    ("check-statistics", "text"): "text:check_statistics",
    ("check-statistics", "json"): "json:check_statistics",
    ("rules", "text"): "text:rules",
    ("rules", "json"): "json:rules",
    ("graph", "summary"): "text:graph_summary",
    ("graph", "graphml"): "graph:graphml",
    ("graph", "gexf"): "graph:gexf",
    ("graph", "json"): "graph:node_link_json",
    ("graph", "dot"): "graph:dot",
    ("verify", "text"): "text:verify",
    ("verify", "json"): "json:verify",
    ("verify", "github"): "github:verify",
    ("calc", "text"): "text:calc",
    ("calc", "json"): "json:calc",
    ("report", "text"): "text:report",
    ("report", "markdown"): "markdown:report",
    ("report", "html"): "html:report",
    ("report", "json"): "json:report",
    ("review", "markdown"): "markdown:review",
    ("review", "html"): "html:review",
    ("review", "anki"): "anki:review",
    ("review", "json"): "json:review",
}


def formats(subject: str) -> tuple[str, ...]:
    """The formats a subject can be rendered in, in registry order."""
    return tuple(fmt for (name, fmt) in RENDERERS if name == subject)


PLAIN_FORMATS = frozenset({"text", "summary", "github", "markdown"})
"""Formats read as they are, in a terminal, a CI log or an editor: what they print passes through
`visible` (JSON, SARIF and XML escape controls themselves; HTML does not act on them)."""


def render(subject: str, fmt: str, model: Any, context: Context | None = None) -> Any:
    """Render `model` (the analyse model of `subject`) in `fmt`."""
    module, function = RENDERERS[(subject, fmt)].split(":")
    renderer = getattr(import_module(f"vaulttool.render.{module}"), function)
    context = context or Context()
    if fmt not in PLAIN_FORMATS:
        return renderer(model, context)
    from vaulttool.render.visible import visible, visible_model

    if context.style is plain:  # no escape sequence of ours: the output is made visible as a whole
        return visible(renderer(model, context))
    return renderer(visible_model(model), visible_model(context))  # before the colours are added
