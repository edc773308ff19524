"""Issue 15: the "did you mean" search among many names is sieved, and finds what comparing the
word with every name finds.

The closest name is the one of the greatest difflib ratio, `2 · LCS / (w + n)` (Python's
`difflib.SequenceMatcher.ratio` documentation), of at least 0.7, a tie going to the greatest name
(`difflib.get_close_matches` sorts its matches by score, then name, best first)."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from rapidfuzz import fuzz

from vaulttool.analyse.closest_names import Names, Sieve, _all_masks, length_window, masks

WORDS = (
    "neuron axon dendrite synapse membrane potential channel sodium potassium calcium chloride gradient "
    "receptor glutamate dopamine myelin cerebellum plasticity threshold current conductance reflex vesicle"
).split()


def _lcs(first: str, second: str) -> int:
    """The longest common subsequence's length, by the textbook dynamic programme."""
    row = [0] * (len(second) + 1)
    for char in first:
        previous = 0
        for j, other in enumerate(second, 1):
            previous, row[j] = row[j], previous + 1 if char == other else max(row[j], row[j - 1])
    return row[-1]


def _name(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(1, 4))
    if rng.random() < 0.3:
        words.append(str(rng.randrange(10**5)))
    return " ".join(words).capitalize()


def _misspelt(name: str, rng: random.Random) -> str:
    """A typo or two: a transposition, a letter dropped, doubled or changed, an `s` added."""
    letters = list(name)
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(letters))
        kind = rng.randrange(4)
        if kind == 0 and at + 1 < len(letters):
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
        elif kind == 1 and len(letters) > 1:
            del letters[at]
        elif kind == 2:
            letters.insert(at, letters[at])
        else:
            letters[at] = rng.choice("aeiourst")
    return "".join(letters) + ("s" if rng.random() < 0.3 else "")


def _every_name(word: str, names: list[str]) -> str | None:
    """The closest name found by comparing the word with every name."""
    word = word.lower()
    scored = [(fuzz.ratio(word, name.lower()), name.lower(), name) for name in names]
    best = max((entry for entry in scored if entry[0] >= 70), default=None)
    return best[2] if best else None


def test_masks_of_many_names_are_each_ones() -> None:
    """The masks computed on every name at once are each name's own: empty names, one
    character, accents, a character outside the BMP and an undecodable byte's escape."""
    rng = random.Random(5)
    names = ["", "a", "ab", "", "héllo wörld", "\U0001f600 smile", "zz", "\udcff bad", "x"]
    names += [_name(rng).lower() for _ in range(500)] + [""]
    chars, pairs = _all_masks(names)
    assert [(int(c), int(p)) for c, p in zip(chars, pairs)] == [masks(name) for name in names]
    assert masks("") == (0, 0)
    assert masks("ab")[1] != 0 and masks("a")[1] == 0  # one pair in "ab", none in "a"


def test_a_names_distance_is_at_least_what_its_masks_and_length_say() -> None:
    """The bounds the sieve relies on, checked against the LCS of a textbook dynamic programme:
    the Indel distance `d = w + n − 2 · LCS` is at least the characters' bits that differ, a
    third of the pairs' bits that differ, and the ratio is reachable only inside the length window."""
    rng = random.Random(7)
    checked = 0
    for _ in range(3000):
        first = _name(rng).lower()
        second = _misspelt(first, rng).lower() if rng.random() < 0.7 else _name(rng).lower()
        distance = len(first) + len(second) - 2 * _lcs(first, second)
        (first_chars, first_pairs), (second_chars, second_pairs) = masks(first), masks(second)
        assert (first_chars ^ second_chars).bit_count() <= distance
        assert (first_pairs ^ second_pairs).bit_count() <= 3 * distance
        ratio = 200 * _lcs(first, second) / (len(first) + len(second))
        low, high = length_window(len(first), ratio)
        assert low <= len(second) <= high
        checked += distance <= 4
    assert checked > 1000  # many near pairs, where the bounds are tight


def test_the_sieve_finds_what_comparing_every_name_finds() -> None:
    """3,000 names; misspelt names, names with words swapped, unrelated words and words as far
    from two names (a tie: the greatest wins)."""
    rng = random.Random(11)
    names = sorted({_name(rng) for _ in range(3200)})[:3000]
    assert len(names) >= Names.SIEVE_NAMES
    words = [_misspelt(rng.choice(names), rng) for _ in range(300)]
    words += [" ".join(reversed(rng.choice(names).split())) for _ in range(40)]
    words += [_name(rng) + " draft" for _ in range(40)] + ["qqqq", "x", "Potassium chloride 1234"]
    names += ["Neuron A", "Neuron B"]
    words += ["Neuron C"]
    sieved = Names(names)
    sieved.BULK_WORK = 0  # numpy from the first word on
    sieved.search(words[:200])
    found = [sieved.closest(word) for word in words]
    assert sieved.sieved > len(words) // 2  # most words were sieved
    assert found == [_every_name(word, names) for word in words]
    assert found[-1] == "Neuron B"  # 0.875 with both


def test_the_sieve_gives_up_on_names_too_alike() -> None:
    """Names such as Obsidian's `Pasted image 20240101123456.png`: a word can be close to so many
    that a batch compares them sooner. The sieve gives up on each and is no longer tried after
    enough; the names found are still every name's closest."""
    rng = random.Random(13)
    stamp = "Pasted image 2024{:02d}{:02d}{:06d}.png"
    names = sorted(
        {stamp.format(rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(10**6)) for _ in range(2500)}
    )
    words = [stamp.format(rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(10**6)) for _ in range(60)]
    alike = Names(names)
    alike.BULK_WORK = 0
    alike.search(words)
    assert alike.sieved == 0 and 16 < alike.unsieved < len(words)
    assert [alike.found[word.lower()] for word in words] == [_every_name(word, names) for word in words]
    assert Sieve(name.lower() for name in names).closest(words[0].lower()) == (False, None)


@pytest.mark.skipif(
    not os.path.isdir("/proc/self/task") or (os.cpu_count() or 1) < 2, reason="threads counted in /proc, on two cores"
)
def test_the_numpy_the_sieve_imports_starts_no_thread_and_the_environment_is_left_as_it_was():
    """numpy loads OpenBLAS, which starts a thread for each other core that spins waiting for work
    nothing here gives it: a process whose sieve imported numpy has one thread; the setting that
    does it is gone afterwards (a program that imports vaulttool keeps its own)."""
    sieve = "from vaulttool.analyse.closest_names import Sieve; Sieve(['axon', 'neuron']); "
    count = "import os; {}import numpy; print(len(os.listdir('/proc/self/task')), 'OPENBLAS_NUM_THREADS' in os.environ)"
    environment = {name: value for name, value in os.environ.items() if not name.endswith("_NUM_THREADS")}

    def run(before: str) -> list[str]:
        command = [sys.executable, "-c", count.format(before)]
        return subprocess.run(command, env=environment, capture_output=True, text=True, check=True).stdout.split()

    assert run(sieve) == ["1", "False"]
    assert int(run("")[0]) > 1  # numpy alone starts more
