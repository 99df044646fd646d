"""Text in, spans on the original text out: normalisation with an offset map, tokens, dates.

Every span this subpackage returns is a half-open ``[start, end)`` range of code points in the text as
given, before any normalisation. ``chars`` holds the character classes the tokenizer and the compiled
kernels share; ``credits`` finds the sources an article names (datelines, credit lines, attributions).
"""

from .credits import AGENCIES, Credit, Names, find_credits, load_aliases
from .dates import When, parse_date
from .normalize import NormalizedText, normalize, normalized_text
from .tokenize import Token, token_forms, tokenize

__all__ = ["normalize", "normalized_text", "NormalizedText", "tokenize", "token_forms", "Token",
           "parse_date", "When", "find_credits", "Credit", "Names", "AGENCIES", "load_aliases"]
