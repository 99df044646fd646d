"""The benchmarks' own tests: they import the benchmark scripts, which the package's tests never do.

Every test here carries the ``bench`` marker (``pytest -m "not bench"`` leaves them out).
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (BBC News, Reuters-21578): skipped when absent, except on CI (CI=true), which has it."""
    path = ROOT.parent / "shared" / "data"
    if not path.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("../shared/data is not present (CI=true: it should be beside the clone)")
        pytest.skip("../shared/data is not present")
    return path


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.bench)
