"""Each diagnostic code of `vaulttool check` on a small vault, and how codes are chosen
(`--select`, `--ignore`, `.vaulttool.toml [check]`, the `%% vaulttool: ignore[…] %%` comment)."""

from __future__ import annotations

import pytest

from vaulttool import load
from vaulttool.analyse.checks import RULES, CheckConfigError, check_vault
from vaulttool.model import Severity


def found(root, **options) -> list[tuple[str, int, str]]:
    return [(d.position.path, d.position.line, d.code) for d in check_vault(load(root), **options).diagnostics]


def test_the_catalogue_has_every_code_of_the_issue_with_its_severity():
    """Issue 4, Diagnostics: eight errors, three warnings, three info codes; plus our `orphan-answer`
    warning (an answer tag that closes nothing)."""
    by_severity = {severity: {code for code, rule in RULES.items() if rule.severity is severity} for severity in Severity}
    assert by_severity[Severity.ERROR] == {"missing-note", "missing-heading", "missing-block", "missing-attachment",
                                           "outside-vault", "empty-link", "bad-front-matter", "undecodable"}
    assert by_severity[Severity.WARNING] == {"ambiguous-link", "duplicate-block-id", "unknown-lifecycle-tag",
                                             "orphan-answer"}
    assert by_severity[Severity.INFO] == {"orphan-note", "foreign-vault-uri", "case-mismatch"}
    assert all(rule.summary and rule.example for rule in RULES.values())


def test_missing_note_hint_names_the_closest_note(make_vault):
    """The issue: a hint "did you mean [[Membrane Potential]]?" from the closest existing names."""
    root = make_vault({"Membrane Potential.md": "", "a.md": "see [[Membrane Potentail]]\n"})
    (diagnostic,) = check_vault(load(root)).diagnostics
    assert (diagnostic.code, diagnostic.severity) == ("missing-note", Severity.ERROR)
    assert diagnostic.hint == "did you mean [[Membrane Potential]]?"
    assert (diagnostic.position.column, diagnostic.end_column) == (5, 27)


def test_parse_problems_are_reported(make_vault):
    """Rule 25 (HELP Properties): malformed YAML is `bad-front-matter`; bytes that are not UTF-8
    are `undecodable`; both are errors."""
    root = make_vault({"bad.md": "---\ntags: [a, b\n---\nbody\n", "latin.md": "caf\xe9\n".encode("latin-1")})
    codes = {code for _, _, code in found(root)}
    assert codes == {"bad-front-matter", "undecodable"}


@pytest.mark.parametrize(("tag", "flagged"), [("hypotesis", "hypothesis"), ("verfied", "verified"),
                                              ("wating", "waiting"), ("verifed", None), ("hypothesis", None),
                                              ("neuro", None), ("neuro/hypotesis", None)])
def test_unknown_lifecycle_tag_is_a_near_miss_of_the_vocabulary(make_vault, tag, flagged):
    """The issue: `#hypotesis` and `#verfied` are near misses of the lifecycle vocabulary;
    `#verifed` is vocabulary (the seed note's own spelling), not a typo; unrelated and nested
    tags are not lifecycle tags at all."""
    root = make_vault({"a.md": f"- I think so #{tag}\n"})
    diagnostics = check_vault(load(root), select=["unknown-lifecycle-tag"]).diagnostics
    if flagged is None:
        assert diagnostics == ()
    else:
        (diagnostic,) = diagnostics
        assert (diagnostic.code, diagnostic.severity, diagnostic.hint) == (
            "unknown-lifecycle-tag", Severity.WARNING, f"did you mean #{flagged}?")


def test_lifecycle_vocabulary_from_config_counts(make_vault):
    """`.vaulttool.toml [lifecycle]` extends the vocabulary: a configured word is no near miss."""
    root = make_vault({".vaulttool.toml": '[lifecycle]\nhypothesis = ["hypothesis", "hypotheses"]\n',
                       "a.md": "- guess #hypotheses\n"})
    assert found(root) == []


def test_orphan_note_only_when_asked(make_vault):
    """`orphan-note` (info, off unless asked): no links in or out; a link to a missing note is a
    link out, a self-link is not."""
    root = make_vault({"a.md": "[[b]]\n", "b.md": "", "lonely.md": "# x\n[[#x]]\n", "c.md": "[[gone]]\n"})
    assert [c for *_, c in found(root)] == ["missing-note"]
    assert found(root, extend=["orphan-note"]) == [("c.md", 1, "missing-note"), ("lonely.md", 1, "orphan-note")]


def test_select_and_ignore(make_vault):
    """`--select` keeps only those codes (info codes too), `--ignore` drops codes."""
    root = make_vault({"a.md": "[[gone]] [[]]\n", "Log.md": "", "b.md": "[[log]]\n"})
    assert [c for *_, c in found(root)] == ["missing-note", "empty-link"]
    assert [c for *_, c in found(root, select=["empty-link,case-mismatch"])] == ["empty-link", "case-mismatch"]
    assert [c for *_, c in found(root, ignore=["missing-note"])] == ["empty-link"]


def test_config_check_table(make_vault):
    """`.vaulttool.toml [check]`: `select` replaces the default set (the command line's replaces
    it again), `ignore` adds to the command line's."""
    root = make_vault({".vaulttool.toml": '[check]\nselect = ["missing-note", "empty-link"]\nignore = ["empty-link"]\n',
                       "a.md": "[[gone]] [[]] [x](../up.md)\n"})
    assert [c for *_, c in found(root)] == ["missing-note"]
    assert [c for *_, c in found(root, select=["outside-vault", "empty-link"])] == ["outside-vault"]


@pytest.mark.parametrize(("files", "options", "message"), [
    ({}, {"select": ["missing-nope"]}, "unknown rule code missing-nope in --select"),
    ({}, {"ignore": ["a,b"]}, "unknown rule codes a, b in --ignore"),
    ({".vaulttool.toml": '[check]\nignore = ["typo"]\n'}, {}, "in .vaulttool.toml [check] ignore"),
    ({".vaulttool.toml": '[check]\nstrict = true\n'}, {}, "unknown [check] key strict"),
])
def test_unknown_codes_and_keys_are_config_errors(make_vault, files, options, message):
    """Unknown codes, on the command line or in `.vaulttool.toml`, are a one-line usage error."""
    root = make_vault({"a.md": "", **files})
    with pytest.raises(CheckConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_vault(load(root), **options)


def test_a_line_opts_out_with_a_comment(make_vault):
    """The issue: `%% vaulttool: ignore[missing-note] %%` silences that code on that line only."""
    root = make_vault({"a.md": "[[gone]] %% vaulttool: ignore[missing-note] %%\n"
                               "[[gone too]]\n"
                               "[[]] %% vaulttool: ignore[missing-note, ambiguous-link] %%\n"})
    assert found(root) == [("a.md", 2, "missing-note"), ("a.md", 3, "empty-link")]


def test_vault_diagnostics_from_python(make_vault):
    """DESIGN.md: `vault.diagnostics()` gives the same findings from Python; info on request."""
    root = make_vault({"a.md": "[[gone]]\n", "b.md": ""})
    vault = load(root)
    assert [d.code for d in vault.diagnostics()] == ["missing-note"]
    assert [d.code for d in vault.diagnostics(include_info=True)] == ["missing-note", "orphan-note"]
    assert vault.diagnostics(ignore=["missing-note"]) == ()


def test_orphan_answer_in_a_child_bullet(make_vault):
    """Issue 3: a unit is a list item's own text, not its children, so an answer written in a child
    bullet closes nothing; `orphan-answer` says so. An answer after its opener is no orphan."""
    root = make_vault({"n.md": (
        "- #hypothesis : the pump is electrogenic\n"
        "\t- #explanation : yes, 3 Na+ out for 2 K+ in\n"
        "- E_K is -90 mV #to_verify #verifed : -89 mV\n"
    )})
    (diagnostic,) = check_vault(load(root)).diagnostics
    assert (diagnostic.code, diagnostic.severity, diagnostic.position.line, diagnostic.position.column) == (
        "orphan-answer", Severity.WARNING, 2, 4)
    assert diagnostic.end_column == 4 + len("#explanation")
