"""Reading: one file as text, or a corpus of documents from directories, JSONL, CSV/TSV, Parquet and manifests.

``partitions`` plans and reads byte ranges of large inputs for the Dask path.
"""

from ._file import read_text
from .readers import FORMATS, Document, read_documents

__all__ = ["read_text", "read_documents", "Document", "FORMATS"]
