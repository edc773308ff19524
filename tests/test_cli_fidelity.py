"""Issue 11 and 16 through the commands: `tags`, `status` and `check` agree on what is a tag and
an item, the tag pane counts excluded files, and hostile front matter never stops a run."""

from __future__ import annotations

import json

from click.testing import CliRunner

from vaulttool.cli import main

# Nine aliases of nine aliases …: "billion laughs" (as in tests/parse/test_frontmatter_fidelity.py).
BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "kept: yes\n"
)


def run(*args: str):
    """The command's result: `exit_code`, `stdout`, `stderr` apart."""
    return CliRunner().invoke(main, list(args))


def tag_counts(root) -> dict[str, int]:
    result = run("tags", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    return {tag["name"]: tag["count"] for tag in json.loads(result.stdout)["tags"]}


def test_tags_status_and_check_agree_on_html(make_vault):
    """Issue 11, item 3: "`tags`, `status` and `check` must agree". Inside an HTML block and in an
    inline tag's attributes (HELP `Editing and formatting/HTML content.md`) there is no tag, no
    item and no link, for every command alike."""
    root = make_vault(
        {
            "a.md": (
                "<div>\n- #hypotesis in a div [[Gone]]\n</div>\n\n"
                '<mark style="background: #FFF3A3A6;">marked</mark> #hypothesis outside\n'
            )
        }
    )
    assert tag_counts(root) == {"hypothesis": 1}
    status = run("status", str(root), "--format", "json")
    assert [(i["line"], i["kind"]) for i in json.loads(status.stdout)["items"]] == [(5, "hypothesis")]
    check = run("check", str(root), "--format", "json")
    assert (check.exit_code, json.loads(check.stdout)["diagnostics"]) == (0, [])


def test_the_tag_pane_counts_excluded_files_and_status_does_not(make_vault):
    """Issue 11, item 7; HELP `User interface/Settings.md`, Excluded files: they "will be hidden in
    Search, Graph View, and Unlinked Mentions" — not in the tag pane. `tags` counts them;
    `status` leaves their items out and says so in its help."""
    root = make_vault(
        {
            ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Archive/"]}),
            "Archive/old.md": "- #hypothesis kept in the archive\n",
            "a.md": "- #hypothesis current\n",
        }
    )
    assert tag_counts(root) == {"hypothesis": 2}
    status = run("status", str(root), "--format", "json")
    assert [i["path"] for i in json.loads(status.stdout)["items"]] == ["a.md"]
    assert "Excluded files" in run("status", "--help").stdout


def test_hostile_front_matter_never_stops_a_run(make_vault):
    """Issue 16: an alias bomb, a recursive alias, a date that does not exist and deep nesting in
    front matter: `check` reports each as one positioned `bad-front-matter` error (exit 1, valid
    JSON); `status` and `tags` still run and print those errors on stderr, one line each, with no
    traceback."""
    root = make_vault(
        {
            "bomb.md": f"---\n{BOMB}---\n- #hypothesis still read\n",
            "loop.md": "---\nloop: &x [*x]\n---\nbody\n",
            "date.md": "---\ncreated: 2024-02-30\n---\nbody\n",
            "deep.md": "---\ndeep: " + "[" * 3000 + "]" * 3000 + "\n---\nbody\n",
        }
    )
    check = run("check", str(root), "--format", "json")
    assert check.exit_code == 1
    found = [(d["path"], d["line"], d["code"]) for d in json.loads(check.stdout)["diagnostics"]]
    assert found == [
        *[("bomb.md", line, "bad-front-matter") for line in range(6, 11)],
        ("date.md", 2, "bad-front-matter"),
        ("deep.md", 2, "bad-front-matter"),
        ("loop.md", 2, "bad-front-matter"),
    ]
    status = run("status", str(root), "--format", "json")
    assert status.exit_code == 0
    assert [i["path"] for i in json.loads(status.stdout)["items"]] == ["bomb.md"]
    lines = status.stderr.splitlines()
    assert len(lines) == 8 and all("error[bad-front-matter]" in line for line in lines)
    assert "Traceback" not in status.stderr + check.stderr
