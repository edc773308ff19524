"""`vaulttool status` and `vaulttool tags` on the sample vault: the seed's items (issue #3, part 5)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import SEED, SEED_IN_VAULT, VAULT
from vaulttool.analyse import Analysis
from vaulttool.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "vaulttool", *args], capture_output=True, text=True)
    return result.returncode, result.stdout, result.stderr


def status_json(*options: str) -> list[dict]:
    result = CliRunner().invoke(main, ["status", str(VAULT), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["items"]


def test_seed_is_byte_for_byte_in_the_vault():
    if not SEED.exists():
        pytest.skip("../shared/seeds absent")
    assert (VAULT / SEED_IN_VAULT).read_bytes() == SEED.read_bytes()


def test_status_lists_the_seed_open_items(untouched_vault):
    """The seed holds exactly two open items: line 19 (hypothesis, to-verify), line 20 (question, open)."""
    seed = [(i["line"], i["kind"], i["status"]) for i in status_json() if i["path"] == SEED_IN_VAULT]
    assert seed == [(19, "hypothesis", "to-verify"), (20, "question", "open")]


def test_status_all_shows_the_seed_closed_items(untouched_vault):
    seed = {i["line"]: i for i in status_json("--all") if i["path"] == SEED_IN_VAULT}
    assert sorted(seed) == [5, 8, 13, 19, 20]
    assert (seed[5]["kind"], seed[5]["status"], seed[5]["outcome"], seed[5]["original"]) == (
        "claim",
        "verified",
        "corrected",
        "V_out - V_in",
    )
    assert seed[5]["answer"] == "V_in-V_out"
    assert (seed[8]["kind"], seed[8]["status"], seed[8]["outcome"]) == ("hypothesis", "answered", "partial")
    assert (seed[13]["kind"], seed[13]["status"], seed[13]["outcome"]) == ("hypothesis", "answered", "corrected")


def test_seed_answers_are_in_their_own_units(untouched_vault):
    """Issue 10: the seed gives what it gave before the lifecycle read the block tree; each of its
    answers is on its item's line (rule `same-unit`), and open items have no answer position."""
    seed = {i["line"]: i for i in status_json("--all") if i["path"] == SEED_IN_VAULT}
    for line in (5, 8, 13):
        assert seed[line]["rule"] == "same-unit" and seed[line]["answer_position"]["line"] == line
        assert seed[line]["answer_position"]["path"] == SEED_IN_VAULT and not seed[line]["implicit"]
    for line in (19, 20):
        assert (seed[line]["rule"], seed[line]["answer_position"]) == (None, None)


def test_status_all_says_where_each_answer_is(make_vault):
    """Issue 10, rule 7: `status --all` shows where the answer is and which rule decided."""
    root = make_vault(
        {
            "n.md": "- #hypothesis : the pump is electrogenic\n\t- notes\n\t\t- #explanation : yes\n"
            "- #hypothesis : K+ leaks out\n\t- yes, through leak channels\n"
        }
    )
    text = CliRunner().invoke(main, ["status", str(root), "--all"]).output
    assert "answered at line 3, child\n" in text and "answered at line 5, implicit\n" in text
    markdown = CliRunner().invoke(main, ["status", str(root), "--all", "--format", "markdown"]).output
    assert "    - answered at line 3, child\n" in markdown
    (first, second) = json.loads(CliRunner().invoke(main, ["status", str(root), "--all", "--format", "json"]).output)[
        "items"
    ]
    assert first["answer_position"] == {"path": "n.md", "line": 3, "column": 5} and first["rule"] == "child"
    assert (second["rule"], second["implicit"], second["answer_position"]["column"]) == ("implicit", True, 4)


def test_status_json_fields_and_iso_dates():
    items = status_json("--all")
    assert items
    for item in items:
        assert set(item) == {
            "path",
            "line",
            "column",
            "kind",
            "status",
            "outcome",
            "text",
            "answer",
            "original",
            "tags",
            "since",
            "answer_position",
            "rule",
            "implicit",
        }
        assert len(item["since"]) == 10 and item["since"][4] == "-"
        assert "\\" not in item["path"]


def test_status_filters():
    assert {i["kind"] for i in status_json("--all", "--kind", "question")} == {"question"}
    assert {i["status"] for i in status_json("--status", "verified")} == {"verified"}
    assert all(i["path"].startswith("Medical") for i in status_json("--all", "--path", "Medical*"))
    assert status_json("--path", "nothing/*") == []


def test_status_text_and_markdown(untouched_vault):
    text = CliRunner().invoke(main, ["status", str(VAULT)])
    assert text.exit_code == 0
    assert f"{SEED_IN_VAULT}:19:5" in text.output and f"{SEED_IN_VAULT}:20:7" in text.output
    markdown = CliRunner().invoke(main, ["status", str(VAULT), "--format", "markdown"])
    assert f"## [[{SEED_IN_VAULT[:-3]}]]" in markdown.output


def test_tags_roll_nested_tags_up(make_vault):
    """Obsidian's tag pane: case-insensitive, first casing shown, `#a/b` counts towards `#a`."""
    root = make_vault({"a.md": "#Neuro/synapse #neuro #exam\n", "b.md": "---\ntags: [neuro/glia]\n---\n"})
    result = CliRunner().invoke(main, ["tags", str(root), "--format", "json"])
    tags = {t["name"]: t for t in json.loads(result.output)["tags"]}
    assert {name: t["count"] for name, t in tags.items()} == {
        "exam": 1,
        "Neuro": 3,
        "Neuro/synapse": 1,
        "neuro/glia": 1,
    }
    assert tags["Neuro/synapse"]["occurrences"] == [{"path": "a.md", "line": 1, "column": 1}]


def test_a_tag_nested_past_32_levels_hangs_under_its_32nd_parent(make_vault):
    """Roll-up stops at `MAX_LEVELS` (32): a 40-level tag makes 32 parents and itself, not 40."""
    deep = "/".join(f"l{n}" for n in range(40))
    root = make_vault({"a.md": f"#{deep} #l0/l1\n"})
    result = CliRunner().invoke(main, ["tags", str(root), "--format", "json"])
    tags = {t["name"]: t["count"] for t in json.loads(result.output)["tags"]}
    assert len(tags) == 33 and tags[deep] == 1 and tags["l0"] == 2 and tags["l0/l1"] == 2
    assert "/".join(f"l{n}" for n in range(32)) in tags and "/".join(f"l{n}" for n in range(33)) not in tags
    text = CliRunner().invoke(main, ["tags", str(root)]).output.splitlines()
    assert text[-3].startswith(" " * 64 + "#" + deep)  # indented as a child of the 32nd level


def test_bad_vault_paths_give_one_line_and_exit_2(tmp_path):
    for target in (tmp_path / "missing", __file__, ""):
        code, out, err = run("status", str(target))
        assert code == 2 and out == ""
        assert err.startswith("vaulttool: error: ") and err.count("\n") == 1


def test_usage_errors_give_one_line_and_exit_2():
    code, _, err = run("status", "--format", "xml")
    assert code == 2 and err.startswith("vaulttool: error: ") and err.count("\n") == 1


def test_empty_vault_says_no_notes(tmp_path):
    code, out, err = run("status", str(tmp_path))
    assert (code, out, err) == (0, "no open hypotheses or questions\n", f"vaulttool: no notes under {tmp_path}\n")


def test_undecodable_and_bad_frontmatter_notes_do_not_stop_the_run(make_vault):
    root = make_vault(
        {
            "bad.md": b"caf\xe9 #hypothesis: latin-1 bytes\n",
            "broken.md": "---\ntags: [a\n---\n#wonder still read\n",
        }
    )
    from vaulttool import load

    vault = load(root)
    assert [(p.code, p.position.path, p.position.line) for p in vault.problems] == [
        ("undecodable", "bad.md", 1),
        ("bad-front-matter", "broken.md", 2),
    ]
    assert vault.problems[0].position.column == 4
    assert sorted(i.kind for i in Analysis(vault).items) == ["hypothesis", "question"]


def test_version_and_help():
    code, out, _ = run("--version")
    assert code == 0 and "vaulttool" in out
    for command in ("status", "tags"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Examples" in out


# The sample notes' items, as their author wrote them to the lifecycle rules (README, issue #3):
# (note, line) → (kind, status, outcome).
SAMPLE_ITEMS = {
    ("Core Concepts in neuroscience.md", 39): ("question", "answered", None),
    ("Glia.md", 12): ("hypothesis", "answered", "partial"),  # "not exactly" is partial, not a no
    ("Molecular Mechanisms of Action Potential Generation, part 1.md", 23): ("hypothesis", "verified", "confirmed"),
    ("Molecular Mechanisms of Action Potential Generation, part 1.md", 41): ("hypothesis", "answered", "corrected"),
    ("Molecular Mechanisms of Action Potential Generation, part 2.md", 26): ("hypothesis", "verified", "corrected"),
    ("Molecular Mechanisms of Action Potential Generation, part 2.md", 38): ("hypothesis", "answered", "partial"),
    ("Passive Membrane Properties.md", 28): ("hypothesis", "answered", "confirmed"),
    ("Passive Membrane Properties.md", 35): ("hypothesis", "verified", "corrected"),
    ("Passive Membrane Properties.md", 41): ("claim", "to-verify", None),
    ("Synapses/Neurotransmitter Receptors.md", 20): ("hypothesis", "answered", "corrected"),
    ("Synapses/Neurotransmitter Receptors.md", 24): ("question", "answered", "confirmed"),
    ("Synapses/Neurotransmitter Receptors.md", 30): ("hypothesis", "waiting", None),
    ("Synapses/Synaptic Transmission.md", 17): ("hypothesis", "answered", "corrected"),
    ("Synapses/Synaptic Transmission.md", 28): ("question", "answered", None),
    ("Synapses/Synaptic Transmission.md", 33): ("hypothesis", "answered", "partial"),
    ("Synapses/Synaptic Transmission.md", 37): ("question", "open", None),
}


def test_sample_notes_items():
    found = {
        (i["path"].removeprefix("Medical Neuroscience/"), i["line"]): (i["kind"], i["status"], i["outcome"])
        for i in status_json("--all")
        if i["path"] != SEED_IN_VAULT and "Resting Membrane Potential, part 2" not in i["path"]
    }
    assert found == SAMPLE_ITEMS


def test_findings_exit_code_survives_python_dash_m(make_vault):
    """`python -m vaulttool` must exit 1 on findings, like the console script (a failed claim)."""
    root = make_vault(
        {"n.md": "```nernst\nion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\nexpect: +89 mV\n```\n"}
    )
    code, _, _ = run("verify", str(root))
    assert code == 1


def test_status_all_shows_the_numbers_of_a_claim_under_an_item(make_vault):
    """Issue #5: a claim in the block directly under a #verifed item is shown beside it.
    E_K for K+ 140 mM in / 5 mM out at 37 °C is −89.06 mV (Purves, Neuroscience, ch. 2)."""
    root = make_vault(
        {
            "n.md": (
                "- E_K is about ~~+89 mV~~ #to_verify #verifed : −89 mV\n\n"
                "```nernst\nion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\nexpect: -89 mV\n```\n\n"
                "- #hypothesis: unrelated #waiting\n"
            )
        }
    )
    result = CliRunner().invoke(main, ["status", str(root), "--all"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    number_lines = [line for line in lines if line.strip().startswith("= ")]
    assert len(number_lines) == 1 and "pass" in number_lines[0] and "-89.06 mV" in number_lines[0]
    assert lines.index(number_lines[0]) < next(i for i, line in enumerate(lines) if "unrelated" in line)
    plain = CliRunner().invoke(main, ["status", str(root)])
    assert "−89.06" not in plain.output


def test_status_and_tags_import_no_heavy_modules():
    """DESIGN.md: heavy imports are made only by the commands that need them."""
    probe = (
        "import sys\nfrom vaulttool.cli import main\n"
        "for command in (['status', sys.argv[1], '--all'], ['tags', sys.argv[1]]):\n"
        "    try:\n        main(command)\n    except SystemExit:\n        pass\n"
        "heavy = ('networkx', 'jinja2', 'matplotlib', 'genanki', 'rich', 'jsonschema')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(VAULT)], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_help_lists_every_command_with_its_own_first_sentence_and_imports_none():
    """`vaulttool --help` names the commands from `cli.COMMANDS` without importing them (click's
    lazily loaded subcommands); each summary is the first paragraph of the command's own help."""
    import click

    from vaulttool.cli import COMMANDS

    for name, summary in COMMANDS.items():
        command = main.get_command(click.Context(main), name)
        assert command is not None and command.name == name
        assert " ".join((command.help or "").split("\n\n")[0].split()) == summary
    probe = (
        "import sys\nfrom vaulttool.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(name for name in sys.modules if name.startswith('vaulttool.commands.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    lines = result.stdout.splitlines()
    assert lines[-1] == "['vaulttool.commands.run_options']"
    listed = lines[lines.index("Commands:") + 1 : -1]
    assert [line.split()[0] for line in listed] == sorted(COMMANDS)
    assert listed[0].split(maxsplit=1)[1] == "Compute a Nernst equilibrium potential or a..."


def test_vault_given_as_dot_is_named_after_its_folder(tmp_path, monkeypatch):
    """Rule 23: a vault is known by its folder name, also when the command runs inside it (`.`)."""
    root = tmp_path / "My Vault"
    root.mkdir()
    monkeypatch.chdir(root)
    from vaulttool import load

    assert load(".").name == "My Vault"


@pytest.mark.parametrize(
    "settings",
    [
        '[lifecycle]\nhypotheses = ["x"]\n',  # a misspelt key
        "[vault\nnames = 1\n",  # not TOML
        "[vault]\nnames = 1\n",  # not a list
    ],
)
def test_bad_settings_file_is_one_line_exit_2(make_vault, settings):
    root = make_vault({"a.md": "#hypothesis x\n", ".vaulttool.toml": settings})
    code, out, err = run("status", str(root))
    assert code == 2 and out == ""
    assert err.startswith("vaulttool: error: ") and ".vaulttool.toml" in err and err.count("\n") == 1
    assert "internal error" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--format", "json"],
        ["tags", "--format", "json"],
        ["verify", "--format", "json"],
        ["report", "--format", "json"],
    ],
)
def test_unreadable_notes_are_reported_on_stderr_and_the_run_goes_on(make_vault, command):
    """Issue #3, part 6: an undecodable note or malformed front matter is reported, positioned,
    and the run goes on; stdout stays the format's own (valid JSON)."""
    root = make_vault({"bad.md": b"caf\xe9 #hypothesis: x\n", "broken.md": "---\ntags: [a\n---\n#wonder y\n"})
    result = subprocess.run(
        [sys.executable, "-m", "vaulttool", command[0], "vault", *command[1:]],
        capture_output=True,
        text=True,
        cwd=root.parent,
    )
    assert result.returncode in (0, 1)
    json.loads(result.stdout)
    undecodable, front_matter = result.stderr.splitlines()
    assert undecodable.startswith("vault/bad.md:1:4: error[undecodable] ")  # the byte after "caf"
    # line 2, column 7: the `[` whose list is never closed (YAML's own wording follows)
    assert front_matter.startswith("vault/broken.md:2:7: error[bad-front-matter] front matter is not valid YAML: ")
