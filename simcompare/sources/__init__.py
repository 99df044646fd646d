"""Source comparison: which outlets share which passages, and who had them first."""

from .analysis import (ALL_PAIRS_MAX_DOCS, UNKNOWN, Article, Cell, Part, PassageCluster, Problem, SharedPair,
                       SourcesResult, Witness, describe_part, describe_source, sources)

__all__ = ["sources", "describe_part", "describe_source", "SourcesResult", "Article", "Part", "Witness",
           "PassageCluster", "SharedPair", "Cell", "Problem", "ALL_PAIRS_MAX_DOCS", "UNKNOWN"]
