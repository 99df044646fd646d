"""Benchmark source comparison: does ``simcompare.sources`` name the right source, on real text?

A newsroom corpus with known provenance (``benchmarks/_newsroom.py``): wire
stories and paper exclusives picked up hours later by papers (trimmed, lightly
edited, reordered a little, each with an intro of its own), some copies picked
up again by another paper; half of the copies credit their source (datelines,
credit lines, attributions), the others do not (some name the source's outlet
in passing, or credit another agency, a third party, or only the paper they
took it from); unrelated stories; earlier articles that share one stock phrase
with an original. The prose is real BBC News (``../shared/data``, skipped when
absent) and, as a control, made-up words (``tests/support/newsroom.py``'s
vocabulary).

``simcompare.sources(docs, by="outlet").to_dict()`` is run once per corpus and
scored from its JSON only, against the truth, for two approaches:

* ``simcompare``: the result's provenance (its ``from`` parts);
* ``0.1 rule``: the rule of simcompare 0.1, rebuilt from the same result's
  aligned ``pairs``: spans that overlap within an article merge into a
  witness, connected witnesses are one cluster, and the cluster's earliest
  article is the source of all of it.

Usage::

    python benchmarks/bench_sources.py [--groups 150] [--held-out-groups 75] [--synthetic-groups 50]
                                       [--seed 1] [--data DIR] [--quick] [--json OUT.json] [--write-corpus DIR]
                                       [--cli ['OPTIONS']]

See benchmarks/README.md ("bench_sources.py") for the measures.
"""

from __future__ import annotations

import os

# Small inputs otherwise run on simcompare's slow pure-Python engine. Only when run as a script: the
# benchmark's own tests import it, and the test session must keep its engine.
if __name__ == "__main__":
    os.environ.setdefault("SIMCOMPARE_ENGINE", "fast")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `benchmarks.*` importable
    sys.path.insert(0, str(REPO))

import simcompare  # noqa: E402
from benchmarks._newsroom import HELD_OUT, Corpus, bbc_pool, build, count_words, synthetic_pool  # noqa: E402
from benchmarks._platform import cpu_model, git_commit  # noqa: E402

DATA = REPO.parent / "shared" / "data"
RESULTS_DIR = REPO / "benchmarks" / "results"
SEED = 1
GROUPS = 150
HELD_OUT_GROUPS = 75
SYNTHETIC_GROUPS = 50
QUICK_GROUPS, QUICK_HELD_OUT_GROUPS, QUICK_SYNTHETIC_GROUPS = 6, 4, 4
#: A from part this large counts as attributing the article to another one.
ATTRIBUTED_SHARE = 0.05
SIMCOMPARE, OLD = "simcompare", "0.1 rule"
COPIES = ("copy", "copy_of_copy")
NO_SOURCE = ("original", "unrelated", "earlier")

# Targets from issue 15.
TARGETS = {"source_accuracy": (">=", 0.97), "share_error": ("<=", 0.05), "credit_accuracy": (">=", 0.95),
           "originals_attributed": ("<=", 0)}


# --------------------------------------------------------------------------
# Predictions: article id -> {source id: {"share", "credited"}}, from the JSON only
# --------------------------------------------------------------------------


def predicted_sources(result: dict) -> dict[str, dict[str, dict]]:
    """The ``from`` parts of every article, summed per source article (quote and prose parts of one
    source are one source); ``credited`` is true when any of them is, false when the field is absent."""
    predictions: dict[str, dict[str, dict]] = {}
    for article in result["articles"]:
        parts: dict[str, dict] = {}
        for part in article["provenance"]:
            if part.get("role") != "from":
                continue
            entry = parts.setdefault(part["source"], {"share": 0.0, "credited": False})
            entry["share"] += part["share"]
            entry["credited"] = entry["credited"] or bool(part.get("credited", False))
            if isinstance(part.get("credit"), dict):
                entry.setdefault("credit", part["credit"])
        predictions[article["id"]] = parts
    return predictions


def aligned_spans(result: dict) -> list[tuple[tuple[str, int, int], tuple[str, int, int]]]:
    """Every passage the result aligned, as two ``(id, start, end)`` spans: its ``pairs``, and the
    witnesses of its ``stock`` phrases when it lists them apart (each joined to the first: 0.1 aligned
    them as any passage)."""
    spans = []
    for pair in result.get("pairs", []):
        for p in pair["passages"]:
            spans.append(((pair["a"], p["a_start"], p["a_end"]), (pair["b"], p["b_start"], p["b_end"])))
    for phrase in result.get("stock", []) or []:
        witnesses = [(w["id"], w["start"], w["end"]) for w in phrase.get("witnesses", [])]
        spans.extend((witnesses[0], w) for w in witnesses[1:] if w[0] != witnesses[0][0])
    return spans


def _merged_spans(passages: list[tuple[tuple[str, int, int], tuple[str, int, int]]]
                  ) -> tuple[list[tuple[str, int, int]], list[tuple[int, int]]]:
    """0.1's witnesses: each article's passage spans, merged where they overlap; and per passage the
    two witnesses it joins."""
    ends: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    count = 0
    for (a, a_start, a_end), (b, b_start, b_end) in passages:
        ends[a].append((a_start, a_end, 2 * count))
        ends[b].append((b_start, b_end, 2 * count + 1))
        count += 1
    node_of = [0] * (2 * count)
    nodes: list[list] = []
    for doc in sorted(ends):
        current = None
        for start, end, end_id in sorted(ends[doc]):
            if current is None or start >= current[2]:
                current = [doc, start, end]
                nodes.append(current)
            current[2] = max(current[2], end)
            node_of[end_id] = len(nodes) - 1
    return [tuple(n) for n in nodes], [(node_of[2 * k], node_of[2 * k + 1]) for k in range(count)]


def _components(size: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(size))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[root(a)] = root(b)
    return [root(x) for x in range(size)]


def old_rule_sources(result: dict, corpus: Corpus) -> dict[str, dict[str, dict]]:
    """What simcompare 0.1 would say, from the passages the result aligned (:func:`aligned_spans`): a
    cluster of witnesses connected by passages has as source its one earliest article (by the dates'
    spans; a tie gives none), and every witness of another article in it is that article's words
    ``from`` the source."""
    articles = corpus.by_id()
    nodes, edges = _merged_spans(aligned_spans(result))
    labels = _components(len(nodes), edges)
    docs_of: dict[int, set] = defaultdict(set)
    for (doc, _, _), label in zip(nodes, labels):
        docs_of[label].add(doc)

    def earliest(docs: set) -> str | None:
        spans = {d: articles[d].span() for d in docs}
        first = [d for d in docs if not any(spans[o][1] <= spans[d][0] for o in docs if o != d)]
        return first[0] if len(first) == 1 else None

    source_of = {label: earliest(docs) for label, docs in docs_of.items()}
    predictions: dict[str, dict[str, dict]] = {a.id: {} for a in corpus.articles}
    totals = {a.id: count_words(a.text) for a in corpus.articles}
    for (doc, start, end), label in zip(nodes, labels):
        source = source_of[label]
        if source is None or source == doc:
            continue
        entry = predictions[doc].setdefault(source, {"share": 0.0, "credited": False})
        entry["share"] += count_words(articles[doc].text[start:end]) / totals[doc]
    return predictions


# --------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------


def _rate(hits: list[bool]) -> float | None:
    return sum(hits) / len(hits) if hits else None


def credit_span_ok(credit: dict, spans: list, text: str | None) -> bool:
    """A reported credit ``{"start", "end", "text"}`` is right when it slices the article's text and
    overlaps the sentence that credits the source."""
    try:
        start, end = int(credit["start"]), int(credit["end"])
    except (KeyError, TypeError, ValueError):
        return False
    if text is not None and text[start:end] != credit.get("text"):
        return False
    return any(start < e and s < end for s, e in spans)


def score(predictions: dict[str, dict[str, dict]], truth: dict[str, dict], texts: dict[str, str] | None = None
          ) -> dict:
    """The issue's measures: source accuracy, share error and credit accuracy over the copies; originals
    attributed to another article; with breakdowns and the cases that went wrong (ids only). With the
    articles' ``texts``, also whether reported credit spans slice them."""
    rows = []
    for article_id, t in truth.items():
        parts = predictions.get(article_id, {})
        top = max(parts, key=lambda s: (parts[s]["share"], s)) if parts else None
        share = sum(p["share"] for p in parts.values())
        own = parts.get(t["source"], {}).get("share", 0.0) if t["source"] else 0.0
        attributed = [s for s, p in parts.items() if p["share"] >= ATTRIBUTED_SHARE]
        true_part = parts.get(t["source"], {}) if t["source"] else {}
        credited = bool(true_part.get("credited", False))
        span_ok = credit_span_ok(true_part["credit"], t.get("credit_spans", []), (texts or {}).get(article_id)) \
            if credited and t["credited"] and true_part.get("credit") else None
        rows.append({"id": article_id, "role": t["role"], "truth_source": t["source"], "top": top,
                     "source_ok": top == t["source"], "truth_share": t["share"], "share": share,
                     "share_error": abs(share - t["share"]),
                     "source_share_error": abs(own - t["sources"].get(t["source"], 0.0)) if t["source"] else 0.0,
                     "truth_credited": t["credited"],
                     "credited": credited, "credit_ok": credited == t["credited"], "credit_span_ok": span_ok,
                     "credit_kind": t["credit"] if t["credited"] else f"none:{t['uncredited_kind']}",
                     "attributed_to": attributed, "stock": bool(t["stock"])})
    copies = [r for r in rows if r["role"] in COPIES]
    originals = [r for r in rows if r["role"] == "original"]
    others = [r for r in rows if r["role"] in ("unrelated", "earlier")]
    measures = {
        "copies": len(copies),
        "source_accuracy": _rate([r["source_ok"] for r in copies]),
        "share_error": statistics.fmean(r["share_error"] for r in copies) if copies else None,
        # the same, counting only the share given to the true source: a copy whose words all go to the
        # wrong article has its total right and this wrong
        "source_share_error": statistics.fmean(r["source_share_error"] for r in copies) if copies else None,
        "credit_accuracy": _rate([r["credit_ok"] for r in copies]),
        # of the rightly credited copies that report a span: the span slices the text and covers the credit
        "credit_span_accuracy": _rate([r["credit_span_ok"] for r in copies if r["credit_span_ok"] is not None]),
        "originals": len(originals),
        "originals_attributed": sum(bool(r["attributed_to"]) for r in originals),
        "others": len(others),
        "others_attributed": sum(bool(r["attributed_to"]) for r in others),
        "share_error_all": statistics.fmean(r["share_error"] for r in rows) if rows else None,
    }
    measures["targets_met"] = {name: met(name, measures[name]) for name in TARGETS}
    measures["breakdown"] = _breakdown(copies, originals)
    measures["wrong_sources"] = [{k: r[k] for k in ("id", "role", "truth_source", "top", "truth_share", "share")}
                                 for r in copies if not r["source_ok"]]
    measures["wrong_credits"] = [{k: r[k] for k in ("id", "credit_kind", "credited")}
                                 for r in copies if not r["credit_ok"]]
    measures["attributed_originals"] = [{"id": r["id"], "stock": r["stock"], "to": r["attributed_to"]}
                                        for r in originals if r["attributed_to"]]
    measures["worst_shares"] = [{k: r[k] for k in ("id", "role", "truth_share", "share")}
                                for r in sorted(copies, key=lambda r: -r["share_error"])[:10]]
    return measures


def _breakdown(copies: list[dict], originals: list[dict]) -> dict:
    """Source accuracy and share error by kind of copy; credit accuracy by credit form (or by what an
    uncredited copy does instead); originals attributed with and without a planted stock phrase."""
    def group(rows, key, measure):
        out: dict[str, dict] = {}
        for value in sorted({key(r) for r in rows}):
            chosen = [r for r in rows if key(r) == value]
            out[str(value)] = {"n": len(chosen), "value": measure(chosen)}
        return out

    return {
        "source_accuracy_by_role": group(copies, lambda r: r["role"], lambda c: _rate([r["source_ok"] for r in c])),
        "share_error_by_role": group(copies, lambda r: r["role"],
                                     lambda c: statistics.fmean(r["share_error"] for r in c)),
        "credit_accuracy_by_form": group(copies, lambda r: r["credit_kind"],
                                         lambda c: _rate([r["credit_ok"] for r in c])),
        "originals_attributed_by_stock": group(originals, lambda r: "stock" if r["stock"] else "no stock",
                                               lambda c: sum(bool(r["attributed_to"]) for r in c)),
    }


def credit_detection(corpus: Corpus) -> dict:
    """``simcompare.text.find_credits`` on every copy's text, when the package has it (the credits
    contract): does a credit name the source's outlet (``Names.same``), against the truth; and does the
    credit that names it slice the text and cover the planted credit."""
    try:
        from simcompare.text import Names, find_credits
    except ImportError:
        return {"skipped": "simcompare.text has no find_credits"}
    articles = corpus.by_id()
    names = Names.default().with_outlets(sorted({a.outlet for a in corpus.articles}))
    rows, started = [], time.perf_counter()
    for article in corpus.articles:
        if article.role not in COPIES:
            continue
        t = article.truth()
        outlet = articles[t["source"]].outlet
        text = article.text
        naming = [c for c in find_credits(text, names=names) if names.same(c.name, outlet)]
        spans_ok = [credit_span_ok({"start": c.start, "end": c.end, "text": c.text}, t["credit_spans"], text)
                    for c in naming]
        rows.append({"id": article.id, "truth": t["credited"], "found": bool(naming),
                     "kind": t["credit"] if t["credited"] else f"none:{t['uncredited_kind']}",
                     "span_ok": any(spans_ok) if naming and t["credited"] else None})
    by_kind: dict[str, dict] = {}
    for kind in sorted({r["kind"] for r in rows}):
        chosen = [r for r in rows if r["kind"] == kind]
        by_kind[kind] = {"n": len(chosen), "value": _rate([r["found"] == r["truth"] for r in chosen])}
    return {"accuracy": _rate([r["found"] == r["truth"] for r in rows]),
            "credited_found": sum(r["found"] for r in rows if r["truth"]),
            "credited": sum(r["truth"] for r in rows),
            "uncredited_flagged": sum(r["found"] for r in rows if not r["truth"]),
            "uncredited": sum(not r["truth"] for r in rows),
            "span_accuracy": _rate([r["span_ok"] for r in rows if r["span_ok"] is not None]),
            "accuracy_by_form": by_kind, "seconds": time.perf_counter() - started,
            "wrong": [{k: r[k] for k in ("id", "kind", "found")} for r in rows if r["found"] != r["truth"]]}


def met(name: str, value) -> bool | None:
    if value is None:
        return None
    op, target = TARGETS[name]
    return value >= target if op == ">=" else value <= target


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def corpora(args) -> list[Corpus]:
    """The BBC corpora (when ../shared/data is there; the second in the held-out style, from another
    draw of the articles) and the synthetic one."""
    out = []
    bbc = args.data / "bbc_news" / "bbc"
    if bbc.is_dir():
        if args.groups:
            out.append(build(bbc_pool(bbc, seed=args.seed), groups=args.groups, seed=args.seed, name="bbc"))
        if args.held_out_groups:
            out.append(build(bbc_pool(bbc, seed=args.seed + 1), groups=args.held_out_groups, seed=args.seed + 1,
                             name="held-out", style=HELD_OUT))
    else:
        print(f"(BBC News not found at {bbc}: the real-text corpus is skipped)")
    if args.synthetic_groups:
        from tests.support.newsroom import VOCAB

        pool = synthetic_pool(8 * args.synthetic_groups + 20, seed=args.seed)
        out.append(build(pool, groups=args.synthetic_groups, seed=args.seed, name="synthetic", vocab=VOCAB))
    return out


def sources_json(records: list[dict], cli: list[str] | None) -> dict:
    """``simcompare.sources(records, by="outlet").to_dict()``; or, with ``cli`` (extra options, maybe
    none), the JSON of ``simcompare sources FILE --format json`` run on the records as JSON lines."""
    if cli is None:
        return simcompare.sources(records, by="outlet").to_dict()
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "simcompare.cli", "sources", str(path), "--by", "outlet",
                               "--format", "json", *cli], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"simcompare sources failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout)


def run(corpus: Corpus, cli: list[str] | None = None) -> dict:
    """Run sources() (or the CLI) on one corpus and score both approaches."""
    records = corpus.records()
    started = time.perf_counter()
    result = sources_json(records, cli)
    seconds = time.perf_counter() - started
    truth = corpus.truth()
    roles = Counter(t["role"] for t in truth.values())
    copies = [t for t in truth.values() if t["role"] in COPIES]
    return {
        "corpus": corpus.name, "style": corpus.style, "seed": corpus.seed, "articles": len(records),
        "roles": dict(sorted(roles.items())),
        "copies_credited": sum(t["credited"] for t in copies),
        "mean_true_share": statistics.fmean(t["share"] for t in copies) if copies else None,
        "words": sum(t["words"] for t in truth.values()),
        "seconds": seconds, "parameters": result.get("parameters", {}), "summary": result.get("summary", {}),
        "credit_detection": credit_detection(corpus),
        "approaches": {SIMCOMPARE: score(predicted_sources(result), truth, {r["id"]: r["text"] for r in records}),
                       OLD: score(old_rule_sources(result, corpus), truth)},
    }


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def print_table(runs: list[dict]) -> None:
    head = (f"{'corpus':<10} {'approach':<11} {'articles':>8} {'copies':>6} {'source acc':>10} "
            f"{'share err':>9} {'(source)':>8} {'credit acc':>10} {'orig. attrib.':>13} {'others attrib.':>14} "
            f"{'seconds':>7}")
    print(head)
    print("-" * len(head))
    for r in runs:
        for name, m in r["approaches"].items():
            print(f"{r['corpus']:<10} {name:<11} {r['articles']:>8} {m['copies']:>6} "
                  f"{_fmt(m['source_accuracy']):>10} {_fmt(m['share_error']):>9} {_fmt(m['source_share_error']):>8} "
                  f"{_fmt(m['credit_accuracy']):>10} "
                  f"{m['originals_attributed']:>6} / {m['originals']:<4} {m['others_attributed']:>6} / {m['others']:<5}"
                  f" {r['seconds'] if name == SIMCOMPARE else 0:>7.1f}")
    print(f"{'target':<22} {'':>8} {'':>6} {'>= 0.97':>10} {'<= 0.05':>9} {'':>8} {'>= 0.95':>10} {'0':>6}")


def print_details(runs: list[dict]) -> None:
    for r in runs:
        m = r["approaches"][SIMCOMPARE]
        print(f"\n[{r['corpus']}] {r['articles']} articles {r['roles']}, {r['copies_credited']} copies credited, "
              f"mean true borrowed share {_fmt(r['mean_true_share'])}; simcompare breakdown:")
        for name, groups in m["breakdown"].items():
            cells = ", ".join(f"{k} {_fmt(v['value'])} (n={v['n']})" for k, v in groups.items())
            print(f"  {name}: {cells}")
        verdicts = [f"{name} {_fmt(m[name])} {'met' if met(name, m[name]) else 'NOT met'}" for name in TARGETS]
        print("  targets: " + "; ".join(verdicts))
        print(f"  credit spans right (slice the text, cover the credit): {_fmt(m['credit_span_accuracy'])}")
        d = r["credit_detection"]
        if "skipped" in d:
            print(f"  find_credits on the texts: skipped ({d['skipped']})")
        else:
            cells = ", ".join(f"{k} {_fmt(v['value'])} (n={v['n']})" for k, v in d["accuracy_by_form"].items())
            print(f"  find_credits on the texts: accuracy {_fmt(d['accuracy'])} (credited found "
                  f"{d['credited_found']} / {d['credited']}, uncredited flagged {d['uncredited_flagged']} / "
                  f"{d['uncredited']}), spans right {_fmt(d['span_accuracy'])}; by form: {cells}")
        for w in m["wrong_sources"][:5]:
            print(f"  wrong source: {w['id']} ({w['role']}) truth {w['truth_source']} share {w['truth_share']:.2f}; "
                  f"top {w['top']} share {w['share']:.2f}")
        for w in m["attributed_originals"][:5]:
            print(f"  original attributed: {w['id']} (stock phrase: {w['stock']}) to {w['to']}")



def write_corpus(corpus: Corpus, directory: Path) -> None:
    """``<name>.jsonl`` (for ``simcompare sources``) and ``<name>-truth.json`` (ids only) in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{corpus.name}.jsonl", "w", encoding="utf-8") as f:
        for record in corpus.records():
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    (directory / f"{corpus.name}-truth.json").write_text(json.dumps(corpus.truth(), indent=1), encoding="utf-8")


def _platform() -> dict:
    versions = {}
    for name in ("simcompare", "numpy", "numba"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {"cpu": cpu_model(), "os": platform.platform(), "python": platform.python_version(),
            "versions": versions, "git_commit": git_commit()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=GROUPS, help="originals in the BBC corpus")
    parser.add_argument("--held-out-groups", type=int, default=HELD_OUT_GROUPS,
                        help="originals in the BBC corpus of the held-out style (0: none)")
    parser.add_argument("--synthetic-groups", type=int, default=SYNTHETIC_GROUPS,
                        help="originals in the made-up-words corpus (0: none)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data directory (bbc_news/bbc)")
    parser.add_argument("--quick", action="store_true", help="small corpora: a smoke test of a few seconds")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    parser.add_argument("--cli", nargs="?", const="", default=None, metavar="'OPTIONS'",
                        help="run `simcompare sources FILE --format json` instead of the API, with these extra "
                             "options (one quoted string, e.g. --cli='--aliases a.json')")
    parser.add_argument("--write-corpus", type=Path, default=None, metavar="DIR",
                        help="also write each corpus as JSON lines with its truth (never into the repository)")
    args = parser.parse_args(argv)
    if args.quick:
        args.groups = min(args.groups, QUICK_GROUPS)
        args.held_out_groups = min(args.held_out_groups, QUICK_HELD_OUT_GROUPS)
        args.synthetic_groups = min(args.synthetic_groups, QUICK_SYNTHETIC_GROUPS)
    started = time.perf_counter()
    runs = []
    for corpus in corpora(args):
        if args.write_corpus:
            write_corpus(corpus, args.write_corpus)
        runs.append(run(corpus, None if args.cli is None else shlex.split(args.cli)))
    if not runs:
        print("no corpus to run")
        return 1
    print_table(runs)
    print_details(runs)
    print()
    for r in runs:
        for name, m in r["approaches"].items():
            missed = [k for k, ok in m["targets_met"].items() if not ok]
            print(f"{r['corpus']:<10} {name:<11} {len(TARGETS) - len(missed)} of {len(TARGETS)} targets met"
                  + (f" (not: {', '.join(missed)})" if missed else ""))
    results = {"benchmark": "sources", "date": dt.date.today().isoformat(), "platform": _platform(),
               "parameters": {"groups": args.groups, "held_out_groups": args.held_out_groups,
                              "synthetic_groups": args.synthetic_groups, "seed": args.seed,
                              "quick": args.quick, "attributed_share": ATTRIBUTED_SHARE, "cli": args.cli},
               "targets": {k: {"op": op, "value": v} for k, (op, v) in TARGETS.items()},
               "corpora": runs, "total_seconds": time.perf_counter() - started}
    out = args.json or RESULTS_DIR / f"sources-{results['date']}{'-quick' if args.quick else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults written to {out} ({results['total_seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
