"""A self-contained HTML report of one comparison: two articles side by side.

:func:`render_html` returns one HTML5 page with inline CSS and JavaScript (no
external resources; it works offline): a summary header, a table of the shared
passages, the sources each text credits (underlined in the text, listed in the
header), and the two texts in two scrolling columns with every passage
highlighted in the same colour on both sides. Hovering a passage outlines its
counterpart; clicking it (or its row in the table) scrolls the counterpart into
view and marks both as selected.

Every piece of article text and every path is escaped, so the page shows the
texts exactly as given, markup included, as text.
"""

from __future__ import annotations

from html import escape

from ..passages.records import Comparison, Passage
from ._page import PALETTE, column, credit_summary, page, percent, snippet

__all__ = ["render_html", "PALETTE"]

_CSS = (
    """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;"""
    """color:#222;background:#f6f6f4}
header{flex:none;padding:.6rem 1rem;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:1.15rem;margin:0 0 .3rem}
.names{font-weight:600;overflow-wrap:anywhere}
.figures{display:flex;flex-wrap:wrap;gap:.3rem 1.4rem;margin:.3rem 0 0;padding:0;list-style:none;font-size:.9rem}
.figures b{font-variant-numeric:tabular-nums}
.verdict{display:inline-block;padding:0 .5rem;border-radius:.7rem;background:#333;color:#fff;font-size:.85rem}
#passages{flex:none;max-height:24vh;overflow:auto;margin:0;background:#fff;border-bottom:1px solid #ddd}
#passages table{border-collapse:collapse;width:100%;font-size:.85rem}
#passages th,#passages td{padding:.15rem .6rem;text-align:left;vertical-align:top}
#passages th{position:sticky;top:0;background:#eee}
#passages tbody tr{cursor:pointer}
#passages tbody tr:hover{background:#f0f0f0}
#passages tr.selected{background:#ffe9e9}
#passages .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
#passages td:last-child{width:100%}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-right:.3em;"""
    """border:1px solid #0002}
.empty{padding:.4rem 1rem;color:#666;font-style:italic}
main{flex:1;min-height:320px;display:grid;grid-template-columns:1fr 1fr;gap:.8rem;padding:.8rem}
.col{display:flex;flex-direction:column;min-height:0;min-width:0;background:#fff;border:1px solid #ddd;"""
    """border-radius:6px}
.col h2{flex:none;font-size:.95rem;margin:0;padding:.4rem .8rem;border-bottom:1px solid #ddd;overflow-wrap:anywhere}
.text{position:relative;flex:1;min-height:0;overflow:auto;padding:.6rem .9rem;white-space:pre-wrap;"""
    """overflow-wrap:break-word;font-family:Georgia,"Times New Roman",serif;font-size:1rem;line-height:1.6}
.hl{border-radius:3px;cursor:pointer;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.hl.quote{text-decoration:underline dotted 2px;text-underline-offset:3px}
.badge{display:inline-block;padding:0 .35rem;border-radius:.5rem;font-size:.75rem;background:#eee}
.badge.quote{background:#333;color:#fff}
.hl.active{outline:2px solid #333;outline-offset:1px}
mark.credit{background:none;color:inherit;border-bottom:2px solid #1a5fb4;box-shadow:inset 0 -.3em #1a5fb422}
.credits{margin:.3rem 0 0;font-size:.85rem}
.credits .credit-name{display:inline-block;padding:0 .35rem;border-radius:.5rem;background:#1a5fb4;color:#fff}
.hl.selected{outline:3px solid #d00;outline-offset:1px}
@media (max-width:800px){main{grid-template-columns:1fr}.text{max-height:70vh}}
"""
)

_JS = """
(function () {
  "use strict";
  function parts(i) { return document.querySelectorAll('[data-passage="' + i + '"]'); }
  function mark(i, cls, on) { parts(i).forEach(function (el) { el.classList.toggle(cls, on); }); }
  function reveal(el) {
    var box = el.parentElement, top = el.offsetTop - box.clientHeight / 3;
    box.scrollTo({top: Math.max(0, top), behavior: "smooth"});
  }
  function select(i, sides) {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    mark(i, "selected", true);
    sides.forEach(function (s) { var el = document.getElementById(s + "-p" + i); if (el) reveal(el); });
  }
  document.querySelectorAll(".hl").forEach(function (el) {
    var i = el.dataset.passage;
    el.addEventListener("mouseenter", function () { mark(i, "active", true); });
    el.addEventListener("mouseleave", function () { mark(i, "active", false); });
    el.addEventListener("click", function () { select(i, [el.dataset.side === "a" ? "b" : "a"]); });
  });
  document.querySelectorAll("#passages tbody tr").forEach(function (row) {
    row.addEventListener("click", function () { select(row.dataset.passage, ["a", "b"]); });
  });
})();
"""


def _name(path: str | None, default: str) -> str:
    return path if path else default


def _passage_table(passages: list[Passage], a: str) -> str:
    if not passages:
        return '<p class="empty">No shared passages.</p>'
    rows = []
    for i, p in enumerate(passages):
        rows.append(
            f'<tr data-passage="{i}"><td class="num">'
            f'<span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>{i + 1}</td>'
            f'<td><span class="badge {p.kind}">{p.kind}</span></td>'
            f'<td class="num">{p.words}</td><td class="num">{p.score:.2f}</td>'
            f"<td>{escape(snippet(a[p.a_start:p.a_end]))}</td></tr>"
        )
    return (
        "<table><thead><tr><th>#</th><th>kind</th><th>words</th><th>score</th>"
        "<th>passage (text A)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _credit_marks(credits) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, f"credit: {c.name} ({c.form.replace('_', ' ')})") for c in credits]


def _credit_list(credits, side: str) -> str:
    """One line naming the sources a text credits, each with its first credit as written."""
    if not credits:
        return f"<div>credits in {side}: none</div>"
    items = ", ".join(f'<span class="credit-name">{escape(name)}</span> ({escape(snippet(text))}'
                      + (f"; {n} credits)" if n > 1 else ")") for name, text, n in credit_summary(credits))
    return f"<div>credits in {side}: {items}</div>"


def render_html(comparison: Comparison, a: str, b: str, *, title: str | None = None) -> str:
    """Render a comparison as one self-contained HTML page.

    Parameters
    ----------
    comparison:
        The result of comparing ``a`` with ``b``; its passages' offsets must
        index into ``a`` and ``b`` (half-open, in code points) and must not
        overlap within either text.
    a, b:
        The two original texts, exactly as compared.
    title:
        The page title; by default "simcompare: NAME_A vs NAME_B", where a name
        is the text's path or "text A" / "text B".

    Returns
    -------
    str
        An HTML5 document (UTF-8, inline CSS and JS, no external resources).
        Write it with ``encoding="utf-8"``.

    Raises
    ------
    ValueError
        If a passage lies outside its text or overlaps another in one text.

    Example
    -------
    >>> from simcompare.passages.records import Comparison, Passage, Similarity, TextInfo
    >>> a, b = "He said: stay home.", "Stay home, he said: stay home."
    >>> p = Passage(0, 19, 11, 30, 1.0, a, b[11:], "quote", 4)
    >>> c = Comparison(TextInfo(None, 19, 4), TextInfo(None, 30, 6),
    ...                Similarity(0.5, 1.0, 0.6, 0.5), [p], 1.0, 0.63, "partial_reuse")
    >>> page = render_html(c, a, b)
    >>> '<span class="hl quote" id="b-p0" data-passage="0"' in page
    True
    """
    c, s = comparison, comparison.similarity
    name_a, name_b = _name(c.a.path, "text A"), _name(c.b.path, "text B")
    if title is None:
        title = f"simcompare: {name_a} vs {name_b}"
    quotes = sum(p.kind == "quote" for p in c.passages)
    col_a = column(a, c.passages, "a", marks=_credit_marks(c.credits_a))
    col_b = column(b, c.passages, "b", marks=_credit_marks(c.credits_b))
    figures = [
        ("verdict", f'<span class="verdict">{escape(c.verdict)}</span>'),
        ("Jaccard", f"<b>{s.jaccard:.3f}</b>"),
        ("MinHash estimate", f"<b>{s.minhash:.3f}</b>"),
        ("containment A in B", f"<b>{percent(s.containment_a_in_b)}</b>"),
        ("containment B in A", f"<b>{percent(s.containment_b_in_a)}</b>"),
        ("coverage A", f"<b>{percent(c.coverage_a)}</b>"),
        ("coverage B", f"<b>{percent(c.coverage_b)}</b>"),
        ("passages", f"<b>{len(c.passages)}</b> ({quotes} quote{'' if quotes == 1 else 's'}, "
                     f"{len(c.passages) - quotes} prose)"),
    ]
    figure_items = "".join(f"<li>{label}: {value}</li>" for label, value in figures)
    return page(title, _CSS, f"""<header>
<h1>{escape(title)}</h1>
<div class="names">A: {escape(name_a)} &nbsp;·&nbsp; B: {escape(name_b)}</div>
<ul class="figures">{figure_items}</ul>
<div class="credits">{_credit_list(c.credits_a, "A")}{_credit_list(c.credits_b, "B")}</div>
</header>
<section id="passages">{_passage_table(c.passages, a)}</section>
<main>
<div class="col"><h2>A: {escape(name_a)}</h2><div class="text" id="text-a">{col_a}</div></div>
<div class="col"><h2>B: {escape(name_b)}</h2><div class="text" id="text-b">{col_b}</div></div>
</main>
<script>{_JS}</script>
""")
