"""`vaulttool report` and `vaulttool review`: what was corrected and what is open, and a review sheet."""

from __future__ import annotations

import datetime as dt

import click

from vaulttool.cli import emit, fail, load_vault, report_problems, styler, vault_argument

output_option = click.option("-o", "--output", "output", metavar="PATH", type=click.Path(dir_okay=False),
                             help="Write to PATH (atomically) instead of standard output.")
timestamp_option = click.option("--timestamp", is_flag=True,
                                help="Print when the output was made (off by default, so outputs diff cleanly).")


def _generated(timestamp: bool) -> str | None:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds") if timestamp else None


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of wants a date as YYYY-MM-DD, not {value!r}")


@click.command()
@vault_argument
@click.option("--format", "output_format", type=click.Choice(("text", "markdown", "html", "json")), default="text",
              show_default=True)
@output_option
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Count the ages of open items to this date (default: today).")
@click.option("--no-history", is_flag=True, help="Skip the timeline from the vault's git history.")
@timestamp_option
@click.pass_context
def report(ctx: click.Context, vault: str, output_format: str, output: str | None, as_of: str | None,
           no_history: bool, timestamp: bool) -> None:
    """What was corrected, what is still open, which numbers are wrong, and how it moved.

    Sections: Corrected (the struck-through first guess beside the correction) and partly
    right; Unresolved (open, waiting, to-verify; oldest first, with age in days); Numbers (the
    calculator claims that fail or cannot be evaluated, with their diagnosis); Summary (counts
    per note and for the vault, and open/closed items per week from git). The HTML form adds
    charts (matplotlib with the `plots` extra, else a plain SVG).

    \b
    Examples:
      vaulttool report vault
      vaulttool report vault --format html -o report.html
      vaulttool report vault --format json --as-of 2025-07-01
    """
    from vaulttool.render import report as render
    from vaulttool.analyse.report import build_report

    loaded = load_vault(vault)
    report_problems(loaded, ctx)
    model = build_report(loaded, _parse_date(as_of), history=not no_history, generated=_generated(timestamp))
    if output_format == "json":
        text = render.render_json(model)
    elif output_format == "markdown":
        text = render.render_markdown(model)
    elif output_format == "html":
        text = render.render_html(model)
    else:
        text = render.render_text(model, styler(ctx) if output is None else (lambda s, **_: s))
    emit(text, output)


def _categories(value: str) -> tuple[str, ...]:
    from vaulttool.analyse.review import CATEGORIES

    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in CATEGORIES]
    if unknown or not chosen:
        fail(f"--include takes a comma-separated list of {', '.join(CATEGORIES)}, not {value!r}")
    return chosen


@click.command()
@vault_argument
@click.option("--format", "output_format", type=click.Choice(("markdown", "html", "anki")), default="markdown",
              show_default=True)
@output_option
@click.option("--deck", metavar="NAME", help="Title of the sheet and name of the Anki deck (default: the vault's name).")
@click.option("--include", "include", default="corrected,partial,verified", show_default=True, metavar="LIST",
              help="Which cards: any of corrected, partial, verified, open (comma-separated).")
@timestamp_option
@click.pass_context
def review(ctx: click.Context, vault: str, output_format: str, output: str | None, deck: str | None, include: str,
           timestamp: bool) -> None:
    """A study review sheet: one card per corrected, partly right or verified item.

    A card's front is the hypothesis, question or claim as you wrote it; its back is the answer
    or correction with the struck-through first guess, the calculator numbers that belong to it,
    and a link back (obsidian:// URI and path:line). `--include ...,open` adds "still open"
    cards. The anki format writes an .apkg (needs `pip install 'vaulttool[anki]'`) whose note
    ids come from the vault name, path and item text, so re-importing updates the cards.

    \b
    Examples:
      vaulttool review vault > review.md
      vaulttool review vault --format html -o review.html
      vaulttool review vault --format anki -o neuro.apkg --deck Neuro --include corrected,partial,open
    """
    from vaulttool.analyse.review import build_review

    categories = _categories(include)
    if output_format == "anki" and output is None:
        fail("the anki format writes a file: give -o PATH.apkg")
    loaded = load_vault(vault)
    report_problems(loaded, ctx)
    sheet = build_review(loaded, categories, deck=deck, generated=_generated(timestamp))
    if output_format == "anki":
        from vaulttool.render.anki import AnkiMissing, build_package, write_apkg

        try:
            package = build_package(sheet)
        except AnkiMissing as error:
            fail(str(error))
        emit(lambda path: write_apkg(package, sheet.updated, path), output)
        return
    from vaulttool.render import review as render

    emit(render.render_html(sheet) if output_format == "html" else render.render_markdown(sheet), output)
