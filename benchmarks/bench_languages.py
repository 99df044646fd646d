"""Benchmark signing and aligning per language and script, against English.

Text outside ASCII used to leave the compiled tokeniser: accented capitals
(É, Ö, İ) for case folding, ligatures, full-width letters and superscripts
for NFKC (issue 16). This measures, for each language, the signing speed in
characters per second relative to English text of the same shape, and the
time to align a ~1 MB pair relative to the English pair.

The texts are synthetic: sentences of words made of pieces of a few dozen
common news words of each language (embedded below, with the capitals and
diacritics the language writes), so every language gets the same sentence,
paragraph and document lengths. The aligned pair shares every
other paragraph, with one word in twenty replaced.

Usage::

    python benchmarks/bench_languages.py [--docs 2000] [--align-chars 1000000] [--repeats 3]
                                         [--json OUT.json] [--quick]

The fallback column counts the parts of the tokeniser's input that the
reference tokeniser computed instead (by reason), for the aligned pair.
"""

from __future__ import annotations

import os

if __name__ == "__main__":  # not when a test imports this module: the session keeps its settings
    for _var in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ[_var] = "1"
    os.environ["SIMCOMPARE_ENGINE"] = "fast"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import simcompare  # noqa: E402
from benchmarks._platform import cpu_model, git_commit  # noqa: E402
from simcompare import _core  # noqa: E402

RESULTS_DIR = REPO / "benchmarks" / "results"
SEED = 16
DOC_CHARS = 3000
VOCAB_WORDS = 5000
SENTENCE_WORDS = (8, 22)
PARAGRAPH_SENTENCES = (2, 5)
# Targets of issue 16 (sign speed relative to English; align time relative to English).
TARGET_SIGN = 0.8
TARGET_SIGN_NFKC = 0.5
TARGET_ALIGN = 2.0

VOCABULARY = {
    "English": "the government said on Monday that the new plan would cut taxes for families and small "
               "businesses after months of talks with unions while the opposition called it a step too far "
               "Prime Minister London Washington police report economy markets rose percent",
    "French": "le gouvernement a annoncé lundi que le nouveau plan réduira les impôts des familles et des "
              "petites entreprises après des mois de négociations État Élysée Économie Égalité Île-de-France "
              "l’opposition a jugé déjà où ça été élèves à Paris Ça Être président réforme",
    "German": "die Regierung sagte am Montag dass der neue Plan die Steuern für Familien und kleine Betriebe "
              "nach Monaten senken werde Über Ärzte Öffentlichkeit Straße Grüße Änderung Österreich müssen "
              "größer für Bürger Übergang Äußerung Maßnahmen Schließung",
    "Spanish": "el gobierno dijo el lunes que el nuevo plan reducirá los impuestos de las familias y pequeñas "
               "empresas tras meses de negociaciones Ángel Éxito Álvaro Óscar año niño ¿Qué según también "
               "política económica Índice Ésta Ávila",
    "Turkish": "hükümet pazartesi günü yeni planın ailelerin ve küçük işletmelerin vergilerini düşüreceğini "
               "açıkladı İstanbul İzmir İçişleri Bakanlığı Işık Üniversitesi Çalışma Şubat Öğretmen Ümit "
               "iktidar muhalefet ekonomi ılımlı",
    "Vietnamese": "chính phủ cho biết hôm thứ hai rằng kế hoạch mới sẽ giảm thuế cho các gia đình và doanh "
                  "nghiệp nhỏ Việt Nam Hà Nội Đà Nẵng Thủ tướng Ủy ban Ông Bà Đảng Ấn Độ Người dân được "
                  "những Điều Ở",
    "Russian": "правительство заявило в понедельник что новый план снизит налоги для семей и малого бизнеса "
               "после месяцев переговоров Москва Россия Президент Министерство Госдума Ёлка Экономика "
               "оппозиция Путин Санкт-Петербург Центробанк",
    "Greek": "η κυβέρνηση ανακοίνωσε τη Δευτέρα ότι το νέο σχέδιο θα μειώσει τους φόρους για τις οικογένειες "
             "Αθήνα Ελλάδα Υπουργείο Πρωθυπουργός Σύμφωνα Ένωση Ευρωπαϊκή Όλα Ήταν Άρθρο δήμος πόλεις",
    # Ligatures, full-width letters and digits, superscripts and the ellipsis (NFKC changes every one),
    # in English: what PDFs and East Asian keyboards leave in news copy.
    "NFKC-heavy": "the ofﬁce said the ﬁnal ﬁgures for ﬂights showed ｃｏｍｐａｎｙ ＡＢＣ grew ２０２６ by "
                  "km² and m³ water… the ﬁrm’s ＣＥＯ ﬁled Ⅻ ™ ＮＥＷＳ ﬂoor ﬁnance oﬃcials "
                  "Ｔｏｋｙｏ market",
    "CJK": "政府 周一 表示 新 计划 将 减少 家庭 和 小企业 的 税收 经过 数月 谈判 北京 上海 总理 经济 市场 "
           "东京 政府は 月曜日 新しい 計画 発表した",
}


# Issue 16's own measurement: English with one word in 60 holding an accented capital, or a ligature
# and full-width letters. Names of these two rows, and how they change such a word.
SPRINKLED = {
    "English 1/60 É": lambda word: "É" + word[1:],
    "English 1/60 ﬁ Ａ": lambda word: "ﬁ" + "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c
                                                   for c in word[1:]),
}
SPRINKLE_EVERY = 60


def vocabulary(language: str, rng: np.random.Generator) -> list[str]:
    """The words ``language`` is spelled with (see :func:`_vocabulary` and ``SPRINKLED``)."""
    if language in SPRINKLED:
        words = vocabulary("English", rng)
        return [SPRINKLED[language](w) if k % SPRINKLE_EVERY == 0 else w for k, w in enumerate(words)]
    return _vocabulary(language, rng)


def _vocabulary(language: str, rng: np.random.Generator) -> list[str]:
    """``VOCAB_WORDS`` distinct words: the language's sample words, then words made of two
    or three pieces of them (so the text repeats as little as news does), one in eight
    capitalised as a name would be."""
    samples = VOCABULARY[language].split()
    pieces = sorted({w[i : i + 3] for w in samples for i in range(0, len(w), 3)})
    words: dict[str, None] = dict.fromkeys(samples)
    while len(words) < VOCAB_WORDS:
        word = "".join(pieces[i] for i in rng.integers(0, len(pieces), int(rng.integers(2, 4))))
        words[word[:1].upper() + word[1:] if rng.random() < 0.125 else word] = None
    return list(words)


def sentence(rng: np.random.Generator) -> list[int]:
    """One sentence: word numbers (into a vocabulary), the first capitalised by :func:`spelled`."""
    return rng.integers(0, VOCAB_WORDS, int(rng.integers(*SENTENCE_WORDS))).tolist()


def document(chars: int, rng: np.random.Generator) -> list[list[list[int]]]:
    """Paragraphs of sentences of word numbers, about ``chars`` characters in English-like spelling."""
    paragraphs, size = [], 0
    while size < chars:
        para = [sentence(rng) for _ in range(int(rng.integers(*PARAGRAPH_SENTENCES)))]
        paragraphs.append(para)
        size += 7 * sum(map(len, para)) + 2
    return paragraphs


def spelled(paragraphs: list[list[list[int]]], words: Sequence[str]) -> str:
    """The text of ``paragraphs`` in the vocabulary ``words``: the same words in every language,
    only spelled differently, so the languages differ in nothing else."""
    def sentence_text(numbers: list[int]) -> str:
        first = words[numbers[0]]
        return " ".join([first[:1].upper() + first[1:]] + [words[n] for n in numbers[1:]]) + "."

    return "\n\n".join(" ".join(map(sentence_text, para)) for para in paragraphs)


def aligned_pair(chars: int, rng: np.random.Generator) -> tuple[list, list]:
    """Two documents of about ``chars`` characters sharing every other paragraph, one word in twenty
    of them replaced."""
    a = document(chars, rng)
    b = []
    for k, para in enumerate(a):
        if k % 2:
            b.extend(document(7 * sum(map(len, para)), rng))
            continue
        edited = []
        for numbers in para:
            numbers = list(numbers)
            for i in np.flatnonzero(rng.random(len(numbers)) < 0.05):
                numbers[i] = int(rng.integers(VOCAB_WORDS))
            edited.append(numbers)
        b.append(edited)
    return a, b


def timed(function, *args) -> float:
    """Seconds ``function(*args)`` takes."""
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def inputs(docs: int, align_chars: int) -> tuple[list, tuple]:
    """The documents to sign and the pair to align, as word numbers: the same for every language."""
    rng = np.random.default_rng(SEED)
    return [document(DOC_CHARS, rng) for _ in range(docs)], aligned_pair(align_chars, rng)


def measure(languages: Sequence[str], *, docs: int, align_chars: int, repeats: int) -> list[dict]:
    """Signing speed (characters per second) and aligning time per language. The timings
    take turns between languages, so a busy moment of the machine falls on all alike."""
    documents, (pair_a, pair_b) = inputs(docs, align_chars)
    texts, pairs, results = {}, {}, {}
    for language in languages:
        words = vocabulary(language, np.random.default_rng(SEED))
        texts[language] = [spelled(d, words) for d in documents]
        pairs[language] = (spelled(pair_a, words), spelled(pair_b, words))
        _core.reset_engine_counts()
        found = simcompare.align(*pairs[language])
        simcompare.sign(texts[language])
        results[language] = {"language": language, "sign_chars": sum(map(len, texts[language])),
                             "sign_seconds": float("inf"), "align_chars": sum(map(len, pairs[language])),
                             "align_seconds": float("inf"), "passages": len(found),
                             "fallbacks": dict(_core.engine_counts()["token_spans"]["reasons"])}
    for _ in range(repeats):
        for language in languages:
            r = results[language]
            r["sign_seconds"] = min(r["sign_seconds"], timed(simcompare.sign, texts[language]))
            r["align_seconds"] = min(r["align_seconds"], timed(simcompare.align, *pairs[language]))
    for r in results.values():
        r["sign_chars_per_second"] = r["sign_chars"] / r["sign_seconds"]
    return [results[language] for language in languages]


def relative(results: list[dict]) -> list[dict]:
    """Each language's figures with its speed relative to English's."""
    english = next(r for r in results if r["language"] == "English")
    for r in results:
        r["sign_vs_english"] = r["sign_chars_per_second"] / english["sign_chars_per_second"]
        r["align_vs_english"] = r["align_seconds"] / english["align_seconds"]
    return results


def target(language: str) -> tuple[float | None, float | None]:
    """The sign and align targets of ``language`` (None: no target, as for CJK)."""
    if language == "CJK":
        return None, None
    return (TARGET_SIGN_NFKC if language in ("NFKC-heavy", "English 1/60 ﬁ Ａ") else TARGET_SIGN), TARGET_ALIGN


def print_table(results: list[dict], *, docs: int, align_chars: int) -> None:
    print(f"\nSigning {docs} texts of ~{DOC_CHARS} characters; aligning a pair of ~{align_chars:,} characters each")
    print(f"{'language':<18} {'sign MB/s':>9} {'vs English':>10} {'align s':>8} {'vs English':>10}  fallbacks")
    for r in results:
        sign_target, align_target = target(r["language"])
        sign_ok = "" if sign_target is None else (" ok" if r["sign_vs_english"] >= sign_target else " !!")
        align_ok = "" if align_target is None else (" ok" if r["align_vs_english"] <= align_target else " !!")
        fallbacks = ", ".join(f"{k} {v}" for k, v in r["fallbacks"].items()) or "-"
        print(f"{r['language']:<18} {r['sign_chars_per_second'] / 1e6:>9.2f} {r['sign_vs_english']:>7.2f}x{sign_ok:3}"
              f" {r['align_seconds']:>8.3f} {r['align_vs_english']:>7.2f}x{align_ok:3}  {fallbacks}")
    print(f"targets: sign >= {TARGET_SIGN}x English ({TARGET_SIGN_NFKC}x NFKC-heavy), align <= {TARGET_ALIGN}x;"
          " none for CJK")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="texts to sign per language")
    parser.add_argument("--align-chars", type=int, default=1_000_000, help="characters of each aligned text")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--languages", nargs="*", default=list(VOCABULARY) + list(SPRINKLED),
                        choices=list(VOCABULARY) + list(SPRINKLED))
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    parser.add_argument("--quick", action="store_true", help="a few small inputs: checks that it runs")
    args = parser.parse_args(argv)
    if "English" not in args.languages:
        args.languages.insert(0, "English")
    if args.quick:
        args.docs, args.align_chars, args.repeats = 20, 20_000, 1
    return args


def main(argv: Sequence[str] | None = None) -> dict:
    args = parse_args(argv)
    _core.load_compiled()
    results = relative(measure(args.languages, docs=args.docs, align_chars=args.align_chars, repeats=args.repeats))
    print_table(results, docs=args.docs, align_chars=args.align_chars)
    report = {"benchmark": "languages", "date": dt.date.today().isoformat(), "quick": args.quick,
              "docs": args.docs, "doc_chars": DOC_CHARS, "align_chars": args.align_chars, "repeats": args.repeats,
              "platform": {"cpu": cpu_model(), "python": platform.python_version(), "commit": git_commit()},
              "results": results}
    path = args.json or RESULTS_DIR / f"languages-{report['date']}{'-quick' if args.quick else ''}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"results: {path}")
    return report


if __name__ == "__main__":
    main()
