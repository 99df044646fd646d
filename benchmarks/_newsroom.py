"""A newsroom corpus with known provenance, for ``bench_sources.py``.

Originals (wire stories from agencies, a few paper exclusives) are picked up
hours later by papers: trimmed, lightly edited, reordered a little, with an
intro of their own; some copies are picked up again by another paper. Half the
copies credit their source, in the forms newsrooms use; the others do not, and
some of those name the source's outlet in passing or credit someone else.
Unrelated stories and earlier articles that share one stock phrase with an
original fill the corpus.

Articles are built from sentences, and every sentence keeps the id of the
article that first published it (its *origin*): copying a sentence keeps its
origin, editing a few of its words does not change it, a sentence a paper
writes (intro, credit line) has the paper's article as origin. The ground
truth follows from that and nothing else: an article's borrowed share is the
share of its words in sentences of another origin, its source the origin
holding most of them. Stock phrases are planted in sentences that keep their
own article as origin: sharing them is never borrowing.

The prose comes either from real articles (BBC News, read from ``../shared``;
nothing of its text is written anywhere but the corpus a caller asks for) or
from made-up words (``tests/support/newsroom.py``'s vocabulary): the same
corpus structure, once over real prose with its natural common phrases, once
over text where only the planted phrases can match.

Nothing here imports simcompare: the truth must not depend on what is measured.
"""

from __future__ import annotations

import functools
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

__all__ = ["Sentence", "Article", "Corpus", "Style", "NEWSROOM", "HELD_OUT", "STYLES", "build", "bbc_pool",
           "synthetic_pool", "count_words"]

#: A word: letters and digits, an apostrophe inside a word kept (close to how simcompare counts, but its own).
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z0-9])")

@dataclass(frozen=True)
class Style:
    """The newsroom's vocabulary of names and forms: outlets, credit forms, passing mentions, stock
    phrases. Two disjoint styles exist, so a detector tuned on one can be checked on the other."""

    name: str
    #: Agency outlet -> the names a credit may use for it (the first one in datelines).
    agencies: dict[str, tuple[str, ...]]
    #: Papers that copy; the first ones also publish exclusives and have names that are common words.
    papers: tuple[str, ...]
    exclusive_papers: tuple[str, ...]
    cities: tuple[str, ...]
    #: Credit forms naming ``{name}``: datelines (start of the article), credit lines (a last paragraph of
    #: their own) and attributions (in an intro sentence; ``{s}`` is the sentence without its full stop).
    datelines: tuple[str, ...]
    credit_lines: tuple[str, ...]
    paper_credit_lines: tuple[str, ...]
    attributions: tuple[str, ...]
    #: Third parties a copy may credit that are not its source (never a corpus outlet).
    third_party: tuple[str, ...]
    #: The source's outlet named in passing, not as a credit (fixed text of at most five words: a longer
    #: one repeated across copies would itself be a shared passage).
    mentions: dict[str, tuple[str, ...]]
    #: Stock sentences (the stock phrase in the middle; ``{who}`` and ``{rest}`` vary) and stock lines
    #: (sign-offs, legal lines: a paragraph of their own at the end).
    stock_sentences: tuple[str, ...]
    stock_lines: tuple[str, ...]
    who: tuple[str, ...]

    @property
    def stock(self) -> tuple[str, ...]:
        return self.stock_sentences + self.stock_lines

    @property
    def outlets(self) -> tuple[str, ...]:
        return self.papers + tuple(self.agencies)

    def names(self, outlet: str) -> tuple[str, ...]:
        return self.agencies.get(outlet, (outlet,))


MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")

#: The style of the default corpora.
NEWSROOM = Style(
    name="newsroom",
    agencies={
        "Reuters": ("Reuters",),
        "AP": ("AP", "the Associated Press", "The Associated Press"),
        "AFP": ("AFP", "Agence France-Presse", "AFP news agency"),
        "PA": ("PA", "PA Media", "the Press Association"),
        "Bloomberg": ("Bloomberg", "Bloomberg News"),
        "dpa": ("dpa", "German news agency dpa"),
    },
    papers=("The Times", "Metro", "The Sun", "The Independent", "i", "Evening Gazette", "Daily Post",
            "The Herald", "Yorkshire Post", "The Guardian", "Daily Mail", "Western Mail"),
    exclusive_papers=("The Times", "Metro", "The Sun", "The Independent"),
    cities=("LONDON", "PARIS", "BRUSSELS", "WASHINGTON", "BERLIN", "TOKYO", "Manchester", "Edinburgh"),
    datelines=("{city} ({name}) - ", "({name}) — ", "{city}, {month} {day} ({name}) - ", "{city} ({name}) – "),
    credit_lines=("Additional reporting by {name}.", "With {name}.", "{name} contributed to this report.",
                  "Reporting by {name}; editing by staff.", "— {name}"),
    paper_credit_lines=("This article first appeared in {name}.", "This story was first published by {name}."),
    attributions=("{s}, according to {name}.", "{s}, {name} reported.", "{name} reported that {lower}.",
                  "{s}, a spokesman told {name}.", "{s}, as first reported by {name}.",
                  "{s}, according to a report by {name}."),
    third_party=("{s}, according to the state-run KCNA news agency.", "{s}, Xinhua reported.",
                 "{s}, the ministry said in a statement.", "{s}, according to the Kyodo news agency."),
    mentions={
        "Reuters": ("Thomson Reuters shares were flat. {s}.", "{s}, the Reuters Institute found."),
        "AP": ("{s}, the AP Stylebook notes.", "{s} at the AP exam."),
        "AFP": ("AFP's Paris office closed early. {s}.",),
        "PA": ("The PA system failed. {s}.", "{s}, over the PA."),
        "Bloomberg": ("{s}, Michael Bloomberg's foundation said.", "{s} on a Bloomberg terminal."),
        "dpa": ("{s}, as the dpa rule requires.",),
        "The Times": ("{s}, at The Times crossword's launch.", "He once wrote to The Times. {s}."),
        "Metro": ("Metro Bank branches were shut. {s}.", "{s} near the Metro station."),
        "The Sun": ("{s} under The Sun newspaper's old sign.", "The sun was shining. {s}."),
        "The Independent": ("{s}, the Independent Schools Council said.",),
    },
    stock_sentences=(
        "{who} told BBC Radio 4's Today programme that {rest}",
        "{who} said in a statement on its website that {rest}",
        "{who} did not immediately respond to a request for comment on {rest}",
        "{who} spoke on condition of anonymity because they were not authorised to discuss {rest}",
        "{who} said the figures from the Office for National Statistics showed that {rest}",
    ),
    stock_lines=(
        "Anyone with information is asked to call police on 101 or Crimestoppers anonymously on 0800 555 111.",
        "All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
        "The views expressed in this article are those of the author and do not reflect the editorial policy.",
        "If you have been affected by any of the issues raised in this story, help and support is available.",
    ),
    who=("A spokesman", "A spokeswoman", "The minister", "Officials", "The company", "Mr Brown", "Ms Patel",
         "The chief executive", "A government source", "The council"),
)

#: A second style, disjoint from the first (other agencies, papers, credit forms, mentions and stock
#: phrases): the held-out corpus.
HELD_OUT = Style(
    name="held-out",
    agencies={
        "EFE": ("EFE", "Agencia EFE", "Spanish news agency EFE"),
        "ANSA": ("ANSA", "Italian news agency ANSA"),
        "Yonhap": ("Yonhap", "Yonhap News Agency", "South Korea's Yonhap news agency"),
        "UPI": ("UPI", "United Press International"),
        "PTI": ("PTI", "Press Trust of India"),
        "Anadolu": ("Anadolu", "Anadolu Agency"),
        "TASS": ("TASS", "Russia's TASS news agency"),
    },
    papers=("Express", "The Mirror", "The Observer", "Evening Standard", "The Scotsman", "Liverpool Echo",
            "The Star", "Irish News", "Financial Times", "The Telegraph", "Birmingham Mail", "The National"),
    exclusive_papers=("Express", "The Mirror", "The Observer", "Evening Standard"),
    cities=("SEOUL", "MADRID", "ROME", "NEW DELHI", "ANKARA", "MOSCOW", "Milan", "Mumbai"),
    datelines=("{city}, {month} {day} ({name}) -- ", "{city}, {day} {month} ({name}).- ",
               "{city}, {month} {day} /{name}/. ", "{city} ({name}): "),
    credit_lines=("Source: {name}", "(With inputs from {name})", "Material from {name} was used in this report.",
                  "{name} contributed reporting."),
    paper_credit_lines=("This story originally ran in {name}.", "First published in {name}."),
    attributions=("{s}, {name} quoted officials as saying.", "{s}, {name} news agency said.",
                  "In a report, {name} said that {lower}.", "{s}, citing {name}.", "{s}, a report by {name} said.",
                  "{s}, sources told {name}."),
    third_party=("{s}, according to the official IRNA news agency.", "{s}, Interfax reported.",
                 "{s}, the company said in a statement.", "{s}, the WAM state news agency said."),
    mentions={
        "UPI": ("{s}, a UPI payment app showed.", "UPI transfers rose again. {s}."),
        "PTI": ("{s}, the PTI party said.", "PTI supporters rallied. {s}."),
        "Yonhap": ("A Yonhap photographer was hurt. {s}.",),
        "Anadolu": ("{s}, across Anadolu's plains.",),
        "Express": ("{s} on the express train.", "Express delivery was delayed. {s}."),
        "The Mirror": ("The mirror was broken. {s}.", "{s}, a mirror image."),
        "The Observer": ("{s}, one observer said.",),
        "Evening Standard": ("{s} by the evening standard.",),
    },
    stock_sentences=(
        "{who} declined to comment when contacted by this newspaper about {rest}",
        "{who} said it would be inappropriate to comment while {rest}",
        "{who} told the BBC's Newsnight programme on Tuesday that {rest}",
        "{who} said in a written answer to a parliamentary question that {rest}",
    ),
    stock_lines=(
        "Sign up to our daily newsletter for the biggest stories delivered straight to your inbox.",
        "Samaritans can be contacted free of charge on 116 123 or by email, 24 hours a day.",
        "Terms and conditions apply. Subject to availability. See the website for full details.",
        "Follow us on social media for the latest news, sport and weather from across the region.",
    ),
    who=("A source", "Her lawyer", "The ministry", "Police", "The club", "Dr Evans", "Mrs Khan", "The firm"),
)
STYLES = {s.name: s for s in (NEWSROOM, HELD_OUT)}

#: Articles naming an outlet that can be a source stay out of the pool: a body that says "told Reuters"
#: would make every copy of it credit Reuters without the truth knowing.
NAMED = re.compile(r"\b(" + "|".join(sorted({re.escape(n.split()[-1]) for s in STYLES.values() for o in
                                             tuple(s.agencies) + s.exclusive_papers for n in s.names(o)}
                                            | {"Associated", "Agence", "Press", "KCNA", "Xinhua", "Kyodo"}))
                   + r")\b")


def count_words(text: str) -> int:
    """Words in ``text`` by the benchmark's own rule (:data:`WORD`)."""
    return len(WORD.findall(text))


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


@dataclass
class Sentence:
    """A sentence and the id of the article that first published it."""

    text: str
    origin: str
    kind: str = "text"  # text, intro, stock, dateline, credit
    names_source: bool = False  # the sentence that credits the article's source (not kept by copies)


@dataclass
class Article:
    """An article of the corpus with its ground truth (see :meth:`truth`)."""

    id: str
    outlet: str
    role: str  # "original" | "copy" | "copy_of_copy" | "unrelated" | "earlier"
    when: datetime  # UTC
    date_only: bool
    paragraphs: list[list[Sentence]]
    date: str = ""
    parent: str | None = None  # the article it was copied from
    credit: str = "none"  # how it names its true source: dateline, credit_line, attribution, or none
    uncredited_kind: str | None = None  # plain, mention, wrong_agency, third_party, parent_paper
    edit_rate: float = 0.0
    stock: list[str] = field(default_factory=list)  # stock phrases planted in it
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(" ".join(s.text for s in p) for p in self.paragraphs if p)

    def credit_spans(self) -> list[tuple[int, int]]:
        """``[start, end)`` in :attr:`text` of the sentences that credit the source."""
        spans, offset = [], 0
        for paragraph in (p for p in self.paragraphs if p):
            for s in paragraph:
                if s.names_source:
                    spans.append((offset, offset + len(s.text)))
                offset += len(s.text) + 1
            offset += 1  # "\n\n" between paragraphs where " " was counted
        return spans

    def words_by_origin(self) -> Counter:
        counts: Counter = Counter()
        for paragraph in self.paragraphs:
            for s in paragraph:
                counts[s.origin] += count_words(s.text)
        return counts

    def span(self) -> tuple[datetime, datetime]:
        """The span of time the date allows, as simcompare's documented date rule reads it: a minute; a day
        without a zone widened by 14 hours either way when set against zoned dates (all others here)."""
        if self.date_only:
            day = self.when.replace(hour=0, minute=0)
            return day - timedelta(hours=14), day + timedelta(hours=38)
        return self.when, self.when + timedelta(minutes=1)

    def truth(self) -> dict:
        counts = self.words_by_origin()
        total = sum(counts.values())
        borrowed = {o: n for o, n in counts.items() if o != self.id}
        source = max(borrowed, key=lambda o: (borrowed[o], o)) if borrowed else None
        return {"id": self.id, "outlet": self.outlet, "role": self.role, "date": self.date,
                "source": source, "parent": self.parent, "words": total,
                "share": sum(borrowed.values()) / total if total else 0.0,
                "sources": {o: n / total for o, n in sorted(borrowed.items())},
                "credited": self.credit != "none", "credit": self.credit, "credit_spans": self.credit_spans(),
                "uncredited_kind": self.uncredited_kind, "edit_rate": round(self.edit_rate, 4),
                "stock": list(self.stock)}

    def record(self) -> dict:
        return {"id": self.id, "outlet": self.outlet, "date": self.date, "text": self.text}


@dataclass
class Corpus:
    """Articles in a seeded random order (the order is no hint), built in one style."""

    name: str
    articles: list[Article]
    seed: int
    style: str = NEWSROOM.name

    def records(self) -> list[dict]:
        return [a.record() for a in self.articles]

    def truth(self) -> dict[str, dict]:
        return {a.id: a.truth() for a in self.articles}

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}


# --------------------------------------------------------------------------
# Prose pools: lists of paragraphs (each a list of sentence strings)
# --------------------------------------------------------------------------


MIN_PARAGRAPH_WORDS = 8
QUOTES = re.compile("[\"“”‘]|'(?![a-z])|(?<![A-Za-z])'")


def split_sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(paragraph.strip()) if s.strip()]


def _ngrams(text: str, n: int) -> set:
    w = [x.lower() for x in WORD.findall(text)]
    return {tuple(w[k:k + n]) for k in range(len(w) - n + 1)}


@functools.lru_cache(maxsize=4)
def _bbc_articles(directory: str, n: int) -> tuple[tuple[tuple[tuple[str, ...], ...], frozenset], ...]:
    """Every usable BBC News body (headline dropped; at least three paragraphs of prose; naming no
    outlet that can be a source) as paragraphs of sentences, with its word ``n``-grams; in path order."""
    out = []
    for path in sorted(Path(directory).glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        body = [p.strip() for p in "\n".join(text.split("\n")[1:]).split("\n") if p.strip()]
        # paragraphs of a few words are fixtures ("Stade de France, Paris", "1600 GMT"), not prose
        paragraphs = tuple(tuple(split_sentences(p)) for p in body if count_words(p) >= MIN_PARAGRAPH_WORDS)
        if len(paragraphs) >= 3 and not NAMED.search("\n".join(body)):
            out.append((paragraphs, frozenset(_ngrams("\n".join(body), n))))
    return tuple(out)


def bbc_pool(directory: Path, *, seed: int, n: int = 6) -> list[list[list[str]]]:
    """BBC News bodies as paragraphs of sentences (see :func:`_bbc_articles`), in a seeded order, keeping
    only articles that share no word ``n``-gram with one kept before them nor with a planted phrase: the
    corpus's duplicates and common phrases cannot blur the truth."""
    articles = list(_bbc_articles(str(directory), n))
    random.Random(seed).shuffle(articles)
    seen: set = set()
    for template in (t for style in STYLES.values() for t in style.stock):
        seen |= _ngrams(template.replace("{who}", "").replace("{rest}", ""), n)
    pool = []
    for paragraphs, grams in articles:
        if grams.isdisjoint(seen):
            seen |= grams
            pool.append([list(p) for p in paragraphs])
    return pool


def synthetic_pool(count: int, *, seed: int) -> list[list[list[str]]]:
    """Articles of made-up words (``tests/support/newsroom.py``'s vocabulary): 5-10 paragraphs of 1-4
    sentences of 8-25 words."""
    from tests.support.newsroom import VOCAB

    rng = random.Random(seed)

    def sentence() -> str:
        words = [rng.choice(VOCAB) for _ in range(rng.randint(8, 25))]
        return " ".join(words).capitalize() + "."

    return [[[sentence() for _ in range(rng.randint(1, 4))] for _ in range(rng.randint(5, 10))]
            for _ in range(count)]


# --------------------------------------------------------------------------
# Building the corpus
# --------------------------------------------------------------------------

BASE = datetime(2024, 3, 4, tzinfo=timezone.utc)
DAYS = 60
MAX_PARAGRAPHS = 12
BRIEF_WORDS = 60


def format_date(when: datetime, date_only: bool, rng: random.Random) -> str:
    """One of the forms feeds write (all read by simcompare's documented date rule)."""
    if date_only:
        return rng.choice((when.strftime("%Y-%m-%d"), f"{when.day} {when.strftime('%B %Y')}"))
    shift = rng.choice((0, 0, 1, 2, -4))
    local = when.astimezone(timezone(timedelta(hours=shift)))
    forms = [when.strftime("%Y-%m-%dT%H:%M:%SZ"), local.strftime("%Y-%m-%dT%H:%M") + f"{shift:+03d}:00",
             local.strftime("%a, %d %b %Y %H:%M:%S ") + f"{shift:+03d}00",
             f"{local.day} {local.strftime('%B %Y %H:%M')} {shift:+03d}00"]
    return rng.choice(forms)


class _Builder:
    """Draws articles from a prose pool; each method adds articles to ``self.articles``."""

    def __init__(self, pool: list[list[list[str]]], *, seed: int, vocab: list[str], prefix: str,
                 style: Style) -> None:
        self.rng = random.Random(seed)
        self.style = style
        self.pool = list(pool)
        self.vocab = vocab
        self.articles: list[Article] = []
        self.ids = iter(f"{prefix}{k:05d}" for k in self.rng.sample(range(100000), 20000))
        self.used = 0
        self.stream: list[str] = []  # sentences for copies' own text (see sentences())
        self.stream_grams: set = set()
        self.deck: list[bool] = []  # credited or not, drawn from shuffled decks of half and half

    def take(self) -> list[list[str]]:
        if self.used >= len(self.pool):
            raise ValueError(f"the prose pool has {len(self.pool)} articles: too few for this corpus size")
        self.used += 1
        return self.pool[self.used - 1]

    def new(self, outlet: str, role: str, when: datetime, paragraphs=None, *, date_only=False) -> Article:
        article_id = next(self.ids)
        body = paragraphs if paragraphs is not None else self.take()[:MAX_PARAGRAPHS]
        article = Article(article_id, outlet, role, when, date_only,
                          [[Sentence(s, article_id) for s in p] for p in body])
        self.articles.append(article)
        return article

    # --- stock phrases -------------------------------------------------------------------------------

    def plant_stock(self, article: Article, stock: str, *, early: bool) -> None:
        """Put one stock sentence (or line) in ``article``; its words keep the article as origin."""
        rng = self.rng
        if stock in self.style.stock_lines:
            article.paragraphs.append([Sentence(stock, article.id, "stock")])
        else:
            sentences = [s for p in article.paragraphs for s in p if s.kind == "text"]
            rest = rng.choice(sentences).text.rstrip(".!?\"”")
            text = stock.format(who=rng.choice(self.style.who), rest=rest[:1].lower() + rest[1:]) + "."
            places = article.paragraphs[: max(1, len(article.paragraphs) // 2)] if early else article.paragraphs
            paragraph = rng.choice(places)
            first = 1 if paragraph and paragraph[0].kind == "dateline" else 0  # a dateline stays first
            paragraph.insert(rng.randint(first, len(paragraph)), Sentence(text, article.id, "stock"))
        article.stock.append(stock)

    def sentences(self, count: int) -> list[str]:
        """``count`` sentences of articles not otherwise in the corpus, in order, each used once; a
        sentence repeating a word 6-gram of one used before is skipped, so no two uses share a phrase."""
        out = []
        while len(out) < count:
            while not self.stream:
                self.stream.extend(reversed([s for p in self.take() for s in p]))
            sentence = self.stream.pop()
            grams = _ngrams(sentence, 6)
            if grams.isdisjoint(self.stream_grams):
                self.stream_grams |= grams
                out.append(sentence)
        return out

    def lone_phrase(self) -> str:
        """A stock-sentence template around 7-10 words of an article not otherwise in the corpus: a phrase
        two articles share and no other does (document frequency cannot call it stock)."""
        rng = self.rng
        words: list[str] = []
        while len(words) < 12:
            words += self.sentences(1)[0].split()
        k = rng.randint(7, 10)
        start = rng.randrange(max(1, len(words) - k))
        phrase = " ".join(words[start:start + k]).strip(".,;:!?\"“”'")
        return "{who} said " + phrase.replace("{", "(").replace("}", ")") + " and that {rest}"

    def credited(self) -> bool:
        if not self.deck:
            self.deck = [True, False] * 10
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    # --- copies --------------------------------------------------------------------------------------

    def edit(self, text: str, rate: float) -> str:
        rng, out = self.rng, []
        for token in text.split(" "):
            r = rng.random()
            if r < rate / 3 and len(out) > 1:
                continue  # deleted
            if r < 2 * rate / 3:
                tail = re.sub(r"^.*?([^\w]*)$", r"\1", token)
                token = rng.choice(self.vocab) + tail
            out.append(token)
            if r > 1 - rate / 3:
                out.append(rng.choice(self.vocab))  # inserted
        return " ".join(out)

    def body_of(self, parent: Article, *, keep_intro: bool, keep_dateline: bool) -> list[list[Sentence]]:
        """The parent's text as a copy takes it: its credits dropped, its intro and dateline if asked,
        end paragraphs trimmed (sometimes the lead paragraph too), never below BRIEF_WORDS copied words."""
        drop = {"credit"} | (set() if keep_intro else {"intro"}) | (set() if keep_dateline else {"dateline"})
        body = [[Sentence(s.text, s.origin, s.kind) for s in p if s.kind not in drop] for p in parent.paragraphs]
        body = [p for p in body if any(s.kind != "dateline" for s in p)]
        rng = self.rng
        if len(body) > 4 and not keep_dateline and rng.random() < 0.1:
            body = body[1:]  # the paper wrote its own lead instead
        if rng.random() < 0.2 and len(body) > 4:
            keep = rng.randint(1, 2)  # a brief: the first paragraphs only
        else:
            keep = len(body) - rng.randint(0, max(0, min(3, len(body) - 2)))

        def copied(paragraphs) -> int:
            return sum(count_words(s.text) for p in paragraphs for s in p if s.kind != "intro")

        while keep < len(body) and copied(body[:keep]) < BRIEF_WORDS:
            keep += 1
        return body[:keep]

    def rework(self, body: list[list[Sentence]], rate: float) -> None:
        """Light edits to every copied sentence; two sentences or two paragraphs swapped now and then."""
        rng = self.rng
        for p in body:
            for s in p:
                if s.kind in ("text", "stock", "intro"):
                    s.text = self.edit(s.text, rate)
        long = [p for p in body if len(p) > 1]
        if long and rng.random() < 0.5:
            p = rng.choice(long)
            k = rng.randrange(len(p) - 1)
            if "dateline" not in (p[k].kind, p[k + 1].kind):
                p[k], p[k + 1] = p[k + 1], p[k]
        if len(body) > 3 and rng.random() < 0.25:
            k = rng.randrange(1, len(body) - 1)
            body[k], body[k + 1] = body[k + 1], body[k]

    def intro(self, article_id: str) -> tuple[list[Sentence], list[Sentence]]:
        """The copy's own sentences (:meth:`sentences`): an intro of 1-3 sentences and (sometimes) a
        closing paragraph."""
        rng = self.rng
        intro = [Sentence(s, article_id, "intro") for s in self.sentences(rng.randint(1, 3))]
        r = rng.random()  # sometimes a closing paragraph of its own; now and then much reporting of its own
        closing = [Sentence(s, article_id, "intro") for s in self.sentences(rng.randint(1, 3) if r < 0.3 else 12)] \
            if r < 0.4 else []
        return intro, closing

    def copy(self, parent: Article, outlet: str, role: str, when: datetime, *, date_only: bool,
             credited: bool, source: Article) -> Article:
        rng = self.rng
        # A kept dateline must be the source's own; a kept intro must name no one (or the truth would
        # not know what the copy credits).
        keep_dateline = credited and parent is source and rng.random() < 0.5 and any(
            s.kind == "dateline" for p in parent.paragraphs for s in p)
        keep_intro = parent is not source and parent.uncredited_kind == "plain" and rng.random() < 0.5
        body = self.body_of(parent, keep_intro=keep_intro, keep_dateline=keep_dateline)
        rate = rng.choice((0.0, 0.01, 0.02, 0.03, 0.04, 0.05))
        self.rework(body, rate)
        article = self.new(outlet, role, when, [], date_only=date_only)
        article.parent, article.edit_rate = parent.id, rate
        intro, closing = self.intro(article.id)
        if body and body[0] and body[0][0].kind == "dateline":  # a kept dateline stays first
            body[0][1:1] = intro
        else:
            body.insert(0, intro)
        if closing:
            body.append(closing)
        article.paragraphs = body
        self.clear_margin(article, source)
        if keep_dateline:
            article.credit = "dateline"
            kept = article.paragraphs[0][0]
            assert kept.kind == "dateline" and kept.origin == source.id, "a kept dateline comes first"
            kept.names_source = True
        elif credited:
            self.credit(article, source)
        else:
            self.no_credit(article, source, parent)
        return article

    def clear_margin(self, article: Article, source: Article) -> None:
        """Drop the parent's intro from a copy of a copy unless the source leads it clearly (x1.5): a near
        tie between two origins would make "the" source a coin toss."""
        counts = article.words_by_origin()
        counts.pop(article.id, None)
        top = counts.pop(source.id, 0)
        if counts and max(counts.values()) * 1.5 > top:
            for p in article.paragraphs:
                p[:] = [s for s in p if s.origin in (source.id, article.id)]
            article.paragraphs[:] = [p for p in article.paragraphs if p]
            article.notes.append("parent intro dropped: too close to the source's share")

    # --- credits -------------------------------------------------------------------------------------

    def name_in(self, sentence: Sentence, template: str, name: str = "") -> Sentence:
        """Rewrite an intro sentence through a template (``{s}``: it without its closing stop)."""
        s = sentence.text.rstrip(" .!?")
        lower = s[:1].lower() + s[1:] if s[1:2].islower() else s  # "the US", not "uS"
        text = template.format(s=s, lower=lower, name=name)
        # a name keeps its case ("dpa reported that ..."); other text starts with a capital
        if template.startswith("{name}"):
            sentence.text = "The" + text[3:] if text.startswith("the ") else text
        else:
            sentence.text = text[:1].upper() + text[1:]
        return sentence

    def carrier(self, article: Article) -> Sentence:
        """A sentence of ``article`` outside any quotation, to name an outlet in: its first (intro)
        sentence when it has no quotation mark, else a new one put first (text split into sentences can
        leave a quotation open, and a name inside a quotation is no credit)."""
        first = next(s for s in article.paragraphs[0] if s.kind != "dateline")
        if first.kind == "intro" and not QUOTES.search(first.text):
            return first
        while True:
            text = self.sentences(1)[0]
            if not QUOTES.search(text):
                break
        sentence = Sentence(text, article.id, "intro")
        at = 1 if article.paragraphs[0][0].kind == "dateline" else 0
        article.paragraphs[0].insert(at, sentence)
        return sentence

    def dateline(self, article: Article, name: str) -> Sentence:
        rng = self.rng
        text = rng.choice(self.style.datelines).format(city=rng.choice(self.style.cities), name=name,
                                                       month=rng.choice(MONTHS), day=rng.randint(1, 28)).rstrip()
        article.paragraphs[0].insert(0, Sentence(text, article.id, "dateline"))
        return article.paragraphs[0][0]

    def credit_line(self, article: Article, outlet: str, name: str) -> Sentence:
        lines = self.style.credit_lines if outlet in self.style.agencies else self.style.paper_credit_lines
        text = self.rng.choice(lines).format(name=name)
        text = "The" + text[3:] if text.startswith("the ") else text  # "dpa contributed ..." keeps its case
        article.paragraphs.append([Sentence(text, article.id, "credit")])
        return article.paragraphs[-1][0]

    def name_outlet(self, article: Article, outlet: str, form: str) -> Sentence:
        """Name ``outlet`` in a credit ``form`` (dateline, credit_line, attribution)."""
        rng = self.rng
        names = self.style.names(outlet)
        if form == "dateline":
            return self.dateline(article, names[0])
        if form == "credit_line":
            return self.credit_line(article, outlet, rng.choice(names))
        return self.name_in(self.carrier(article), rng.choice(self.style.attributions), rng.choice(names))

    def credit(self, article: Article, source: Article) -> None:
        forms = ["dateline", "credit_line", "attribution"] if source.outlet in self.style.agencies \
            else ["credit_line", "attribution"]
        article.credit = self.rng.choice(forms)
        self.name_outlet(article, source.outlet, article.credit).names_source = True

    def no_credit(self, article: Article, source: Article, parent: Article) -> None:
        """Leave the source uncredited: plainly, or naming its outlet in passing, crediting another agency,
        a third party, or (for a copy of a copy) only the paper it was taken from."""
        rng = self.rng
        kinds = ["plain", "plain", "mention", "wrong_agency", "third_party"]
        if parent is not source and parent.outlet != source.outlet:
            kinds += ["parent_paper"] * 3
        kind = rng.choice(kinds)
        if kind == "mention" and source.outlet not in self.style.mentions:
            kind = "plain"
        article.uncredited_kind = kind
        if kind == "mention":
            self.name_in(self.carrier(article), rng.choice(self.style.mentions[source.outlet]))
        elif kind == "third_party":
            self.name_in(self.carrier(article), rng.choice(self.style.third_party))
        elif kind == "wrong_agency":
            other = rng.choice([a for a in self.style.agencies if a != source.outlet])
            self.name_outlet(article, other, rng.choice(["dateline", "credit_line", "attribution"]))
        elif kind == "parent_paper":
            self.name_outlet(article, parent.outlet, rng.choice(["credit_line", "attribution"]))

    # --- groups --------------------------------------------------------------------------------------

    def moment(self, low_days: float, high_days: float) -> datetime:
        when = BASE + timedelta(days=self.rng.uniform(low_days, high_days))
        return when.replace(hour=self.rng.randint(5, 20), second=0, microsecond=0)

    def original(self, *, stock_rate: float, exclusive_rate: float) -> Article:
        rng = self.rng
        exclusive = rng.random() < exclusive_rate
        outlet = rng.choice(self.style.exclusive_papers) if exclusive else rng.choice(list(self.style.agencies))
        original = self.new(outlet, "original", self.moment(21, DAYS))
        if not exclusive and rng.random() < 0.5:
            self.dateline(original, self.style.names(outlet)[0])
        if rng.random() < stock_rate:
            # a stock phrase many articles carry, or (one time in three) a phrase only this pair shares
            stock = rng.choice(self.style.stock) if rng.random() < 2 / 3 else self.lone_phrase()
            self.plant_stock(original, stock, early=True)
            earlier = self.new(rng.choice(self.style.outlets), "earlier",
                               original.when - timedelta(days=rng.uniform(1, 20)))
            self.plant_stock(earlier, stock, early=False)
        return original

    def group(self, *, stock_rate: float, exclusive_rate: float, max_copies: int) -> None:
        """An original, 1-``max_copies`` papers' copies of it, and sometimes a copy of a copy."""
        rng = self.rng
        original = self.original(stock_rate=stock_rate, exclusive_rate=exclusive_rate)
        papers = rng.sample([p for p in self.style.papers if p != original.outlet], max_copies + 1)
        copies = []
        for paper in papers[: rng.randint(1, max_copies)]:
            date_only = rng.random() < 0.1
            when = original.when + (timedelta(days=2) if date_only else timedelta(minutes=rng.randint(60, 720)))
            copies.append(self.copy(original, paper, "copy", when, date_only=date_only,
                                    credited=self.credited(), source=original))
        timed = [c for c in copies if not c.date_only]
        if timed and rng.random() < 0.15:
            self.roundup(rng.choice(timed))
        if timed and rng.random() < 0.35:
            parent = rng.choice(timed)
            when = parent.when + timedelta(minutes=rng.randint(60, 1200))
            self.copy(parent, papers[-1], "copy_of_copy", when, date_only=False,
                      credited=self.credited(), source=original)

    def roundup(self, copy: Article) -> None:
        """Add to ``copy`` one or two paragraphs of another, earlier original (a roundup), fewer words than
        its source gave it by a margin of 1.5x, so the source stays the source."""
        rng = self.rng
        earlier = [a for a in self.articles if a.role == "original" and a.when < copy.when - timedelta(hours=1)
                   and a.id != copy.parent]
        if not earlier:
            return
        other = rng.choice(earlier)
        budget = copy.words_by_origin()[copy.parent] / 1.5
        added: list[list[Sentence]] = []
        for paragraph in other.paragraphs[1:]:
            taken = [Sentence(self.edit(s.text, copy.edit_rate), s.origin, s.kind) for s in paragraph
                     if s.kind == "text"]
            words = sum(count_words(s.text) for p in added + [taken] for s in p)
            if not taken or words > budget or len(added) == 2:
                break
            added.append(taken)
        if added:
            at = len(copy.paragraphs) - (copy.paragraphs[-1][0].kind == "credit")
            copy.paragraphs[at:at] = added
            copy.notes.append(f"roundup: also {other.id}")

    def unrelated(self, *, stock_rate: float) -> None:
        rng = self.rng
        article = self.new(rng.choice(self.style.outlets), "unrelated", self.moment(0, DAYS + 3),
                           date_only=rng.random() < 0.2)
        if rng.random() < stock_rate:
            self.plant_stock(article, rng.choice(self.style.stock), early=False)


def build(pool: list[list[list[str]]], *, groups: int, seed: int, name: str, vocab: list[str] | None = None,
          style: Style = NEWSROOM, unrelated: int | None = None, stock_rate: float = 0.5,
          exclusive_rate: float = 0.2, max_copies: int = 4) -> Corpus:
    """A newsroom corpus of ``groups`` originals with their copies, ``unrelated`` other stories (default:
    as many as originals) and the earlier articles sharing a stock phrase with an original (about
    ``stock_rate`` of them), every date written in one of several forms, records in a seeded order;
    names and forms from ``style``."""
    if vocab is None:
        vocab = sorted({w for article in pool[-50:] for p in article for s in p for w in WORD.findall(s)})
    builder = _Builder(pool, seed=seed, vocab=vocab, prefix=name[:1], style=style)
    for _ in range(groups):
        builder.group(stock_rate=stock_rate, exclusive_rate=exclusive_rate, max_copies=max_copies)
    for _ in range(groups if unrelated is None else unrelated):
        builder.unrelated(stock_rate=stock_rate / 3)
    articles = builder.articles
    for article in articles:
        article.date = format_date(article.when, article.date_only, builder.rng)
    builder.rng.shuffle(articles)
    return Corpus(name, articles, seed, style.name)
