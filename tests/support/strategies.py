"""Hypothesis strategies shared by the test modules."""

from hypothesis import strategies as st

__all__ = ["awkward"]

# Text with the characters normalisation cares about: letters in several
# scripts, combining marks, compatibility forms, quotes, dashes, controls.
awkward = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("aZ ’‘“”—–-…ﬁＡｶﾞ\u0301\u00a0\t\n\x00ß\u0130ǰ´ΐ")),
    ),
    max_size=60,
)
