"""`vaulttool review`: a study review sheet built from the lifecycle (Markdown, HTML, Anki)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaulttool.commands.common import (
    analyse,
    context,
    emit,
    generated,
    link_base,
    output_option,
    timestamp_option,
    vault_argument,
)
from vaulttool.commands.run_options import EXIT_CLEAN

if TYPE_CHECKING:
    from vaulttool.analyse.review import Category, PreviousCard


def _categories(value: str) -> tuple[Category, ...]:
    from vaulttool.analyse.review import CATEGORIES

    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in CATEGORIES]
    if unknown or not chosen:
        raise click.UsageError(f"--include takes a comma-separated list of {', '.join(CATEGORIES)}, not {value!r}")
    return tuple(category for category in CATEGORIES if category in chosen)


@click.command()
@vault_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("markdown", "html", "anki", "json")),
    default="markdown",
    show_default=True,
    help="json: the cards, for scripts.",
)
@output_option
@click.option(
    "--deck", metavar="NAME", help="Title of the sheet and name of the Anki deck (default: the vault's name)."
)
@click.option(
    "--include",
    "include",
    default="corrected,partial,verified",
    show_default=True,
    metavar="LIST",
    help="Which cards: any of corrected, partial, verified, open (comma-separated).",
)
@timestamp_option
@click.pass_context
def review(
    ctx: click.Context,
    vault: str,
    output_format: str,
    output: str | None,
    deck: str | None,
    include: str,
    timestamp: bool,
) -> int:
    """A study review sheet: one card per corrected, partly right or verified item.

    A card's front is the hypothesis, question or claim as you wrote it; its back is the answer
    or correction with the struck-through first guess, the calculator numbers that belong to it,
    and a link back (obsidian:// URI and path:line). `--include ...,open` adds "still open"
    cards. The anki format writes an .apkg (needs genanki: the `anki` extra of obsidian-vaulttool)
    whose note ids come from the note's file name and the item's block id or text; when -o names an
    earlier deck, edited cards keep their ids, so re-importing updates the cards. Written into the
    vault (-o vault/Review.md), the Markdown sheet's links resolve from where it is, and
    `status`, `verify` and the lifecycle checks skip it (front matter `vaulttool: generated`).

    \b
    Examples:
      vaulttool review vault > review.md
      vaulttool review vault --format html -o review.html
      vaulttool review vault --format anki -o neuro.apkg --deck Neuro --include corrected,partial,open
      vaulttool review vault --format json
    """
    from vaulttool.render import render

    categories = _categories(include)
    if output_format == "anki" and output is None:
        raise click.UsageError("the anki format writes a file: give -o PATH.apkg")
    analysis = analyse(ctx, vault, lifecycle=True)
    previous: tuple[PreviousCard, ...] = ()
    if output_format == "anki" and output not in (None, "-"):
        from vaulttool.render.anki_previous import previous_cards

        previous = previous_cards(Path(str(output)))
    sheet = analysis.review(categories, deck=deck, generated=generated(timestamp), previous=previous)
    shown = context(ctx, output=output, link_base=link_base(analysis.vault.root, output))
    emit(render("review", output_format, sheet, shown), output, analysis.vault.root)
    return EXIT_CLEAN
