"""Deterministic, seeded generator of realistic Obsidian vaults for the benchmark.

A normal vault has notes of about 4.5 KB in nested folders, with front matter (created, tags,
aliases, sometimes a `related` wiki-link), headings, paragraphs ending in `^block-ids`, lists
carrying lifecycle tags, wiki-links with headings, block refs and display texts, Markdown links,
embeds of attachments, same-named notes in different folders, and calculator claims (```nernst
blocks and `nernst: …` spans). About 5% of links are broken on purpose (a misspelt note, a missing
heading, a missing block, a missing attachment) and `Manifest.broken` counts them, so the
benchmark can assert that `vaulttool check` reports exactly that many `missing-*` errors.

The adversarial shapes (`SHAPES`) are the worst cases the issue names: one note with 50,000
links, 5,000 notes all named `Note.md`, one note with 20,000 headings and as many heading links,
one 20 MB note (over vaulttool's 10 MB limit for a note: reported, not parsed) and one 9 MB note,
a folder tree 200 levels deep.

Same seed, same bytes: only `random.Random(seed)` decides, never hash order or the clock.

    python tools/bench/generate.py /tmp/v --notes 1000 --seed 1
    python tools/bench/generate.py /tmp/v --shape headings-20k
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOTS = ("Neuroscience", "Physiology", "Pharmacology", "Biophysics", "Anatomy", "Cell Biology", "Exams")
SUBJECTS = (
    "membrane",
    "channel",
    "potential",
    "synapse",
    "receptor",
    "neuron",
    "axon",
    "dendrite",
    "myelin",
    "sodium",
    "potassium",
    "chloride",
    "calcium",
    "gradient",
    "current",
    "conductance",
    "pump",
    "transporter",
    "vesicle",
    "glia",
    "cortex",
    "reflex",
    "spinal",
    "motor",
    "sensory",
    "retina",
    "cochlea",
    "thalamus",
    "hippocampus",
    "cerebellum",
    "dopamine",
    "glutamate",
    "GABA",
    "glycine",
    "acetylcholine",
    "plasticity",
    "threshold",
    "refractory",
    "capacitance",
    "resistance",
    "cable",
    "junction",
    "inhibition",
    "excitation",
    "feedback",
    "oscillation",
    "rhythm",
    "memory",
    "learning",
)
WORDS = SUBJECTS + (
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "by",
    "with",
    "for",
    "as",
    "on",
    "when",
    "which",
    "because",
    "so",
    "each",
    "more",
    "less",
    "than",
    "across",
    "through",
    "into",
    "at",
    "rest",
    "open",
    "closed",
    "fast",
    "slow",
    "large",
    "small",
    "inward",
    "outward",
    "net",
    "equilibrium",
    "driving",
    "force",
    "flux",
    "concentration",
    "charge",
    "voltage",
    "time",
    "constant",
    "length",
    "depolarises",
    "hyperpolarises",
    "fires",
    "releases",
    "binds",
    "blocks",
    "raises",
    "lowers",
    "explains",
    "depends",
    "balances",
    "reaches",
    "follows",
    "shows",
)
LIFECYCLE = ("#hypothesis", "#wonder", "#question", "#to_verify")
ANSWERS = ("#explanation", "#verifed", "#clarification", "#verified")
ANSWER_WORDS = ("yes", "no", "not quite", "exactly", "almost", "wrong", "right", "partly")
SHARED_NAMES = ("Overview", "Summary", "Questions", "Glossary", "Exercises")
IONS = (("K+", 140, 5, -89), ("Na+", 12, 145, 67), ("Cl-", 7, 110, -73), ("Ca2+", 0.0001, 2, 132))
NOTE_BYTES = 4500


@dataclass(slots=True)
class Manifest:
    """What a generated vault holds: counts the benchmark asserts."""

    notes: int = 0
    bytes: int = 0
    links: int = 0
    broken: Counter[str] = field(default_factory=Counter)  # missing-* code → count

    @property
    def broken_total(self) -> int:
        return sum(self.broken.values())


@dataclass(slots=True)
class _Plan:
    """A note decided before any is written, so links can name its headings and blocks."""

    path: str  # vault-relative, with `.md`
    name: str
    headings: list[str]
    blocks: list[str]
    shared: bool  # its name is used by other notes too


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(SUBJECTS) for _ in range(rng.randint(2, 4))).capitalize()


def _folders(rng: random.Random, count: int) -> list[str]:
    """`count` nested folders, one to four levels deep."""
    folders: list[str] = []
    while len(folders) < count:
        depth = rng.randint(1, 4)
        parts = [rng.choice(ROOTS)] + [_title(rng) for _ in range(depth - 1)]
        folder = "/".join(parts)
        if folder not in folders:
            folders.append(folder)
    return folders


def plan_vault(notes: int, seed: int) -> list[_Plan]:
    """Names, folders, headings and block ids of `notes` notes; every 50th note takes one of
    `SHARED_NAMES`, two notes per name."""
    rng = random.Random(seed)
    folders = _folders(rng, max(1, notes // 20))
    taken: set[str] = set()
    shared_folders: dict[str, set[str]] = {name: set() for name in SHARED_NAMES}
    plans: list[_Plan] = []
    for number in range(notes):
        folder = rng.choice(folders)
        common = SHARED_NAMES[(sum(map(len, shared_folders.values())) // 2) % len(SHARED_NAMES)]  # in pairs
        shared = number % 50 == 25 and folder not in shared_folders[common]
        if shared:
            name = common
            shared_folders[name].add(folder)
        else:
            name = _title(rng)
            if name.casefold() in taken or name in SHARED_NAMES:
                name = f"{name} {number}"
            taken.add(name.casefold())
        headings = [f"{_words(rng, 2, 4).capitalize()} {k}" for k in range(rng.randint(4, 8))]
        blocks = [f"b{number}-{k}" for k in range(rng.randint(1, 3))]
        plans.append(_Plan(f"{folder}/{name}.md", name, headings, blocks, shared))
    return plans


def _misspelt(name: str, names: set[str], rng: random.Random) -> str:
    """A plausible typo of `name` that no note is called."""
    letters = list(name)
    for _ in range(20):
        i = rng.randrange(max(1, len(letters) - 1))
        typo = letters[:]
        typo[i], typo[i + 1 if i + 1 < len(typo) else i] = typo[i + 1 if i + 1 < len(typo) else i], typo[i]
        candidate = ("".join(typo) + ("" if rng.random() < 0.5 else "s")).strip()
        if candidate.casefold() not in names and candidate != name:
            return candidate
    return name + " draft"


class _Writer:
    """Writes the body of notes from the plans; counts links and broken ones."""

    def __init__(
        self, plans: list[_Plan], rng: random.Random, attachments: int, manifest: Manifest, broken_rate: float = 0.05
    ) -> None:
        self.plans = plans
        self.rng = rng
        self.attachments = attachments
        self.manifest = manifest
        self.broken_rate = broken_rate
        self.names = {plan.name.casefold() for plan in plans}

    def _target(self, plan: _Plan) -> str:
        """How a link names a note: by name, or by path where the name is shared (a name-only
        link is then ambiguous, which is fine, but its headings would depend on the resolution)."""
        return plan.path[:-3] if plan.shared else plan.name

    def link(self) -> str:
        """One wiki-link, embed or Markdown link; broken with probability `broken_rate`."""
        rng, manifest = self.rng, self.manifest
        manifest.links += 1
        target = rng.choice(self.plans)
        roll = rng.random()
        if rng.random() < self.broken_rate:
            kind = ("missing-note", "missing-heading", "missing-block", "missing-attachment")[int(roll * 4)]
            manifest.broken[kind] += 1
            if kind == "missing-note":
                return f"[[{_misspelt(target.name, self.names, rng)}]]"
            if kind == "missing-heading":
                return f"[[{self._target(target)}#{_words(rng, 2, 3).capitalize()} {len(target.headings) + 7}]]"
            if kind == "missing-block":
                return f"[[{self._target(target)}#^gone-{rng.randrange(10**6)}]]"
            return f"![[figure {self.attachments + rng.randrange(1, 10**5)}.png]]"
        if roll < 0.35:
            return f"[[{target.name}]]" if not target.shared or roll < 0.05 else f"[[{self._target(target)}]]"
        if roll < 0.55:
            return f"[[{self._target(target)}#{rng.choice(target.headings)}]]"
        if roll < 0.65:
            return f"[[{self._target(target)}#^{rng.choice(target.blocks)}]]"
        if roll < 0.8:
            return f"[[{self._target(target)}|{_words(rng, 1, 3)}]]"
        if roll < 0.9:
            return f"[{_words(rng, 1, 3)}]({quote(target.path)})"
        if self.attachments:
            return f"![[figure {rng.randrange(self.attachments)}.png]]"
        return f"[[{self._target(target)}]]"

    def sentence(self, links: float) -> str:
        words = _words(self.rng, 6, 16).capitalize()
        if self.rng.random() < links:
            words += " " + self.link() + " " + _words(self.rng, 1, 5)
        return words + "."

    def paragraph(self, links: float) -> str:
        return " ".join(self.sentence(links) for _ in range(self.rng.randint(2, 4)))

    def lifecycle_item(self) -> str:
        rng = self.rng
        opener = rng.choice(LIFECYCLE)
        item = f"- {_words(rng, 5, 12).capitalize()} {opener}"
        if opener == "#to_verify" and rng.random() < 0.3:
            item = f"- {_words(rng, 4, 8).capitalize()} : ~~{_words(rng, 2, 4)}~~ #to_verify"
        if rng.random() < 0.6:
            item += f" {rng.choice(ANSWERS)} : {rng.choice(ANSWER_WORDS)}, {_words(rng, 4, 10)}"
        return item

    def claim(self) -> str:
        ion, inside, outside, expected = self.rng.choice(IONS)
        expected += self.rng.choice((0, 0, 0, 9))  # some claims are wrong on purpose
        if self.rng.random() < 0.5:
            return (
                f"```nernst\nion: {ion}\ninside: {inside} mM\noutside: {outside} mM\n"
                f"temperature: 37 °C\nexpect: {expected} mV\n```"
            )
        return f"E is `nernst: {ion} in {inside} mM, out {outside} mM, 37 °C => {expected} mV` at body temperature."

    def note(self, plan: _Plan, number: int) -> str:
        rng = self.rng
        tags = sorted({rng.choice(SUBJECTS).lower() for _ in range(rng.randint(1, 3))})
        front = [f"created: 2024-{1 + number % 12:02d}-{1 + number % 28:02d}", f"tags: [{', '.join(tags)}]"]
        if rng.random() < 0.3:
            front.append(f"aliases: [{_words(rng, 1, 3)}]")
        if rng.random() < 0.2:
            front.append(f'related: "[[{self._target(rng.choice(self.plans))}]]"')
            self.manifest.links += 1
        lines = ["---", *front, "---", f"# {plan.name}", "", self.paragraph(0.5), ""]
        blocks = list(plan.blocks)
        for heading in plan.headings:
            lines += [f"## {heading}", ""]
            paragraph = self.paragraph(0.6)
            if blocks and rng.random() < 0.7:
                paragraph += f" ^{blocks.pop()}"
            lines += [paragraph, ""]
            for _ in range(rng.randint(1, 3)):
                lines.append(self.lifecycle_item() if rng.random() < 0.4 else f"- {self.sentence(0.4)}")
            if rng.random() < 0.3:
                lines.append(f"    - {self.sentence(0.3)}")
            lines.append("")
            if rng.random() < 0.12:
                lines += [self.claim(), ""]
        for block in blocks:  # every planned block id is written, so links to it resolve
            lines += [f"{self.paragraph(0.2)} ^{block}", ""]
        return "\n".join(lines)


def _write(root: Path, path: str, text: str | bytes, manifest: Manifest) -> None:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    file.write_bytes(data)
    if path.endswith(".md"):
        manifest.notes += 1
        manifest.bytes += len(data)


def _attachments(root: Path, count: int, manifest: Manifest) -> None:
    for number in range(count):
        _write(root, f"attachments/figure {number}.png", b"\x89PNG\r\n\x1a\n" + number.to_bytes(4, "big"), manifest)


def generate(root: Path, notes: int, seed: int = 1, broken_rate: float = 0.05) -> Manifest:
    """Write a normal vault of `notes` notes under `root` (which must be empty or absent)."""
    rng = random.Random(seed + 1)
    plans = plan_vault(notes, seed)
    manifest = Manifest()
    attachments = max(1, notes // 50)
    _attachments(root, attachments, manifest)
    writer = _Writer(plans, rng, attachments, manifest, broken_rate)
    for number, plan in enumerate(plans):
        _write(root, plan.path, writer.note(plan, number), manifest)
    return manifest


# --- adversarial shapes -------------------------------------------------------------------------


def _many_links(root: Path, seed: int) -> Manifest:
    """1,000 normal notes and one more with 50,000 links to them."""
    manifest = generate(root, 1000, seed)
    plans = plan_vault(1000, seed)
    writer = _Writer(plans, random.Random(seed + 2), 1000 // 50, manifest)
    lines = ["# Link hub", ""] + [f"- {writer.link()}" for _ in range(50_000)]
    _write(root, "Hub/Link hub.md", "\n".join(lines), manifest)
    return manifest


def _same_names(root: Path, seed: int) -> Manifest:
    """5,000 notes of normal size all named `Note.md` in different folders, linked by name
    (`[[Note]]`: the one in the linking note's folder) and by partial and whole paths."""
    rng = random.Random(seed)
    manifest = Manifest()
    folders = [f"topic {n // 100}/unit {n % 100}" for n in range(5000)]
    for folder in folders:
        lines = ["# Note", ""]
        for section in range(6):
            lines += [f"## Section {section}", "", _words(rng, 60, 100).capitalize() + ".", ""]
            for _ in range(2):
                other = rng.choice(folders)
                manifest.links += 1
                written = rng.choice(
                    (
                        "[[Note]]",
                        f"[[{other}/Note]]",
                        f"[[{other.split('/')[1]}/Note]]",
                        f"[[{other}/Note#Section {rng.randrange(6)}]]",
                    )
                )
                lines.append(f"- {_words(rng, 4, 10).capitalize()} {written}")
            lines.append("")
        _write(root, f"{folder}/Note.md", "\n".join(lines), manifest)
    return manifest


def _many_headings(root: Path, seed: int) -> Manifest:
    """1,000 normal notes and one with 20,000 headings and 20,000 links to them."""
    manifest = generate(root, 1000, seed)
    rng = random.Random(seed + 3)
    headings = [f"{_words(rng, 2, 4).capitalize()} {k}" for k in range(20_000)]
    lines = []
    for k, heading in enumerate(headings):
        lines += [f"{'#' * (1 + k % 3)} {heading}", "", f"See [[#{rng.choice(headings)}]] and {_words(rng, 4, 8)}.", ""]
        manifest.links += 1
    _write(root, "Big/Headings.md", "\n".join(lines), manifest)
    return manifest


def _huge_note(root: Path, seed: int, megabytes: int = 20) -> Manifest:
    """1,000 normal notes and one note of `megabytes` MB made of normal notes' bodies. vaulttool
    reads at most 10 MB of a note (`vault.MAX_NOTE_BYTES`): a larger one is reported `too-large`
    and not parsed, so its links are not counted among the broken links `check` must find."""
    manifest = generate(root, 1000, seed)
    plans = plan_vault(1000, seed)
    counted = manifest if megabytes <= 10 else Manifest()
    writer = _Writer(plans, random.Random(seed + 4), max(1, 1000 // 50), counted)
    chunks: list[str] = []
    size, number = 0, 0
    while size < megabytes * 2**20 - 64 * 1024:  # under the limit with room for the front matter
        body = writer.note(_Plan("Big/Huge.md", "Huge", [f"Part {number} {k}" for k in range(5)], [], False), number)
        body = body.split("---\n", 2)[2]  # one front matter only: drop each chunk's
        chunks.append(body)
        size += len(body.encode("utf-8")) + 1
        number += 1
    _write(root, "Big/Huge.md", "---\ntags: [big]\n---\n" + "\n".join(chunks), manifest)
    return manifest


def _deep_tree(root: Path, seed: int) -> Manifest:
    """1,000 normal notes moved into a folder chain 200 levels deep (five notes per level)."""
    plans = plan_vault(1000, seed)
    for number, plan in enumerate(plans):
        depth = number // 5 + 1
        plan.path = "/".join(f"d{level}" for level in range(depth)) + f"/{plan.name}.md"
    manifest = Manifest()
    attachments = 20
    _attachments(root, attachments, manifest)
    writer = _Writer(plans, random.Random(seed + 1), attachments, manifest)
    for number, plan in enumerate(plans):
        _write(root, plan.path, writer.note(plan, number), manifest)
    return manifest


SHAPES = {
    "links-50k": _many_links,
    "same-name-5k": _same_names,
    "headings-20k": _many_headings,
    "note-20mb": _huge_note,  # refused (`too-large`): what a note over the limit costs
    "note-9mb": lambda root, seed: _huge_note(root, seed, 9),  # the largest shape vaulttool parses
    "deep-200": _deep_tree,
}


def generate_shape(root: Path, shape: str, seed: int = 1) -> Manifest:
    return SHAPES[shape](root, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where to write the vault (must not exist)")
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=sorted(SHAPES))
    args = parser.parse_args()
    if args.folder.exists():
        parser.error(f"{args.folder} exists; name a new folder")
    manifest = (
        generate_shape(args.folder, args.shape, args.seed)
        if args.shape
        else generate(args.folder, args.notes, args.seed)
    )
    print(
        f"{manifest.notes} notes, {manifest.bytes / 2**20:.1f} MiB, {manifest.links} links, "
        f"broken: {dict(sorted(manifest.broken.items()))}"
    )


if __name__ == "__main__":
    main()
