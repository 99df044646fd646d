"""Terminal output. With :mod:`simcompare.cli`, the only place rich is used."""

from __future__ import annotations

import os
from itertools import combinations

from .signature import Signatures

# Beyond this many files a pairwise table is unreadable; print a summary instead.
MAX_TABLE_FILES = 12


def print_similarity_table(names: list[str], sigs: Signatures, *, saved_to: os.PathLike | None = None) -> None:
    """Print the estimated Jaccard similarity of every pair of signed files."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    p = sigs.params
    console.print(
        f"[bold]{len(sigs)}[/bold] texts signed "
        f"(num_perm={p.num_perm}, shingle_size={p.shingle_size} {p.shingle_kind}s, "
        f"scheme={p.scheme}, seed={p.seed})"
        + (f"; saved to {saved_to}" if saved_to else "")
    )
    if len(sigs) < 2:
        return
    pairs = sorted(
        ((sigs.jaccard(i, j), i, j) for i, j in combinations(range(len(sigs)), 2)), reverse=True
    )
    if len(sigs) > MAX_TABLE_FILES:
        pairs = pairs[:MAX_TABLE_FILES]
        console.print(f"the {len(pairs)} most similar pairs:")
    table = Table("A", "B", "estimated Jaccard", "±1σ")
    for estimate, i, j in pairs:
        sigma = (estimate * (1 - estimate) / p.num_perm) ** 0.5
        table.add_row(names[i], names[j], f"{estimate:.3f}", f"{sigma:.3f}")
    console.print(table)
