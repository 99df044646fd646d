"""What the HTML pages share: the page around a body, a text with its passages highlighted, snippets, the palette."""

from __future__ import annotations

from html import escape

from ..passages.diff import differing_words
from ..passages.records import Passage

__all__ = ["PALETTE", "SNIPPET_CHARS", "page", "column", "snippet", "percent"]

#: Light, mutually distinguishable background colours; passage i uses PALETTE[i % 10].
PALETTE = (
    "#ffe08a", "#a8e6cf", "#ffb3ba", "#bae1ff", "#d9c2ff",
    "#ffcc99", "#c8f0a0", "#9fe3e0", "#f7c6e0", "#e3d6b4",
)

#: Longest snippet of a passage in a table, in characters.
SNIPPET_CHARS = 90

def page(title: str, css: str, body: str) -> str:
    """An HTML5 document: ``title`` (escaped here), inline ``css``, and ``body`` (HTML, escaped by the caller).

    Parameters
    ----------
    title:
        The page title, as text.
    css:
        The style sheet.
    body:
        The body, as HTML.

    Returns
    -------
    str

    Examples
    --------
    >>> print(page("A & B", "p{margin:0}", "<p>hi</p>\\n"))  # doctest: +ELLIPSIS
    <!DOCTYPE html>
    ...
    <title>A &amp; B</title>
    <style>p{margin:0}</style>
    </head>
    <body>
    <p>hi</p>
    </body>
    </html>
    <BLANKLINE>
    """
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{css}</style>
</head>
<body>
{body}</body>
</html>
"""


def column(text: str, passages: list[Passage], side: str, *, prefix: str = "", diff: bool = False) -> str:
    """The escaped text of one side, each passage wrapped in a highlight span
    (``prefix`` keeps element ids unique when one page holds several pairs).

    Parameters
    ----------
    text:
        The text of that side, exactly as compared.
    passages:
        The passages; their ``{side}_start`` and ``{side}_end`` index into ``text``.
    side:
        ``"a"`` or ``"b"``.
    prefix:
        Put before every element id.
    diff:
        Also wrap each word of a passage that its other side does not have in ``<mark class="diff">``
        (the words the terminal view highlights; :func:`simcompare.passages.differing_words`).

    Returns
    -------
    str
        HTML: passage ``i`` is ``<span class="hl KIND" id="{prefix}{side}-p{i}" data-passage="{i}" ...>``
        in ``PALETTE[i % 10]``.

    Raises
    ------
    ValueError
        If a passage lies outside the text or overlaps another.

    Examples
    --------
    >>> from simcompare.passages.records import Passage
    >>> p = Passage(0, 4, 6, 10, 1.0, "Stay", "Stay", "prose", 1)
    >>> column("Stay <home>", [p], "a")  # doctest: +ELLIPSIS
    '<span class="hl prose" id="a-p0" data-passage="0" data-side="a" style="background:#ffe08a"
     title="...">Stay</span> &lt;home&gt;'
    >>> q = Passage(0, 9, 0, 9, 0.5, "Stay home", "Stay away", "prose", 1)
    >>> column("Stay home", [q], "a", diff=True)  # doctest: +ELLIPSIS
    '<span ...>Stay <mark class="diff">home</mark></span>'
    """
    spans = sorted(
        (getattr(p, f"{side}_start"), getattr(p, f"{side}_end"), i) for i, p in enumerate(passages)
    )
    _check_spans(spans, len(text), side)
    out, pos = [], 0
    for start, end, i in spans:
        p = passages[i]
        out.append(escape(text[pos:start]))
        tip = f"passage {i + 1} · {p.kind} · {p.words} words · score {p.score:.2f}"
        out.append(
            f'<span class="hl {p.kind}" id="{prefix}{side}-p{i}" data-passage="{i}" data-side="{side}" '
            f'style="background:{PALETTE[i % len(PALETTE)]}" title="{escape(tip)}">'
            f"{_marked(text[start:end], p, side) if diff else escape(text[start:end])}</span>"
        )
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _marked(passage_text: str, p: Passage, side: str) -> str:
    """The escaped passage text, its words that the other side lacks in ``<mark class="diff">``."""
    other = p.b_text if side == "a" else p.a_text
    runs: list[list[int]] = []
    for start, end in differing_words(passage_text, other):
        if runs and not passage_text[runs[-1][1]:start].strip():  # one mark over a run of changed words
            runs[-1][1] = end
        else:
            runs.append([start, end])
    out, pos = [], 0
    for start, end in runs:
        out.append(f'{escape(passage_text[pos:start])}<mark class="diff">{escape(passage_text[start:end])}</mark>')
        pos = end
    out.append(escape(passage_text[pos:]))
    return "".join(out)


def snippet(s: str) -> str:
    """``s`` on one line, cut to ``SNIPPET_CHARS`` characters.

    Parameters
    ----------
    s:
        Any text.

    Returns
    -------
    str

    Examples
    --------
    >>> snippet("A  short\\n text")
    'A short text'
    >>> len(snippet("word " * 100))
    90
    """
    s = " ".join(s.split())
    return s if len(s) <= SNIPPET_CHARS else s[: SNIPPET_CHARS - 1].rstrip() + "…"


def percent(x: float) -> str:
    """A share as a percentage with one decimal.

    Parameters
    ----------
    x:
        A share, 0.0-1.0.

    Returns
    -------
    str

    Examples
    --------
    >>> percent(0.4567)
    '45.7%'
    """
    return f"{100 * x:.1f}%"


def _check_spans(spans: list[tuple[int, int, int]], n: int, side: str) -> None:
    end_before = 0
    for start, end, i in spans:
        if not 0 <= start <= end <= n:
            raise ValueError(f"passage {i}: [{start}, {end}) is outside text {side} (length {n})")
        if start < end_before:
            raise ValueError(f"passage {i} overlaps an earlier passage in text {side}")
        end_before = end
