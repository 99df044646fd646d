"""The package version, in one place: pyproject.toml, ``simcompare --version`` and the index's metadata read it."""

__all__ = ["__version__"]

__version__ = "0.1.0"
