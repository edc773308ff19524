"""The closest name to a word, for "did you mean" hints: difflib's ratio, found among many names.

rapidfuzz's `fuzz.ratio` is difflib's ratio computed on the longest common subsequence, in C: for
a word of length `w` and a name of length `n` at Indel distance `d` (the characters deleted from
one and inserted from the other), `100 · (1 − d / (w + n))`. The closest name is the one of the
greatest ratio of at least `CUTOFF`, a tie going to the greatest name (as difflib's
`get_close_matches` breaks it). Each word is searched once (`Names.found`), in one of three ways:

- one at a time (`process.extract`), while few words were searched: numpy, which the other two
  need, takes about 0.1 s to import (a vault with few missing links never imports it);
- among many names, sieved (`Sieve`): only the names whose distance from the word can be small
  enough for a high ratio are compared with it;
- among fewer names, in batches (`process.cdist` compares a batch of words with every name in
  SIMD lanes, five to ten times the comparisons a second of one word at a time).
"""

from __future__ import annotations

import importlib
import math
import os
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cached_property
from itertools import takewhile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

CUTOFF = 70.0  # the lowest ratio that is a hint (difflib's 0.7)
TIE = 1e-3  # a score this close to a row's best may tie with it (float32 errs by 1e-5 at 100)


def _numpy() -> Any:
    """numpy, imported without the threads its OpenBLAS starts for the other cores, which spin a
    while waiting for work nothing here gives them (in two check workers on two cores, a twentieth
    of their time); the setting is as it was once numpy is in."""
    if "numpy" in sys.modules:
        return sys.modules["numpy"]
    was = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = was or "1"
    try:
        return importlib.import_module("numpy")
    finally:
        if was is None:
            del os.environ["OPENBLAS_NUM_THREADS"]


def _bit(code: int) -> int:
    """The bit (0-58) that stands for a character (its code point) in a name's masks: a letter's
    its own, others' shared (`_all_masks` computes the same)."""
    return code - 96 if 97 <= code <= 122 else 27 + ((code * 5) & 31)


def masks(name: str) -> tuple[int, int]:
    """A name's characters and its pairs of adjacent characters, each a set of 64 bits (one
    bit standing for several characters, or pairs, where there are more than 64)."""
    bits = [_bit(ord(char)) for char in name]
    chars = pairs = 0
    for bit in bits:
        chars |= 1 << bit
    for first, second in zip(bits, bits[1:]):
        pairs |= 1 << ((first * 31 + second) & 63)
    return chars, pairs


def _all_masks(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """`masks` of each name, computed on all their characters at once."""
    np = _numpy()

    lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
    codes = np.frombuffer("".join(names).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = np.where(codes - 97 < 26, codes - 96, 27 + ((codes * 5) & 31)).astype(np.uint64)
    one = np.uint64(1)
    char_bits = np.left_shift(one, bits)
    pair_bits = np.zeros(len(codes), dtype=np.uint64)  # the pair that starts at each character
    pair_bits[:-1] = np.left_shift(one, (bits[:-1] * np.uint64(31) + bits[1:]) & np.uint64(63))
    starts = np.cumsum(lengths) - lengths
    filled = lengths > 0
    pair_bits[(starts + lengths - 1)[filled]] = 0  # none starts at a name's last character
    chars, pairs = np.zeros(len(names), dtype=np.uint64), np.zeros(len(names), dtype=np.uint64)
    if filled.any():
        chars[filled] = np.bitwise_or.reduceat(char_bits, starts[filled])
        pairs[filled] = np.bitwise_or.reduceat(pair_bits, starts[filled])
    return chars, pairs


def length_window(length: int, score: float) -> tuple[int, int]:
    """The lengths of the names that can reach `score` (0-100) against a word of `length`.

    The common subsequence is at most the shorter length `m`, so a ratio is at most
    `200 · m / (w + n)`; rounded outwards."""
    share = min(score, 100.0) / 100
    return math.floor(length * share / (2 - share) - 1e-9), math.ceil(length * (2 - share) / share + 1e-9)


class Sieve:
    """Many names, sorted by length, with each one's masks, to find a word's closest quickly.

    A name at Indel distance `d` from a word differs from it in at most `d` characters' bits
    (a character deleted or inserted sets or clears at most one) and in at most `3 · d` pairs'
    bits (deleting a character takes out the two pairs it is in and makes one). A ratio of at
    least `s` needs `d ≤ (1 − s / 100) · (w + n)`, so only the names of a length and masks within
    those bounds can score `s`. The word is compared with the names that can score each of
    `LEVELS` in turn, from the highest: once one scores at least that level, no other can score
    more (it would have been compared). A misspelt name scores 90 or more (a transposition in
    25 characters: 96), and the names that can are a few in thousands."""

    LEVELS = (96.0, 93.0, 90.0, 85.0, 80.0, CUTOFF)

    def __init__(self, names: Iterable[str]) -> None:
        np = _numpy()

        self.names = sorted(names, key=len)
        self.lengths = [len(name) for name in self.names]
        self._lengths = np.array(self.lengths, dtype=np.int64)
        self._chars, self._pairs = _all_masks(self.names)
        # names scored one by one at most, at a level: a batch compares a word with every name
        # about twelve times as fast a name
        self.most_near = max(32, len(self.names) // 16)

    def closest(self, word: str) -> tuple[bool, str | None]:
        """(True, the name closest to `word`) (see the module); (False, None) when the names
        that can be closest are too many to compare one by one (names much alike, such as
        `Pasted image 20240101123456.png`), so a batch would find it sooner."""
        np = _numpy()
        from rapidfuzz import fuzz

        chars, pairs = (np.uint64(mask) for mask in masks(word))
        best: tuple[float, str] | None = None
        for level in self.LEVELS:
            low, high = length_window(len(word), level - TIE)
            start, stop = bisect_left(self.lengths, low), bisect_right(self.lengths, high)
            most = (1 - (level - TIE) / 100) * (len(word) + self._lengths[start:stop]) + 1e-6
            near: Any = np.flatnonzero(
                (np.bitwise_count(self._chars[start:stop] ^ chars) <= most)
                & (np.bitwise_count(self._pairs[start:stop] ^ pairs) <= 3 * most)
            )
            if len(near) > self.most_near:
                return False, None
            for index in near.tolist():
                name = self.names[start + index]
                score = fuzz.ratio(word, name, score_cutoff=CUTOFF)
                if score and (best is None or (score, name) > best):
                    best = (score, name)
            if best is not None and best[0] >= level - TIE:
                break
        return True, best[1] if best else None


class Names:
    """Names to suggest from, lower-cased once; the closest match to each word computed once
    (see the module for how)."""

    BULK_WORK = 400_000  # word-name comparisons one at a time (about 0.1 s) before numpy pays
    SIEVE_NAMES = 2_000  # names from which a sieve pays
    BATCH_CELLS = 4_000_000  # scores a batch holds (16 MB)

    def __init__(self, choices: Iterable[str]) -> None:
        self.by_lower = {choice.lower(): choice for choice in choices}
        self.lowered = list(self.by_lower)
        self.found: dict[str, str | None] = {}
        self.alone = 0  # comparisons made one word at a time
        self.sieved = self.unsieved = 0  # words the sieve found, and words it gave up on

    @property
    def _bulk(self) -> bool:
        """Whether numpy pays: imported already, or enough words were searched one at a time."""
        return "numpy" in sys.modules or self.alone >= self.BULK_WORK

    @cached_property
    def _sieve(self) -> Sieve:
        return Sieve(self.lowered)

    def closest(self, word: str) -> str | None:
        word = word.lower()
        if word not in self.found:
            sieved, found = self._sieved(word) if self._bulk else (False, None)
            if not sieved:
                found = self._search(word)
                self.alone += len(self.lowered)
            self.found[word] = found
        return self.found[word]

    def _sieved(self, word: str) -> tuple[bool, str | None]:
        """(True, the closest name) found by the sieve, when it finds it."""
        if len(self.lowered) < self.SIEVE_NAMES or self.unsieved > max(16, self.sieved):
            return False, None  # few names, or names so alike that the sieve gives up on most words
        sieved, found = self._sieve.closest(word)
        if not sieved:
            self.unsieved += 1
            return False, None
        self.sieved += 1
        return True, self.by_lower[found] if found is not None else None

    def search(self, words: Iterable[str]) -> None:
        """Find the closest names of these words now: sieved, or in batches when they pay (in one
        thread: a check that has many runs in a worker process on each core)."""
        todo = sorted({lowered for word in words if (lowered := word.lower()) not in self.found})
        if not self._bulk:
            for word in todo:
                self.closest(word)
            return
        left = []
        for word in todo:
            sieved, found = self._sieved(word)
            if sieved:
                self.found[word] = found
            else:
                left.append(word)
        if len(left) < 2:  # a batch of one is slower than `extract`
            for word in left:
                self.found[word] = self._search(word)
            return
        np = _numpy()
        from rapidfuzz import fuzz, process

        rows = max(1, self.BATCH_CELLS // len(self.lowered))
        for start in range(0, len(left), rows):
            batch = left[start : start + rows]
            scores = process.cdist(batch, self.lowered, scorer=fuzz.ratio, score_cutoff=CUTOFF, workers=1)
            for word, row in zip(batch, scores):
                top = row.max()
                near = np.flatnonzero(row >= top - TIE) if top else ()
                self.found[word] = self._best(word, [self.lowered[i] for i in near])

    def _search(self, word: str) -> str | None:
        from rapidfuzz import fuzz, process

        # best first (rapidfuzz's `extract` sorts by similarity): the top score is the first's
        near = process.extract(word, self.lowered, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=None)
        top = near[0][1] if near else 0.0
        return self._best(word, [choice for choice, _, _ in takewhile(lambda found: found[1] >= top - TIE, near)])

    def _best(self, word: str, near: list[str]) -> str | None:
        """The name of `near` closest to `word`, each scored again alone: ties broken as difflib
        breaks them (the greatest name)."""
        from rapidfuzz import fuzz

        best = max(((fuzz.ratio(word, choice), choice) for choice in near), default=None)
        return self.by_lower[best[1]] if best else None


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, if any is close enough."""
    return Names(choices).closest(word)
