"""The analyse stage: everything derived from a `Vault`, each part in its own module.

`Analysis(vault)` is the one memoising object over them: each analysis is computed on first use
and once per run (the links are resolved once for `check`, `graph` and the hints alike).

    analysis = Analysis(vaulttool.load("vault"))
    analysis.items          # lifecycle items, dated        (analyse.lifecycle, analyse.history)
    analysis.lifecycle      # undated items, orphan answers (analyse.lifecycle)
    analysis.answers        # orphan answers alone          (analyse.lifecycle)
    analysis.diagnostics()  # what `vaulttool check` finds  (analyse.checks)
    analysis.claims         # calculator claims, evaluated  (analyse.claims)
    analysis.graph          # networkx MultiDiGraph         (analyse.graph)
    analysis.tags           # the tag pane                  (analyse.tags)
    analysis.report(as_of)  # the report's model            (analyse.report)
    analysis.review()       # the review sheet's model      (analyse.review)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from vaulttool.model import Finding, Item, Position
from vaulttool.vault import Vault

if TYPE_CHECKING:
    from networkx import MultiDiGraph

    from vaulttool.analyse.checks import CheckResult
    from vaulttool.analyse.claims import ClaimResult
    from vaulttool.analyse.lifecycle import Answers, Lifecycle
    from vaulttool.analyse.report import Report
    from vaulttool.analyse.review import Category, PreviousCard, ReviewSheet
    from vaulttool.analyse.tags import TagSummary
    from vaulttool.analyse.timeline import WeekCount
    from vaulttool.analyse.vocabulary import Vocabulary
    from vaulttool.progress import ProgressCallback
    from vaulttool.resolve import ResolvedLinks, Resolver
    from vaulttool.rules import Code


class Analysis:
    """The analyses of one vault, each computed on first use and kept."""

    def __init__(self, vault: Vault, progress: ProgressCallback | None = None) -> None:
        self.vault = vault
        self._progress = progress  # told which stage runs, for a progress bar

    def _stage(self, label: str) -> None:
        if self._progress is not None:
            self._progress(label, 0, 0)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        from vaulttool.analyse.vocabulary import Vocabulary

        return Vocabulary(self.vault.settings.lifecycle)

    @cached_property
    def resolver(self) -> Resolver:
        """The vault's link resolver (its file, name, heading and block indexes)."""
        from vaulttool.resolve import Resolver

        return Resolver.of_vault(self.vault)

    @cached_property
    def note_targets(self) -> tuple[bytes, ...]:
        """Each note's hash of its aliases, headings and block ids (`kept_checks.note_targets`)."""
        from vaulttool.analyse.kept_checks import note_targets

        return tuple(map(note_targets, self.vault.notes))

    @cached_property
    def targets(self) -> bytes:
        """A hash of every file, alias, heading and block id a link can reach (`kept_checks.targets`)."""
        from vaulttool.analyse.kept_checks import targets

        return targets(self.vault, self.note_targets)

    @cached_property
    def links(self) -> ResolvedLinks:
        """Every link of every note, resolved as Obsidian does; an unchanged note's resolutions
        are kept while no file, alias, heading or block id of the vault changed."""
        from vaulttool.analyse.per_note import per_note
        from vaulttool.resolution import Resolution
        from vaulttool.resolve import ResolvedLinks

        self._stage("resolving links")
        resolver = self.resolver
        resolved = per_note(
            self.vault,
            self.vault.notes,
            "resolutions",
            self.targets,
            lambda note: tuple(resolver.resolve(note, link) for link in note.links),
            tuple[Resolution, ...],
        )
        return ResolvedLinks(resolver, tuple(resolution for note in resolved for resolution in note))

    @cached_property
    def lifecycle(self) -> Lifecycle:
        """The lifecycle of the notes (excluded files left out): undated items, in note and reading
        order, and the answers that close no item."""
        from vaulttool.analyse.lifecycle import link_notes
        from vaulttool.analyse.readings import note_readings

        notes = self.vault.included
        self._stage("reading the lifecycle")
        return link_notes(
            notes, note_readings(self.vault, notes, self.vocabulary), self.vocabulary, lambda: self.resolver
        )

    @cached_property
    def answers(self) -> Answers:
        """The lifecycle's answers that close no item, and the notes its answers across notes join
        (excluded files left out): read without decoding any item when no answer links a block of
        another note and the lifecycle was not read already."""
        from vaulttool.analyse.lifecycle import unlinked_answers
        from vaulttool.analyse.readings import note_answers

        if "lifecycle" not in self.__dict__:
            self._stage("reading the lifecycle")
            answers = unlinked_answers(note_answers(self.vault, self.vault.included, self.vocabulary))
            if answers is not None:
                return answers
        return self.lifecycle.answers

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Every lifecycle item of the vault, dated, in path and line order (excluded files left out)."""
        from vaulttool.analyse.history import date_items

        found = list(self.lifecycle.items)
        self._stage("dating items")
        return tuple(date_items(self.vault, found))

    @cached_property
    def claims(self) -> tuple[ClaimResult, ...]:
        """Every calculator claim, evaluated, in path, line and column order (excluded files left out)."""
        from vaulttool.analyse.claims import evaluate_vault

        self._stage("evaluating claims")
        return evaluate_vault(self.vault)

    def claims_by_item(self, items: Iterable[Item]) -> dict[Position, tuple[ClaimResult, ...]]:
        """The claims that belong to each item (by its position)."""
        from vaulttool.analyse.claims import claims_by_item

        return claims_by_item(self.vault, tuple(items), lambda: self.claims)

    def check(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        extend: Iterable[str] = (),
        *,
        codes: frozenset[Code] | None = None,
    ) -> CheckResult:
        """`vaulttool check`: the selected findings, with counts (`codes` as `checks.selected_codes`
        gives them, else chosen from `select`, `ignore` and `extend`); with the cache on, each
        unchanged note's findings are the kept ones (`analyse.kept_checks`). Raises `UnknownCodeError`."""
        from vaulttool.analyse.checks import check_vault, selected_codes
        from vaulttool.analyse.kept_checks import NoteChecks

        if codes is None:
            codes = selected_codes(self.vault.settings.check, select, ignore, extend)
        self._stage("checking")
        kept = NoteChecks(self.vault, self.targets, codes) if self.vault.cache_dir is not None else None
        result = check_vault(
            self.vault,
            lambda: self.resolver,
            lambda: self.links,
            self.vocabulary,
            codes,
            lambda: self.answers.orphans,
            kept,
        )
        if kept is not None:
            kept.save()
            from vaulttool.analyse.check_state import keep

            keep(self, codes, kept.seen)
        return result

    def diagnostics(
        self, select: Iterable[str] | None = None, ignore: Iterable[str] = (), include_info: bool = False
    ) -> tuple[Finding, ...]:
        """Link-integrity and parse findings (codes: `vaulttool rules`), sorted by position."""
        from vaulttool.rules import INFO_CODES

        return self.check(select, ignore, INFO_CODES if include_info else ()).diagnostics

    @cached_property
    def graph(self) -> MultiDiGraph:
        """The resolved vault as a networkx `MultiDiGraph` (see `vaulttool.analyse.graph`)."""
        from vaulttool.analyse.graph import build_graph

        links = self.links
        self._stage("building the graph")
        return build_graph(self.vault, links)

    @cached_property
    def tags(self) -> list[TagSummary]:
        """Every tag with its occurrences, as Obsidian's tag pane counts them."""
        from vaulttool.analyse.tags import tag_summaries

        return tag_summaries(self.vault.notes)  # excluded files too, as Obsidian's tag pane

    @cached_property
    def timeline(self) -> tuple[WeekCount, ...]:
        """Open and closed items at the end of each week with commits; () outside git."""
        from vaulttool.analyse.timeline import vault_timeline

        self._stage("reading the history")
        return vault_timeline(self.vault, self.vocabulary)

    def report(self, as_of: dt.date, *, history: bool = True, generated: str | None = None) -> Report:
        from vaulttool.analyse.report import build_report

        return build_report(
            self.vault, self.items, self.claims, self.timeline if history else (), as_of, generated, self.links
        )

    def review(
        self,
        include: Collection[Category] | None = None,
        deck: str | None = None,
        generated: str | None = None,
        previous: Sequence[PreviousCard] = (),
    ) -> ReviewSheet:
        """The review sheet; cards edited since the `previous` deck keep their ids."""
        from vaulttool.analyse.review import DEFAULT_CATEGORIES, build_review

        return build_review(
            self.vault,
            self.items,
            self.claims_by_item(self.items),
            self.vocabulary,
            self.links,
            DEFAULT_CATEGORIES if include is None else include,
            deck,
            generated,
            previous,
        )
