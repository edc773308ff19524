"""Each diagnostic code of `vaulttool check` on a small vault, and how codes are chosen
(`--select`, `--ignore`, `.vaulttool.toml [check]`, the `%% vaulttool: ignore[…] %%` comment)."""

from __future__ import annotations

import re

import pytest

from vaulttool import VaultError, load
from vaulttool.analyse import Analysis
from vaulttool.rules import RULES, Severity, UnknownCodeError


def found(root, **options) -> list[tuple[str, int, str]]:
    return [(d.position.path, d.position.line, d.code) for d in Analysis(load(root)).check(**options).diagnostics]


def test_the_catalogue_has_every_code_of_the_issue_with_its_severity():
    """Issue 4, Diagnostics: the errors, warnings and info codes; plus our `orphan-answer` warning
    (an answer tag that closes nothing); issue 9: the calculator's results are codes of the same
    registry (`claim-fails`, `claim-error`), reported by `verify`, not by `check`. Issue 11 moved
    `empty-link` to info (`[[]]` is no broken link in Obsidian), split `ambiguous-link-in-folder`
    (info) from `ambiguous-link`, and added the `unquoted-property-link` and `deprecated-property`
    warnings. Issue 16: `unreadable` and `too-large` (a note that cannot be read, or is over the size
    limit, is reported and the run goes on)."""
    by_severity = {
        severity: {code for code, rule in RULES.items() if rule.severity is severity} for severity in Severity
    }
    assert by_severity[Severity.ERROR] == {
        "missing-note",
        "missing-heading",
        "missing-block",
        "missing-attachment",
        "outside-vault",
        "bad-front-matter",
        "undecodable",
        "unreadable",
        "too-large",
        "claim-fails",
        "claim-error",
    }
    assert by_severity[Severity.WARNING] == {
        "ambiguous-link",
        "duplicate-block-id",
        "unknown-lifecycle-tag",
        "orphan-answer",
        "unquoted-property-link",
        "deprecated-property",
    }
    assert by_severity[Severity.INFO] == {
        "orphan-note",
        "foreign-vault-uri",
        "case-mismatch",
        "empty-link",
        "ambiguous-link-in-folder",
    }
    assert all(rule.summary and rule.example for rule in RULES.values())


def test_missing_note_hint_names_the_closest_note(make_vault):
    """The issue: a hint "did you mean [[Membrane Potential]]?" from the closest existing names."""
    root = make_vault({"Membrane Potential.md": "", "a.md": "see [[Membrane Potentail]]\n"})
    (diagnostic,) = Analysis(load(root)).check().diagnostics
    assert (diagnostic.code, diagnostic.severity) == ("missing-note", Severity.ERROR)
    assert diagnostic.hint == "did you mean [[Membrane Potential]]?"
    assert (diagnostic.position.column, diagnostic.end_column) == (5, 27)


def test_hints_searched_in_a_batch_are_the_same(make_vault, monkeypatch):
    """Issue 15: missing links' hints are searched at once, in a batch; each is the hint the
    search of one word gives, and difflib's: its ratio, a tie going to the name difflib's
    `get_close_matches` puts first (the greatest)."""
    import difflib

    from vaulttool.analyse.closest_names import Names

    names = ["Membrane Potential", "Action Potential", "Resting Potential", "Synapse", "Synaptic Cleft"]
    names += ["Neuron A", "Neuron B"]
    files = {f"{name}.md": "" for name in names}
    typos = ["Membrane Potentail", "Acton Potential", "Synapes", "Synaptic Clfet", "Nothing like it", "Potential"]
    typos += ["Neuron C"]
    files["a.md"] = "".join(f"see [[{typo}]]\n" for typo in typos)
    root = make_vault(files)

    def hints() -> list[str | None]:
        return [d.hint for d in Analysis(load(root)).check().diagnostics]

    serial = hints()
    monkeypatch.setattr(Names, "BULK_WORK", 0)  # batches from the first search on
    assert hints() == serial
    batch, alone = Names(names), Names(names)
    batch.search(typos)
    assert batch.alone == 0  # searched in a batch
    assert [batch.found[typo.lower()] for typo in typos] == [alone.closest(typo) for typo in typos]
    assert serial == [
        "did you mean [[Membrane Potential]]?",
        "did you mean [[Action Potential]]?",
        "did you mean [[Synapse]]?",
        "did you mean [[Synaptic Cleft]]?",
        None,
        "did you mean [[Action Potential]]?",  # ratio 2·9/(9+16) = 0.72; Resting Potential's is 0.69
        "did you mean [[Neuron B]]?",  # 0.875 for both Neuron A and Neuron B
    ]
    lowered = {name.lower(): name for name in names}
    for typo, hint in zip(typos, serial):
        near = difflib.get_close_matches(typo.lower(), list(lowered), n=1, cutoff=0.7)
        assert hint == (f"did you mean [[{lowered[near[0]]}]]?" if near else None)


@pytest.mark.parametrize(("chunk", "bulk", "sieve"), [(1, None, False), (5, 0, False), (32, 0, False), (5, 0, True)])
def test_notes_checked_in_worker_processes_give_the_same_findings(
    make_vault, tmp_path, monkeypatch, chunk, bulk, sieve
):
    """Issue 15: many notes are resolved and checked in forked workers; every finding, hint and
    count is the one a check in this process gives, and the kept findings make the next run's.
    Notes are checked in chunks, a chunk's missing files' hints searched at once (in a batch when
    `bulk` is 0, sieved with `sieve`): one note, a chunk that leaves a smaller last one, and all
    24 in one."""
    import vaulttool.analyse.checks as checks_module

    monkeypatch.setattr(checks_module, "CHECK_CHUNK", chunk)
    if bulk is not None:
        monkeypatch.setattr(checks_module.Names, "BULK_WORK", bulk)
    if sieve:
        monkeypatch.setattr(checks_module.Names, "SIEVE_NAMES", 0)

    files = {f"d{i % 4}/Neuron {i}.md": f"# Neuron {i}\n\n## Spikes\n\nA claim. ^b{i}\n" for i in range(24)}
    files["img.png"] = b"\x89PNG\r\n\x1a\n"
    for i in range(24):
        files[f"d{i % 4}/Neuron {i}.md"] += (
            f"- [[Neuron {(i + 1) % 24}#Spikes]] [[Neuron {(i + 5) % 24}#^b{(i + 5) % 24}]] #hypotesis\n"
            f"- [[Nueron {i}]] [[Neuron {(i + 1) % 24}#Spiks]] [[Neuron {i}#^nope]] ![[img.jpg]] [[img]]\n"
            f"- [[Neuron {(i + 2) % 24}#^b{i}]] %% vaulttool: ignore[missing-block] %%\n"
        )
    root = make_vault(files)

    def findings(cache: str, parallel: bool) -> list[tuple[str, int, int, str, str | None]]:
        monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / cache))
        monkeypatch.setattr(checks_module, "CHECK_PARALLEL", 2 if parallel else 10**9)
        result = Analysis(load(root)).check()
        assert (result.notes, result.links) == (24, 24 * 8)
        return [(d.position.path, d.position.line, d.position.column, d.code, d.hint) for d in result.diagnostics]

    serial = findings("serial", parallel=False)
    assert findings("parallel", parallel=True) == serial
    assert findings("parallel", parallel=True) == serial  # each note's findings kept by the workers' run
    codes = [code for _, _, _, code, _ in serial]
    assert {code: codes.count(code) for code in set(codes)} == {
        "missing-note": 48,  # [[Nueron i]], and [[img]] (an attachment needs its extension)
        "missing-heading": 24,
        "missing-block": 24,
        "missing-attachment": 24,
        "unknown-lifecycle-tag": 24,
    }
    assert ("d1/Neuron 1.md", 7, 3, "missing-note", "did you mean [[Neuron 1]]?") in serial
    assert ("d1/Neuron 1.md", 7, 16, "missing-heading", "did you mean [[Neuron 2#Spikes]]?") in serial
    assert ("d1/Neuron 1.md", 7, 54, "missing-attachment", "did you mean [[img.png]]?") in serial


def test_parse_problems_are_reported(make_vault):
    """Rule 25 (HELP Properties): malformed YAML is `bad-front-matter`; bytes that are not UTF-8
    are `undecodable`; both are errors."""
    root = make_vault({"bad.md": "---\ntags: [a, b\n---\nbody\n", "latin.md": "caf\xe9\n".encode("latin-1")})
    codes = {code for _, _, code in found(root)}
    assert codes == {"bad-front-matter", "undecodable"}


@pytest.mark.parametrize(
    ("tag", "flagged"),
    [
        ("hypotesis", "hypothesis"),
        ("verfied", "verified"),
        ("wating", "waiting"),
        ("verifed", None),
        ("hypothesis", None),
        ("neuro", None),
        ("neuro/hypotesis", None),
    ],
)
def test_unknown_lifecycle_tag_is_a_near_miss_of_the_vocabulary(make_vault, tag, flagged):
    """The issue: `#hypotesis` and `#verfied` are near misses of the lifecycle vocabulary;
    `#verifed` is vocabulary (the seed note's own spelling), not a typo; unrelated and nested
    tags are not lifecycle tags at all."""
    root = make_vault({"a.md": f"- I think so #{tag}\n"})
    diagnostics = Analysis(load(root)).check(select=["unknown-lifecycle-tag"]).diagnostics
    if flagged is None:
        assert diagnostics == ()
    else:
        (diagnostic,) = diagnostics
        assert (diagnostic.code, diagnostic.severity, diagnostic.hint) == (
            "unknown-lifecycle-tag",
            Severity.WARNING,
            f"did you mean #{flagged}?",
        )


def test_a_nested_near_miss_keeps_its_child_and_each_tag_is_flagged_where_it_stands(make_vault):
    """A nested tag is read by its first segment (as the lifecycle reads `#hypothesis/strong`):
    `#Hypotesis/strong` is a near miss whose hint keeps the child as written; the same tag in
    another note is flagged there too, and the vocabulary's own `#hypothesis/strong` never."""
    root = make_vault(
        {
            "a.md": "- so #Hypotesis/strong\n",
            "b.md": "- again #Hypotesis/strong and #hypothesis/strong\n",
        }
    )
    diagnostics = Analysis(load(root)).check(select=["unknown-lifecycle-tag"]).diagnostics
    assert [(d.position.path, d.position.column, d.end_column, d.hint) for d in diagnostics] == [
        ("a.md", 6, 23, "did you mean #hypothesis/strong?"),
        ("b.md", 9, 26, "did you mean #hypothesis/strong?"),
    ]


def test_lifecycle_vocabulary_from_config_counts(make_vault):
    """`.vaulttool.toml [lifecycle]` extends the vocabulary: a configured word is no near miss."""
    root = make_vault(
        {".vaulttool.toml": '[lifecycle]\nhypothesis = ["hypothesis", "hypotheses"]\n', "a.md": "- guess #hypotheses\n"}
    )
    assert found(root) == []


def test_orphan_note_only_when_asked(make_vault):
    """`orphan-note` (info, off unless asked): no links in or out; a link to a missing note is a
    link out, a self-link is not."""
    root = make_vault({"a.md": "[[b]]\n", "b.md": "", "lonely.md": "# x\n[[#x]]\n", "c.md": "[[gone]]\n"})
    assert [c for *_, c in found(root)] == ["missing-note"]
    assert found(root, extend=["orphan-note"]) == [("c.md", 1, "missing-note"), ("lonely.md", 1, "orphan-note")]


def test_select_and_ignore(make_vault):
    """`--select` keeps only those codes (info codes too), `--ignore` drops codes."""
    root = make_vault({"a.md": "[[gone]] [[]] [x](../up.md)\n", "Log.md": "", "b.md": "[[log]]\n"})
    assert [c for *_, c in found(root)] == ["missing-note", "outside-vault"]
    assert [c for *_, c in found(root, select=["empty-link,case-mismatch"])] == ["empty-link", "case-mismatch"]
    assert [c for *_, c in found(root, ignore=["missing-note"])] == ["outside-vault"]


def test_config_check_table(make_vault):
    """`.vaulttool.toml [check]`: `select` replaces the default set (the command line's replaces
    it again), `ignore` adds to the command line's."""
    root = make_vault(
        {
            ".vaulttool.toml": '[check]\nselect = ["missing-note", "empty-link"]\nignore = ["empty-link"]\n',
            "a.md": "[[gone]] [[]] [x](../up.md)\n",
        }
    )
    assert [c for *_, c in found(root)] == ["missing-note"]
    assert [c for *_, c in found(root, select=["outside-vault", "empty-link"])] == ["outside-vault"]


@pytest.mark.parametrize(
    ("files", "options", "message"),
    [
        ({}, {"select": ["missing-nope"]}, "unknown rule code missing-nope in --select"),
        ({}, {"ignore": ["a,b"]}, "unknown rule codes a, b in --ignore"),
    ],
)
def test_unknown_codes_on_the_command_line_are_usage_errors(make_vault, files, options, message):
    """Unknown codes on the command line are a one-line usage error."""
    root = make_vault({"a.md": "", **files})
    with pytest.raises(UnknownCodeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Analysis(load(root)).check(**options)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('[check]\nignore = ["typo"]\n', "unknown rule code typo in .+.vaulttool.toml [check] ignore"),
        ("[check]\nstrict = true\n", "unknown key strict in [check] (known: select, ignore)"),
        ("[check]\nselec = 1\n", "unknown key selec in [check]"),
        ("[chek]\nselect = []\n", "unknown table [chek] (known: [vault], [lifecycle], [check], [verify])"),
        ("[check]\nselect = 1\n", "[check] select must be a list of strings"),
    ],
)
def test_settings_are_checked_when_the_vault_is_loaded(make_vault, settings, message):
    """Issue 9: `.vaulttool.toml` is typed and checked at load, so an unknown table or key, or a
    wrong type, stops every command, not only the one that reads that table."""
    root = make_vault({"a.md": "", ".vaulttool.toml": settings})
    with pytest.raises(VaultError, match=re.escape(message).replace(r"\.\+", ".+")):
        load(root)


def test_a_line_opts_out_with_a_comment(make_vault):
    """The issue: `%% vaulttool: ignore[missing-note] %%` silences that code on that line only."""
    root = make_vault(
        {
            "a.md": "[[gone]] %% vaulttool: ignore[missing-note] %%\n"
            "[[gone too]]\n"
            "[x](../up.md) %% vaulttool: ignore[missing-note, ambiguous-link] %%\n"
        }
    )
    assert found(root) == [("a.md", 2, "missing-note"), ("a.md", 3, "outside-vault")]


def test_vault_diagnostics_from_python(make_vault):
    """DESIGN.md: `Analysis(vault).diagnostics()` gives the same findings from Python; info on request."""
    root = make_vault({"a.md": "[[gone]]\n", "b.md": ""})
    vault = load(root)
    assert [d.code for d in Analysis(vault).diagnostics()] == ["missing-note"]
    assert [d.code for d in Analysis(vault).diagnostics(include_info=True)] == ["missing-note", "orphan-note"]
    assert Analysis(vault).diagnostics(ignore=["missing-note"]) == ()


def test_orphan_answer_only_when_no_rule_closes_an_item(make_vault):
    """Issue 10, rules 1 and 8: an answer in a child bullet closes its parent's item (no warning);
    one written after a heading that ends the item's section closes nothing, and the hint names
    that heading and the item it would have answered."""
    root = make_vault(
        {
            "n.md": (
                "## Pumps\n"
                "- #hypothesis : the pump is electrogenic\n"
                "\t- #explanation : yes, 3 Na+ out for 2 K+ in\n"
                "- #hypothesis : the pump sets the resting potential\n"
                "## Channels\n"
                "#explanation : no, the K+ leak does\n"
            )
        }
    )
    (diagnostic,) = Analysis(load(root)).check().diagnostics
    assert (diagnostic.code, diagnostic.severity, diagnostic.position.line, diagnostic.position.column) == (
        "orphan-answer",
        Severity.WARNING,
        6,
        1,
    )
    assert diagnostic.end_column == 1 + len("#explanation")
    assert "heading on line 5" in diagnostic.hint and "#hypothesis on line 4" in diagnostic.hint


def test_orphan_answer_hint_names_the_item_already_closed(make_vault):
    """Issue 10, rule 8: a second answer to an item already answered closes nothing; its hint says
    which item it follows, by which rule, and where that item was answered."""
    root = make_vault(
        {
            "n.md": (
                "- #hypothesis : the pump is electrogenic #explanation : yes\n"
                "\t- #clarification : 3 Na+ out for 2 K+ in\n"
            )
        }
    )
    (diagnostic,) = Analysis(load(root)).check().diagnostics
    assert (diagnostic.code, diagnostic.position.line) == ("orphan-answer", 2)
    assert diagnostic.hint == (
        "the #hypothesis on line 1, which it would answer (rule child), is already closed by the answer on line 1"
    )
