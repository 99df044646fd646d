"""A self-contained HTML page of a source comparison.

:func:`render_sources_html` returns one HTML5 page (inline CSS, no script, no
external resources): the outlet x outlet matrix as a heatmap (colour: the
share of the row outlet's words inside prose passages aligned with an
article of the column outlet, i.e. possible copying; quotes are shown beside
it, uncoloured; words taken without naming the column outlet are marked
uncredited), the passage clusters with their witnesses and probable source,
each article's provenance (a ``from`` part marked credited or UNCREDITED), the
stock phrases set apart, and a side-by-side view of the article pairs that share
the most words (``MAX_PAIR_VIEWS``). The views
are sections of the same page shown by CSS ``:target``, so the links
(``#pair-3``) work offline and without JavaScript.

Every piece of article text, id, outlet and date is escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ..sources.model import MATRIX_CAPTION, SourcesResult, describe_part, describe_source
from ..text.plural import count
from ._page import column, describe_credits, page, percent, snippet

__all__ = ["render_sources_html", "MAX_PAIR_VIEWS", "MAX_PROBLEMS"]

#: Side-by-side views on one page: the pairs sharing the most words (BBC News has 2,926 pairs: 19 MB of
#: views nobody reads at once); the list names every pair, --format json has all their passages.
MAX_PAIR_VIEWS = 200
#: Problems listed on the page (BBC News without outlets and dates has 4,450); the count says how many.
MAX_PROBLEMS = 200
#: Beyond this many rows, a table starts closed (a <details> the reader opens).
FOLD_ROWS = 50

_CSS = (
    """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f6f6f4}
header,section{padding:.6rem 1rem}
header{background:#fff;border-bottom:1px solid #ddd}
h1{font-size:1.15rem;margin:0 0 .3rem}
h2{font-size:1rem;margin:.4rem 0}
.note{color:#555;font-size:.9rem;margin:.2rem 0}
table{border-collapse:collapse;font-size:.85rem;background:#fff}
th,td{padding:.2rem .5rem;text-align:left;vertical-align:top;border:1px solid #e3e3e3}
th{background:#eee}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
#matrix td.heat{text-align:center;white-space:nowrap;font-variant-numeric:tabular-nums;min-width:7rem}
#matrix .q{font-size:.8rem}
td.date,.date{white-space:nowrap}
details>summary{cursor:pointer;font-weight:600;margin:.3rem 0}
.badge{display:inline-block;padding:0 .35rem;border-radius:.5rem;font-size:.75rem;background:#eee}
.badge.quote{background:#333;color:#fff}
.cluster{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.4rem .7rem}
.cluster h3{font-size:.9rem;margin:0 0 .3rem;font-weight:600}
.cluster table{width:100%}
.cluster td.text{width:60%}
.parts{margin:0;padding-left:1.1rem}
.parts li.uncredited{background:#fde2e2}
.flag{display:inline-block;padding:0 .35rem;border-radius:.3rem;font-size:.75rem;font-weight:700}
.flag.uncredited{background:#b00020;color:#fff}
.flag.credited{background:#e3f1e3;color:#1b5e20}
#matrix .unc{display:block;width:max-content;margin:.15rem auto 0;background:#fff;color:#b00020;"""
    """font-size:.75rem;font-weight:700;padding:0 .3rem;border-radius:.3rem;border:1px solid #b00020}
.pairview{display:none;background:#fff;border:2px solid #333;border-radius:6px;margin:.6rem 1rem;padding:.5rem}
.pairview:target{display:block}
.pairview .cols{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
.pairview h3{font-size:.95rem;margin:.2rem 0;overflow-wrap:anywhere}
.pairview .text{max-height:70vh;overflow:auto;padding:.5rem .8rem;border:1px solid #ddd;white-space:pre-wrap;"""
    """overflow-wrap:break-word;font-family:Georgia,"Times New Roman",serif;line-height:1.6}
.hl{border-radius:3px}
.hl.quote{text-decoration:underline dotted 2px;text-underline-offset:3px}
.pairlink{white-space:nowrap}
@media (max-width:900px){.pairview .cols{grid-template-columns:1fr}.pairview .text{max-height:none;overflow:visible}}
"""
)


def _heat(share: float) -> str:
    """Background and text colour of a matrix cell: white at 0, deep red at 100 % prose (square root, so
    small shares show); the text black or white, whichever contrasts more (WCAG AA: at least 4.5:1)."""
    lightness = round(100 - 55 * min(1.0, share) ** 0.5)
    return f"background:hsl(0,75%,{lightness}%);color:{_ink(lightness)}"


def _ink(lightness: int) -> str:
    """Black or white, whichever reads better on ``hsl(0,75%,lightness%)``."""
    import colorsys

    rgb = colorsys.hls_to_rgb(0.0, lightness / 100, 0.75)
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#fff"


def _matrix(result: SourcesResult) -> str:
    head = "".join(f'<th scope="col">{escape(o)}</th>' for o in result.outlets)
    articles = Counter(a.outlet for a in result.articles)
    rows = []
    for r, (outlet, row) in enumerate(zip(result.outlets, result.matrix)):
        cells = []
        for c, cell in enumerate(row):
            if r == c and articles[outlet] < 2:  # one article shares nothing with its own outlet
                cells.append(f'<td class="heat none" data-row="{r}" data-column="{c}">–</td>')
                continue
            taken = cell.from_prose_words + cell.from_quote_words
            tip = (f"{percent(cell.share)} of {result.outlets[r]}'s words lie inside passages aligned with an "
                   f"article of {result.outlets[c]}: {cell.prose_words} words of prose, {cell.quote_words} of "
                   f"quotes; {taken} words probably from {result.outlets[c]} ({cell.credited_words} credited, "
                   f"{cell.uncredited_words} uncredited)")
            uncredited = (f' <span class="unc">{cell.uncredited_words} words uncredited</span>'
                          if cell.uncredited_words else "")
            cells.append(
                f'<td class="heat" data-row="{r}" data-column="{c}" data-prose-share="{cell.prose_share:.4f}" '
                f'data-share="{cell.share:.4f}" data-uncredited-words="{cell.uncredited_words}" '
                f'style="{_heat(cell.prose_share)}" title="{escape(tip)}">'
                f'{percent(cell.prose_share)} <span class="q">/ {percent(cell.quote_share)} quotes</span>'
                f'{uncredited}</td>'
            )
        rows.append(f'<tr><th scope="row">{escape(outlet)}</th>{"".join(cells)}</tr>')
    return (f'<table><thead><tr><th>outlet</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<p class="note">{escape(MATRIX_CAPTION)}: prose (coloured: possible copying) / quotes (both '
            "quoting a third party is not copying); for two articles, the coverage simcompare compare gives. "
            "Words taken from the column outlet without naming it are marked uncredited.</p>")


def _pair_link(result: SourcesResult, cluster, witness_id: str, first_id: str, viewed: set[int]) -> str:
    """A link to the side-by-side view of this witness's article with the cluster's first witness
    (or with any article of the cluster it was aligned with)."""
    candidates = [result.pairs[k] for k in cluster.pairs
                  if k in viewed and witness_id in (result.pairs[k].a, result.pairs[k].b)]
    direct = [p for p in candidates if first_id in (p.a, p.b)]
    chosen = (direct or candidates or [None])[0]
    if chosen is None:
        return ""
    return f'<a class="pairlink" href="#pair-{chosen.pair}">side by side</a>'


def _clusters(result: SourcesResult, viewed: set[int]) -> str:
    if not result.clusters:
        return '<p class="note">No passage is shared by two articles.</p>'
    out = []
    for c in result.clusters:
        first = c.witnesses[0].id
        rows = []
        for w in c.witnesses:
            link = _pair_link(result, c, w.id, first, viewed) if w.id != first else ""
            rows.append(
                f"<tr><td>{escape(w.outlet)}</td><td class=\"date\">{escape(w.date or 'unknown')}</td>"
                f"<td>{escape(w.id)}</td>"
                f'<td class="num">{w.words}</td><td class="text">{escape(snippet(w.text))}</td><td>{link}</td></tr>'
            )
        articles = len({w.id for w in c.witnesses})
        out.append(
            f'<div class="cluster" id="cluster-{c.cluster}"><h3>#{c.cluster + 1} '
            f'<span class="badge {c.kind}">{c.kind}</span> · {articles} articles · '
            f"probable source: {escape(describe_source(c, result))}</h3>"
            "<table><thead><tr><th>outlet</th><th>date</th><th>article</th><th>words</th><th>passage</th>"
            f'<th></th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )
    rest = len(out) - FOLD_ROWS
    if rest <= 0:
        return "".join(out)
    folded = "".join(out[FOLD_ROWS:])
    return "".join(out[:FOLD_ROWS]) + f"<details><summary>{count(rest, 'more cluster')}</summary>{folded}</details>"


def _part(part) -> str:
    """One part of a provenance; a ``from`` part says plainly whether the article credits its source."""
    if part.role != "from" or part.credited is None:
        return f"<li>{escape(describe_part(part))}</li>"
    if part.credited:
        flag = '<span class="flag credited">credited</span>'
        return f'<li class="credited">{flag} {escape(describe_part(part))}</li>'
    flag = f'<span class="flag uncredited">UNCREDITED: {escape(part.outlet or "")} is not named</span>'
    return f'<li class="uncredited">{flag} {escape(describe_part(part))}</li>'


def _provenance(result: SourcesResult) -> str:
    rows = []
    for a in result.articles:
        parts = "".join(_part(p) for p in a.provenance)
        if a.credits:
            parts += f'<li class="names">names: {escape(describe_credits(a.credits, counts=False))}</li>'
        rows.append(
            f"<tr><td>{escape(a.id)}</td><td>{escape(a.outlet)}</td>"
            f"<td class=\"date\">{escape(a.date.iso if a.date else 'unknown')}</td><td class=\"num\">{a.words}</td>"
            f'<td><ul class="parts">{parts}</ul></td></tr>'
        )
    return ("<table><thead><tr><th>article</th><th>outlet</th><th>date</th><th>words</th>"
            f'<th>where its words come from</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _pairs(result: SourcesResult) -> tuple[str, str, set[int]]:
    """The list of aligned pairs, the side-by-side views of the ``MAX_PAIR_VIEWS`` sharing the most words
    (linked from the list), and which pairs have a view."""
    if not result.pairs:
        return '<p class="note">No article pair shares a passage.</p>', "", set()
    by_words = sorted(result.pairs, key=lambda p: (-sum(x.words for x in p.passages), p.pair))
    viewed = {p.pair for p in by_words[:MAX_PAIR_VIEWS]}
    items, views = [], []
    for p in result.pairs:
        a, b = result.article(p.a), result.article(p.b)
        quotes = sum(x.kind == "quote" for x in p.passages)
        label = (f"{a.id} ({a.outlet}) and {b.id} ({b.outlet}): {count(len(p.passages), 'passage')} "
                 f"({count(quotes, 'quote')}, {len(p.passages) - quotes} prose)")
        if p.pair not in viewed:
            items.append(f"<li>{escape(label)}</li>")
            continue
        items.append(f'<li><a class="pairlink" href="#pair-{p.pair}">{escape(label)}</a></li>')
        views.append(_pair_view(result, p, label))
    listed = f'<ul>{"".join(items)}</ul>'
    if len(result.pairs) > MAX_PAIR_VIEWS:
        listed = (f'<p class="note">Side by side: the {count(MAX_PAIR_VIEWS, "pair")} sharing the most words (linked); '
                  f"--format json has the passages of all {len(result.pairs):,}.</p>"
                  f"<details><summary>{count(len(result.pairs), 'article pair')}</summary>{listed}</details>")
    return listed, "".join(views), viewed


def _pair_view(result: SourcesResult, p, label: str) -> str:
    a, b = result.article(p.a), result.article(p.b)
    prefix = f"pair{p.pair}-"
    heading = [f"{side}: {art.id} · {art.outlet} · {art.date.iso if art.date else 'date unknown'}"
               for side, art in (("A", a), ("B", b))]
    return (
        f'<section class="pairview" id="pair-{p.pair}"><h2>{escape(label)}</h2><div class="cols">'
        f'<div><h3>{escape(heading[0])}</h3><div class="text" id="{prefix}text-a">'
        f'{column(a.text, p.passages, "a", prefix=prefix)}</div></div>'
        f'<div><h3>{escape(heading[1])}</h3><div class="text" id="{prefix}text-b">'
        f'{column(b.text, p.passages, "b", prefix=prefix)}</div></div></div>'
        '<p class="note"><a href="#pairs">back to the list</a></p></section>'
    )


def _folded(html: str, n: int, noun: str) -> str:
    """``html`` closed in a ``<details>`` when its ``n`` rows are more than a person reads at a glance."""
    return html if n <= FOLD_ROWS else f"<details><summary>{count(n, noun)}</summary>{html}</details>"


def _stock(result: SourcesResult) -> str:
    if not result.stock:
        return '<p class="note">No stock phrase: every shared passage counts.</p>'
    rows = "".join(f'<tr><td class="num">{len(s.documents)}</td><td>{escape(snippet(s.phrase))}</td>'
                   f'<td>{escape(", ".join(s.documents[:8]) + (", ..." if len(s.documents) > 8 else ""))}</td></tr>'
                   for s in result.stock)
    return ('<p class="note">Wording unrelated articles share (frequent lines, or the one short phrase two '
            "articles have in common): not evidence of copying, never a source.</p>"
            f"<table><thead><tr><th>articles</th><th>phrase</th><th>in</th></tr></thead><tbody>{rows}</tbody>"
            "</table>")


def _problems(result: SourcesResult) -> str:
    if not result.problems:
        return ""
    items = "".join(f"<li>{escape(p.where)}: {escape(p.problem)}</li>" for p in result.problems[:MAX_PROBLEMS])
    more = len(result.problems) - MAX_PROBLEMS
    if more > 0:
        items += f"<li>... and {count(more, 'more problem')} (--format json has all)</li>"
    return (f'<section id="problems"><h2>{count(len(result.problems), "problem").capitalize()} (reported, '
            f"nothing dropped)</h2><details><summary>the list</summary><ul>{items}</ul></details></section>")


def render_sources_html(result: SourcesResult, *, title: str | None = None) -> str:
    """Render a source comparison as one self-contained HTML page.

    Parameters
    ----------
    result:
        What :func:`simcompare.sources` returned (its articles keep their texts).
    title:
        The page title; by default "simcompare sources: N articles from M outlets".

    Returns
    -------
    str
        An HTML5 document (UTF-8, inline CSS, no script, no external resources).
        Write it with ``encoding="utf-8"``.

    Example
    -------
    >>> from simcompare.sources import sources
    >>> text = "The storm closed every school in the county on Monday, officials said."
    >>> result = sources([{"id": "a", "outlet": "A<b>", "date": "2024-01-08", "text": text},
    ...                   {"id": "b", "outlet": "B", "date": "2024-01-09", "text": text}])
    >>> page = render_sources_html(result)
    >>> 'A&lt;b&gt;' in page and '<a class="pairlink" href="#pair-0">' in page
    True
    """
    s = result.summary
    if title is None:
        title = f"simcompare sources: {count(s['articles'], 'article')} from {count(s['outlets'], 'outlet')}"
    pair_list, pair_views, viewed = _pairs(result)
    provenance = _folded(_provenance(result), len(result.articles), "article")
    figures = (f"{count(s['clusters'], 'passage cluster')} ({count(s['quote_clusters'], 'quote')}, "
               f"{s['prose_clusters']} prose), {s['clusters_with_source']} with a probable source; "
               + (f"{count(s['stock_phrases'], 'stock phrase')} set apart; " if s["stock_phrases"] else "") +
               f"{count(s['pairs'], 'article pair')} {'shares' if s['pairs'] == 1 else 'share'} passages; "
               f"outlets by {escape(result.by)}, dates from {escape(result.date_field)}")
    return page(title, _CSS, f"""<header>
<h1>{escape(title)}</h1>
<p class="note">{figures}</p>
{"".join(f'<p class="note">{escape(n)}</p>' for n in result.notes)}
</header>
{pair_views}
<section id="matrix"><h2>Shared content, outlet by outlet</h2>{_matrix(result)}</section>
<section id="clusters"><h2>Passage clusters</h2>{_clusters(result, viewed)}</section>
<section id="provenance"><h2>Provenance of each article</h2>{provenance}</section>
<section id="stock"><h2>Stock phrases</h2>{_stock(result)}</section>
<section id="pairs"><h2>Article pairs (side by side)</h2>{pair_list}</section>
{_problems(result)}
""")
