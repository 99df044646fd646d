"""``python -m simcompare.cli ARGS``: the ``simcompare`` command."""

from . import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
