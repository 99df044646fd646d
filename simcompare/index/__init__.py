"""The newsroom index: one SQLite file an archive keeps adding to, queried in milliseconds."""

from .index import ANCHOR_MAX_DOCS, MAX_QUERY_CHARS, AddReport, Index, IndexStats, Match, RemoveReport
from .versions import Change, ChangeSummary, History, Span, Version, compare_versions, correction_note

__all__ = ["Index", "Match", "AddReport", "RemoveReport", "IndexStats", "MAX_QUERY_CHARS", "ANCHOR_MAX_DOCS",
           "Version", "Change", "ChangeSummary", "History", "Span", "compare_versions", "correction_note"]
