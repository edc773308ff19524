"""The HTML report and review sheet in headless Chromium: the cards and charts are there, no request
leaves the page, nothing from a hostile note runs, light/dark/print styles apply, and a screenshot
(kept under tests/output/, not committed) is not blank."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from report_support import devtools, hostile_vault, page  # noqa: F401 - fixtures

from conftest import VAULT
from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.analyse.review import CATEGORIES
from vaulttool.cli import main

ALL = ",".join(CATEGORIES)
PAYLOAD_CHECK = """JSON.stringify({
  title: document.title,
  scripts: document.querySelectorAll('script').length,
  images: document.querySelectorAll('img, iframe, object, embed').length,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
  jsLinks: [...document.querySelectorAll('a')].filter(a => !/^(obsidian:|#)/.test(a.getAttribute('href') || '#')).length,
  text: document.body.innerText,
})"""


def write(tmp_path, command: str, vault, fmt: str, *options: str):
    target = tmp_path / f"{command}.html"
    result = CliRunner().invoke(main, [command, str(vault), "--format", fmt, "-o", str(target), *options])
    assert result.exit_code == 0, result.output
    return target


def assert_not_blank(png) -> None:
    Image = pytest.importorskip("PIL.Image")
    ImageStat = pytest.importorskip("PIL.ImageStat")
    with Image.open(png) as image:
        grey = image.convert("L")
        assert grey.size[0] > 500 and grey.size[1] > 500
        assert ImageStat.Stat(grey).stddev[0] > 10  # a blank page has no variance
        histogram = grey.histogram()
        assert sum(histogram[:128]) > 0.01 * sum(histogram)  # some dark ink on the light page


def test_report_page_in_chromium(page, tmp_path, untouched_vault):  # noqa: F811
    html = write(tmp_path, "report", untouched_vault, "html")
    page.open(html)
    assert page.requests() == [html.resolve().as_uri()]  # the page itself, nothing else
    facts = json.loads(page.evaluate(PAYLOAD_CHECK))
    assert facts["title"] == "Report: Obsidian Vault"
    assert (facts["scripts"], facts["images"], facts["handlers"], facts["jsLinks"]) == (0, 0, 0, 0)
    for heading in ("Corrected", "Partly right", "Unresolved", "Numbers", "Summary", "Over time"):
        assert heading in facts["text"]
    charts = page.evaluate(
        "[...document.querySelectorAll('figure.chart svg')].map(s => s.getBoundingClientRect().height)"
    )
    assert len(charts) == 2 and all(height > 50 for height in charts)  # lifecycle and timeline (vault is in git)
    assert page.evaluate("document.querySelectorAll('tr.corrected-item').length") == len(
        [i for i in Analysis(load(VAULT)).items if i.outcome == "corrected"]
    )
    assert_not_blank(page.screenshot("report.png"))


def test_review_sheet_in_chromium(page, tmp_path, untouched_vault):  # noqa: F811
    html = write(tmp_path, "review", untouched_vault, "html", "--include", ALL)
    page.open(html)
    assert page.requests() == [html.resolve().as_uri()]
    facts = json.loads(page.evaluate(PAYLOAD_CHECK))
    assert facts["title"] == "Review: Obsidian Vault"
    assert (facts["scripts"], facts["images"], facts["handlers"]) == (0, 0, 0)
    cards = Analysis(load(VAULT)).review(CATEGORIES).cards
    assert page.evaluate("document.querySelectorAll('article.card').length") == len(cards)
    assert page.evaluate("document.querySelectorAll('article.card del').length") > 0  # first guesses struck
    assert_not_blank(page.screenshot("review.png"))


FOLDED = """JSON.stringify([...document.querySelectorAll('article.card')].map(card => ({
  front: card.querySelector('.front').innerText,
  open: card.querySelector('details.back').open,
  shown: [...card.querySelectorAll('.answer, .original, .outcome')].map(e => e.checkVisibility()),
  summary: card.querySelector('details.back > summary').checkVisibility(),
})))"""


def test_review_sheet_is_a_self_test(page, tmp_path, untouched_vault):  # noqa: F811
    """Issue 13: every card's back is a folded <details> (no script: HTML's own disclosure element);
    the front never holds the answer; printed, every answer shows and the toggles do not."""
    html = write(tmp_path, "review", untouched_vault, "html", "--include", ALL)
    page.open(html)
    cards = Analysis(load(VAULT)).review(CATEGORIES).cards
    folded = json.loads(page.evaluate(FOLDED))
    assert len(folded) == len(cards)
    for card, shown in zip(cards, folded):
        assert shown["open"] is False and shown["summary"] is True
        assert shown["shown"] and not any(shown["shown"])  # outcome, first guess and answer hidden
        if card.back:
            assert card.back[:30] not in shown["front"]
    seed = next(c for c in folded if c["front"].startswith("A membrane potential is measured"))
    assert "V_in-V_out" not in seed["front"] and "V_in-V_out" not in page.evaluate("document.body.innerText")
    page.emulate(media="print")
    printed = json.loads(page.evaluate(FOLDED))
    assert all(all(card["shown"]) and not card["summary"] for card in printed)
    assert "V_in-V_out" in page.evaluate("document.body.innerText")
    page.emulate()
    page.evaluate("document.querySelector('details.back').open = true")  # a click, as a reader would
    assert all(json.loads(page.evaluate(FOLDED))[0]["shown"])


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("command", ["review", "report"])
def test_screenshots_light_and_dark(page, tmp_path, untouched_vault, command, dark):  # noqa: F811
    """The pages as a student sees them (kept in tests/output/ to look at), with nothing loaded from
    outside: the only request is the page itself."""
    html = write(tmp_path, command, untouched_vault, "html", *(["--include", ALL] if command == "review" else []))
    page.emulate(dark=dark)
    page.open(html)
    assert page.requests() == [html.resolve().as_uri()]
    if command == "review":
        assert page.evaluate("[...document.querySelectorAll('details')].every(d => !d.open)")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(13, 17, 23)" if dark else "rgb(255, 255, 255)")
    shot = page.screenshot(f"{command}-{'dark' if dark else 'light'}.png")
    page.emulate()
    Image = pytest.importorskip("PIL.Image")
    with Image.open(shot) as image:
        grey = image.convert("L")
        mean = sum(i * n for i, n in enumerate(grey.histogram())) / (grey.size[0] * grey.size[1])
    assert (mean < 80) if dark else (mean > 175)  # mostly dark or mostly light, with ink on it


def test_light_dark_and_print_styles(page, tmp_path):  # noqa: F811
    page.open(write(tmp_path, "review", VAULT, "html"))
    background = "getComputedStyle(document.body).backgroundColor"
    page.emulate(dark=False)
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.emulate(dark=True)
    assert page.evaluate(background) == "rgb(13, 17, 23)"
    page.emulate(media="print", dark=True)
    assert page.evaluate(background) == "rgb(255, 255, 255)"  # print is always light
    assert page.evaluate("getComputedStyle(document.querySelector('article.card')).breakInside") == "avoid"
    page.emulate()


@pytest.mark.parametrize("command", ["report", "review"])
def test_hostile_note_does_not_run(page, tmp_path, hostile_vault, command):  # noqa: F811
    """<script>, <img onerror>, a javascript: link, an iframe and a note named `<svg onload=…>` all
    show as text: the title the payloads would set is unchanged, no element they make exists, and
    no request is attempted (an <img src=x> or <iframe> would ask for one)."""
    html = write(tmp_path, command, hostile_vault, "html", *(["--include", ALL] if command == "review" else []))
    page.open(html)
    assert page.requests() == [html.resolve().as_uri()]
    facts = json.loads(page.evaluate(PAYLOAD_CHECK))
    assert facts["title"] == f"{command.title()}: vault"
    assert (facts["scripts"], facts["images"], facts["handlers"], facts["jsLinks"]) == (0, 0, 0, 0)
    assert page.evaluate("document.querySelectorAll('svg [onload], b').length") == 0
    assert '<script>document.title = "pwned"</script>' in facts["text"]
    assert "<svg onload=alert(1)>" in facts["text"]
    if command == "review":  # the javascript: link shows as its text only, and is no link
        assert "a link is clickable" in facts["text"]
    assert_not_blank(page.screenshot(f"hostile-{command}.png"))
