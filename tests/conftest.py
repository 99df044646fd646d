import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def seed_pair() -> tuple[str, str]:
    """The two seed articles shipped in corpus/."""
    return (
        (CORPUS / "bbc-kim-covid.txt").read_text(encoding="utf-8"),
        (CORPUS / "independent-kim-covid.txt").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is not present")
    return path
