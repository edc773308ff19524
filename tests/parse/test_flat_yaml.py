"""The flat front matter path (`parse/flat_yaml.py`) against PyYAML itself: where it reads a text,
its nodes are the ones PyYAML's composer gives (tags, values, styles, every mark) and its values
the ones the safe constructor builds, on every front matter of the sample vault, the corpora, a
generated vault and random texts full of YAML's special characters."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from conftest import VAULT, bench_generator, corpus
from vaulttool.parse.flat_yaml import flat_data, flat_pairs

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _mark(mark: yaml.Mark) -> tuple[object, ...]:
    return (mark.name, mark.index, mark.line, mark.column, mark.buffer, mark.pointer)


def shape(node: Node) -> tuple[object, ...]:
    """Everything a node holds (and nothing else), its children's too."""
    common = (type(node), sorted(vars(node)), node.tag, _mark(node.start_mark), _mark(node.end_mark))
    if isinstance(node, ScalarNode):
        return (*common, node.value, node.style)
    if isinstance(node, SequenceNode):
        return (*common, node.flow_style, [shape(child) for child in node.value])
    return (*common, [(shape(key), shape(value)) for key, value in node.value])


def typed(value: object) -> object:
    """A value with its type spelled out, so 1, 1.0, True and "1" differ."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


def composed(text: str) -> list[tuple[Node, Node]] | None:
    """The top-level pairs PyYAML composes, or None when it reads no mapping."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return None
    return list(root.value) if isinstance(root, MappingNode) else None


def agrees(text: str) -> bool:
    """Whether the flat path read the text; asserts it reads it as PyYAML does when it did."""
    pairs = flat_pairs(text)
    if pairs is None:
        return False
    expected = composed(text)
    assert expected is not None, text
    assert [(shape(k), shape(v)) for k, v in pairs] == [(shape(k), shape(v)) for k, v in expected], text
    try:
        built = SafeConstructor().construct_document(MappingNode("tag:yaml.org,2002:map", expected))
    except (yaml.YAMLError, ValueError) as error:
        with pytest.raises(type(error)):
            flat_data(pairs)
    else:
        assert typed(flat_data(pairs)) == typed(built), text
    return True


def front_matters(folder: Path) -> list[str]:
    texts = []
    for file in sorted(folder.rglob("*.md")):
        text = file.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        end = text.find("\n---", 3)
        if text.startswith("---\n") and end != -1:
            texts.append(text[4:end])
    return texts


@pytest.mark.parametrize("root", [VAULT, "obsidian-help-en", "kepano-obsidian", "obsidian-export", "obsidiantools"])
def test_real_front_matter_reads_as_pyyaml_reads_it(root):
    texts = front_matters(root if root == VAULT else corpus(root))
    assert texts
    assert sum(agrees(text) for text in texts) > 0  # some, for the comparison to mean something


def test_a_generated_vaults_front_matter_reads_as_pyyaml_reads_it(tmp_path):
    bench_generator().generate(tmp_path / "v", 400, seed=3)
    texts = front_matters(tmp_path / "v")
    assert sum(agrees(text) for text in texts) == len(texts) > 300


def test_the_properties_obsidian_writes_take_the_flat_path():
    """Each property type of HELP Properties as Obsidian's editor writes it (a list one item a
    line, under its key), read with YAML 1.1's types."""
    text = (
        "title: A note about Na+ channels\ntags:\n  - neuro\n  - to_verify\naliases:\n  - Sodium\n"
        'count: 3\nratio: 0.5\ndone: false\ndue: 2024-05-01\nempty:\nlink: "[[Nernst equation]]"\n'
    )
    assert agrees(text)
    data = flat_data(flat_pairs(text) or [])
    assert data["tags"] == ["neuro", "to_verify"] and data["aliases"] == ["Sodium"]
    assert data["count"] == 3 and data["ratio"] == 0.5 and data["done"] is False and data["empty"] is None
    assert type(data["due"]) is dt.date and data["link"] == "[[Nernst equation]]"


@pytest.mark.parametrize(
    "text",
    [
        "a: 1 # a comment",
        "# a comment\na: 1",
        "a: &x 1\nb: *x",
        "a: !!str 1",
        'a: "tab\\tescaped"',
        "a: 'it''s'",
        "a:\n  b: 1",
        "a: first\n  continued",
        "a: |\n  block",
        "<<: {b: 1}",
        "a: =",
        "1: one",
        "yes: no",
        "a:\tb",
        "a: [b, [c]]",
        "a: {b: 1}",
        "a:\n  - b: 1",
        "a: b\n  - c",
        "a: x\u00a0y",
        "- a\n- b",
    ],
)
def test_other_shapes_are_left_to_pyyaml(text):
    assert flat_pairs(text) is None


_ALPHABET = "abcXYZ019 -.,:#[]{}'\"!?&*|>%@`/\\()+=~_<é "


def _random_text(rng: random.Random) -> str:
    def word() -> str:
        return "".join(
            rng.choice(_ALPHABET) if rng.random() < 0.5 else rng.choice("abcde 12") for _ in range(rng.randint(1, 8))
        )

    def value() -> str:
        r = rng.random()
        if r < 0.5:
            return word()
        if r < 0.7:
            return (
                "["
                + ",".join(rng.choice(["", " "]) + word() + rng.choice(["", " "]) for _ in range(rng.randint(0, 3)))
                + "]"
            )
        if r < 0.85:
            quote = rng.choice("\"'")
            return quote + word() + quote
        return rng.choice(["2024-01-05", "2024-02-30", "yes", "~", "1", "1.5", "12:30", "0x1f", "1_000", ".inf", ""])

    lines = []
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(["tags", "aliases", "a", "b c", word()])
        if rng.random() < 0.3:
            indent = rng.choice([0, 2, 4])
            lines.append(key + ":" + rng.choice(["", " ", "  "]))
            for _ in range(rng.randint(1, 3)):
                lines.append(" " * rng.choice([indent, indent, indent + 1]) + "- " + value() + rng.choice(["", " "]))
                if rng.random() < 0.1:
                    lines.append(rng.choice(["", "  ", " " * 5]))
        else:
            lines.append(key + rng.choice([": ", ":  ", ":", " : "]) + value() + rng.choice(["", "", " "]))
    return "\n".join(lines) + (rng.choice(["\n", "\n ", "\n  ", "\n\n", "\n     "]) if rng.random() < 0.4 else "")


def test_random_front_matter_reads_as_pyyaml_reads_it():
    rng = random.Random(15)
    read = sum(agrees(_random_text(rng)) for _ in range(15_000))
    assert read > 1_500  # enough of them of the flat shape for the comparison to mean something


def test_plain_scalars_are_typed_as_pyyamls_resolver_types_them():
    from yaml.resolver import Resolver

    from vaulttool.parse.flat_yaml import _resolved

    words = ["", "~", "null", "Null", "NULL", "yes", "No", "ON", "off", "y", "true", "False", "0x1F", "0o17", "017",
             "0b101", "1_000", "+1", "-1", "1.5", "-.5", ".inf", "-.Inf", ".NaN", "1e3", "6.8523015e+5", "190:20:30",
             "12:30", "2024-01-05", "2024-1-5", "2024-01-05 10:20:30.5+02:00", "2024-01-05T10:20Z", "<<", "=", "a",
             "!x", "&a", "*a", "é", "1a", "t", "n"]  # fmt: skip
    rng = random.Random(7)
    words += [
        "".join(rng.choice("0123456789.-+_:eExXoObB ~nNyYtTfF") for _ in range(rng.randint(1, 8)))
        for _ in range(20_000)
    ]
    resolver = Resolver()
    for word in words:
        assert _resolved(word) == resolver.resolve(ScalarNode, word, (True, False)), word


def test_kept_tags_and_values_are_the_ones_read_afresh(monkeypatch):
    """Issue 15: the tag of a short plain scalar and a built value are kept for the next notes
    (a vault repeats its keys, tags and dates); read again, a front matter gives the nodes and
    values PyYAML gives, an impossible date still raises, and a long scalar is not kept."""
    import vaulttool.parse.flat_yaml as flat

    monkeypatch.setattr(flat, "_TAGS", {})
    monkeypatch.setattr(flat, "_VALUES", {})
    long = "9" * 100
    text = f"created: 2024-02-14\ndone: yes\ncount: 12\nratio: 0.5\nempty:\ntags: [plasticity, {long}]\n"
    for _ in range(2):  # the second time from what was kept
        pairs = flat_pairs(text)
        assert pairs is not None
        assert [(shape(k), shape(v)) for k, v in pairs] == [(shape(k), shape(v)) for k, v in composed(text) or []]
        assert typed(flat_data(pairs)) == typed(yaml.load(text, Loader=_LOADER))
    assert flat._TAGS["2024-02-14"] == "tag:yaml.org,2002:timestamp" and long not in flat._TAGS
    assert flat._VALUES[("tag:yaml.org,2002:timestamp", "2024-02-14")] == dt.date(2024, 2, 14)
    assert ("tag:yaml.org,2002:int", long) not in flat._VALUES
    for _ in range(2):
        impossible = flat_pairs("created: 2024-02-30\n")
        assert impossible is not None
        with pytest.raises(ValueError):
            flat_data(impossible)
