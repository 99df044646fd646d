"""Rendering: the terminal views (rich) and the self-contained HTML pages. The only users of rich and HTML.

The terminal views live in :mod:`simcompare.report.terminal`; in simcompare 0.1 ``simcompare.report`` was
that module, so its ``print_*`` names are still found here this version, with a DeprecationWarning.
"""

import warnings

from .comparison_html import PALETTE, render_html
from .history_html import render_history_html
from .sources_html import render_sources_html

__all__ = ["render_html", "render_sources_html", "render_history_html", "PALETTE"]

_TERMINAL = ("print_similarity_table", "print_comparison", "print_passages", "print_sources", "print_matches",
             "print_index_stats")


def __getattr__(name: str):
    if name in _TERMINAL:  # imported on first use: rich is loaded only for a terminal view
        warnings.warn(f"simcompare.report.{name} is deprecated: import it from simcompare.report.terminal",
                      DeprecationWarning, stacklevel=2)
        from . import terminal

        return getattr(terminal, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
