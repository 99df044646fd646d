"""What two texts share: passages with exact offsets into the originals, and the comparison built on them."""

from .align import DEFAULT_MAX_GAP, DEFAULT_MIN_WORDS, Tokens, align, align_tokens, tokens_of, words_in
from .compare import compare
from .diff import differing_words
from .records import VERDICTS, Comparison, Passage, Similarity, TextInfo

__all__ = ["align", "align_tokens", "compare", "Passage", "Comparison", "Similarity", "TextInfo", "VERDICTS",
           "Tokens", "tokens_of", "words_in", "DEFAULT_MIN_WORDS", "DEFAULT_MAX_GAP",
           "differing_words"]
