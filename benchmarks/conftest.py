"""The benchmarks' own tests: they import the benchmark scripts, which the package's tests never do.

Every test here carries the ``bench`` marker (``pytest -m "not bench"`` leaves them out).
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.bench)
