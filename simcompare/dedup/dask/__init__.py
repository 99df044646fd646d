"""The Dask runner of the dedup pipeline (``pip install "simcompare[dask]"``)."""

from .run import CONNECT_TIMEOUT, DASK_MISSING, connected, dedup_on_dask, require_dask

__all__ = ["dedup_on_dask", "connected", "require_dask", "DASK_MISSING", "CONNECT_TIMEOUT"]
