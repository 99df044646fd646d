"""The Dask runner of the dedup pipeline (``pip install "simcompare[dask]"``).

``client`` connects (or starts a local cluster), ``run`` puts the stages together on the client,
``tasks`` are what the workers do, ``components`` finds connected components on the cluster,
``keep`` is the keep list the workers write in parts and the result reads from them.
"""

from .client import CONNECT_TIMEOUT, DASK_MISSING, connected, require_dask
from .keep import KeptIds
from .run import dedup_on_dask

__all__ = ["dedup_on_dask", "connected", "require_dask", "KeptIds", "DASK_MISSING", "CONNECT_TIMEOUT"]
