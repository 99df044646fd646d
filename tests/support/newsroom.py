"""Three small articles for source comparison: a wire story (A) that two outlets reuse with edits, and a
ministry quotation both outlets carry. Built from made-up words, so no stock phrase of real news links them."""

from __future__ import annotations

import random

__all__ = ["WIRE", "PAPER", "SITE", "QUOTE", "P1", "P2", "P3", "RNG", "VOCAB", "words", "edit", "filler"]

VOCAB = [f"{c}{v}{d}" for c in "bcdfghklmnprstvz" for v in "aeiou" for d in "lmnrst"]  # 480 made-up words


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def edit(text: str, rng: random.Random, changes: int) -> str:
    """Replace ``changes`` words, spread out so no two are within five words of each other."""
    out = text.split()
    for k in range(changes):
        out[6 + 7 * k] = "changed"
    return " ".join(out)


RNG = random.Random(5)
P1, P2, P3 = (words(RNG, 40) for _ in range(3))
QUOTE = words(RNG, 14)


def filler(tag: str) -> str:
    return words(random.Random(tag), 30) + ".\n\n"


# The wire (A) publishes first; B and C reuse its paragraphs with edits; B and C both quote the ministry.
WIRE = {"id": "a1", "outlet": "Wire", "date": "2024-05-02T09:00Z",
        "text": filler("a0") + P1 + ".\n\n" + filler("a1") + P2 + ".\n\n" + filler("a2") + P3 + "."}
PAPER = {"id": "b1", "outlet": "Paper", "date": "Thu, 02 May 2024 10:30:00 +0000",
         "text": filler("b0") + edit(P1, RNG, 2) + ".\n\n" + filler("b1") + f'The ministry said: "{QUOTE}."\n\n'
         + filler("b2") + edit(P2, RNG, 1) + "."}
SITE = {"id": "c1", "outlet": "Site", "date": "2 May 2024 12:00 +0200",  # 10:00 UTC: before the paper
        "text": filler("c0") + edit(P2, RNG, 3) + ".\n\n" + f'"{QUOTE}," a ministry spokesman said.\n\n'
        + filler("c1") + P3 + "."}
