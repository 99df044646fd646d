"""The sources an article names: datelines, credit lines and attributions, with exact spans.

A name counts only inside a credit form, never as a bare occurrence of the word, so an outlet called
"Metro" is not credited by "the metro line", nor "The Times" by "at the times", and "AP" is matched
case-sensitively as a whole word. Forms found:

``dateline``
    ``LONDON (Reuters) -``, ``WASHINGTON (AP) —``, ``BEIJING, May 3 (Xinhua) --``, ``(AFP) -``, and the
    sign-off ``— AFP`` at the end of a line. A place (any case, a region after it: ``SPRINGFIELD, Ill.``), a
    date in either order (``3 May``, ``May 3, 2024``, ``Tuesday``), the name in parentheses or slashes, then a
    dash or ``.-`` (``SEOUL, 3 May (Yonhap).-``); when the place begins its line, also a colon (``Milan
    (ANSA):``), a full stop (``MOSCOW, May 3 /TASS/.``), nothing (``New Delhi, May 3 (PTI) The…``), or the
    name bare before a dash (``TOKYO, May 3 Kyodo -``).
``credit_line``
    ``Additional reporting by …``, ``… contributed to this report``, ``With AFP``, ``With agencies``,
    ``(With inputs from PTI)``, ``This article first appeared in …``, ``Material from Anadolu was used in this
    report``, ``This story includes reporting from …``, the Reuters sign-off ``(Reporting by …; Editing by
    …)`` (the agency's when it names one), ``(Reuters)`` or a lone name closing a paragraph or the text,
    ``By Reuters Staff``, ``Source: AFP``, ``Copyright 2024 The Associated Press``.
``attribution``
    ``according to the state-run KCNA news agency``, ``as per the AFP report``, ``KCNA said``,
    ``Reuters reported``, ``said a Reuters report``, ``told Reuters``, ``picked up by Agence France-Presse
    (AFP)``, ``a letter seen by Reuters``, ``…, reported Xinhua.``

A credit inside a quotation (between double quotation marks) is the speaker's, not the article's, and is
not reported. "With agencies" and its kin name no agency: their credit's name is ``"agencies"``
(:data:`UNNAMED`).

Names come from :data:`AGENCIES` (news agencies and their aliases), the outlets of a corpus
(:meth:`Names.with_outlets`) and an alias file (:func:`load_aliases`). Matching is case-sensitive (an
alias also matches in capitals, and ``The X`` as ``the X``). Aliases that are also common abbreviations
("PA": the Palestinian Authority; "PTI": a Pakistani party) count in datelines and credit lines, but in an
attribution only beside "agency", "news service" or "wire", or bare after "told", "according to", "reported
by" ("told PTI", not "told the PA"); surnames ("Bloomberg") are not credited by "said". After those words a
name that qualifies a noun ("according to the UPI payment app") is no credit.

Finding starts from the names: one pass over the article's bytes tells which first words of known names
occur (an article naming none stops there); each occurrence is then widened into its credit form by small
anchored regular expressions, compiled once per :class:`Names`.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping, Sequence

from ..errors import InputError

__all__ = ["Credit", "Names", "AGENCIES", "UNNAMED", "FORMS", "find_credits", "load_aliases"]

#: News agencies, canonical name -> aliases (the canonical name is an alias too).
AGENCIES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "Reuters": ("Reuters", "Reuter", "Thomson Reuters News"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "Agence France Press"),
    "PA": ("PA", "PA Media", "Press Association", "The Press Association"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "EFE": ("EFE", "Agencia EFE"),
    "ANSA": ("ANSA",),
    "Xinhua": ("Xinhua", "New China News Agency"),
    "KCNA": ("KCNA", "Korean Central News Agency"),
    "Yonhap": ("Yonhap",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Jiji": ("Jiji", "Jiji Press"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "UPI": ("UPI", "United Press International"),
    "TASS": ("TASS", "Tass", "ITAR-TASS", "Itar-Tass"),
    "Anadolu": ("Anadolu", "Anadolu Agency", "Anadolu Ajansi", "AA"),
    "PTI": ("PTI", "Press Trust of India"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "ANP": ("ANP", "Algemeen Nederlands Persbureau"),
    "Belga": ("Belga",),
    "AAP": ("AAP", "Australian Associated Press"),
    "CP": ("CP", "Canadian Press", "The Canadian Press"),
    "APA": ("APA", "Austria Presse Agentur"),
    "IANS": ("IANS", "Indo-Asian News Service"),
    "ANI": ("ANI", "Asian News International"),
    "APP": ("APP", "Associated Press of Pakistan"),
    "Lusa": ("Lusa",),
    "Europa Press": ("Europa Press",),
    "IRNA": ("IRNA", "Islamic Republic News Agency"),
    "MENA": ("MENA", "Middle East News Agency"),
    "SPA": ("SPA", "Saudi Press Agency"),
    "WAFA": ("WAFA", "Wafa"),
    "KUNA": ("KUNA", "Kuwait News Agency"),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "PAP": ("PAP", "Polish Press Agency"),
    "CTK": ("CTK", "ČTK", "Czech News Agency"),
    "Ritzau": ("Ritzau",),
    "Ukrinform": ("Ukrinform",),
    "UNIAN": ("UNIAN",),
    "Sputnik": ("Sputnik",),
    "Tanjug": ("Tanjug",),
    "Dow Jones Newswires": ("Dow Jones Newswires", "Dow Jones News Service"),
})

#: Aliases that are also common abbreviations: an attribution needs "agency", "news service" or "wire" beside them.
_WEAK = frozenset({"PA", "CP", "AAP", "ANP", "APA", "APP", "MENA", "SPA", "PAP", "RIA", "PTI", "ANI", "AA",
                   "Sputnik", "Antara", "Lusa", "WAFA", "Wafa"})
#: Aliases that are also surnames: "Bloomberg said" is more often the man than the agency.
_PERSON_LIKE = frozenset({"Bloomberg", "Reuter"})

#: The name of a credit that names no agency ("With agencies", "Agencies contributed to this report").
UNNAMED = "agencies"
#: The forms a credit can take.
FORMS = ("dateline", "credit_line", "attribution")


@dataclass(frozen=True, slots=True)
class Credit:
    """A source an article names.

    Attributes
    ----------
    name:
        The canonical name: a built-in agency ("Reuters", "AFP", ...), a corpus outlet, or ``"agencies"``.
    start, end:
        Half-open code-point offsets into the original text; ``text[start:end] == self.text``.
    text:
        The credit as written, e.g. ``"LONDON (Reuters) -"`` or ``"according to the KCNA news agency"``.
    form:
        ``"dateline"``, ``"credit_line"`` or ``"attribution"``.
    """

    name: str
    start: int
    end: int
    text: str
    form: str

    def to_dict(self) -> dict:
        """``{"name", "start", "end", "text", "form"}``."""
        return asdict(self)


# -- the pieces of the forms -------------------------------------------------------------------------------
# A credit is found from its name outwards: each occurrence of a known name (or a list of them, "AFP and
# Reuters", "Agence France-Presse (AFP)") is widened left over modifiers ("the state-run", "French news
# agency") and right over a qualifier ("news agency", "'s"), then the words before and after decide the form.

_SEP = r"[\s\-\u2010\u2011\u2013]+"  # "Agence France-Presse" is also written "Agence France Presse"
# Bytes that cannot be inside a name's first word (punctuation, and every byte of a non-ASCII character).
_TOKEN_BREAKS = bytes(b if chr(b).isalnum() or chr(b) == "_" else 32 for b in range(128)) + b" " * 128
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(65, 91)})
_MOD_WORDS = frozenset(
    "the a an state state-run state-owned state-controlled state-backed government-run government official "
    "semi-official semiofficial independent private national leading major financial international local "
    "regional global news agency service wire newswire french german spanish italian chinese japanese russian "
    "turkish indian british american us u.s. iranian korean north south dutch belgian australian canadian "
    "polish austrian swiss greek portuguese egyptian saudi pakistani malaysian indonesian taiwanese ukrainian "
    "serbian czech kuwaiti palestinian danish brazilian irish country's country’s".split())
_AGENCY_WORD = r"(?i:news\s+agency|agency|news\s+service|wire\s+service|newswire|wire)"
_QUAL = re.compile(rf"(?:['’]s?)?(?:\s+(?:{_AGENCY_WORD}|(?i:news|television|TV|radio)(?:\s+{_AGENCY_WORD})?))?")
_REPORT = (r"(?i:reports?|story|stories|dispatch(?:es)?|article|interview|bulletin|broadcast|tally|count|"
           r"calculations?|analysis|poll|survey|correspondent|reporter|journalist|investigation|estimates?|"
           r"figures|review|commentary)\b")
_REPORT_AFTER = re.compile(rf"\s+{_REPORT}")
_VERB = (r"(?P<verb>reported|reports|reporting|said|says|quoted|quotes|cited|cites|wrote|writes|added|adds|"
         r"announced|stated|noted|learned|learnt|revealed|understands|understood|carried|published|"
         r"broadcast|confirmed|disclosed|calculated|tallied|estimated|found|obtained|saw|has\s+seen|"
         r"was\s+told|were\s+told|has\s+been\s+told|citing|quoting)\b")
_ADV = (r"(?:(?:also|earlier|later|previously|first|then|had|has|have|separately|exclusively|originally|"
        r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s+){0,2}")
# "the KCNA report cited by AFP said": the names in the "cited by" words are found with the others.
_SUBJECT = re.compile(rf"(?:\s+{_REPORT})?(?:\s*,?\s+(?:which\s+was\s+)?(?i:cited|quoted|carried|picked\s+up|"
                      rf"seen|reported)\s+by(?:\s+[\w\-.'’()]+){{1,6}}?)?,?\s+{_ADV}{_VERB}")
_DASH = r"(?:--|[-\u2013\u2014])"
_LINE_END = r"[ \t]*\.?[ \t]*(?=\n|\Z)"
_UNNAMED_WORDS = r"(?i:agencies|news\s+agencies|wires|wire\s+services|agency\s+inputs?)"
# A place: capitalised words at a line start (with "de", "am", "upon": "Rio de Janeiro", "Frankfurt am
# Main"), or words in capitals anywhere; accented capitals too ("ÇANAKKALE", "Ürümqi").
_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_PLACE = (rf"(?:(?<![^\n])[ \t]*[{_UP}][\w.'’\-]*(?:[ \t]+(?:(?:de|da|do|dos|del|di|la|le|el|al|am|an|upon|"
          rf"on|sur|en|van|von|der)[ \t]+)?[{_UP}][\w.'’\-]*){{0,3}}"
          rf"|[{_UP}][{_UP}.'’\-]+(?:[ \t]+[{_UP}][{_UP}.'’\-]+){{0,3}})")
# A region after the place ("SPRINGFIELD, Ill."), then a date in either order, in any case ("3 may" in
# Spanish copy, "MAY 3" in capitals), with a weekday, an ordinal or a year; or a numeric date.
_REGION = r"[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,2}"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = r"(?:[A-Z][a-z]{2,8}|[A-Z]{3,9}|[a-z]{3,9})\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH})(?:,?\s*\d{{4}})?|{_WEEKDAY}"
         r"|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?)")
_WITH = (r"(?:(?:[Ww]ith|WITH)\s+(?:(?i:(?:additional\s+)?(?:reporting|inputs?|contributions?|files?|reports?|"
         r"wires?))\s+(?:from|by)\s+)?|(?i:(?:additional\s+)?inputs?)\s+(?:from|by)\s+)")
# What may stand before a name (after its modifiers); the group that matches names the form.
_PREFIX = re.compile("(?:" + "|".join((
    r"(?P<according>(?i:according\s+to|as\s+per|citing|quoting|courtesy\s+of)\s+(?:(?:[Aa]n?|[Tt]he)\s+)?"
    rf"(?:(?i:(?:new|recent|separate|earlier|latest|exclusive)\s+)?{_REPORT}\s+(?i:by|from|in|of|on)\s+)?)",
    rf"(?P<report>(?:(?:[Aa]n?|[Tt]he)\s+)?{_REPORT}\s+(?i:by|from|in|on|carried\s+by|published\s+by)\s+)",
    r"(?P<per>(?<![\w\-])per\s+)",
    r"(?P<by>(?i:reported|quoted|cited|carried|picked\s+up|obtained|seen|reviewed|published|broadcast|aired|"
    r"relayed|compiled|conducted|commissioned|interviewed|contacted|released|distributed|saying|reporting|"
    r"calculations|analysis)\s+(?:\w+\s+){0,2}?by\s+)",
    r"(?P<to>\b(?:told|telling|tells|speaking\s+to|spoke\s+to|speaks\s+to|talking\s+to|talked\s+to|said\s+to|"
    r"confirmed\s+to|denied\s+to|(?:in\s+)?(?:an?\s+)?(?:\w+\s+)?interview\s+with|"
    r"(?i:in)\s+(?:a\s+)?(?:statement|comments?|remarks|an\s+email|a\s+message)\s+to)\s+)",
    r"(?P<inverted>\b(?:reported|reports|said|says|wrote|writes|added|adds|noted|showed|shows)\s+)",
    rf"(?P<with>(?:(?<![^\n])[ \t]*[\-\u2013\u2014]*[ \t]*|(?<=[.!?\"”’]\s)|\()"
    rf"{_WITH}(?:{_UNNAMED_WORDS}\s*(?:,|/|&|\band\b)\s*)?(?:[Tt]he\s+)?)",
    r"(?P<appeared>(?i:(?:this|the|a\s+version\s+of\s+this)\s+(?:article|story|piece|report|item|column|"
    r"content)\s+(?:was\s+|has\s+been\s+|is\s+)?(?:first\s+|originally\s+|initially\s+)?(?:appeared|"
    r"published|ran|carried|produced|written|syndicated)|(?:first|originally)\s+published|republished)\s+"
    r"(?i:in|on|by|at|for|with|from)\s+)",
    r"(?P<byline>(?<![^\n])[ \t]*(?:By|BY)\s+(?:[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}\s*"
    r"(?:,|\||\bof\b|\bfor\b|\band\b)\s*)?)",
    r"(?P<source>(?<![^\n])[ \t]*(?i:sources?)\s*:\s*)",
    # A dateline: the place (and date) and an opening "(" or "/" ("MOSCOW, May 3 /TASS/."), or a place and a
    # date with the name bare ("TOKYO, May 3 Kyodo -").
    rf"(?P<paren>(?P<place>{_PLACE}(?:\s*,\s*{_REGION})?(?:\s*,\s*{_DATE})?[.,]?\s*)?(?P<open>[(/])\s*)",
    rf"(?P<placed>{_PLACE}(?:\s*,\s*{_REGION})?\s*,\s*{_DATE}\.?\s+)",
    r"(?P<copyright>(?<![^\n])[ \t]*(?:(?:©|\([Cc]\)|Copyright|COPYRIGHT)[ \t]*)+(?:\d{4}[ \t]+)?)",
    rf"(?P<dash>(?<!\S){_DASH}{{1,2}}[ \t]*)",
)) + r")\Z")
_PREFIX_REACH = 90  # characters before a name the prefix may take
# The words and marks a prefix can end with (lower case); before anything else no prefix is tried.
_PREFIX_ENDS = frozenset(
    "to per citing quoting of by from in on at for with told telling tells reported reports said says wrote "
    "writes added adds noted showed shows and copyright © , / & | : ( - \u2013 \u2014 0 1 2 3 4 5 6 7 8 9".split())
# Where a prefix can begin: a word, a "(", a dash; after a list mark, only a line or a sentence.
_ANY_START = re.compile(r"(?<!\S)|\(|[\-\u2013\u2014]")
_LINE_START = re.compile(r"(?<![^\n])|\(|(?<=[.!?\"”’]\s)")
# After the closing ")": a dash, ".-" (EFE), or, when a place begins the line, a colon (PTI), a full stop, or
# nothing before the first sentence. After a closing "/" (TASS): a full stop, a dash or a colon.
_DATELINE_END = re.compile(rf"\s*\)[ \t]*(?:\.[ \t]*)?{_DASH}{{1,2}}")
_PLACED_END = re.compile(rf"\s*(?:\)[ \t]*:|\)\.(?=[ \t])|\)(?=[ \t]+[A-Z0-9\"“‘']|[ \t]*\n)"
                         rf"|/(?:[ \t]*\.?[ \t]*(?:{_DASH}{{1,2}}|:)|\.)?(?=\s|\Z))")
_BARE_END = re.compile(rf"[ \t]*(?:{_DASH}{{1,2}}|:)")
_COPYRIGHT_END = re.compile(r"(?:[ \t]+\d{4})?(?=[ \t]*(?:[.,;|]|\n|\Z|All\b))")
_PAREN_END = re.compile(rf"\s*\){_LINE_END}")
_AT_LINE_END = re.compile(_LINE_END)
_WITH_END = re.compile(rf"(?:\s*(?:,|/|&|\band\b)\s*(?:the\s+)?{_UNNAMED_WORDS})?\)?{_LINE_END}")
_CLOSE_PAREN = re.compile(rf"(?:\s*(?:,|/|&|\band\b)\s*(?:the\s+)?{_UNNAMED_WORDS})?\)")
_TEXT_END = re.compile(r"[ \t]*\.?\s*\Z")
_BYLINE_END = re.compile(rf"(?:\s+(?i:staff|reporters?|correspondents?|writers?|news\s+agency))?{_LINE_END}")
_PUNCT_AFTER = re.compile(r"(?=\s*(?:[.,;:!?)]|\Z))")
#: The verb of an attribution after a strong prefix ("told PA", "according to PTI"): there an ambiguous
#: abbreviation counts without "agency" unless "the" stands before it ("the PA": the Palestinian Authority).
_STRONG = "strong"
_WORD_AFTER = re.compile(r"[ \t]+([a-z][a-z\-]*)\b")
_VERB_WORD = re.compile(_VERB)
_REPORT_WORD = re.compile(_REPORT)
_FREE_AFTER = frozenset(
    "on in at to that this these those last late earlier early yesterday today tonight and but or nor as after "
    "before when while which who whom whose where because since about with without from for by of it its he "
    "she they we i you there here the a an his her their our is was were are be been has had have will would "
    "could should may might can did does do not no into over during amid following ahead than if via per so "
    "then also just now again soon still even both either all such some any many more most only every each "
    "what how why whether me him us them data sources tallies".split())
_JOIN = re.compile(r"\s*(?:,\s*and\s+|,\s*|/|&|\band\b)\s*(?:the\s+)?|\s*\(\s*")
# Credit lines that need not contain a name ("Additional reporting by agencies").
_REPORTING_BY = re.compile(r"\(?(?:[Aa]dditional\s+|ADDITIONAL\s+)?(?i:reporting|writing|contributions?|compiled)"
                           r"\s+(?i:by|from)\s+(?:[^\n;()!?.]|\.(?!\s|$)){1,200}")
_CONTRIBUTED = re.compile(r"contribut(?:ed|es)\s+(?:to\s+(?:this|the)\s+(?:report|story|article)|"
                          r"(?:additional\s+)?reporting)")
_WITH_UNNAMED = re.compile(rf"(?:(?<![^\n])[ \t]*[\-\u2013\u2014(]*[ \t]*|(?<=[.!?\"”’])[ \t]+)(?P<span>{_WITH}"
                           rf"(?:the\s+)?{_UNNAMED_WORDS}\)?){_LINE_END}|(?P<paren>\((?i:with)\s+{_UNNAMED_WORDS}\))")
_UNNAMED_RE = re.compile(_UNNAMED_WORDS)
# "Material from Anadolu was used in this report", "This story includes reporting from AP", "Includes
# material from Reuters": a sentence of its own, matched from the sentence start before one of its verbs
# (a search from every character would cost more than the rest of finding).
_MATERIAL_NOUN = (r"(?:(?:some|additional|other|wire)\s+)?"
                  r"(?:material|information|reporting|content|details|reports|dispatches)")
#: The verbs a material line has -> the words (as in the text) that tell it may be there.
_MATERIAL_VERBS = {w: frozenset((w.split()[0].encode(), w.split()[0].capitalize().encode())) for w in (
    " used ", " included ", " incorporated ", " drawn ", " sourced ", " taken ", "contains ", "includes ",
    "uses ", " draws on", " based on", " compiled ")}
_MATERIAL = re.compile(
    r"[ \t(\"“]*(?P<span>(?i:"
    rf"(?:{_MATERIAL_NOUN}|(?:portions?|parts?|elements?)\s+of\s+this\s+(?:report|story|article))\s+(?:from|by|of)\s+"
    r"[^\n.;!?]{1,120}?\s+(?:was|were|is|are|has\s+been|have\s+been)\s+(?:(?:also|originally|first)\s+)?"
    r"(?:used|included|incorporated|drawn\s+(?:on|upon)|sourced|taken)\s+(?:in|for|into|from)\s+(?:this|the)\s+"
    r"(?:report|story|article|piece|item)"
    r"|(?:this\s+(?:report|story|article|piece)\s+)?(?:contains|includes|uses|incorporates|draws\s+on|"
    rf"(?:is|was)\s+based\s+on|was\s+compiled\s+(?:from|with))\s+{_MATERIAL_NOUN}\s+(?:from|by)\s+"
    r"[^\n;!?]{1,120}?(?=[ \t]*(?:\.(?:\s|\Z)|\)|\n|\Z))))")
_QUALIFIER = re.compile(r"(?i:agency|news\s+service|wire)")
_SPEECH = frozenset({"said", "says", "added", "adds", "announced", "stated", "noted", "wrote", "writes"})
#: Verbs only an agency or a paper does: an ambiguous abbreviation is their subject bare ("PTI reported").
_REPORTING = frozenset({_STRONG, "reported", "reports", "reporting", "quoted", "quotes", "cited", "cites",
                        "carried", "published", "broadcast"})
_NOT_BEFORE = frozenset(
    "The A An In On At And But Or As So Yet By For To Of From With Also Meanwhile Separately Earlier Later "
    "However Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December Last Yesterday Today It He She They We".split())


def _key(s: str) -> str:
    """How a matched name is looked up: separators folded to one space."""
    return " ".join(re.split(_SEP, s.strip()))


def _variants(alias: str) -> set[str]:
    """The ways ``alias`` is written: as given, and in capitals."""
    return {v for v in (alias, alias.upper()) if v.strip()}


class _Patterns:
    """What finding the names of one :class:`Names` needs, built once: for each word a name can begin
    with, the compiled names that begin with it ("The X" is looked up from "X", then "the " checked)."""

    def __init__(self, names: Names):
        self.keys: dict[str, str] = {}
        by_word: dict[str, list[tuple[str, bool, str]]] = {}
        for alias, canonical in names.aliases().items():
            for v in _variants(alias):
                self.keys.setdefault(_key(v), canonical)
                words = _key(v).split(" ")
                the = words[0] in ("The", "THE") and len(words) > 1
                by_word.setdefault(words[1] if the else words[0], []).append((v[4:] if the else v, the, canonical))
        self.weak = {k for k in self.keys if k in _WEAK}
        self.person = {k for k in self.keys if k in _PERSON_LIKE}
        # Each first word as ASCII bytes for a quick presence test (None: not ASCII, tested on the text).
        self.first_words = {w: (w.encode() if w.isascii() else None) for w in by_word}
        self.by_word = {}
        for word, variants in by_word.items():
            variants.sort(key=lambda v: (-len(v[0]), v[1]))
            self.by_word[word] = [
                (re.compile(_SEP.join(re.escape(p) for p in re.split(_SEP, v.strip())) + r"(?![\w\u2010\u2011]|-\w)"),
                 the, canonical) for v, the, canonical in variants]


class Names:
    """Which strings name which outlet: canonical name -> aliases.

    Matching in text is case-sensitive ("AP" is not "ap"); :meth:`canonical` and :meth:`same`, which
    compare outlet values, also accept a name in another case.

    Parameters
    ----------
    table:
        Canonical name -> its aliases (the canonical name is always an alias of itself).
    outlets:
        The canonical names that are corpus outlet values (kept by :meth:`with_outlets`).

    Examples
    --------
    >>> names = Names.default().with_outlets(["The Independent", "Associated Press"])
    >>> names.canonical("Agence France Presse"), names.canonical("The Associated Press")
    ('AFP', 'Associated Press')
    >>> names.same("AP", "Associated Press"), names.same("AFP", "Reuters")
    (True, False)
    """

    def __init__(self, table: Mapping[str, Iterable[str]], *, outlets: Iterable[str] = ()):
        self._table = {c: tuple(dict.fromkeys((c, *a))) for c, a in table.items()}
        # Outlet values already made canonical: a second value of the same outlet stays an alias.
        self._outlets = frozenset(outlets)

    @classmethod
    def default(cls) -> Names:
        """The built-in agency table (:data:`AGENCIES`); one shared instance, so its patterns are built once.

        Returns
        -------
        Names

        Examples
        --------
        >>> Names.default() is Names.default(), Names.default().canonical("Press Trust of India")
        (True, 'PTI')
        """
        return _DEFAULT

    @property
    def table(self) -> dict[str, tuple[str, ...]]:
        """Canonical name -> aliases (a copy)."""
        return dict(self._table)

    def aliases(self) -> dict[str, str]:
        """Every alias -> its canonical name.

        Returns
        -------
        dict[str, str]

        Examples
        --------
        >>> Names({"Metro": ["Metro UK"]}).aliases()
        {'Metro': 'Metro', 'Metro UK': 'Metro'}
        """
        return {a: c for c, aliases in self._table.items() for a in aliases}

    def with_outlets(self, outlets: Iterable[str]) -> Names:
        """These names plus a corpus's outlet values. An outlet that is an alias of a known name becomes
        that name's canonical form (so credits read as the corpus names its outlets).

        Parameters
        ----------
        outlets:
            Outlet values, e.g. the ``outlet`` field of a corpus; empty values are ignored.

        Returns
        -------
        Names

        Examples
        --------
        >>> Names.default().with_outlets(["Agence France-Presse", "Metro"]).canonical("AFP")
        'Agence France-Presse'
        """
        table, done = dict(self._table), set(self._outlets)
        for outlet in dict.fromkeys(o.strip() for o in outlets if isinstance(o, str) and o.strip()):
            owner = self._owner(outlet, table)
            if owner is None:
                table[outlet] = (outlet,)
            elif owner in done:  # a second value of an outlet already named ("AP" after "Associated Press")
                continue
            elif owner != outlet:
                table[outlet] = (outlet, *table.pop(owner))
            done.add(outlet)
        return Names(table, outlets=done)

    def with_aliases(self, aliases: Mapping[str, Sequence[str] | str]) -> Names:
        """These names plus extra aliases: outlet -> the names it is credited by. An alias already
        belonging to another outlet moves to this one.

        Parameters
        ----------
        aliases:
            Outlet -> a name or a list of names (as :func:`load_aliases` returns).

        Returns
        -------
        Names

        Raises
        ------
        InputError
            If a value is not a string or a list of strings.

        Examples
        --------
        >>> names = Names.default().with_aliases({"Evening Gazette": ["the Gazette", "EG"]})
        >>> names.canonical("EG")
        'Evening Gazette'
        """
        table = {c: list(a) for c, a in self._table.items()}
        for outlet, extra in _checked(aliases, "aliases").items():
            owner = self._owner(outlet, table) or outlet
            for alias in extra:
                for c in table:
                    if alias in table[c] and c != owner and alias != c:
                        table[c].remove(alias)
            table.setdefault(owner, [owner]).extend(extra)
        return Names(table, outlets=self._outlets)

    @staticmethod
    def _owner(name: str, table: Mapping[str, Sequence[str]]) -> str | None:
        """The canonical name ``name`` is an alias of, exactly or else ignoring case ("reuters")."""
        for c, aliases in table.items():
            if name == c or name in aliases:
                return c
        folded = _key(name).casefold()
        for c, aliases in table.items():
            if any(_key(a).casefold() == folded for a in aliases):
                return c
        return None

    @cached_property
    def _lookup(self) -> tuple[dict[str, str], dict[str, str]]:
        exact = {_key(a): c for a, c in self.aliases().items()}
        folded: dict[str, str] = {}
        for k, c in exact.items():
            folded.setdefault(k.casefold(), c)
        return exact, folded

    def canonical(self, name: str) -> str | None:
        """The canonical name of an alias or name, or None when it names nothing known.

        Parameters
        ----------
        name:
            A name as written ("Agence France-Presse", "the Independent", "afp").

        Returns
        -------
        str or None

        Examples
        --------
        >>> Names.default().canonical("Korean Central News Agency"), Names.default().canonical("Metro")
        ('KCNA', None)
        """
        if not isinstance(name, str):
            return None
        exact, folded = self._lookup
        key = _key(name)
        if key.startswith("the ") and key not in exact and key.casefold() not in folded:
            key = key[4:]
        return exact.get(key) or folded.get(key.casefold())

    def same(self, a: str, b: str) -> bool:
        """Do two names or aliases denote one outlet? Unknown names are the same only when equal (ignoring case).

        Parameters
        ----------
        a, b:
            Names, aliases or outlet values.

        Returns
        -------
        bool

        Examples
        --------
        >>> Names.default().same("Associated Press", "AP"), Names.default().same("BBC", "bbc")
        (True, True)
        """
        ca, cb = self.canonical(a), self.canonical(b)
        if ca is not None or cb is not None:
            return ca == cb
        return isinstance(a, str) and isinstance(b, str) and a.strip().casefold() == b.strip().casefold()

    @cached_property
    def patterns(self) -> _Patterns:
        """The compiled regular expressions (built on first use)."""
        return _Patterns(self)

    def __repr__(self) -> str:
        return f"Names({len(self._table)} outlets)"


_DEFAULT = Names(AGENCIES)


def _checked(aliases: object, where: str) -> dict[str, list[str]]:
    """``aliases`` as outlet -> list of names, or InputError naming ``where``."""
    if not isinstance(aliases, Mapping):
        raise InputError(f"expected a JSON object of outlet -> names, got {type(aliases).__name__}", path=where)
    out = {}
    for outlet, value in aliases.items():
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise InputError(f"expected a name or a list of names for {outlet!r}, got {json.dumps(value)[:60]}",
                             path=where)
        out[str(outlet).strip()] = [n.strip() for n in names]
    return out


def load_aliases(path) -> dict[str, list[str]]:
    """Read an alias file: a JSON object of outlet -> the names it is credited by (a list, or one string).

    Parameters
    ----------
    path:
        The file.

    Returns
    -------
    dict[str, list[str]]
        Outlet -> names, for :meth:`Names.with_aliases`.

    Raises
    ------
    InputError
        If the file cannot be read, is not valid JSON, is not an object, or maps an outlet to something
        other than a string or a list of strings; one line naming the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "aliases.json"
    >>> _ = path.write_text('{"Evening Gazette": ["the Gazette"], "BBC": "BBC News"}')
    >>> load_aliases(path)
    {'Evening Gazette': ['the Gazette'], 'BBC': ['BBC News']}
    >>> _ = path.write_text('{"BBC": 3}')
    >>> load_aliases(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    simcompare.errors.InputError: ...aliases.json: expected a name or a list of names for 'BBC', got 3
    """
    where = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the alias file: {getattr(exc, 'strerror', None) or exc}", path=where) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"expected JSON (outlet -> names), got invalid JSON: {exc.msg}", path=where,
                         line=exc.lineno) from None
    return _checked(data, where)


_QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb\n]')


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside double quotation marks; a line break closes an open quote (news style reopens it).

    A straight ``"`` opens a quote after a space or at a line start and closes one after a word or
    punctuation, so a stray closing mark (a quote that began in an earlier paragraph) opens nothing.
    """
    spans, opened = [], -1
    for match in _QUOTE_MARKS.finditer(text):
        c, at = match.group(), match.start()
        if c == '"':
            c = "\u201c" if at == 0 or text[at - 1].isspace() or text[at - 1] in "([{\u2014\u2013-" else "\u201d"
        if c in "\u201c\u201e\u00ab":
            opened = at if opened < 0 else opened
        elif opened >= 0:
            spans.append((opened, at + 1))
            opened = -1
    if opened >= 0:
        spans.append((opened, len(text)))
    return spans


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Does ``at`` lie inside one of the sorted, disjoint ``spans`` (after its opening mark)?"""
    i = bisect.bisect_left(spans, (at, -1)) - 1
    return i >= 0 and spans[i][0] < at < spans[i][1]


def _finds(text: str, word: str) -> Iterable[int]:
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


def _singles(text: str, p: _Patterns, words: set[bytes]) -> list[tuple[int, int, str, str]]:
    """``(start, end, canonical, key)`` of every known name in ``text`` standing as a whole word (``words``:
    the text's words as bytes)."""
    present = [w for w, b in p.first_words.items() if (b in words if b is not None else w in text)]
    found = []
    for word in present:
        for i in _finds(text, word):
            if i and (text[i - 1].isalnum() or text[i - 1] in "_-\u2010\u2011"):
                continue
            for regex, the, canonical in p.by_word[word]:
                m = regex.match(text, i)
                if m and (not the or text[max(0, i - 4):i] in ("the ", "The ", "THE ")):
                    found.append((i - 4 if the else i, m.end(), canonical, _key(m.group())))
                    break
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[tuple[int, int, str, str]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


def _lists(text: str, singles: list) -> list[tuple[int, int]]:
    """Spans of names standing together: "AFP and Reuters", "Agence France-Presse (AFP)"."""
    spans: list[list[int]] = []
    for start, end, _, _ in singles:
        if spans:
            between = text[spans[-1][1]:start]
            if between.strip().startswith("(") and _JOIN.fullmatch(between):
                close = re.match(r"\s*\)", text[end:end + 4])
                if close:
                    spans[-1][1] = end + close.end()
                    continue
            elif _JOIN.fullmatch(between):
                spans[-1][1] = end
                continue
        spans.append([start, end])
    return [(s, e) for s, e in spans]


def _mod_start(text: str, at: int) -> int:
    """Where the modifiers before a name begin ("the state-run KCNA", "South Korea's Yonhap")."""
    start, possessive = at, False
    for _ in range(6):
        j = start
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        k = j
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "-'’."):
            k -= 1
        word = text[k:j]
        if j == start or not word:
            break
        is_possessive = word[0].isupper() and word.endswith(("'s", "’s"))
        if not (word.lower() in _MOD_WORDS or is_possessive or (possessive and word[0].isupper())):
            break
        start, possessive = k, is_possessive
    return start


def _proper_noun_before(text: str, at: int) -> bool:
    """Is the name at ``at`` the end of a longer proper noun ("Thomson Reuters", "Paul Reuter")?"""
    if at < 1 or text[at - 1] != " ":
        return False
    j = at - 1
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:at - 1]
    return bool(word) and word[0].isupper() and word[1:].islower() and word not in _NOT_BEFORE


def _starts_line(text: str, at: int) -> bool:
    """Is ``at`` the first non-blank character of a line after the first?"""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j > 0 and text[j - 1] == "\n"


def _line_start(text: str, at: int) -> bool:
    """Is ``at`` the first non-blank character of the text or of a line?"""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _compound(text: str, at: int) -> bool:
    """Does a lower-case word that is not a function word, a verb or an adverb follow ``at`` (the name
    then qualifies a noun: "the UPI payment app", "the PTI party")?"""
    m = _WORD_AFTER.match(text, at)
    if not m:
        return False
    word = m.group(1)
    return not (word in _FREE_AFTER or word.endswith(("ly", "ed")) or _VERB_WORD.fullmatch(word)
                or _REPORT_WORD.fullmatch(word) or _REPORT_WORD.fullmatch(word[:-1]))  # "AFP reporters"


def _after_sentence(text: str, at: int) -> bool:
    """Does ``at`` begin a line, or follow the end of a sentence?"""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] in "\n.!?\"”’"


def _prefix(text: str, at: int) -> re.Match | None:
    """The longest :data:`_PREFIX` ending at ``at``, tried only when the word or mark just before ``at``
    can end one, and only where a prefix can begin, farthest first (a search would try every character)."""
    j = at
    while j > 0 and text[j - 1].isspace():
        j -= 1
    k = j
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    last = text[k:j].lower() if k < j else text[j - 1:j]
    if last not in _PREFIX_ENDS:
        return None
    # After a list mark only a byline or a "With" line can end here: they begin a line or a sentence.
    starts = _LINE_START if last in (",", "/", "&", "|", "and") else _ANY_START
    for candidate in starts.finditer(text, max(0, at - _PREFIX_REACH), at + 1):
        if m := _PREFIX.match(text, candidate.start(), at):
            return m
    return None


def _form_at(text: str, start: int, end: int) -> tuple[str, int, int, str | None] | None:
    """The credit form around the names at ``[start, end)``: ``(form, span start, span end, verb)``; the
    verb of an attribution after a strong prefix ("told", "according to") is :data:`_STRONG`."""
    qual = _QUAL.match(text, end).end()
    if _TEXT_END.match(text, qual) and _starts_line(text, start):
        return "credit_line", start, qual, None  # the sign-off: a name alone on the last line
    mod = _mod_start(text, start)
    pre = _prefix(text, mod)
    kind = pre.lastgroup if pre else None
    if kind in ("open", "place"):
        kind = "paren"
    lo = pre.start() if pre else mod
    after = _REPORT_AFTER.match(text, qual)  # "said a Reuters report"
    if kind in ("according", "report", "per", "by", "to"):
        if not after and _compound(text, qual):
            return None  # "according to the UPI payment app": the name qualifies a noun
        return "attribution", lo, after.end() if after else qual, _STRONG
    if kind == "inverted" and (after or _PUNCT_AFTER.match(text, qual)):
        verb = _STRONG if text.startswith("report", pre.start()) else None  # "…, reported PTI."
        return "attribution", lo, after.end() if after else qual, verb
    if kind in ("paren", "placed", "copyright") and (found := _dateline(text, pre, kind, qual)):
        return found
    if kind == "appeared":
        return "credit_line", lo, qual, None
    if kind == "dash" and _AT_LINE_END.match(text, qual):
        return "dateline", lo, qual, None
    if kind == "with" and text[lo] == "(" and (m := _CLOSE_PAREN.match(text, qual)):
        return "credit_line", lo, m.end(), None
    if kind == "with" and text[lo] != "(" and (m := _WITH_END.match(text, qual)):
        return "credit_line", lo, qual + len(m.group().rstrip(" \t.")), None
    if kind == "byline" and (m := _BYLINE_END.match(text, qual)):
        return "credit_line", lo, qual + len(m.group().rstrip(" \t.")), None
    if kind == "source" and _AT_LINE_END.match(text, qual):
        return "credit_line", lo, qual, None
    if (m := _SUBJECT.match(text, qual)) and not _proper_noun_before(text, mod):
        return "attribution", mod, m.end(), m.group("verb")
    return None


def _dateline(text: str, pre: re.Match, kind: str, qual: int) -> tuple[str, int, int, None] | None:
    """The dateline (or closing credit) a place, "(", "/" or copyright prefix ``pre`` begins, names ending at
    ``qual``. The looser ends (a colon, a full stop, none) need a place that begins its line."""
    lo = pre.start()
    placed = kind == "placed" or (kind == "paren" and pre.start("place") >= 0)
    at_line = placed and _line_start(text, pre.start("place") if kind == "paren" else lo)
    if kind == "copyright":
        m = _COPYRIGHT_END.match(text, qual)
        return ("credit_line", lo, m.end(), None) if m else None
    if kind == "placed":
        m = _BARE_END.match(text, qual)
        return ("dateline", lo, m.end(), None) if m and at_line else None
    opened = pre.start("open")
    if placed and _glossed(text[pre.start("place"):opened], text[pre.end():qual]):
        return None  # "Palestinian Authority (PA) President …": the name spells out the words before it
    if text[opened] == "(" and (m := _DATELINE_END.match(text, qual)):
        return "dateline", lo, m.end(), None
    if at_line and (m := _PLACED_END.match(text, qual)) and (m.group().lstrip()[:1] == ")") == (text[opened] == "("):
        return "dateline", lo, m.end(), None
    if text[opened] == "(" and _PAREN_END.match(text, qual) and _after_sentence(text, opened):
        return "credit_line", opened, text.index(")", qual) + 1, None
    return None


def _glossed(words: str, name: str) -> bool:
    """Is ``name`` (in capitals) the initials of the last of ``words`` ("Pakistan Tehreek-e-Insaf", "PTI")?"""
    name = name.split()[0] if name.split() else ""
    initials = "".join(w[0] for w in re.split(r"[\s\-]+", words) if w and w[0].isupper())
    return len(name) > 1 and name.isupper() and initials.endswith(name)


def _line_credits(text: str, lower: str, singles: list, words: set[bytes]) -> Iterable[tuple[str, int, int, str]]:
    """Credit lines found by their words, named or not: those of :func:`_worded_lines`, the Reuters sign-off
    "(Reporting by …; Editing by …)" (an agency's when it names one), "With agencies"."""
    unnamed = any(w in lower for w in ("agencies", "wires", "wire services", "agency input"))
    if singles or unnamed:  # else they would credit nobody
        yield from _worded_lines(text, lower, words)
    for i in _finds(lower, "editing by"):
        line = text.rfind("\n", 0, i) + 1
        r = lower.find("reporting by", max(line, i - 400), i)
        if r < 0 or ";" not in text[r:i]:
            continue
        if lower[max(0, r - 11):r] == "additional ":
            r -= 11
        lead = r > 0 and text[r - 1] == "("
        stop = min((k for k in (text.find(c, i) for c in ")\n") if k >= 0), default=len(text))
        end = stop + 1 if lead and text[stop:stop + 1] == ")" else len(text[:stop].rstrip(" \t."))
        first = bisect.bisect_left(singles, (r, -1))
        named = first < len(singles) and singles[first][0] < i  # "Reporting by German news agency dpa; …"
        yield "" if named else "Reuters", r - 1 if lead else r, end, "credit_line"
    if unnamed:
        for m in _WITH_UNNAMED.finditer(text):
            yield UNNAMED, m.start(m.lastgroup), m.end(m.lastgroup), "credit_line"


def _worded_lines(text: str, lower: str, words: set[bytes]) -> Iterable[tuple[str, int, int, str]]:
    """Credit lines found by their words, whose names are found later in their span: "Additional reporting
    by …", "… contributed to this report", "Material from … was used in this report"."""
    for word in (w for w, tokens in _MATERIAL_VERBS.items() if not tokens.isdisjoint(words)):
        for i in _finds(lower, word):
            start = max(lower.rfind(c, max(0, i - 200), i) for c in "\n.!?") + 1
            if m := _MATERIAL.match(text, start):
                yield "", m.start("span"), m.end("span"), "credit_line"
    for word in ("reporting by", "writing by", "contribution", "compiled by"):
        for i in _finds(lower, word):
            if lower[max(0, i - 11):i] == "additional ":
                i -= 11
            if i and text[i - 1] == "(":
                i -= 1
            j = i
            while j > 0 and text[j - 1] in " \t":
                j -= 1
            if (j == 0 or text[j - 1] in "\n.!?;(\"”") and (m := _REPORTING_BY.match(text, i)):
                yield "", m.start(), m.end(), "credit_line"
    for i in _finds(lower, "contribut"):
        if m := _CONTRIBUTED.match(lower, i):
            start = max(lower.rfind(c, max(0, i - 200), i) for c in "\n.!?") + 1
            while text[start] in " \t\n\"”’":
                start += 1
            yield "", start, m.end(), "credit_line"


def _names_in(text: str, start: int, end: int, singles: list, p: _Patterns, form: str,
              verb: str | None) -> list[str]:
    """Canonical names inside ``text[start:end]`` that count in a credit of this form."""
    found = []
    qualified = form != "attribution" or _QUALIFIER.search(text, start, end) is not None
    i = bisect.bisect_left(singles, (start, -1))
    while i < len(singles) and singles[i][1] <= end:
        at, _, canonical, key = singles[i]
        i += 1
        bare = verb in _REPORTING and text[max(0, at - 4):at].lower() != "the "
        if not qualified and ((key in p.weak and not bare) or (key in p.person and verb in _SPEECH)):
            continue
        found.append(canonical)
    return list(dict.fromkeys(found))


def _spans(text: str, p: _Patterns) -> Iterable[tuple[str, int, int, str]]:
    """``(name, start, end, form)`` of every credit, quotes not yet excluded."""
    words = set(text.encode("utf-8").translate(_TOKEN_BREAKS).split())
    singles = _singles(text, p, words)
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lower to two ("İ"): keep the offsets
        lower = text.translate(_ASCII_LOWER)
    found = list(_line_credits(text, lower, singles, words))
    for start, end in _lists(text, singles):
        if (at := _form_at(text, start, end)) is not None:
            found.append(("", at[1], at[2], at[0]) if at[3] is None else ("", at[1], at[2], at[0] + " " + at[3]))
    for name, start, end, form in found:
        while start < end and text[start] in " \t\n":
            start += 1
        form, _, verb = form.partition(" ")
        names = [name] if name else _names_in(text, start, end, singles, p, form, verb or None)
        if not names and form == "credit_line" and _UNNAMED_RE.search(text, start, end):
            names = [UNNAMED]
        for n in names:
            yield n, start, end, form


def find_credits(text: str, *, names: Names | None = None) -> list[Credit]:
    """The sources ``text`` names, with the span of each credit.

    Parameters
    ----------
    text:
        An article, as given.
    names:
        Which names to look for; by default :meth:`Names.default` (the news agencies).

    Returns
    -------
    list[Credit]
        Sorted by ``start`` (then name); ``text[c.start:c.end] == c.text``. A name found in overlapping
        credit forms is reported once, in the earlier (then longer) one.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> for c in find_credits("LONDON (Reuters) - Shares fell, AFP said. Additional reporting by dpa"):
    ...     print(c.name, c.form, repr(c.text))
    Reuters dateline 'LONDON (Reuters) -'
    AFP attribution 'AFP said'
    dpa credit_line 'Additional reporting by dpa'
    >>> find_credits('"LONDON (Reuters) - is how it starts," she said, taking the metro line.')
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    found = sorted(set(_spans(text, (names or _DEFAULT).patterns)), key=lambda s: (s[1], -s[2], s[0]))
    quoted = _quoted(text) if found else []
    kept: list[tuple[str, int, int, str]] = []
    reach: dict[str, int] = {}  # name -> the farthest end of its kept credits (they start no later)
    for name, start, end, form in found:
        if _inside(quoted, start) or start < reach.get(name, -1):
            continue
        kept.append((name, start, end, form))
        reach[name] = max(end, reach.get(name, -1))
    return [Credit(name, start, end, text[start:end], form) for name, start, end, form in kept]
