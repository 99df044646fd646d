"""simcompare: find where news texts overlap.

Public API
----------
Text layer
    normalize(text) -> NormalizedText      normalised text + map to original offsets
    normalized_text(text) -> str           the normalised text alone
    tokenize(text) -> list[Token]          words with original [start, end) spans
    find_credits(text, *, names) -> list[Credit]   the sources a text names, with their spans; Names
Signatures
    sign(texts, *, num_perm, shingle_size, seed, scheme, shingle_kind, workers, on_empty) -> Signatures
    Signatures, Signature, SignatureParams
Passages and comparison
    align(a, b, *, min_words, max_gap) -> list[Passage]
    compare(a, b, *, min_words, max_gap, shingle_size, num_perm, seed, paths, names) -> Comparison
    shingle(text, *, shingle_size, shingle_kind) -> numpy array of shingle hashes
    Passage, Comparison, Similarity, TextInfo
    render_html(comparison, a, b) -> str        (simcompare.report.comparison_html)
Corpora
    dedup(docs, *, threshold, mode, min_words, ...) -> DedupResult   (simcompare.dedup)
    read_documents(inputs, *, id_field, text_field, ...) -> Iterator[Document]   (simcompare.io.readers)
Newsroom index
    Index(path=None, *, create, readonly, num_perm, shingle_size, seed, threshold, store_text, workers)
        .add(docs, *, if_exists) -> AddReport   .query(text, *, limit, align, min_words) -> list[Match]
        .remove(ids) -> RemoveReport            .stats() -> IndexStats        .compact()
        .versions(id) -> list[Version]          .history(id) -> History       .changes(since=) -> list[ChangeSummary]
Sources
    sources(docs, *, by, date_field, min_words, max_gap, ...) -> SourcesResult   (simcompare.sources)
    render_sources_html(result) -> str          (simcompare.report.sources_html)
    parse_date(value) -> When | None            (simcompare.text.dates)
Files
    read_text(path, *, encoding) -> str
Errors
    SimcompareError and its subclasses (see simcompare.errors)
"""

from __future__ import annotations

from . import _compat
from ._version import __version__
from .dedup import DedupResult, dedup
from .errors import (
    EmptyTextError,
    EngineError,
    IncompatibleSignaturesError,
    IndexFileError,
    InputError,
    ParameterError,
    SignatureFileError,
    SimcompareError,
    TextTypeError,
    UnknownFormatError,
)
from .index import Index, Match
from .io import Document, read_documents, read_text
from .params import SignatureParams
from .passages import Comparison, Passage, Similarity, TextInfo, align, compare
from .sketch import Signature, Signatures, shingle, sign
from .sources import SourcesResult, sources
from .text import Credit, Names, NormalizedText, Token, find_credits, normalize, normalized_text, tokenize

_compat.install()

__all__ = [
    "__version__",
    "normalize",
    "normalized_text",
    "NormalizedText",
    "tokenize",
    "Token",
    "find_credits",
    "Credit",
    "Names",
    "sign",
    "Signature",
    "Signatures",
    "SignatureParams",
    "read_text",
    "dedup",
    "DedupResult",
    "Index",
    "Match",
    "read_documents",
    "Document",
    "sources",
    "SourcesResult",
    "align",
    "compare",
    "shingle",
    "Passage",
    "Comparison",
    "Similarity",
    "TextInfo",
    "SimcompareError",
    "InputError",
    "TextTypeError",
    "EmptyTextError",
    "UnknownFormatError",
    "ParameterError",
    "IncompatibleSignaturesError",
    "SignatureFileError",
    "EngineError",
    "IndexFileError",
]
