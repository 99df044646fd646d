"""Three small articles for source comparison: a wire story (A) that two outlets reuse with edits, and a
ministry quotation both outlets carry. Built from made-up words, so no stock phrase of real news links them."""

from __future__ import annotations

import random

__all__ = ["WIRE", "PAPER", "SITE", "QUOTE", "P1", "P2", "P3", "RNG", "VOCAB", "words", "edit", "filler",
           "STOCK_PHRASE", "FARM", "TAX", "TAX_WIRE", "TAX_PAPER", "RATES", "RATES_WIRE", "RATES_CREDITED",
           "RATES_UNCREDITED", "RATES_THIRD_PARTY"]

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


# The first case: a farming story from local radio at 08:00 and a tax story from a wire at 10:00 share
# one stock phrase; a paper runs the wire's tax story at 15:00. Only the tax story may be copied.
STOCK_PHRASE = "told BBC Radio 4's Today programme that"
FARM = {"id": "farm-story", "outlet": "Local Radio", "date": "2024-03-05T08:00Z",
        "text": "Dairy farmers in the valley say the wet winter has left fields too soft for cattle. One farmer "
                f"{STOCK_PHRASE} she had kept her herd indoors since October and was running short of silage. "
                "The farmers' union wants the council to delay the spring inspection of the grazing land."}
TAX = ("The chancellor will raise the threshold for the top rate of income tax in next week's budget, "
       "according to officials familiar with the plans. A Treasury minister "
       f"{STOCK_PHRASE} the change would help about two million workers whose pay rises had pulled them "
       "into the higher band. Opposition parties said the measure came too late for families already "
       "struggling with energy bills. The Treasury declined to comment on the details on Monday.")
TAX_WIRE = {"id": "tax-wire", "outlet": "Wire", "date": "2024-03-05T10:00Z", "text": TAX}
TAX_PAPER = {"id": "tax-paper", "outlet": "Evening Gazette", "date": "2024-03-05T15:00Z",
             "text": "Budget week. " + TAX.replace("Opposition parties", "Rival parties")}


# The third case: a Reuters story, one paper's copy credits it (dateline), another's does not; a third
# credits a third party (KCNA via AFP) and a paper the story passed through, never Reuters.
RATES = ("The central bank raised its main interest rate by half a percentage point on Thursday, the largest "
         "increase in two decades, as policymakers tried to bring inflation back under control. The governor "
         "said the committee was ready to act again if price pressures persisted through the summer months. "
         "Mortgage lenders are expected to pass the increase on to borrowers within weeks, analysts said.")
RATES_WIRE = {"id": "rates-wire", "outlet": "Reuters", "date": "2024-06-06T09:00Z", "text": RATES}
RATES_CREDITED = {"id": "rates-credited", "outlet": "Daily Post", "date": "2024-06-06T12:00Z",
                  "text": "LONDON (Reuters) - " + RATES}
RATES_UNCREDITED = {"id": "rates-uncredited", "outlet": "Evening Gazette", "date": "2024-06-06T13:00Z",
                    "text": "Homeowners face higher bills. " + RATES}
RATES_THIRD_PARTY = {"id": "rates-third-party", "outlet": "The Herald", "date": "2024-06-06T14:00Z",
                     "text": RATES + "\n\nThe news came as North Korea fired a missile, according to the KCNA "
                             "report, which was picked up by Agence France-Presse (AFP).\n\n"
                             "This article first appeared in the Daily Post."}
