"""Rendering: the terminal views (rich) and the self-contained HTML pages. The only users of rich and HTML."""

from .comparison_html import PALETTE, render_html
from .sources_html import render_sources_html

__all__ = ["render_html", "render_sources_html", "PALETTE"]
