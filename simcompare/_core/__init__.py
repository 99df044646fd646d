"""The hot kernels behind one plain Python API.

``SIMCOMPARE_ENGINE=fast`` uses the compiled numba kernels;
``SIMCOMPARE_ENGINE=reference`` uses the short plain-Python implementation the
differential tests compare the fast engine against. Both give identical bits,
so the default, ``auto``, picks by size: a few small texts (a CLI comparing two
articles) are signed in plain Python in milliseconds, which is far less than
importing numba and loading the compiled kernels (about half a second).
"""

from __future__ import annotations

import os
from typing import Sequence

import numpy as np

from ..errors import ParameterError
from ..params import SignatureParams

ENGINES = ("auto", "fast", "reference")
# Characters below which ``auto`` signs in plain Python (per-permutation work
# makes the k-permutation scheme about five times slower there).
SMALL_INPUT = {"oph": 100_000, "kperm": 20_000}


def engine_name() -> str:
    name = os.environ.get("SIMCOMPARE_ENGINE", "auto").strip().lower() or "auto"
    if name not in ENGINES:
        raise ParameterError(f"SIMCOMPARE_ENGINE must be one of {', '.join(ENGINES)}, got {name!r}")
    return name


def sign_texts(
    texts: Sequence[str], params: SignatureParams, *, workers: int = 1, engine: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Sign ``texts`` (all ``str``) into ``(uint32 matrix, empty mask)``."""
    engine = engine or engine_name()
    if engine == "auto":
        small = len(texts) <= 64 and sum(map(len, texts)) <= SMALL_INPUT[params.scheme]
        engine = "reference" if small else "fast"
    if engine == "reference":
        from . import _reference

        return _reference.sign(texts, params)
    from . import _fast  # imports numba: only when the fast engine is used

    return _fast.sign(texts, params, workers=workers)
