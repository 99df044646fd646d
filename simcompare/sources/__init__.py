"""Source comparison: which outlets share which passages, and who had them first.

``analysis`` computes (:func:`sources`) with ``stock`` (stock phrases), ``attribution`` (each shared word
to its earliest article) and ``clusters`` (passage clusters); ``model`` holds the records it returns.
"""

from .analysis import ALL_PAIRS_MAX_DOCS, UNKNOWN, sources
from .model import (
                    Article,
                    Cell,
                    Part,
                    PassageCluster,
                    Problem,
                    SharedPair,
                    SourcesResult,
                    StockPhrase,
                    Witness,
                    describe_part,
                    describe_source,
)

__all__ = ["sources", "describe_part", "describe_source", "SourcesResult", "Article", "Part", "Witness",
           "PassageCluster", "SharedPair", "Cell", "Problem", "StockPhrase", "ALL_PAIRS_MAX_DOCS", "UNKNOWN"]
