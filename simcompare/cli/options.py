"""The arguments and options that several commands share, defined once each.

A setting shared by commands has one flag, one default and one help text
wherever it appears: a command takes it as ``min_words: int = MIN_WORDS``.
Options only one command has stay with that command, as do those whose
default or meaning differ (``index add --num-perm`` has no default: an
existing index keeps its own).
"""

from __future__ import annotations

from enum import Enum

import typer

__all__ = ["Format", "TableFormat", "TEXT_A", "TEXT_B", "CORPUS", "INDEX", "MIN_WORDS", "MAX_GAP",
           "FILE_ENCODING", "INPUT_ENCODING", "ID_FIELD", "TEXT_FIELD", "INPUT_FORMAT", "SKIP_BAD",
           "TEXT_OR_JSON", "TABLE_OR_JSON", "NUM_PERM", "SEED", "WORKERS", "ALIASES"]


class Format(str, Enum):
    """Output of a command that prints to the terminal: a text view, or JSON."""

    text = "text"
    json = "json"


class TableFormat(str, Enum):
    """Output of a command that prints a table: the table, or JSON."""

    table = "table"
    json = "json"


# -- arguments --------------------------------------------------------------

TEXT_A = typer.Argument(..., help="First text file ('-' reads standard input).")
TEXT_B = typer.Argument(..., help="Second text file ('-' reads standard input).")
CORPUS = typer.Argument(..., help="Directories of .txt, JSONL, CSV or Parquet files ('-' reads JSONL from stdin).")
INDEX = typer.Argument(..., metavar="INDEX", help="Index file.")

# -- passages ---------------------------------------------------------------

MIN_WORDS = typer.Option(6, "--min-words", help="Fewest aligned words in a passage.")
MAX_GAP = typer.Option(4, "--max-gap", help="Most differing words in a row inside a passage.")

# -- reading ----------------------------------------------------------------

FILE_ENCODING = typer.Option("utf-8", "--encoding", help="Encoding of the files.")
INPUT_ENCODING = typer.Option(
    "auto", "--encoding",
    help="Encoding of the input files; auto: UTF-8, and Windows-1252 for any file or line that is not UTF-8.")
ID_FIELD = typer.Option("id", "--id-field", help="Field holding the document id (JSONL, CSV, Parquet).")
TEXT_FIELD = typer.Option("text", "--text-field", help="Field holding the text (JSONL, CSV, Parquet).")
INPUT_FORMAT = typer.Option(None, "--format", help="jsonl, csv, parquet or txt; default: from the file name.")
SKIP_BAD = typer.Option(False, "--skip-bad", help="Skip and count malformed records instead of stopping.")

# -- credits ----------------------------------------------------------------

ALIASES = typer.Option(
    None, "--aliases", metavar="FILE",
    help='JSON file: outlet -> the names it is credited by, e.g. {"Evening Gazette": ["the Gazette"]}.')

# -- output -----------------------------------------------------------------

TEXT_OR_JSON = typer.Option(Format.text, "--format", help="text (terminal view) or json.")
TABLE_OR_JSON = typer.Option(TableFormat.table, "--format", help="table or json.")

# -- signatures -------------------------------------------------------------

NUM_PERM = typer.Option(128, "--num-perm", help="Slots per signature.")
SEED = typer.Option(1, "--seed", help="Seed of the hash permutations.")
WORKERS = typer.Option(None, "--workers", help="Signing threads; default: every core.")
