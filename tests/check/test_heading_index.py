"""The heading index answers rule 19 exactly as the rule reads, however many headings a note has.

Rule 19 (HELP Linking notes and files/Internal links.md, "Link to a heading in a note"):
`[[Note#H1#H2]]` names a heading H2 inside the section of a heading H1; a section runs to the next
heading of the same or a higher level. The reference below is that sentence as a plain scan.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaulttool.model import Heading, Position
from vaulttool.resolve import HeadingIndex, find_heading


def reference(headings: list[Heading], path: list[str]) -> Heading | None:
    """First heading matching path[0] whose section holds a match of path[1:], and so on."""

    def section(i: int) -> range:
        end = next((j for j in range(i + 1, len(headings)) if headings[j].level <= headings[i].level), len(headings))
        return range(i + 1, end)

    def search(indices: range, wanted: list[str]) -> Heading | None:
        for i in indices:
            if headings[i].text.lower() == wanted[0]:
                if len(wanted) == 1:
                    return headings[i]
                found = search(section(i), wanted[1:])
                if found is not None:
                    return found
        return None

    return search(range(len(headings)), path) if path else None


heading_lists = st.lists(st.tuples(st.integers(1, 4), st.sampled_from("abc")), max_size=14).map(
    lambda pairs: [Heading(level, text, Position("n.md", i + 1, 1)) for i, (level, text) in enumerate(pairs)]
)


@settings(max_examples=200, deadline=None)
@given(heading_lists, st.lists(st.sampled_from("abc"), min_size=1, max_size=3))
def test_index_finds_what_the_rule_says(headings, path):
    assert HeadingIndex(headings).find(path) is reference(headings, path)
    assert find_heading(headings, path) is reference(headings, path)


def test_a_later_section_is_searched_when_the_first_match_has_no_child():
    """`[[Note#A#B]]` with B only under the second A: Obsidian still finds it (rule 19)."""
    headings = [
        Heading(level, text, Position("n.md", i + 1, 1))
        for i, (level, text) in enumerate([(1, "a"), (2, "c"), (1, "a"), (2, "b")])
    ]
    assert HeadingIndex(headings).find(["a", "b"]) is headings[3]
