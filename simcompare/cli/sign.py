"""``simcompare sign FILE...``: signatures of files and their pairwise estimates."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .failures import check_output_file, check_stdin_once, kept
from .options import FILE_ENCODING, NUM_PERM, SEED, Command

__all__ = ["app", "sign_command"]

app = typer.Typer()


@app.command("sign", cls=Command)
def sign_command(
    files: List[str] = typer.Argument(..., help="Text files to sign ('-' reads standard input)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Save the signatures to this .npz file."),
    num_perm: int = NUM_PERM,
    shingle_size: int = typer.Option(5, "--shingle-size", help="Words (or characters) per shingle."),
    seed: int = SEED,
    scheme: str = typer.Option("oph", "--scheme", help="oph (one-permutation hashing) or kperm."),
    shingle_kind: str = typer.Option("word", "--shingle-kind", help="word or char n-grams."),
    workers: int = typer.Option(1, "--workers", help="Threads used for signing."),
    encoding: str = FILE_ENCODING,
) -> None:
    """Sign FILES with MinHash and print the estimated Jaccard similarity of each pair."""
    from .. import read_text, sign
    from ..errors import EmptyTextError, InputError
    from ..report.terminal import print_similarity_table

    check_stdin_once(files)
    check_output_file(output, what="the signatures", example="signatures.npz")
    texts = [read_text(f, encoding=encoding) for f in files]
    try:
        sigs = sign(
            texts, num_perm=num_perm, shingle_size=shingle_size, seed=seed,
            scheme=scheme, shingle_kind=shingle_kind, workers=workers,
        )
    except EmptyTextError as exc:
        raise InputError("has no words to compare", path=files[exc.index]) from None
    if output is not None:
        sigs.save(output)
        kept(f"the signatures are saved to {output}")
    print_similarity_table(files, sigs, saved_to=output)
