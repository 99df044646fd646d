"""The Dask runner of the dedup pipeline (``pip install "simcompare[dask]"``).

``client`` connects (or starts a local cluster), ``run`` puts the stages together on the client,
``tasks`` are what the workers do, ``components`` finds connected components on the cluster.
"""

from .client import CONNECT_TIMEOUT, DASK_MISSING, connected, require_dask
from .run import dedup_on_dask

__all__ = ["dedup_on_dask", "connected", "require_dask", "DASK_MISSING", "CONNECT_TIMEOUT"]
