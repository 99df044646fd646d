"""Screenshots of the HTML pages under test, kept for a person to look at when asked."""

import os
import shutil
from pathlib import Path

__all__ = ["screenshot"]


def screenshot(driver, folder: Path, name: str) -> Path:
    """Save the browser's view as ``folder/name`` (asserting it was saved), and copy it to the folder
    named by ``SIMCOMPARE_SCREENSHOTS`` when that is set."""
    shot = Path(folder) / name
    assert driver.save_screenshot(str(shot))
    keep = os.environ.get("SIMCOMPARE_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / name)
    return shot
