"""Where an answer belongs: the places of a note's block tree that an answer with no item before it
looks in, nearest first, and what each holds.

The places, in the order the lifecycle tries them (rule 1 of the README's lifecycle section):
`continuation` (the units written before it in its own list item or quote), `child` (each parent
item's own units, up the tree), `sibling` (each previous sibling item's subtree; for a table row,
each previous row), `next-paragraph` (each previous note-level block: paragraph, list, table,
quote), `section` (each heading whose section holds it, when the heading carries items) and
`front-matter` (the note's own items). The answer closes the last item still open and in scope
of the first place that holds one; when no place does, the search still names the nearest closed
item it passed (the answer only follows it), for `check`'s hint.

An item's scope ends at the next heading of the same or a higher level than its section's (a
heading item's: its own level). Each structure is a stack trimmed lazily, so a note is read in
time linear in its size.
"""

from __future__ import annotations

from collections.abc import Callable

from vaulttool.analyse.reading_records import Found
from vaulttool.model import Note, Rule

_ANY_HEADING = 6  # the preamble's items end at any heading


class _Place:
    """The items of one place, in order; `stack` keeps those that may still be open."""

    __slots__ = ("last", "stack")

    def __init__(self) -> None:
        self.stack: list[int] = []
        self.last = -1

    def add(self, draft: int) -> None:
        self.stack.append(draft)
        self.last = draft


class Places:
    """The search structures of one note, filled as its units are read in order.

    `available(draft)` says whether an item is still open and in scope; `in_scope(draft)` whether
    no heading has ended it."""

    def __init__(
        self,
        note: Note,
        available: Callable[[int], bool],
        in_scope: Callable[[int], bool],
        end_scope: Callable[[int, int], None],
    ) -> None:
        self.available = available
        self.units, self.containers = note.units, note.containers
        self.in_scope = in_scope
        self.end_scope = end_scope  # (draft, heading unit) → mark it out of scope
        self.list_of: list[int] = []
        for index, container in enumerate(note.containers):
            previous = container.previous
            self.list_of.append(self.list_of[previous] if previous is not None else index)
        self.direct: dict[int, _Place] = {}  # container → items in units written directly in it
        self.subtree: dict[int, _Place] = {}  # list item → items anywhere in it
        self.groups: dict[int, list[int]] = {}  # list → its items that hold items, in order
        self.rows: dict[int, list[int]] = {}  # table block → its rows that hold items
        self.row_items: dict[int, _Place] = {}
        self.blocks: list[int] = []  # note-level blocks that hold items (headings aside), in order
        self.block_items: dict[int, _Place] = {}
        self.scope: list[tuple[int, int]] = []  # (section level, item) of items outside headings
        self.headings: list[tuple[int, int]] = []  # (level, heading unit) of the open sections
        self.heading_items: dict[int, _Place] = {}
        self.front = _Place()
        self._passed: Found | None = None

    def heading(self, unit: int, level: int) -> None:
        """A heading starts a section: the items of the sections it ends leave scope."""
        while self.headings and self.headings[-1][0] >= level:
            _, heading = self.headings.pop()
            place = self.heading_items.get(heading)
            if place is not None:
                for draft in {*place.stack, place.last}:
                    self.end_scope(draft, unit)
        while self.scope and self.scope[-1][0] >= level:
            self.end_scope(self.scope.pop()[1], unit)
        self.headings.append((level, unit))

    def add(self, draft: int, unit_index: int) -> None:
        """Register an item opened in a unit (once the unit is read)."""
        units, containers = self.units, self.containers
        unit = units[unit_index]
        if unit.kind == "heading":
            self.heading_items.setdefault(unit_index, _Place()).add(draft)
        else:
            section = units[unit.section].level if unit.section is not None else 0  # its heading's level
            self.scope.append((section or _ANY_HEADING, draft))
            if not self.blocks or self.blocks[-1] != unit.block:
                self.blocks.append(unit.block)
            self.block_items.setdefault(unit.block, _Place()).add(draft)
        if unit.kind == "table_row":
            rows = self.rows.setdefault(unit.block, [])
            if not rows or rows[-1] != unit_index:
                rows.append(unit_index)
            self.row_items.setdefault(unit_index, _Place()).add(draft)
        container = unit.container
        if container is not None:
            self.direct.setdefault(container, _Place()).add(draft)
        while container is not None:
            if containers[container].kind == "list_item":
                self.subtree.setdefault(container, _Place()).add(draft)
                group = self.groups.setdefault(self.list_of[container], [])
                if not group or group[-1] != container:
                    group.append(container)
            container = containers[container].parent

    def add_front(self, draft: int) -> None:
        self.front.add(draft)

    def _pick(self, place: _Place | None, rule: Rule) -> Found | None:
        """The place's last item still open and in scope; remembers the first closed one passed."""
        if place is None:
            return None
        stack = place.stack
        while stack and not self.available(stack[-1]):
            stack.pop()
        if stack:
            return Found(stack[-1], rule, True)
        if self._passed is None and place.last >= 0 and self.in_scope(place.last):
            self._passed = Found(place.last, rule, False)
        return None

    def search(self, unit_index: int) -> Found | None:
        """The item an answer written in this unit (with no item before it there) closes, else the
        closed item it follows (`open` false), else None."""
        found = self._search(unit_index)
        passed, self._passed = self._passed, None  # read, then forgotten before the next search
        return found if found is not None else passed

    def _search(self, unit_index: int) -> Found | None:
        units, containers = self.units, self.containers
        unit = units[unit_index]
        container = unit.container
        if container is not None:
            found = self._pick(self.direct.get(container), "continuation")
            parent = containers[container].parent
            while found is None and parent is not None:
                found = self._pick(self.direct.get(parent), "child")
                parent = containers[parent].parent
            if found is not None:
                return found
            if containers[container].kind == "list_item":
                found = self._nearest(self.groups.get(self.list_of[container]), container, self.subtree, "sibling")
                if found is not None:
                    return found
        if unit.kind == "table_row":
            found = self._nearest(self.rows.get(unit.block), unit_index, self.row_items, "sibling")
            if found is not None:
                return found
        found = self._nearest(self.blocks, unit.block, self.block_items, "next-paragraph")
        if found is not None:
            return found
        for _, heading in reversed(self.headings):
            found = self._pick(self.heading_items.get(heading), "section")
            if found is not None:
                return found
        return self._pick(self.front, "front-matter")

    def _nearest(self, order: list[int] | None, own: int, places: dict[int, _Place], rule: Rule) -> Found | None:
        """The nearest place before `own` in `order` with an item still open; places that can never
        have one again are dropped."""
        if not order:
            return None
        skip = 1 if order[-1] == own else 0
        while len(order) > skip:
            position = len(order) - 1 - skip
            found = self._pick(places.get(order[position]), rule)
            if found is not None:
                return found
            del order[position]
        return None

    def parent_item(self, unit_index: int) -> int | None:
        """For a list item's own text, the open item written directly in its parent item."""
        unit = self.units[unit_index]
        container = unit.container
        if container is None or unit.paragraph != 0 or self.containers[container].kind != "list_item":
            return None
        parent = self.containers[container].parent
        if parent is None or self.containers[parent].kind != "list_item":
            return None
        found = self._pick(self.direct.get(parent), "implicit")
        return found.draft if found is not None else None
