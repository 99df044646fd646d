import os
import shutil
import subprocess
import sys
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


def pytest_sessionstart(session):
    """Under pytest-xdist (``-n 2``), compile the numba kernels before the workers start.

    In the controller only, two processes share the compilation (tests/support/warm_kernels.py says how),
    so that the workers, and the processes they start, load each kernel from numba's cache instead of
    compiling the same kernel at once. A failure here is shown and the run goes on: the tests of that
    kernel then fail with the full story.
    """
    config = session.config
    if hasattr(config, "workerinput") or not config.pluginmanager.has_plugin("dsession"):
        return
    from support.warm_kernels import PARTS

    parts = [subprocess.Popen([sys.executable, "-m", "support.warm_kernels", str(part)], cwd=ROOT / "tests",
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for part in range(PARTS)]
    outputs = [proc.communicate()[0] for proc in parts]
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for proc, output in zip(parts, outputs):
        if proc.returncode:
            reporter.write_line(f"kernel warm-up failed (exit {proc.returncode}); the run goes on:\n{output[-3000:]}")
        else:
            reporter.write_line(output.strip())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under ``-n 2 --dist worksteal`` (README's test command), the tests marked slow first, then the rest.

    Each worker starts on its half of this list and takes tests from the end of the other's when it runs
    out, so the run ends on short tests, not on a benchmark smoke run that one worker starts while the other
    has nothing left. Every worker collects the same order. (Under ``--dist load`` the first worker's first
    chunk would get every slow test, so the order is left alone there.)
    """
    if hasattr(config, "workerinput") and config.getoption("dist", "no") == "worksteal":
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def seed_pair() -> tuple[str, str]:
    """The two seed articles shipped in corpus/."""
    return (
        (CORPUS / "bbc-kim-covid.txt").read_text(encoding="utf-8"),
        (CORPUS / "independent-kim-covid.txt").read_text(encoding="utf-8"),
    )


def _unavailable(reason: str):
    """Skip, except on CI (CI=true), where .ci/run installs the browser."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run should have installed it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (BBC News, Reuters-21578): skipped when absent, except on CI, which has it."""
    path = SHARED / "data"
    if not path.is_dir():
        _unavailable("../shared/data is not present")
    return path


# Headless Chromium for the HTML pages (tests/test_html.py, tests/test_sources_html.py).
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    chromium = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    chromedriver = CHROMEDRIVER if os.path.exists(CHROMEDRIVER) else shutil.which("chromedriver")
    if not chromium or not chromedriver:
        _unavailable("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium  # with both paths given, selenium downloads nothing
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,800",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    browser.set_page_load_timeout(15)
    yield browser
    browser.quit()


@pytest.fixture(params=["memory", "sqlite"])
def make_index(request, tmp_path):
    """A function making an index in the store under test (closed afterwards)."""
    made = []

    def make(**options):
        path = None if request.param == "memory" else tmp_path / f"index{len(made)}.db"
        from simcompare.index import Index

        index = Index(path, **options)
        made.append(index)
        return index

    yield make
    for index in made:
        index.close()
