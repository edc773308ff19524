"""Note text on the sheets: one reading of inline Markdown (markdown-it-py's inline parser with the
parser's own link patterns) for every HTML page and Anki field, and the student's Markdown with
its links rewritten for the Markdown sheets. Expected forms: the CommonMark spec (emphasis, code
spans, backslash escapes, raw HTML), GFM (`~~strike~~`), Pandoc's rule for `$math$`, and
Obsidian's help ("Internal links", "Embed files", "Comments", "Link to a block")."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from vaulttool.parse.markup import normalised, plain_text, words
from vaulttool.render.inline import code_span, html, markdown


def test_emphasis_strike_and_code():
    assert html("*a* **b** ~~c~~ `d <e>`") == "<em>a</em> <strong>b</strong> <del>c</del> <code>d &lt;e&gt;</code>"


def test_intraword_underscores_are_text():
    """CommonMark 6.2: `_` inside a word opens no emphasis."""
    assert html("V_in-V_out") == "V_in-V_out"


def test_math_is_its_tex_as_text():
    """Pandoc: `$` opens math when a non-space follows and closes when a non-space precedes it and
    no digit follows; so `5$ and 6$` is no math."""
    assert html(r"so $\lambda \propto \sqrt{d}$.") == r'so <span class="math">\lambda \propto \sqrt{d}</span>.'
    assert html("costs 5$ and 6$") == "costs 5$ and 6$"
    assert html("$$x^2$$") == '<span class="math">x^2</span>'


def test_wiki_links_show_their_display_text():
    """Obsidian: `[[Note|text]]` shows `text`; `[[Note#Heading]]` shows the note and the heading."""
    assert (
        html("see [[Core Concepts#Selective permeability|permeability]]")
        == 'see <span class="wikilink">permeability</span>'
    )
    assert html("[[Core#A#B]]") == '<span class="wikilink">Core › A › B</span>'
    assert html("[[#^nmda-mg-block]]") == '<span class="wikilink">^nmda-mg-block</span>'


def test_embeds_and_images_are_labels_not_requests():
    assert html("![[pump.png]]") == '<span class="embed">[image: pump.png]</span>'
    assert html("![[Glia#Astrocytes]]") == '<span class="embed">[embed: Glia › Astrocytes]</span>'
    assert html("![a pump](https://example.com/p.png)") == '<span class="embed">[image: a pump]</span>'


def test_markdown_links_are_their_text_without_href():
    assert html("[the *pump*](https://example.com)") == '<span class="link">the <em>pump</em></span>'
    assert html("[x](javascript:alert(1))") == '<span class="link">x</span>'


def test_code_spans_win_over_links_and_comments_are_hidden():
    """Obsidian: nothing in a code span is a link; `%%…%%` is hidden in reading view."""
    assert html("`[[x]]` a %%secret%% b") == "<code>[[x]]</code> a  b"


def test_raw_html_is_text():
    """CommonMark 6.6 reads raw HTML; the sheets never do: it shows escaped."""
    out = html('<script>alert(1)</script><img src=x onerror="alert(2)"> &amp; &copy;')
    assert out == '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror="alert(2)"&gt; &amp; ©'


def test_a_block_id_at_the_end_is_not_shown():
    assert html("no, mostly indirect ^pump") == "no, mostly indirect"
    assert html("a ^caret in the middle") == "a ^caret in the middle"


def test_plain_text_and_normalised():
    assert plain_text("The *pump* ~~is~~ [[Pumps|electrogenic]].") == "The pump is electrogenic."
    assert normalised("The *pump*,  is   ELECTROGENIC!") == "the pump is electrogenic"


@given(st.text(alphabet=st.sampled_from(list("ab *_~`$[]()!|#^%<>&;\\\n")), max_size=40))
def test_the_html_shows_what_plain_text_says(text):
    """A card's identity compares the words of its rendered front (`plain_text`); an earlier deck is
    read back from its HTML field: both must give the same words."""
    assert words(unescape(re.sub(r"<[^>]*>", "", str(html(text))))) == normalised(text)


def test_code_span_holds_any_backticks():
    """CommonMark 6.1: a code span closes at a backtick string of the same length; a space is
    stripped from each side when both are there."""
    for text in ("a`b].md:3", "``x", "plain"):
        (token,) = MarkdownIt("commonmark").parseInline(code_span(text))[0].children
        assert (token.type, token.content) == ("code_inline", text)


TARGETS = {
    ("Neuro/Pumps.md", "[[Glia]]"): ("Neuro/Glia.md", None),
    ("Neuro/Pumps.md", "[[#^b1]]"): ("Neuro/Pumps.md", "^b1"),
    ("Neuro/Pumps.md", "![d](./images/a%20b.png)"): ("Neuro/images/a b.png", None),
    ("Neuro/Pumps.md", "[up](../Index.md#Top)"): ("Index.md", "Top"),
    ("Neuro/Pumps.md", "[[Missing]]"): None,
}


def test_markdown_rewrites_links_from_the_sheet():
    text = "see [[Glia]], [[#^b1]], ![d](./images/a%20b.png), [up](../Index.md#Top) and [[Missing]]"
    at_root = markdown(text, "Neuro/Pumps.md", TARGETS)
    assert at_root == (
        "see [[Neuro/Glia|Glia]], [[Neuro/Pumps#^b1|^b1]], ![d](Neuro/images/a%20b.png), [up](Index.md#Top) and Missing"
    )
    below = markdown(text, "Neuro/Pumps.md", TARGETS, "../")
    assert "![d](../Neuro/images/a%20b.png)" in below and "[up](../Index.md#Top)" in below


def test_markdown_keeps_the_students_markup_and_makes_html_and_scripts_inert():
    text = "*a* ~~b~~ $x_1$ `c<d>` <b onclick=x>e</b> [f](javascript:alert(1)) [g](https://example.com)"
    assert markdown(text, "n.md", {}) == (
        "*a* ~~b~~ $x_1$ `c<d>` &lt;b onclick=x&gt;e&lt;/b&gt; f [g](https://example.com)"
    )


def test_markdown_math_holds_no_tag():
    """`<` in math is TeX's `\\lt` (MathJax), so no Markdown reader can take it for HTML."""
    assert markdown("$a<img src=x onerror=alert(1)>b$", "n.md", {}) == r"$a\lt img src=x onerror=alert(1)\gt b$"


def test_markdown_shows_calculator_spans_as_text():
    text = "so `nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV` holds"
    assert markdown(text, "n.md", {}) == "so nernst: K+ in 140 mM, out 5 mM, 37 °C =&gt; -89 mV holds"


def test_partly_right_first_guesses_are_amber_corrected_ones_struck(make_vault):
    """Issue 13: a partly right first guess was struck in red as if wrong. README: "almost" makes
    an answer partial; struck text before the answer makes the item corrected unless `#partial`."""
    from click.testing import CliRunner

    from vaulttool.cli import main

    root = make_vault(
        {
            "n.md": "- #hypothesis : pumps are channels #explanation : almost, they are ATPases\n"
            "- #hypothesis : the gradient is ~~chemical~~ #explanation : no, electrochemical\n"
            "- #hypothesis : ~~one protein~~ two #explanation : partly, three #partial\n"
        }
    )
    report = CliRunner().invoke(main, ["report", str(root), "--format", "html"]).output
    partial_rows = re.findall(r'<tr class="partial-item">.*?</tr>', report)
    corrected_rows = re.findall(r'<tr class="corrected-item">.*?</tr>', report)
    assert len(partial_rows) == 2 and len(corrected_rows) == 1
    was = [row.split('<td class="text">', 1)[1] for row in partial_rows]
    assert was[0].startswith('<span class="guess">pumps are channels</span>')
    assert was[1].startswith('<span class="guess">one protein</span>')  # then the item as written
    assert "<del>chemical</del>" in corrected_rows[0].split("</td>")[0]
    review = CliRunner().invoke(main, ["review", str(root), "--format", "html"]).output
    assert '<span class="guess">one protein</span>' in review
    assert "<del>chemical</del>" in review
