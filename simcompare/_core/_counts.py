"""How each kernel ran: compiled, reference, and fallbacks from compiled to reference.

A leaf module: the dispatcher counts the calls it routes, and the compiled
drivers (:mod:`._fast`) count the parts of a call they hand to the reference
implementation, with the reason, so that a test can tell which engine really
ran.
"""

from __future__ import annotations

import threading
from collections import Counter

__all__ = ["count_call", "count_fallback", "snapshot", "reset"]

_lock = threading.Lock()
_calls: Counter = Counter()  # (kernel, "compiled" | "reference") -> calls
_fallbacks: Counter = Counter()  # (kernel, reason) -> parts handed to the reference


def count_call(kernel: str, engine: str) -> None:
    """Count one call of ``kernel`` run by ``engine`` ("compiled" or "reference")."""
    with _lock:
        _calls[kernel, engine] += 1


def count_fallback(kernel: str, reason: str) -> None:
    """Count one part of a compiled call of ``kernel`` that the reference
    implementation computed instead, because of ``reason`` (e.g. "nfkc")."""
    with _lock:
        _fallbacks[kernel, reason] += 1


def snapshot(kernels) -> dict[str, dict]:
    """``{kernel: {"compiled": n, "reference": n, "fallback": n, "reasons": {reason: n}}}``
    for every name in ``kernels`` (and any other that was counted)."""
    with _lock:
        calls, fallbacks = dict(_calls), dict(_fallbacks)
    names = list(kernels) + sorted(({k for k, _ in calls} | {k for k, _ in fallbacks}) - set(kernels))
    out = {}
    for name in names:
        reasons = {reason: n for (k, reason), n in sorted(fallbacks.items()) if k == name}
        out[name] = {"compiled": calls.get((name, "compiled"), 0), "reference": calls.get((name, "reference"), 0),
                     "fallback": sum(reasons.values()), "reasons": reasons}
    return out


def reset() -> None:
    """Set every count to zero."""
    with _lock:
        _calls.clear()
        _fallbacks.clear()
