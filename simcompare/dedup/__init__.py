"""Corpus deduplication: near-duplicate articles, or every pair that shares a passage; local or on Dask."""

from .local import OUTPUT_FILES, Cluster, DedupResult, Pair, dedup

__all__ = ["dedup", "DedupResult", "Pair", "Cluster", "OUTPUT_FILES"]
