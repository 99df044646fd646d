"""The engine dispatcher: every kernel's two implementations, one auto rule,
the counts of which ran, and one wrapper for the compiled engine's failures.

See :mod:`simcompare._core` for the rule and docs/engine.md for how its
numbers were measured.
"""

from __future__ import annotations

import importlib
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..errors import EngineError, ParameterError, SimcompareError
from ._counts import count_call, reset, snapshot

__all__ = ["ENGINES", "LOAD_SECONDS", "Kernel", "KERNELS", "engine_name", "choose", "run", "load_compiled",
           "compiled_errors", "engine_counts", "reset_engine_counts", "auto_state"]

ENGINES = ("auto", "fast", "reference")

#: Seconds a fresh process takes to load the compiled engine from numba's
#: cache: :func:`load_compiled` (0.73 s: import numba, 0.28 s; import the
#: kernel modules, 0.04 s; the first call of a cached kernel, which readies
#: numba's runtime, 0.4 s), then the first calls of the kernels a task uses
#: (0.06 s for signing, tokens and regions). Measured on the project's 2-core
#: machine with ``python -m simcompare._core._calibrate``.
LOAD_SECONDS = 0.8


@dataclass(frozen=True)
class Kernel:
    """A kernel's two implementations and the speed of the plain-Python one.

    ``reference`` and ``compiled`` name a function as ``"module:function"``
    under :mod:`simcompare._core`, imported on first use (so numba only when
    the compiled engine runs); both take the same arguments and give the same
    bits. ``seconds_per_unit`` is the reference's time per unit of input, as
    measured by :mod:`._calibrate`; the caller counts the units (``unit``).
    """

    reference: str
    compiled: str
    seconds_per_unit: float
    unit: str


# Reference seconds per unit: medians of ``python -m simcompare._core._calibrate
# --texts <BBC News articles>`` (three runs on the 2-core machine, rounded).
KERNELS: dict[str, Kernel] = {
    "sign_texts": Kernel("_reference:sign", "_fast:sign", 1.4e-6, "character, times the scheme's weight"),
    "sign_with_anchors": Kernel("_reference:sign_with_anchors", "_fast:sign_with_anchors", 3.3e-6,
                                "character, times the scheme's weight"),
    "token_spans": Kernel("_reference:token_spans", "_fast:token_spans", 2.6e-6, "character"),
    "text_units": Kernel("_reference:units", "_fast:units", 1.5e-6, "character"),
    "shingle_sets": Kernel("_reference:shingle_sets", "_fast:shingle_sets", 1.8e-6, "character"),
    "find_regions": Kernel("_reference:find_regions", "_kernels:find_regions", 2.0e-6, "seed of either text"),
    "merge_runs": Kernel("_reference:merge_runs", "_fast:merge_runs", 3.0e-8, "posting"),
    "sort_postings": Kernel("_reference:sort_postings", "_kernels:sort_postings", 2.4e-7, "posting"),
    "frequent_values": Kernel("_reference:frequent_values", "_fast:frequent_values", 1.3e-7, "value"),
    "frequent_shingles": Kernel("_reference:frequent_shingles", "_sets:frequent_shingles", 1.6e-6, "character"),
    "shingle_overlaps": Kernel("_reference:shingle_overlaps", "_sets:shingle_overlaps", 9.4e-7,
                               "character of a pair's texts"),
    "candidate_pairs": Kernel("_reference:candidate_pairs", "_pairs:candidate_pairs", 9.0e-6, "key (row x band)"),
    "connected_components": Kernel("_reference:connected_components", "_pairs:connected_components", 7.0e-7,
                                   "node or edge"),
    "flat_json_records": Kernel("_records_reference:flat_records", "_records:flat_records", 4.0e-8, "byte"),
    "json_text_lengths": Kernel("_reference:json_text_lengths", "_jsonscan:text_lengths", 5.0e-9, "byte"),
}

# Imported by :func:`load_compiled`; ``_kernels`` first: its first call readies numba.
COMPILED_MODULES = ("_kernels", "_strings", "_jsonscan", "_fast", "_pairs", "_records")


class _Auto:
    """What the auto rule knows of this process."""

    loaded = False  # the compiled engine is loaded: every call runs compiled
    reference_seconds = 0.0  # time spent in reference calls that auto chose


_auto = _Auto()
_lock = threading.Lock()
_functions: dict[str, object] = {}
_names: dict[str, str] = {}  # SIMCOMPARE_ENGINE as set -> the engine it names


def engine_name() -> str:
    """The engine ``SIMCOMPARE_ENGINE`` asks for: "auto" (unset or empty), "fast" or "reference".

    Returns
    -------
    str
        One of :data:`ENGINES`.

    Raises
    ------
    ParameterError
        If ``SIMCOMPARE_ENGINE`` names another engine.

    Examples
    --------
    >>> engine_name() in ENGINES
    True
    """
    raw = os.environ.get("SIMCOMPARE_ENGINE", "auto")
    name = _names.get(raw)
    if name is None:
        name = raw.strip().lower() or "auto"
        if name not in ENGINES:
            raise ParameterError(f"SIMCOMPARE_ENGINE must be one of {', '.join(ENGINES)}, got {name!r}")
        _names[raw] = name
    return name


def _requested(engine: str | None) -> str:
    if engine is None:
        return engine_name()
    if engine not in ENGINES:
        raise ParameterError(f"engine must be one of {', '.join(ENGINES)} or None, got {engine!r}")
    return engine


def choose(kernel: str, size: float, engine: str | None = None) -> str:
    """The engine, "fast" or "reference", that a call of ``kernel`` on ``size`` units runs.

    Parameters
    ----------
    kernel:
        A name in :data:`KERNELS`.
    size:
        The call's input in the kernel's units (``KERNELS[kernel].unit``).
    engine:
        "fast", "reference", "auto", or None for ``SIMCOMPARE_ENGINE``.

    Returns
    -------
    str
        "fast" or "reference". Under "auto": "fast" once the compiled engine
        is loaded, or once the reference time this process has spent plus
        this call's estimate (``size * seconds_per_unit``) exceeds
        :data:`LOAD_SECONDS`; else "reference".

    Raises
    ------
    ParameterError
        If ``engine`` or ``SIMCOMPARE_ENGINE`` names no engine.

    Examples
    --------
    >>> choose("token_spans", 10, engine="reference")
    'reference'
    >>> choose("token_spans", 1e12, engine="auto")
    'fast'
    """
    engine = _requested(engine)
    if engine != "auto":
        return engine
    return "reference" if _auto_picks_reference(KERNELS[kernel], size) else "fast"


def _auto_picks_reference(spec: Kernel, size: float) -> bool:
    """The auto rule: the reference, unless the compiled engine is loaded or
    the reference time spent plus this call's estimate exceeds the load cost."""
    return not _auto.loaded and _auto.reference_seconds + size * spec.seconds_per_unit <= LOAD_SECONDS


def _function(path: str):
    function = _functions.get(path)
    if function is None:
        module, name = path.split(":")
        function = _functions[path] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    return function


def run(kernel: str, engine: str | None, size: float, *args, **kwargs):
    """Run ``kernel`` on ``args`` and ``kwargs`` with the engine :func:`choose` picks.

    Parameters
    ----------
    kernel, engine, size:
        As for :func:`choose`.
    args, kwargs:
        The arguments of both implementations.

    Returns
    -------
    object
        What the implementation returns.

    Raises
    ------
    EngineError
        If the compiled implementation fails (see :func:`compiled_errors`).
    ParameterError
        If ``engine`` names no engine.

    Examples
    --------
    >>> run("frequent_values", "reference", 3, np.array([2, 2, 5], dtype=np.uint64), 2).tolist()
    [2]
    """
    spec = KERNELS[kernel]
    engine = _requested(engine)
    if engine == "reference" or (engine == "auto" and _auto_picks_reference(spec, size)):
        return _run_reference(kernel, spec, engine == "auto", args, kwargs)
    if not _auto.loaded:
        load_compiled()
    function = _functions.get(spec.compiled) or _function(spec.compiled)
    count_call(kernel, "compiled")
    try:  # what compiled_errors does, inline: this is every compiled call's path
        return function(*args, **kwargs)
    except SimcompareError:
        raise
    except Exception as exc:
        raise _engine_error(kernel, exc) from exc


def _run_reference(kernel: str, spec: Kernel, auto: bool, args: tuple, kwargs: dict):
    """Run the reference; under auto, add its time to what the rule has spent.

    The time is the calling thread's CPU time, not the wall clock: on a busy machine a process that waits
    for a core has not spent that wait in plain Python, and would otherwise load numba for two small texts.
    """
    function = _function(spec.reference)
    count_call(kernel, "reference")
    start = time.thread_time()
    try:
        return function(*args, **kwargs)
    finally:
        if auto:
            with _lock:
                _auto.reference_seconds += time.thread_time() - start


def _engine_error(kernel: str, exc: Exception) -> EngineError:
    """The :class:`EngineError` that stands for ``exc``, raised by compiled ``kernel``."""
    error = EngineError(f"compiled kernel {kernel}: expected a result, got {type(exc).__name__}: {exc}")
    error.kernel, error.original = kernel, exc
    return error


@contextmanager
def compiled_errors(kernel: str):
    """Turn a failure inside compiled code into :class:`EngineError`.

    Errors of simcompare's own (a :class:`ParameterError` from validation, an
    :class:`EngineError` with advice) pass through unchanged; any other
    exception (numba's, numpy's, ``MemoryError``) becomes an ``EngineError``
    naming the kernel, with the original as its ``__cause__`` and ``original``.

    Parameters
    ----------
    kernel:
        The kernel's name, for the message.

    Raises
    ------
    EngineError
        In place of any exception that is not a :class:`SimcompareError`.

    Examples
    --------
    >>> with compiled_errors("sort_postings"):
    ...     raise IndexError("index 9 is out of bounds")
    Traceback (most recent call last):
    ...
    simcompare.errors.EngineError: compiled kernel sort_postings: expected a result,
        got IndexError: index 9 is out of bounds
    """
    try:
        yield
    except SimcompareError:
        raise
    except Exception as exc:
        raise _engine_error(kernel, exc) from exc


def load_compiled() -> None:
    """Load the compiled engine now, once per process: import numba and the
    compiled kernels and ready numba's runtime (about :data:`LOAD_SECONDS`).
    From then on "auto" runs every kernel compiled. A caller about to work
    on a corpus calls this first, so that no stage starts in plain Python.

    Raises
    ------
    EngineError
        If numba cannot load or run a kernel.

    Examples
    --------
    >>> load_compiled()
    >>> auto_state()["loaded"]
    True
    """
    if _auto.loaded:
        return
    with _lock:
        if _auto.loaded:
            return
        with compiled_errors("load_compiled"):
            modules = [importlib.import_module(f"{__package__}.{name}") for name in COMPILED_MODULES]
            modules[0].frequent_sorted(np.empty(0, dtype=np.uint64), 1)  # readies numba: most of the cost
        _auto.loaded = True


def engine_counts() -> dict[str, dict]:
    """How each kernel ran in this process since the last :func:`reset_engine_counts`.

    Returns
    -------
    dict
        ``{kernel: {"compiled": calls, "reference": calls, "fallback": parts,
        "reasons": {reason: parts}}}`` for every kernel in :data:`KERNELS`:
        calls the dispatcher ran compiled or reference, and the parts of
        compiled calls that the reference computed instead, by reason
        (e.g. "nfkc", "combining marks", "scripts without spaces").

    Examples
    --------
    >>> reset_engine_counts()
    >>> _ = run("frequent_values", "reference", 1, np.zeros(1, dtype=np.uint64), 1)
    >>> engine_counts()["frequent_values"]
    {'compiled': 0, 'reference': 1, 'fallback': 0, 'reasons': {}}
    """
    return snapshot(KERNELS)


def reset_engine_counts() -> None:
    """Set every count of :func:`engine_counts` to zero (the auto rule's state is kept).

    Examples
    --------
    >>> reset_engine_counts()
    >>> engine_counts()["token_spans"]["compiled"]
    0
    """
    reset()


def auto_state() -> dict[str, object]:
    """What the auto rule knows: whether the compiled engine is loaded, the
    reference seconds auto has spent, and :data:`LOAD_SECONDS`.

    Returns
    -------
    dict
        ``{"loaded": bool, "reference_seconds": float, "load_seconds": float}``.

    Examples
    --------
    >>> sorted(auto_state())
    ['load_seconds', 'loaded', 'reference_seconds']
    """
    return {"loaded": _auto.loaded, "reference_seconds": _auto.reference_seconds, "load_seconds": LOAD_SECONDS}
