"""What the HTML pages share: the page around a body, a text with its passages highlighted, snippets, the palette."""

from __future__ import annotations

from html import escape

from ..passages.diff import differing_words
from ..passages.records import Passage

__all__ = ["PALETTE", "SNIPPET_CHARS", "page", "column", "snippet", "percent", "credit_summary", "describe_credits"]

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


def _merged(marks) -> list[tuple[int, int, str]]:
    """Overlapping marks joined into one, their titles listed once each."""
    out: list[list] = []
    for start, end, title in sorted(marks):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
            if title not in out[-1][2]:
                out[-1][2].append(title)
        else:
            out.append([start, end, [title]])
    return [(s, e, "; ".join(t)) for s, e, t in out]


def _escaped(text: str, lo: int, hi: int, marks: list[tuple[int, int, str, str | None]]) -> str:
    """``text[lo:hi]`` escaped, the parts of ``marks`` (``start, end, class, title``; sorted, disjoint)
    inside it wrapped in ``<mark>``."""
    out, pos = [], lo
    for start, end, kind, title in marks:
        start, end = max(start, lo), min(end, hi)
        if start >= end:
            continue
        tip = f' title="{escape(title)}"' if title else ""
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{kind}"{tip}>{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:hi]))
    return "".join(out)


def column(text: str, passages: list[Passage], side: str, *, prefix: str = "", diff: bool = False,
           marks: list[tuple[int, int, str]] = ()) -> str:
    """The escaped text of one side, each passage wrapped in a highlight span
    (``prefix`` keeps element ids unique when one page holds several pairs), each mark (a credit)
    in a ``<mark class="credit">``, split where it crosses a passage's edge.

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
        (the words the terminal view highlights; :func:`simcompare.passages.differing_words`), except
        where a credit mark lies.
    marks:
        ``(start, end, title)`` spans of ``text`` to mark as credits; they may overlap each other and passages.

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
    >>> column("Stay <home>", [], "a", marks=[(5, 11, "credit")])
    'Stay <mark class="credit" title="credit">&lt;home&gt;</mark>'
    """
    spans = sorted(
        (getattr(p, f"{side}_start"), getattr(p, f"{side}_end"), i) for i, p in enumerate(passages)
    )
    _check_spans(spans, len(text), side)
    credits = [(start, end, "credit", title) for start, end, title in _merged(marks)]
    out, pos = [], 0
    for start, end, i in spans:
        p = passages[i]
        out.append(_escaped(text, pos, start, credits))
        inside = sorted(credits + _diff_marks(text, start, end, p, side, credits)) if diff else credits
        tip = f"passage {i + 1} · {p.kind} · {p.words} words · score {p.score:.2f}"
        out.append(
            f'<span class="hl {p.kind}" id="{prefix}{side}-p{i}" data-passage="{i}" data-side="{side}" '
            f'style="background:{PALETTE[i % len(PALETTE)]}" title="{escape(tip)}">'
            f"{_escaped(text, start, end, inside)}</span>"
        )
        pos = end
    out.append(_escaped(text, pos, len(text), credits))
    return "".join(out)


def _diff_marks(text: str, start: int, end: int, p: Passage, side: str, credits: list) -> list:
    """The runs of words of ``text[start:end]`` (one side of ``p``) that its other side lacks, as marks
    in ``text``'s offsets; runs that touch a credit are left to the credit's mark."""
    passage_text, other = text[start:end], (p.b_text if side == "a" else p.a_text)
    runs: list[list[int]] = []
    for lo, hi in differing_words(passage_text, other):
        if runs and not passage_text[runs[-1][1]:lo].strip():  # one mark over a run of changed words
            runs[-1][1] = hi
        else:
            runs.append([lo, hi])
    return [(start + lo, start + hi, "diff", None) for lo, hi in runs
            if not any(c_start < start + hi and start + lo < c_end for c_start, c_end, _, _ in credits)]


def credit_summary(credits) -> list[tuple[str, str, int]]:
    """``(name, first credit as written, number of credits)`` for each name the credits give, in order.

    Parameters
    ----------
    credits:
        :class:`simcompare.text.Credit` records, or their ``to_dict()`` (as a sources
        article holds them), in order of ``start``.

    Returns
    -------
    list[tuple[str, str, int]]

    Examples
    --------
    >>> from simcompare.text import find_credits
    >>> credit_summary(find_credits("It ended, KCNA said. KCNA added more, as per the AFP report."))
    [('KCNA', 'KCNA said', 2), ('AFP', 'as per the AFP report', 1)]
    """
    first: dict[str, tuple[str, int]] = {}
    for c in credits:
        name, written = (c["name"], c["text"]) if isinstance(c, dict) else (c.name, c.text)
        text, n = first.get(name, (" ".join(written.split()), 0))
        first[name] = (text, n + 1)
    return [(name, text, n) for name, (text, n) in first.items()]


def describe_credits(credits, *, counts: bool = True) -> str:
    """One line for the credits of a text: each name once, with its first credit as written.

    Parameters
    ----------
    credits:
        As for :func:`credit_summary`.
    counts:
        Say how many credits a name has when it has several.

    Returns
    -------
    str

    Examples
    --------
    >>> from simcompare.text import find_credits
    >>> describe_credits(find_credits("It ended, KCNA said. KCNA added more, as per the AFP report."))
    'KCNA (KCNA said; 2 credits), AFP (as per the AFP report)'
    >>> describe_credits([{"name": "AFP", "text": "With AFP"}, {"name": "AFP", "text": "AFP said"}], counts=False)
    'AFP (With AFP)'
    >>> describe_credits([])
    'none'
    """
    if not credits:
        return "none"
    return ", ".join(f"{name} ({text}" + (f"; {n} credits)" if counts and n > 1 else ")")
                     for name, text, n in credit_summary(credits))


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
