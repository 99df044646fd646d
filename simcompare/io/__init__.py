"""Reading: one file as text, or a corpus of documents from directories, JSONL, CSV/TSV, Parquet and manifests.

``readers`` streams documents from files (one private module per format);
``documents`` turns what a caller has in hand (lists, DataFrames, generators)
into documents; ``partitions`` plans and reads byte ranges of large inputs for
the Dask path.
"""

from ._file import read_text
from .documents import Document, as_document, documents_of
from .readers import FORMATS, read_documents

__all__ = ["read_text", "read_documents", "Document", "FORMATS", "documents_of", "as_document"]
