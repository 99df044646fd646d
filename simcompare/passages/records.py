"""Small frozen records passed between the stages and to callers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from ..text.credits import Credit

__all__ = ["Passage", "TextInfo", "Similarity", "Comparison", "VERDICTS"]

VERDICTS = ("duplicate", "partial_reuse", "shared_quotes", "unrelated")


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage two texts share.

    Offsets are half-open ``[start, end)`` in Unicode code points into the
    original texts as given, so ``a[a_start:a_end] == a_text``.

    Attributes
    ----------
    a_start, a_end, b_start, b_end:
        The span in each text.
    score:
        Similarity of the two spans, 0.0-1.0 (1.0: the same words in the same
        order, ignoring case, punctuation and typographic variants).
    a_text, b_text:
        The spans, exactly as they appear in the texts.
    kind:
        ``"quote"`` when the passage lies mostly inside quotation marks in both
        texts, else ``"prose"``.
    words:
        Number of words of ``a`` the passage aligns with words of ``b``.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    a_text: str
    b_text: str
    kind: Literal["quote", "prose"]
    words: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TextInfo:
    """Where a compared text came from (``path`` is None for in-memory text)."""

    path: str | None
    chars: int
    words: int


@dataclass(frozen=True, slots=True)
class Similarity:
    """Shingle-set similarity of two texts, all 0.0-1.0.

    ``jaccard``, ``containment_a_in_b`` (share of a's shingles found in b) and
    ``containment_b_in_a`` are exact; ``minhash`` is the signature estimate of
    ``jaccard``.
    """

    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    minhash: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything :func:`simcompare.compare` finds about two texts."""

    a: TextInfo
    b: TextInfo
    similarity: Similarity
    passages: list[Passage]
    coverage_a: float
    coverage_b: float
    verdict: Literal["duplicate", "partial_reuse", "shared_quotes", "unrelated"]
    parameters: dict = field(default_factory=dict)
    #: The sources each text names (:func:`simcompare.text.find_credits`), in order of ``start``.
    credits_a: list[Credit] = field(default_factory=list)
    credits_b: list[Credit] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The documented JSON document (see README, "JSON output")."""
        return {
            "a": asdict(self.a),
            "b": asdict(self.b),
            "similarity": asdict(self.similarity),
            "coverage": {"a": self.coverage_a, "b": self.coverage_b},
            "verdict": self.verdict,
            "parameters": dict(self.parameters),
            "passages": [p.to_dict() for p in self.passages],
            "credits": {"a": [c.to_dict() for c in self.credits_a], "b": [c.to_dict() for c in self.credits_b]},
        }
