"""A self-contained HTML page of one article's history: every change, side by side.

:func:`render_history_html` returns one HTML5 page with inline CSS and
JavaScript (no external resources; it works offline), in the look of
``compare``'s report: a summary header and a table of the versions, then, for
each change, its figures (similarity, words removed and added, the correction
note or "stealth edit"), a table of its edits, and the earlier and the later
version in two scrolling columns, removed words struck through on the left and
added words marked on the right. Hovering an edit outlines its counterpart;
clicking it (or its row in the table) scrolls the counterpart into view.

Every piece of article text, id, date and note is escaped, so the page shows the
texts exactly as stored, markup included, as text.
"""

from __future__ import annotations

from html import escape

from ..index.versions import Change, History, Span, Version
from ._page import page, snippet

__all__ = ["render_history_html"]

_CSS = (
    """
*{box-sizing:border-box}
html,body{margin:0}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f6f6f4}
header{padding:.6rem 1rem;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:1.15rem;margin:0 0 .3rem;overflow-wrap:anywhere}
h2{font-size:1.05rem;margin:0}
.figures{display:flex;flex-wrap:wrap;gap:.3rem 1.4rem;margin:.3rem 0 0;padding:0;list-style:none;font-size:.9rem}
.figures b{font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .5rem;border-radius:.7rem;font-size:.85rem;background:#2f6f3e;color:#fff}
.badge.stealth{background:#b00020}
.badge.same{background:#666}
table{border-collapse:collapse;width:100%;font-size:.85rem;background:#fff}
th,td{padding:.15rem .6rem;text-align:left;vertical-align:top}
th{background:#eee}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font-size:.8rem}
#versions{margin:.8rem;border:1px solid #ddd}
.change{margin:.8rem;background:#fff;border:1px solid #ddd;border-radius:6px}
.change>.head{padding:.5rem .8rem;border-bottom:1px solid #ddd}
.edits{max-height:22vh;overflow:auto;border-bottom:1px solid #ddd}
.edits tbody tr{cursor:pointer}
.edits tbody tr:hover{background:#f0f0f0}
.edits tr.selected{background:#ffe9e9}
.edits td.snip{width:50%}
.empty{padding:.4rem .8rem;color:#666;font-style:italic;margin:0}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.8rem;padding:.8rem}
.col{display:flex;flex-direction:column;min-width:0;border:1px solid #ddd;border-radius:6px}
.col h3{flex:none;font-size:.95rem;margin:0;padding:.4rem .8rem;border-bottom:1px solid #ddd;overflow-wrap:anywhere}
.text{max-height:60vh;overflow:auto;padding:.6rem .9rem;white-space:pre-wrap;overflow-wrap:break-word;"""
    """font-family:Georgia,"Times New Roman",serif;font-size:1rem;line-height:1.6}
del,ins{border-radius:3px;cursor:pointer;box-decoration-break:clone;-webkit-box-decoration-break:clone}
del{background:#ffd0cc;text-decoration:line-through #a00 1.5px}
ins{background:#c6f0c2;text-decoration:none}
.active{outline:2px solid #333;outline-offset:1px}
.selected{outline:3px solid #d00;outline-offset:1px}
@media (max-width:800px){.pair{grid-template-columns:1fr}}
"""
)

_JS = """
(function () {
  "use strict";
  function parts(c, e) { return document.querySelectorAll('[data-change="' + c + '"][data-edit="' + e + '"]'); }
  function mark(c, e, cls, on) { parts(c, e).forEach(function (el) { el.classList.toggle(cls, on); }); }
  function reveal(el) {
    var box = el.parentElement, top = el.offsetTop - box.offsetTop - box.clientHeight / 3;
    box.scrollTo({top: Math.max(0, top), behavior: "smooth"});
  }
  function select(c, e, tags) {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    mark(c, e, "selected", true);
    parts(c, e).forEach(function (el) { if (tags.indexOf(el.tagName) >= 0) reveal(el); });
  }
  document.querySelectorAll("del[data-edit], ins[data-edit]").forEach(function (el) {
    var c = el.dataset.change, e = el.dataset.edit;
    el.addEventListener("mouseenter", function () { mark(c, e, "active", true); });
    el.addEventListener("mouseleave", function () { mark(c, e, "active", false); });
    el.addEventListener("click", function () { select(c, e, [el.tagName === "DEL" ? "INS" : "DEL"]); });
  });
  document.querySelectorAll(".edits tbody tr").forEach(function (row) {
    row.addEventListener("click", function () { select(row.dataset.change, row.dataset.edit, ["DEL", "INS"]); });
  });
})();
"""


def _marked(text: str, spans: list[Span], owners: list[int], tag: str, change: int) -> str:
    """The escaped ``text`` with each span wrapped in ``<tag>``; span ``k`` belongs to edit ``owners[k]``."""
    out, pos = [], 0
    side = "r" if tag == "del" else "a"
    for k, span in enumerate(spans):
        if not pos <= span.start <= span.end <= len(text) or text[span.start : span.end] != span.text:
            raise ValueError(f"span {k} [{span.start}, {span.end}) does not slice its version (length {len(text)})")
        out.append(escape(text[pos : span.start]))
        out.append(f'<{tag} id="c{change}-{side}{k}" data-change="{change}" data-edit="{owners[k]}">'
                   f"{escape(span.text)}</{tag}>")
        pos = span.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _label(version: Version) -> str:
    when = f"dated {version.date}" if version.date else f"added {version.added_at}"
    return f"Version {version.version} · {when} · {version.words:,} words"


def _edit_table(change: Change, n: int) -> str:
    if not change.edits:
        return '<p class="empty">The same words: only punctuation or spacing changed.</p>'
    rows = []
    for e, (r, a) in enumerate(change.edits):
        removed = escape(snippet(change.removed[r].text)) if r is not None else ""
        added = escape(snippet(change.added[a].text)) if a is not None else ""
        rows.append(f'<tr data-change="{n}" data-edit="{e}"><td class="num">{e + 1}</td>'
                    f'<td class="snip">{removed}</td><td class="snip">{added}</td></tr>')
    return ('<div class="edits"><table><thead><tr><th>#</th><th>removed</th><th>added</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def _badge(change: Change) -> str:
    if change.note is not None:
        return f'<span class="badge">correction note: {escape(change.note)}</span>'
    if change.stealth:
        return '<span class="badge stealth">no correction note: stealth edit</span>'
    return '<span class="badge same">no change of words</span>'


def _change_section(history: History, change: Change, n: int) -> str:
    before = next(v for v in history.versions if v.version == change.from_version)
    after = next(v for v in history.versions if v.version == change.to_version)
    owners_removed = {r: e for e, (r, _) in enumerate(change.edits) if r is not None}
    owners_added = {a: e for e, (_, a) in enumerate(change.edits) if a is not None}
    left = _marked(before.text, change.removed, [owners_removed[k] for k in range(len(change.removed))], "del", n)
    right = _marked(after.text, change.added, [owners_added[k] for k in range(len(change.added))], "ins", n)
    figures = "".join(f"<li>{label}: <b>{value}</b></li>" for label, value in (
        ("similarity", f"{change.similarity:.3f}"), ("words removed", f"{change.words_removed:,}"),
        ("words added", f"{change.words_added:,}"), ("edits", f"{len(change.edits):,}")))
    return f"""<section class="change" id="change-{n}" data-from="{change.from_version}" data-to="{change.to_version}">
<div class="head"><h2>Version {change.from_version} → {change.to_version} {_badge(change)}</h2>
<ul class="figures">{figures}</ul></div>
{_edit_table(change, n)}
<div class="pair">
<div class="col"><h3>{escape(_label(before))}</h3><div class="text" id="c{n}-before">{left}</div></div>
<div class="col"><h3>{escape(_label(after))}</h3><div class="text" id="c{n}-after">{right}</div></div>
</div>
</section>
"""


def render_history_html(history: History, *, title: str | None = None) -> str:
    """Render an article's history as one self-contained HTML page.

    Parameters
    ----------
    history:
        As :meth:`simcompare.Index.history` returns it (versions with their texts).
    title:
        The page title; by default "simcompare: history of ID".

    Returns
    -------
    str
        An HTML5 document (UTF-8, inline CSS and JS, no external resources).
        Write it with ``encoding="utf-8"``.

    Raises
    ------
    ValueError
        If a span of a change does not slice its version's text.

    Examples
    --------
    >>> from simcompare.index.versions import History, Version, compare_versions
    >>> a, b = "Ten <b>people</b> were hurt.", "Twelve <b>people</b> were hurt."
    >>> versions = [Version(1, "2026-11-02T09:00:00+00:00", None, 5, "", text=a),
    ...             Version(2, "2026-11-03T09:00:00+00:00", None, 5, "", text=b)]
    >>> html = render_history_html(History("wire-1", versions, [compare_versions(a, b)]))
    >>> '<del id="c0-r0" data-change="0" data-edit="0">Ten</del> &lt;b&gt;people' in html
    True
    >>> "stealth edit" in html
    True
    """
    if title is None:
        title = f"simcompare: history of {history.id}"
    stealth = sum(c.stealth for c in history.changes)
    noted = sum(c.note is not None for c in history.changes)
    figures = "".join(f"<li>{label}: <b>{value}</b></li>" for label, value in (
        ("versions", len(history.versions)), ("changes", len(history.changes)),
        ("with a correction note", noted), ("stealth edits", stealth)))
    rows = "".join(
        f'<tr><td class="num">{v.version}</td><td>{escape(v.added_at)}</td><td>{escape(v.date or "")}</td>'
        f'<td class="num">{v.words:,}</td><td><code>{escape(v.sha256[:16])}</code></td></tr>'
        for v in history.versions)
    sections = "".join(_change_section(history, c, n) for n, c in enumerate(history.changes))
    if not history.changes:
        sections = '<p class="empty">One version: nothing has changed.</p>'
    return page(title, _CSS, f"""<header>
<h1>{escape(title)}</h1>
<ul class="figures">{figures}</ul>
</header>
<section id="versions"><table><thead><tr><th>version</th><th>added at</th><th>date</th><th>words</th>
<th>sha256</th></tr></thead><tbody>{rows}</tbody></table></section>
{sections}<script>{_JS}</script>
""")
