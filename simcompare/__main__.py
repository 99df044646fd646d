"""``python -m simcompare ARGS``: the ``simcompare`` command, for when the console script is not on PATH."""

from .cli import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
