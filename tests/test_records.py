"""Cache records: a note decoded from its record is the note the parser made, types included,
and a row that is not a record is refused, never run."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import VAULT, corpus
from vaulttool.parse import parse_note
from vaulttool.records import RecordError, decode_blame, decode_note, encode_blame, encode_note


def typed(value):
    """A value with the type of every part spelled out, so 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return ("dict", sorted((repr(typed(k)), typed(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [typed(v) for v in value]
        return (type(value).__name__, sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items)
    return (type(value).__name__, value)


def round_trip(path: str, text: str):
    note = parse_note(path, text)
    links_first = decode_note(encode_note(note), path)  # its links decoded alone, before the body
    assert links_first.links == note.links and all(link.position.path == path for link in links_first.links)
    back = decode_note(encode_note(note), path)
    assert back == note
    assert typed(back.frontmatter) == typed(note.frontmatter)
    return back


@pytest.mark.parametrize("root", [VAULT, "obsidian-help-en", "kepano-obsidian", "obsidian-export"])
def test_every_note_of_the_vaults_comes_back_identical(root):
    folder = root if root == VAULT else corpus(root)
    notes = sorted(folder.rglob("*.md"))
    assert notes
    for file in notes:
        path = file.relative_to(folder).as_posix()
        round_trip(path, file.read_bytes().decode("utf-8", errors="replace"))


def test_front_matter_keeps_yaml_types():
    """YAML 1.1 types as PyYAML's safe loader builds them (pyyaml.org, "YAML tags and Python types"):
    dates, timestamps with a zone, !!set, !!omap (a list of pairs), !!binary, big integers, floats,
    booleans, null, and mappings with keys that are not strings below the top level."""
    text = (
        "---\ncreated: 2024-03-05\nat: 2024-03-05 10:20:30+02:00\nseen: !!set {a, b}\n"
        "order: !!omap [{x: 1}, {y: 2}]\nblob: !!binary aGVsbG8=\nbig: 123456789012345678901234567890\n"
        "ratio: 1.5\nflag: yes\nnothing: ~\nnested: {1: one, 2024-01-01: day}\n---\nbody\n"
    )
    note = round_trip("n.md", text)
    front = note.frontmatter
    assert front["created"] == dt.date(2024, 3, 5) and type(front["created"]) is dt.date
    assert front["at"].utcoffset() == dt.timedelta(hours=2)
    assert front["seen"] == {"a", "b"} and front["order"] == [("x", 1), ("y", 2)]
    assert front["blob"] == b"hello" and front["big"] == 123456789012345678901234567890
    assert front["nested"] == {1: "one", dt.date(2024, 1, 1): "day"}


def test_top_level_keys_that_are_not_strings_are_not_stored():
    note = parse_note("n.md", "---\n1: one\n---\nbody\n")
    with pytest.raises(TypeError):
        encode_note(note)


def test_a_text_that_looks_like_a_position_is_kept():
    """A record leaves the note's path out of its positions (a position is the MessagePack array
    93 + path + line + column); a note whose text holds the very bytes of an encoded position's
    start (possible for a path of 128-191 bytes: its MessagePack length byte d9 82 is UTF-8 for
    "ق", and 93 ends U+0093, c2 93) keeps its text and its positions."""
    path = "f" * 127 + ".md"  # 130 bytes: encoded as d9 82 + path
    text = f"# Title\n\nA line \u0093ق{path} #wonder here [[x]]\n"
    assert b"\x93\xd9\x82" + path.encode() in text.encode()
    note = round_trip(path, text)
    assert any(f"\u0093ق{path}" in unit.text for unit in note.units) and note.tags[0].position.path == path


@pytest.mark.parametrize("blob", [b"", b"\x00", b"not msgpack at all", b"\x93\x01\x02\x03", b"\x80"])
def test_rows_that_are_no_records_are_refused(blob):
    with pytest.raises(RecordError):
        decode_note(blob, "n.md")


def test_a_record_is_read_as_the_note_its_key_names():
    """A record leaves the note's path out (the cache finds it by a key made of the path and the
    bytes), so it is read as the note at the path it is asked for, every position included."""
    record = encode_note(parse_note("a.md", "# Title\n\ntext #wonder [[x]] ^id\n"))
    assert b"a.md" not in record
    note = decode_note(record, "b.md")
    assert note.path == "b.md"
    assert {fact.position.path for fact in (*note.headings, *note.tags, *note.blocks, *note.links)} == {"b.md"}


def test_a_record_of_the_older_form_is_refused():
    """Before this version a record could keep its paths, marked by a first byte 1: such a row is
    not of this version, so its note is parsed again."""
    import msgspec

    note = parse_note("n.md", "text [[x]]\n")
    older = b"\1" + msgspec.msgpack.encode(msgspec.structs.replace(note, body=msgspec.msgpack.encode(note.content)))
    with pytest.raises(RecordError):
        decode_note(older, "n.md")


def test_encoding_leaves_the_note_as_it_was():
    """Encoding empties the positions' paths only while it writes the record."""
    note = parse_note("n.md", "---\ntags: [a]\naliases: [b]\n---\n# H\n\n- item #wonder [[x]] ^id\n")
    before = repr(note)
    encode_note(note)
    assert repr(note) == before and note.tags[0].position.path == "n.md" and note.links[0].position.path == "n.md"


def test_a_position_in_another_file_is_not_stored_and_the_note_is_left_as_it_was():
    """A record leaves the note's path out of every position, so a position in another file
    cannot be one: the note is not cached, and the paths emptied before it was met are back."""
    from msgspec.structs import replace

    from vaulttool.model import Position

    note = parse_note("n.md", "---\ntags: [a]\n---\n# H\n\n- item #wonder [[x]] ^id\n")
    elsewhere = replace(note.blocks[0], position=Position("other.md", 1, 1))
    note = replace(note, blocks=(elsewhere,))
    before = repr(note)
    with pytest.raises(TypeError):
        encode_note(note, last_use=True)
    assert repr(note) == before and note.tags[0].position.path == "n.md"


def test_a_notes_last_encoding_makes_the_same_record(monkeypatch):
    """Issue 15: a parse worker's note, dropped once encoded, is not given its paths back
    (`last_use`); its record is the same, and a failure still puts every path back."""
    from vaulttool import records

    text = "---\ntags: [a]\naliases: [b]\n---\n# H\n\n- item #wonder [[x]] ^id\n"
    assert encode_note(parse_note("n.md", text), last_use=True) == encode_note(parse_note("n.md", text))

    class Failing:
        def encode(self, value: object) -> bytes:
            raise TypeError("cannot encode")

    note = parse_note("n.md", text)
    before = repr(note)
    monkeypatch.setattr(records, "_encoder", Failing)
    with pytest.raises(TypeError):
        encode_note(note, last_use=True)
    assert repr(note) == before


def test_blame_dates_round_trip():
    blame = ("a" * 40, {1: dt.date(2024, 1, 2), 7: dt.date(1999, 12, 31)})
    assert decode_blame(encode_blame(blame)) == blame
    with pytest.raises(RecordError):
        decode_blame(b"\x91\x92\x01\xa1x")


def test_a_cached_notes_links_are_read_without_the_rest_of_its_body():
    """A body record holds the links apart from the rest: a note whose other parts are damaged
    still gives its links (a check reads only those), and says it is damaged when the rest is read."""
    import msgspec

    from vaulttool.model import DamagedRecordError

    note = parse_note("a.md", "# Top\n\nSee [[b#Part]] and [c](c.md).\n\n- item #hypothesis\n")
    record = encode_note(note)
    head = msgspec.msgpack.decode(record[1:])
    links, _ = msgspec.msgpack.decode(head[-1])
    head[-1] = msgspec.msgpack.encode((links, b"\xc1"))  # the rest: a byte MessagePack never uses
    damaged = decode_note(b"\0" + msgspec.msgpack.encode(head), "a.md")
    assert damaged.links == note.links
    with pytest.raises(DamagedRecordError):
        _ = damaged.units
