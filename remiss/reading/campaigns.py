"""Campaigns and near-duplicates among replies (issue 15 §5): replies that are copies or near-
copies of one text — campaign letters, template replies — found by MinHash over word shingles and
grouped. Plain Python, no Django (docs/architecture.md).

Each text gets a fingerprint: its set of 3-word shingles hashed once each (2 × CRC-32) into 64
bins, the smallest value kept per bin (one-permutation MinHash, with empty bins filled from the
next bin so that short texts compare fairly). The share of equal bins estimates the Jaccard
similarity of two texts' shingle sets. Candidates are found by locality-sensitive hashing (32
bands of 2 bins: two texts sharing a band are compared) and grouped when their estimated
similarity is at least the threshold (0.5: a short letter with its own greeting, signature and
a few words changed is still a copy; independent replies share a few per cent); a group is the
connected texts (union-find). The cost is one hash per shingle and a few dictionary look-ups per
text: 10,000 replies in seconds (bench/campaigns.py).
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

BINS = 64
BANDS = 32
ROWS = BINS // BANDS
SHINGLE_WORDS = 3
MIN_WORDS = 25  # below this, a text is too short to call a copy (a one-line "no objection")
THRESHOLD = 0.5
_EMPTY = (1 << 64) - 1
_SEED = 0x9E3779B9
_WORD = re.compile(r"\w+")

Key = TypeVar("Key", bound=Hashable)
Fingerprint = tuple[int, ...]


def fingerprint(text: str) -> Fingerprint | None:
    """The text's MinHash fingerprint, or None when it is too short to compare."""
    words = _WORD.findall(text.casefold())
    if len(words) < MIN_WORDS:
        return None
    bins = [_EMPTY] * BINS
    shingles = {
        " ".join(words[start : start + SHINGLE_WORDS])
        for start in range(len(words) - SHINGLE_WORDS + 1)
    }
    for shingle in shingles:
        data = shingle.encode()
        # Two CRC-32s with different seeds make a 64-bit value: C speed, stable across
        # processes and versions (the fingerprints are kept in the database).
        value = zlib.crc32(data) | (zlib.crc32(data, _SEED) << 32)
        index = value % BINS
        if value < bins[index]:
            bins[index] = value
    # Densify: an empty bin takes the next filled bin's value (rotation), so that two texts
    # with few shingles still agree bin by bin when they are the same text.
    filled = [value for value in bins if value != _EMPTY]
    if not filled:
        return None
    for index in range(BINS):
        if bins[index] == _EMPTY:
            step = 1
            while bins[(index + step) % BINS] == _EMPTY:
                step += 1
            bins[index] = bins[(index + step) % BINS] ^ step
    return tuple(bins)


def similarity(first: Sequence[int], second: Sequence[int]) -> float:
    """The estimated Jaccard similarity of two texts' shingles, from their fingerprints."""
    return sum(1 for a, b in zip(first, second, strict=True) if a == b) / BINS


def groups(
    fingerprints: Mapping[Key, Sequence[int] | None], *, threshold: float = THRESHOLD
) -> list[list[Key]]:
    """The groups of near-identical texts (two or more each), largest first; the keys in each
    group in the order given."""
    parent: dict[Key, Key] = {}

    def root(key: Key) -> Key:
        while parent.get(key, key) != key:
            parent[key] = parent.get(parent[key], parent[key])
            key = parent[key]
        return key

    def join(a: Key, b: Key) -> None:
        parent[root(b)] = root(a)

    buckets: dict[tuple[int, tuple[int, ...]], list[Key]] = defaultdict(list)
    for key, print_ in fingerprints.items():
        if print_ is None or len(print_) != BINS:
            continue
        for band in range(BANDS):
            buckets[(band, tuple(print_[band * ROWS : (band + 1) * ROWS]))].append(key)
    for members in buckets.values():
        if len(members) < 2:
            continue
        # Each member is compared with the bucket's first and with the previous one: a
        # campaign of thousands costs a line of comparisons, not all pairs.
        head = members[0]
        head_print = fingerprints[head]
        assert head_print is not None
        for previous, key in itertools.pairwise(members):
            current = fingerprints[key]
            assert current is not None
            if root(key) == root(head):
                continue
            if similarity(head_print, current) >= threshold:
                join(head, key)
                continue
            earlier = fingerprints[previous]
            assert earlier is not None
            if similarity(earlier, current) >= threshold:
                join(previous, key)
    # Walked in the order given: each group lists its keys in that order, and the groups stand
    # in the order of their first key (kept by the stable sort for groups of one size).
    grouped: dict[Key, list[Key]] = defaultdict(list)
    for key in fingerprints:
        grouped[root(key)].append(key)
    return sorted((m for m in grouped.values() if len(m) >= 2), key=lambda m: -len(m))
