"""Benchmark of campaign and near-duplicate finding (issue 15 §5).

Builds N replies (default 10,000) from the sentences of the real replies in tests/data/real-
replies — each ordinary reply a different mix of 12–30 sentences — with three campaigns planted:
3 % , 0.3 % and 30 near-copies of one template each, every copy with its own greeting, sender and
signature and a few words changed. Then times what the application does (remiss.reading.
campaigns): the fingerprints (done once per file by the reading task in the application) and the
grouping (done when a compilation is made), and checks the groups against the planted ones.

    .venv/bin/python bench/campaigns.py [--replies N]

Last line: {"bench": "campaigns", "replies", "fingerprint_s", "group_s", "total_s", "goal_s",
"ratio", "groups", "precision", "recall"}. Goal: N = 10,000 clustered in <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remiss.reading.campaigns import fingerprint, groups  # noqa: E402

GOAL_SECONDS = 10.0


def sentences() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests/data/real-replies").glob("*/*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        found.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6)
    return found


def campaign_copy(template: list[str], rng: random.Random, number: int) -> str:
    words = " ".join(template).split()
    for _ in range(rng.randint(2, 6)):  # a few words changed by each sender
        words[rng.randrange(len(words))] = rng.choice(["inte", "mycket", "särskilt", "också"])
    greeting = rng.choice(["Hej!", "Till Finansdepartementet.", "Hej,", "Synpunkter på remissen."])
    return f"{greeting} {' '.join(words)} Med vänlig hälsning, avsändare nummer {number}."


def build(count: int, seed: int = 2026) -> tuple[dict[int, str], list[set[int]]]:
    rng = random.Random(seed)
    pool = sentences()
    sizes = [max(2, count * 3 // 100), max(2, count * 3 // 1000), min(30, count // 10)]
    planted: list[set[int]] = []
    replies: dict[int, str] = {}
    key = 0
    for size in sizes:
        template = rng.sample(pool, 15)
        members = set()
        for _ in range(size):
            replies[key] = campaign_copy(template, rng, key)
            members.add(key)
            key += 1
        planted.append(members)
    while key < count:
        replies[key] = " ".join(rng.sample(pool, rng.randint(12, 30)))
        key += 1
    order = list(replies)
    rng.shuffle(order)
    return {k: replies[k] for k in order}, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replies", type=int, default=10_000)
    args = parser.parse_args()
    replies, planted = build(args.replies)
    started = time.perf_counter()
    prints = {key: fingerprint(text) for key, text in replies.items()}
    printed = time.perf_counter()
    found = groups(prints)
    grouped = time.perf_counter()
    found_sets = [set(g) for g in found]
    in_found = {k for g in found_sets for k in g}
    in_planted = {k for g in planted for k in g}
    precision = len(in_found & in_planted) / len(in_found) if in_found else 1.0
    recall = len(in_found & in_planted) / len(in_planted)
    total = grouped - started
    print(f"{args.replies} replies, campaigns of {[len(p) for p in planted]}")
    print(f"fingerprints {printed - started:.2f} s, grouping {grouped - printed:.2f} s, "
          f"total {total:.2f} s (goal {GOAL_SECONDS:.0f} s)")  # fmt: skip
    print(f"groups found: {[len(g) for g in found_sets]}; precision {precision:.3f}, "
          f"recall {recall:.3f}")  # fmt: skip
    print(json.dumps({
        "bench": "campaigns", "replies": args.replies,
        "fingerprint_s": round(printed - started, 3), "group_s": round(grouped - printed, 3),
        "total_s": round(total, 3), "goal_s": GOAL_SECONDS, "ratio": round(total / GOAL_SECONDS, 3),
        "groups": [len(g) for g in found_sets], "precision": round(precision, 4),
        "recall": round(recall, 4),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
