"""The import paths of simcompare 0.1's flat layout, kept working for this version with a DeprecationWarning.

``from simcompare.pipeline import dedup`` still works: each old module name is a small proxy module in
``sys.modules`` that forwards attribute lookups to the module's new home and warns on first use. Proxies
are registered up front (not found by an import hook) so that importing one never replaces an attribute
of the package itself, such as the function ``simcompare.normalize``.
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings

__all__ = ["MOVED", "install"]

#: old module -> new module
MOVED = {
    "simcompare.normalize": "simcompare.text.normalize",
    "simcompare.tokenize": "simcompare.text.tokenize",
    "simcompare.dates": "simcompare.text.dates",
    "simcompare.shingles": "simcompare.sketch.shingles",
    "simcompare.signature": "simcompare.sketch.signature",
    "simcompare.lsh": "simcompare.sketch.lsh",
    "simcompare.cluster": "simcompare.sketch.cluster",
    "simcompare.align": "simcompare.passages.align",
    "simcompare.compare": "simcompare.passages.compare",
    "simcompare.records": "simcompare.passages.records",
    "simcompare.corpus": "simcompare.io",
    "simcompare.readers": "simcompare.io.readers",
    "simcompare.dask_inputs": "simcompare.io.partitions",
    "simcompare.pipeline": "simcompare.dedup",
    "simcompare.dask_dedup": "simcompare.dedup.dask",
    "simcompare.dask_components": "simcompare.dedup.dask.components",
    "simcompare.postings": "simcompare.index.postings",
    "simcompare.store": "simcompare.index.store",
    "simcompare.html": "simcompare.report.comparison_html",
    "simcompare.sources_html": "simcompare.report.sources_html",
}


class _MovedModule(types.ModuleType):
    """A stand-in for a module that moved: forwards every attribute, warns once."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(old, f"Moved to {new}; this name is kept for simcompare 0.x.")
        self.__dict__["_simcompare_new"] = new
        self.__dict__["_simcompare_target"] = None

    def _target(self) -> types.ModuleType:
        target = self.__dict__["_simcompare_target"]
        if target is None:
            new = self.__dict__["_simcompare_new"]
            warnings.warn(f"{self.__name__} is deprecated: import from {new} instead",
                          DeprecationWarning, stacklevel=3)
            target = importlib.import_module(new)
            self.__dict__["_simcompare_target"] = target
        return target

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._target(), name)

    def __dir__(self) -> list[str]:
        return dir(self._target())


def install() -> None:
    """Register a proxy for every moved module not already imported under its old name."""
    for old, new in MOVED.items():
        sys.modules.setdefault(old, _MovedModule(old, new))
