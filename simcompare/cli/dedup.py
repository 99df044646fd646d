"""``simcompare dedup INPUT... --output DIR``: near-duplicates of a corpus."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..text.plural import count
from .options import (
    CORPUS,
    ID_FIELD,
    INPUT_ENCODING,
    INPUT_FORMAT,
    NUM_PERM,
    SEED,
    SKIP_BAD,
    TEXT_FIELD,
    WORKERS,
    Command,
)

__all__ = ["app", "dedup_command"]

app = typer.Typer()


@app.command("dedup", cls=Command)
def dedup_command(
    inputs: List[str] = CORPUS,
    output: Path = typer.Option(
        ..., "--output", "-o", help="Directory for pairs.jsonl, clusters.jsonl, keep.txt, summary.json."),
    threshold: float = typer.Option(
        0.8, "--threshold", help="Jaccard similarity (0-1) from which documents are near-duplicates."),
    mode: str = typer.Option("near", "--mode", help="near: near-duplicate documents; reuse: pairs sharing a passage."),
    min_words: int = typer.Option(50, "--min-words", help="Reuse mode: fewest words in a shared passage."),
    bands: Optional[int] = typer.Option(
        None, "--bands", help="LSH bands (with --rows); default: derived from --threshold."),
    rows: Optional[int] = typer.Option(None, "--rows", help="LSH rows per band (with --bands)."),
    num_perm: int = NUM_PERM,
    shingle_size: int = typer.Option(5, "--shingle-size", help="Words per shingle."),
    seed: int = SEED,
    fast: bool = typer.Option(False, "--fast", help="Keep the signature estimate instead of verifying exactly."),
    boilerplate: float = typer.Option(
        0.01, "--boilerplate", help="Ignore shingles in more than this share of documents."),
    no_boilerplate: bool = typer.Option(False, "--no-boilerplate", help="Keep every shingle."),
    id_field: str = ID_FIELD,
    text_field: str = TEXT_FIELD,
    input_format: Optional[str] = INPUT_FORMAT,
    encoding: str = INPUT_ENCODING,
    skip_bad: bool = SKIP_BAD,
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace results already in --output."),
    workers: Optional[int] = WORKERS,
    dask: bool = typer.Option(False, "--dask", help="Run on Dask: a local cluster of one worker process per core."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Run on the Dask cluster of this scheduler (tcp://host:port)."),
    blocksize: str = typer.Option("64MB", "--blocksize", help="Dask: input bytes per partition."),
    quiet: bool = typer.Option(
        False, "--quiet", "-q",
        help="Hide the progress bars and the summary line at the end; errors are still shown."),
) -> None:
    """Find near-duplicate documents in a corpus and cluster them."""
    from ..dedup import OUTPUT_FILES
    from ..errors import InputError
    from .failures import PASS_FORMAT, format_advice, kept

    if output.exists() and not output.is_dir():  # refuse before doing any work
        raise InputError("is not a directory; expected a directory for the results", path=str(output))
    existing = [name for name in OUTPUT_FILES if (output / name).exists()]
    if existing and not overwrite:
        raise InputError(f"already holds results ({', '.join(existing)}); pass --overwrite to replace them",
                         path=str(output))
    if existing:  # the results are swapped in whole, or not at all
        kept(f"nothing written; {output} keeps its earlier results")
    options = dict(threshold=threshold, mode=mode, min_words=min_words, num_perm=num_perm,
                   shingle_size=shingle_size, seed=seed, bands=bands, rows=rows, fast=fast,
                   boilerplate=None if no_boilerplate else boilerplate, id_field=id_field, text_field=text_field)
    read = dict(format=input_format, encoding=encoding, skip_bad=skip_bad)
    with format_advice(PASS_FORMAT):
        if dask or scheduler:
            result = _dedup_on_dask(inputs, scheduler=scheduler, blocksize=blocksize, **read, **options)
        else:
            result = _dedup_local(inputs, read, workers=workers, progress=not quiet and sys.stderr.isatty(),
                                  **options)
    result.summary["inputs"] = list(inputs)
    result.write(output, overwrite=overwrite)
    kept(f"the results are written to {output}")
    if not quiet:
        typer.echo(_report(result.summary, mode, output), err=True)


def _dedup_local(inputs, read: dict, *, id_field: str, text_field: str, **options):
    """The library's dedup() of the inputs, the bad records skipped on the first reading counted in the summary."""
    from ..dedup import dedup
    from ..errors import InputError
    from ..io.readers import DocumentFiles, read_documents
    from .memory import keep_freed_memory

    keep_freed_memory()
    skipped: list[InputError] = []
    if "-" in inputs:
        # Standard input can be read only once: the pipeline spills it to a temporary file.
        docs = read_documents(inputs, id_field=id_field, text_field=text_field, on_skip=skipped.append, **read)
    else:
        # Read once in full (bad records counted then); verification reads the candidates' records by place.
        docs = DocumentFiles(inputs, id_field=id_field, text_field=text_field, on_skip=skipped.append, **read)
    result = dedup(docs, **options)
    result.summary["skipped_records"] = len(skipped)
    result.summary["skipped_examples"] = [str(e) for e in skipped[:20]]
    return result


def _report(summary: dict, mode: str, output: Path) -> str:
    """The line the command prints on stderr (unless quiet)."""
    n_skipped = summary["skipped_records"]
    pairs = count(summary["pairs"], "near-duplicate pair") if mode == "near" else \
        count(summary["pairs"], "pair sharing passages", "pairs sharing passages")
    return (f"{count(summary['documents'], 'document')}, {pairs} in {count(summary['clusters'], 'cluster')}; "
            f"keep {summary['kept']:,}"
            + (f"; skipped {count(n_skipped, 'bad record')}" if n_skipped else "")
            + f" -> {output}")


def _dedup_on_dask(inputs, *, scheduler, blocksize, **options):
    from ..dedup.dask import connected, dedup_on_dask, require_dask
    from ..errors import ParameterError

    require_dask()
    from dask.utils import parse_bytes

    try:
        size = parse_bytes(blocksize)
    except ValueError:
        raise ParameterError(f"--blocksize must be a size such as 64MB, got {blocksize!r}") from None
    with connected(scheduler) as client:
        return dedup_on_dask(inputs, client=client, blocksize=size, **options)
