"""Link resolution, rule by rule (OBSIDIAN_RULES.md 8-24), on small vaults built in a temp folder.

Each test names the rule and its source; expected targets come from Obsidian's documented
behaviour, not from running vaulttool.
"""

from __future__ import annotations

import unicodedata

import pytest

from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.resolve import Resolver
from vaulttool.rules import INFO_CODES


def resolve(root, path: str):
    """(link raw text → resolved path or problem) for every link of one note."""
    vault = load(root)
    resolver = Resolver.of_vault(vault)
    note = vault.note(path)
    return {link.raw: resolver.resolve(note, link) for link in note.links}


def targets(root, path: str) -> dict[str, str | None]:
    return {raw: r.target if r.problem is None else r.problem for raw, r in resolve(root, path).items()}


def codes(root, *, info: bool = True) -> list[tuple[str, int, str]]:
    """Findings as (path, line, code); `info` adds the info codes other than orphan-note."""
    result = Analysis(load(root)).check(extend=INFO_CODES - {"orphan-note"} if info else ())
    return [(d.position.path, d.position.line, d.code) for d in result.diagnostics]


def test_rule_8_wiki_md_and_percent_encoded_links_are_the_same(make_vault):
    """Rule 8 (HELP Internal links): `[[Note x]]`, `[[Note x.md]]`, `[t](Note%20x.md)` and
    `[t](<Note x.md>)` all reach `Note x.md`."""
    root = make_vault(
        {
            "Note x.md": "# Note x\n",
            "a.md": "[[Note x]] [[Note x.md]] [t](Note%20x.md) [u](<Note x.md>)\n",
        }
    )
    assert set(targets(root, "a.md").values()) == {"Note x.md"}


def test_rule_9_paths_start_at_the_root_and_dot_paths_at_the_notes_folder(make_vault):
    """Rule 9 (HELP Internal links): `[[Folder/Note]]` starts at the vault root; `./` and `../`
    start at the linking note's folder."""
    root = make_vault(
        {
            "Neuro/Note.md": "",
            "Neuro/Sub/Deep.md": "",
            "Other/Note.md": "",
            "Neuro/Sub/a.md": "[[Neuro/Note]] [p](../Note.md) [q](./Deep.md) [r](../../Other/Note.md) [s](./Nope.md)\n",
        }
    )
    assert targets(root, "Neuro/Sub/a.md") == {
        "[[Neuro/Note]]": "Neuro/Note.md",
        "[p](../Note.md)": "Neuro/Note.md",
        "[q](./Deep.md)": "Neuro/Sub/Deep.md",
        "[r](../../Other/Note.md)": "Other/Note.md",
        "[s](./Nope.md)": "missing-note",
    }


def test_rule_10_attachments_need_their_extension(make_vault):
    """Rule 10 (HELP Accepted file formats): `[[Figure 1.png]]` reaches the image, `[[Figure 1]]`
    does not; canvas, base, pdf and audio are link targets too."""
    root = make_vault(
        {
            "Figure 1.png": b"\x89PNG",
            "Board.canvas": "{}",
            "Tasks.base": "views: []\n",
            "Paper.pdf": b"%PDF",
            "Talk.mp3": b"ID3",
            "a.md": "![[Figure 1.png]] [[Figure 1]] [[Board.canvas]] ![[Tasks.base]] [[Paper.pdf]] ![[Talk.mp3]]\n",
        }
    )
    assert targets(root, "a.md") == {
        "![[Figure 1.png]]": "Figure 1.png",
        "[[Figure 1]]": "missing-note",
        "[[Board.canvas]]": "Board.canvas",
        "![[Tasks.base]]": "Tasks.base",
        "[[Paper.pdf]]": "Paper.pdf",
        "![[Talk.mp3]]": "Talk.mp3",
    }
    (diagnostic,) = Analysis(load(root)).check().diagnostics
    assert diagnostic.code == "missing-note" and "[[Figure 1.png]]" in diagnostic.hint


def test_rule_11_display_text_escaped_pipe_and_size(make_vault):
    """Rule 11 / 22 (HELP Internal links, Embed files): `|display`, `\\|` in a table and `|size`
    do not change the target."""
    root = make_vault(
        {
            "Note.md": "",
            "img.png": b"\x89PNG",
            "a.md": "[[Note|shown]]\n\n| x | [[Note\\|in table]] |\n|---|---|\n\n![[img.png|100x145]]\n",
        }
    )
    assert set(targets(root, "a.md").values()) == {"Note.md", "img.png"}


def test_rule_12_exact_path_then_same_folder_then_shortest_then_sorted(make_vault):
    """Rule 12 (API getFirstLinkpathDest, OBS #1380): an exact vault path wins; else the file in
    the linking note's folder; else the shortest path; a tie goes to the path that sorts first."""
    root = make_vault(
        {
            "Note.md": "",
            "A/Note.md": "",
            "A/Sub/Note.md": "",
            "A/Sub/a.md": "[[Note]]\n",
            "B/Topic.md": "",
            "C/D/Topic.md": "",
            "Y/Tie.md": "",
            "X/Tie.md": "",
            "A/Sub/b.md": "[[Topic]] [[Tie]]\n",
        }
    )
    assert targets(root, "A/Sub/a.md") == {"[[Note]]": "Note.md"}  # the root path is exact
    resolved = resolve(root, "A/Sub/b.md")
    assert resolved["[[Topic]]"].target == "B/Topic.md"  # shorter than C/D/Topic.md
    assert resolved["[[Tie]]"].target == "X/Tie.md"  # same length: X sorts first
    assert resolved["[[Topic]]"].candidates == ("B/Topic.md", "C/D/Topic.md")


def test_rule_12_same_folder_wins_and_is_only_info(make_vault):
    """Rule 12, step 2: among files with that name, the one in the linking note's own folder
    wins over a shorter path elsewhere. Obsidian then opens that file without doubt, so it is
    `ambiguous-link-in-folder`, info (issue 11, item 8), naming the file chosen; a note in a third
    folder gets the `ambiguous-link` warning, decided by the shortest path."""
    root = make_vault(
        {
            "Publish/Security and privacy.md": "",
            "Sync/Security and privacy.md": "",
            "Sync/Deep/x.md": "",
            "Sync/Set up.md": "[[Security and privacy]]\n",
            "Other/Index.md": "[[Security and privacy]]\n",
        }
    )
    assert targets(root, "Sync/Set up.md") == {"[[Security and privacy]]": "Sync/Security and privacy.md"}
    (warning,) = Analysis(load(root)).check().diagnostics
    assert (warning.position.path, warning.code, warning.severity.value) == (
        "Other/Index.md",
        "ambiguous-link",
        "warning",
    )
    assert '"Sync/Security and privacy.md" (the shortest path)' in warning.message
    (info,) = Analysis(load(root)).check(select=["ambiguous-link-in-folder"]).diagnostics
    assert (info.position.path, info.severity.value) == ("Sync/Set up.md", "info")
    assert '"Sync/Security and privacy.md"' in info.message
    assert "[[Sync/Security and privacy]]" in info.hint


def test_rule_12_a_partial_path_matches_the_end_of_a_files_path(make_vault):
    """Rule 12: "files with that basename" whose path ends with the link's path, so
    `[[Sub/Note]]` reaches `Neuro/Sub/Note.md` but not `Other/Note.md`."""
    root = make_vault({"Neuro/Sub/Note.md": "", "Other/Note.md": "", "a.md": "[[Sub/Note]] [[Sub/Other]]\n"})
    assert targets(root, "a.md") == {"[[Sub/Note]]": "Neuro/Sub/Note.md", "[[Sub/Other]]": "missing-note"}


def test_rule_13_case_insensitive_and_unicode_normalised(make_vault):
    """Rule 13 (OBS #1358): `[[log]]` → `Log.md`, `[[Ext.MD]]` → `Ext.md`; names compare after
    NFC, so a macOS NFD file name matches an NFC link. A case-only match is `case-mismatch` (info)."""
    nfd = unicodedata.normalize("NFD", "Nöte.md")
    root = make_vault({"Log.md": "", "Ext.md": "", nfd: "", "a.md": "[[log]] [[Ext.MD]] [[Nöte]] [[Log]]\n"})
    resolved = targets(root, "a.md")
    assert resolved == {"[[log]]": "Log.md", "[[Ext.MD]]": "Ext.md", "[[Nöte]]": nfd, "[[Log]]": "Log.md"}
    assert codes(root) == [("a.md", 1, "case-mismatch"), ("a.md", 1, "case-mismatch")]
    assert codes(root, info=False) == []


def test_rule_14_aliases_never_resolve(make_vault):
    """Rule 14 (OBS #1358): `[[AL]]` is unresolved even if a note has the alias `AL`."""
    root = make_vault({"Action potential.md": "---\naliases: [AL, AP]\n---\n", "a.md": "[[AP]]\n"})
    assert targets(root, "a.md") == {"[[AP]]": "missing-note"}


def test_rule_15_markdown_links_use_the_same_lookup(make_vault):
    """Rule 15 (OBS #1385): `[y](My%20Note.md)` from the root reaches `Sub/My Note.md`."""
    root = make_vault({"Sub/My Note.md": "", "a.md": "[y](My%20Note.md)\n"})
    assert targets(root, "a.md") == {"[y](My%20Note.md)": "Sub/My Note.md"}


def test_rule_16_links_in_front_matter_are_checked(make_vault):
    """Rule 16 (HELP Properties): `"[[X]]"` in a property is a link; a broken one is reported at
    its line in the front matter."""
    root = make_vault({"Books.md": "", "a.md": '---\ncategories: ["[[Books]]", "[[Films]]"]\n---\ntext\n'})
    assert targets(root, "a.md") == {"[[Books]]": "Books.md", "[[Films]]": "missing-note"}
    assert codes(root, info=False) == [("a.md", 2, "missing-note")]


def test_rule_17_same_note_heading_and_block(make_vault):
    """Rule 17 (HELP Internal links): `[[#Heading]]` and `[[#^id]]` point into the same note; a
    missing heading in the same note is `missing-heading`."""
    root = make_vault({"a.md": "# Top\n\nA paragraph ^para-1\n\n[[#Top]] [[#^para-1]] [[#Bottom]]\n"})
    resolved = resolve(root, "a.md")
    assert resolved["[[#Top]]"].heading.text == "Top"
    assert resolved["[[#^para-1]]"].block.id == "para-1"
    assert resolved["[[#Bottom]]"].problem == "missing-heading"
    (diagnostic,) = Analysis(load(root)).check().diagnostics
    assert (diagnostic.code, diagnostic.position.line, diagnostic.position.column) == ("missing-heading", 5, 23)
    assert diagnostic.end_column == 34  # exclusive: `[[#Bottom]]` is 11 characters


def test_rule_18_a_url_in_double_brackets_is_an_unresolved_note(make_vault):
    """Rule 18 (OBS #1358): `[[https://…]]` is a note link that resolves to nothing."""
    root = make_vault({"a.md": "[[https://example.org]]\n"})
    assert targets(root, "a.md") == {"[[https://example.org]]": "missing-note"}


def test_rule_19_nested_heading_paths(make_vault):
    """Rule 19 (HELP Internal links): `[[Note#H1#H2]]` is H2 under H1; an H2 of that name under
    another H1 does not count."""
    root = make_vault(
        {
            "Note.md": "# Channels\n## Patch clamp\n# Pumps\n## Cycle\n### Steps\n",
            "a.md": "[[Note#Channels#Patch clamp]] [[Note#Pumps#Steps]] [[Note#Pumps#Patch clamp]] [[Note#Cycle]]\n",
        }
    )
    assert targets(root, "a.md") == {
        "[[Note#Channels#Patch clamp]]": "Note.md",
        "[[Note#Pumps#Steps]]": "Note.md",
        "[[Note#Pumps#Patch clamp]]": "missing-heading",
        "[[Note#Cycle]]": "Note.md",
    }


def test_rule_20_headings_compare_by_their_words_and_ignore_case(make_vault):
    """Rule 20, as issue 11 item 1 restates it: punctuation and inline markup do not count, white
    space collapses, case is ignored (decision). Sources: obsidian-broken-links issue #1 (a link
    without the heading's `?` and without its `[[ ]]` works in Obsidian) and its fix, which
    compares both sides after `stripHeading`; dataview's `normalizeHeaderForLink` ("mimics how
    Obsidian does it's normalization": only letters, digits, `_`, `-` and emoji are kept)."""
    root = make_vault(
        {
            "Link.md": "",
            "Note.md": "## Ratio: K+ / Na+\n## How large can it be?\n## [[Link]] in heading\n",
            "a.md": "[[Note#Ratio K+ / Na+]] [[Note#ratio:  k+ / na+]] [[Note#Link in heading]] "
            "[[Note#How large can it be]] [[Note#How small can it be]]\n",
        }
    )
    assert targets(root, "a.md") == {
        "[[Note#Ratio K+ / Na+]]": "Note.md",
        "[[Note#ratio:  k+ / na+]]": "Note.md",
        "[[Note#Link in heading]]": "Note.md",
        "[[Note#How large can it be]]": "Note.md",
        "[[Note#How small can it be]]": "missing-heading",
    }
    (diagnostic,) = Analysis(load(root)).check().diagnostics
    assert diagnostic.hint == "did you mean [[Note#How large can it be?]]?"


def test_rule_21_block_ids_missing_case_and_duplicates(make_vault):
    """Rule 21 (HELP Internal links): `[[Note#^id]]` names a block id written after a space at the
    end of a paragraph or list item; ids compare case-insensitively; a missing one is
    `missing-block`, an id written twice `duplicate-block-id`."""
    root = make_vault(
        {
            "Note.md": "First ^abc-1\n\n- item ^Item2\n\nSecond ^abc-1\n",
            "a.md": "[[Note#^abc-1]] [[Note#^item2]] [[Note#^abc-2]]\n",
        }
    )
    assert targets(root, "a.md") == {
        "[[Note#^abc-1]]": "Note.md",
        "[[Note#^item2]]": "Note.md",
        "[[Note#^abc-2]]": "missing-block",
    }
    assert codes(root, info=False) == [("Note.md", 5, "duplicate-block-id"), ("a.md", 1, "missing-block")]
    missing = Analysis(load(root)).check(select=["missing-block"]).diagnostics[0]
    assert missing.hint == "did you mean ^abc-1?"


def test_rule_22_pdf_page_and_height_are_not_headings_and_missing_images_are_reported(make_vault):
    """Rule 22 (HELP Embed files): `#page=3` and `#height=400` on a pdf are no heading; an embedded
    image that is not in the vault is `missing-attachment`."""
    root = make_vault(
        {
            "doc.pdf": b"%PDF",
            "a.md": "![[doc.pdf#page=3]] ![[doc.pdf#height=400]] ![alt](pics/missing%20figure.png)\n",
        }
    )
    assert codes(root) == [("a.md", 1, "missing-attachment")]


def test_rule_23_obsidian_uris_for_this_vault_are_checked(make_vault):
    """Rule 23 (HELP Obsidian URI): `obsidian://open?vault=NAME&file=PATH` (`.md` optional, `%23`
    a heading) and `obsidian://vault/NAME/PATH` are resolved when NAME is this vault's folder name
    or a name in `.vaulttool.toml`; another vault's URIs are `foreign-vault-uri` (info); URIs that
    open no file (`search`, a vault alone) are left alone."""
    root = make_vault(
        {
            ".vaulttool.toml": '[vault]\nnames = ["Study"]\n',
            "Neuro/Glia.md": "# Myelin\n",
            "a.md": "[g](obsidian://open?vault=Study&file=Neuro%2FGlia%23Myelin)\n"
            "[h](obsidian://open?vault=vault&file=Neuro%2FGlia.md)\n"
            "obsidian://vault/Study/Neuro/Glia\n"
            "[x](obsidian://open?vault=Study&file=Neuro%2FAstrocytes)\n"
            "[y](obsidian://open?vault=Study&file=Neuro%2FGlia%23Oligodendrocytes)\n"
            "[z](obsidian://open?vault=Elsewhere&file=Neuro%2FNope)\n"
            "[v](obsidian://open?vault=Elsewhere) [s](obsidian://search?query=glia) [o](obsidian://open?vault=Study)\n",
        }
    )
    assert codes(root) == [
        ("a.md", 4, "missing-note"),
        ("a.md", 5, "missing-heading"),
        ("a.md", 6, "foreign-vault-uri"),
        ("a.md", 7, "foreign-vault-uri"),
    ]


def test_rule_24_excluded_files_are_still_link_targets_and_dot_folders_are_not(make_vault):
    """Rule 24: files in `userIgnoreFilters` are excluded from search and graph but still link
    targets; dot-folders (the config folder, `.trash`) hold no notes to link to."""
    root = make_vault(
        {
            ".obsidian/app.json": '{"userIgnoreFilters": ["Archive/"]}',
            "Archive/Old.md": "",
            ".trash/Gone.md": "",
            "a.md": "[[Old]] [[Gone]]\n",
        }
    )
    assert targets(root, "a.md") == {"[[Old]]": "Archive/Old.md", "[[Gone]]": "missing-note"}


@pytest.mark.parametrize(
    "link",
    [
        "[up](../outside.md)",
        "[[../outside]]",
        "[abs](/etc/hostname)",
        "[f](file:///etc/hostname)",
        "[w](C:\\Users\\x.md)",
        "[[Folder/../../outside]]",
    ],
)
def test_paths_that_leave_the_vault_are_errors_and_never_followed(make_vault, tmp_path, link):
    """The issue: a link whose path would leave the vault (`..` past the root, an absolute path,
    `file://`) is an `outside-vault` error, even when the file exists out there."""
    (tmp_path / "outside.md").write_text("# exists\n")
    root = make_vault({"Folder/x.md": "", "a.md": link + "\n"})
    assert codes(root, info=False) == [("a.md", 1, "outside-vault")]


def test_empty_links_are_info_only(make_vault):
    """A link with nothing to link to: `[[]]`, `[[#]]`, `[[|shown]]`, `[t]()`. Obsidian shows
    `[[]]` and `[[#]]` as text and lists no unresolved link for them (issue 11, item 6), so
    `empty-link` is info: not reported by default, found when asked."""
    root = make_vault({"a.md": "[[]] and [[#]] and [[|shown]] and [t]()\n"})
    assert codes(root, info=False) == []
    assert [c for _, _, c in codes(root)] == ["empty-link"] * 4


def test_links_inside_code_comments_and_math_are_ignored(make_vault):
    """Rule 6 (decision): nothing inside inline code, fenced or indented code, math or comments
    is a link, so none of these broken links is reported."""
    root = make_vault(
        {
            "a.md": "`[[Nope]]` $[[Nope2]]$ %%[[Nope3]]%% <!-- [[Nope4]] -->\n\n"
            "```\n[[Nope5]] ![x](missing.png)\n```\n\n    [[Nope6]]\n"
        }
    )
    assert codes(root) == []


def test_a_name_starting_with_a_tilde_is_no_home_folder(make_vault):
    """Only `~/` starts a home-folder path; `[[~Draft]]` is a note name like any other (rule 12)."""
    root = make_vault({"~Draft.md": "", "a.md": "[[~Draft]] [h](~/notes.md)\n"})
    assert targets(root, "a.md") == {"[[~Draft]]": "~Draft.md", "[h](~/notes.md)": "outside-vault"}


@pytest.mark.parametrize(
    ("heading", "link"),
    [
        ("## Can I ask a question?", "Can I ask a question"),
        ("## `hasTag()`", "hasTag"),
        ("## **Bold** [[Other]] heading", "Bold Other heading"),
        ("## Header  [[Outer Wilds|Thing]]  ", "Header Outer Wilds Thing"),
        ("## Header   📷 [[Outer Wilds]]", "Header 📷 Outer Wilds"),
        ("## Header _ More _", "header _ more _"),
    ],
)
def test_rule_20_the_issues_headings_open_as_in_obsidian(make_vault, heading, link):
    """Issue 11, item 1: `[[A#Can I ask a question]]` opens `## Can I ask a question?`,
    `[[A#hasTag]]` opens ``## `hasTag()` ``, `[[A#Bold Other heading]]` opens
    `## **Bold** [[Other]] heading` (obsidian-broken-links issue #1: headings ending in `?` and
    holding `[[links]]` "all work in Obsidian"); the last three are the test cases of dataview's
    `normalizeHeaderForLink` (src/test/util/normalize.test.ts: Link with Display, Emoji, Underscore)."""
    root = make_vault(
        {
            "Other.md": "",
            "Outer Wilds.md": "",
            "A.md": f"# Top\n{heading}\n",
            "a.md": f"[[A#{link}]] [[A#Top#{link}]]\n",
        }
    )
    assert set(targets(root, "a.md").values()) == {"A.md"}
    assert codes(root) == []


def test_rule_20_a_real_miss_still_has_its_hint(make_vault):
    """Issue 11, item 1: "keep the did-you-mean hint for real misses": the hint writes the heading
    the way Obsidian links it (stripHeading keeps the backticks and parentheses)."""
    root = make_vault(
        {
            "A.md": "## `hasTag()`\n## Can I ask a question?\n",
            "a.md": "[[A#hasTags]] [[A#Can I ask a questio]] [[A#Nothing like it]]\n",
        }
    )
    found = Analysis(load(root)).check().diagnostics
    assert [(d.code, d.hint) for d in found] == [
        ("missing-heading", "did you mean [[A#`hasTag()`]]?"),
        ("missing-heading", "did you mean [[A#Can I ask a question?]]?"),
        ("missing-heading", None),
    ]


@pytest.mark.parametrize("name", ["Budget.xlsx", "Slides.pptx", "Draft.docx", "data.csv", "Paper.pdf"])
def test_a_missing_document_is_a_missing_attachment(make_vault, name):
    """Issue 11, item 8: a link to a missing `.xlsx` or `.pdf` is "no such file", not "no such
    note": a file with its extension (rule 10: "non-markdown targets need their extension")."""
    root = make_vault({"a.md": f"[[{name}]] [x]({name})\n"})
    found = Analysis(load(root)).check().diagnostics
    assert [d.code for d in found] == ["missing-attachment"] * 2
    assert all("no such file" in d.message for d in found)


def test_rule_12_a_tie_of_shortest_paths_is_a_warning_naming_sort_order(make_vault):
    """Rule 12, step 3 and its tie (decision: the path that sorts first): Obsidian's choice is
    by length or order, not certain for the writer, so `ambiguous-link` stays a warning and
    says which tie-break chose."""
    root = make_vault({"X/Tie.md": "", "Y/Tie.md": "", "Z/a.md": "[[Tie]]\n"})
    (warning,) = Analysis(load(root)).check().diagnostics
    assert (warning.code, warning.severity.value) == ("ambiguous-link", "warning")
    assert '"X/Tie.md" (the first in sort order of the shortest paths)' in warning.message


def test_one_resolver_gives_each_note_its_own_resolution_of_the_same_link(make_vault):
    """A resolver resolves a link written the same in many notes once where it leads to the same
    place from every note. Where it does not, each note still gets its own (rules 9, 12, 17):
    a name two folders hold goes to the linking note's folder, `./` starts at its folder and
    `[[#H]]` points into the note itself; a name one file has leads there from everywhere."""
    same = "[[Note]] [[./Near]] [[#Top]] [[Only#Part]]\n"
    root = make_vault(
        {
            "A/Note.md": "",
            "B/Note.md": "",
            "A/Near.md": "",
            "Only.md": "# Part\n",
            "A/a.md": "# Top\n" + same,
            "B/b.md": same,
        }
    )
    vault = load(root)
    resolver = Resolver.of_vault(vault)
    found = {
        path: {link.raw: resolver.resolve(vault.note(path), link) for link in vault.note(path).links}
        for path in ("A/a.md", "B/b.md", "A/a.md")
    }
    a, b = found["A/a.md"], found["B/b.md"]
    assert (a["[[Note]]"].target, b["[[Note]]"].target) == ("A/Note.md", "B/Note.md")
    assert (a["[[./Near]]"].target, b["[[./Near]]"].problem) == ("A/Near.md", "missing-note")
    assert (a["[[#Top]]"].target, a["[[#Top]]"].problem) == ("A/a.md", None)
    assert (b["[[#Top]]"].target, b["[[#Top]]"].problem) == ("B/b.md", "missing-heading")
    for note, resolved in (("A/a.md", a), ("B/b.md", b)):
        only = resolved["[[Only#Part]]"]
        assert (only.source, only.target, only.heading.text) == (note, "Only.md", "Part")
        assert only.link.position.path == note
