"""A Dask client for the runner: of a scheduler given, or of a local cluster; and what to say when Dask is missing."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from ...errors import ParameterError

__all__ = ["connected", "require_dask", "DASK_MISSING", "CONNECT_TIMEOUT", "WORKER_SATURATION"]

DASK_MISSING = 'running on Dask needs Dask: pip install "simcompare[dask]"'
CONNECT_TIMEOUT = 10  # seconds to wait for a scheduler that does not answer
WORKER_SATURATION = 1.0  # tasks sent to a worker per thread (see connected())


def require_dask() -> None:
    """Check that Dask is installed.

    Parameters
    ----------
    None

    Returns
    -------
    None

    Raises
    ------
    ParameterError
        When ``dask.dataframe`` or ``distributed`` cannot be imported, saying what to install.

    Examples
    --------
    >>> require_dask()  # Dask is installed: nothing to say
    """
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise ParameterError(DASK_MISSING) from None


@contextlib.contextmanager
def connected(scheduler: str | None = None, *, timeout: float = CONNECT_TIMEOUT) -> Iterator[Any]:
    """A ``dask.distributed.Client``: of the scheduler at ``scheduler``, or of a
    ``LocalCluster`` of one single-threaded worker process per core; closed on exit.

    Parameters
    ----------
    scheduler:
        The scheduler's address (``tcp://host:port``); None starts a local cluster.
    timeout:
        Seconds to wait for the scheduler to answer.

    Returns
    -------
    context manager of dask.distributed.Client

    Raises
    ------
    ParameterError
        If Dask is not installed, or no scheduler answers within ``timeout`` seconds.

    Examples
    --------
    >>> with connected() as client:  # doctest: +SKIP
    ...     result = dedup_on_dask(["crawl/*.jsonl"], client=client)
    >>> with connected("tcp://127.0.0.1:9", timeout=0.5) as client:  # doctest: +ELLIPSIS
    ...     pass
    Traceback (most recent call last):
    ...
    simcompare.errors.ParameterError: no Dask scheduler answers at tcp://127.0.0.1:9 within 0.5 s (...)
    """
    require_dask()
    import logging

    from distributed import Client, LocalCluster

    # Every P2P shuffle logs its start and end as warnings: not news to a user.
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)

    if scheduler is None:
        # The workers' own logs would add lines to the one-line errors of the CLI. A worker-saturation
        # of 1.0 sends a single-threaded worker one task at a time (Dask's 1.1 rounds up to two): the
        # last partitions do not queue behind a busy worker while another idles.
        import dask

        with dask.config.set({"distributed.scheduler.worker-saturation": WORKER_SATURATION}):
            cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.CRITICAL)
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ParameterError(f"no Dask scheduler answers at {scheduler} within {timeout:g} s ({exc})") from None
    with client:
        yield client
