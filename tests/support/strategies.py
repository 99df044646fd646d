"""Hypothesis strategies shared by the test modules."""

import unicodedata

from hypothesis import strategies as st

__all__ = ["awkward", "LANGUAGE_TEXTS", "FOLDING_CHARACTERS", "multilingual"]

# Text with the characters normalisation cares about: letters in several
# scripts, combining marks, compatibility forms, quotes, dashes, controls.
awkward = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("aZ ’‘“”—–-…ﬁＡｶﾞ\u0301\u00a0\t\n\x00ß\u0130ǰ´ΐ")),
    ),
    max_size=60,
)

# A news sentence per language, written as news is (precomposed letters, NFC),
# with the capitals case folding changes and, for NFKC-heavy, the compatibility
# forms NFKC changes: none of it needs the reference tokeniser.
LANGUAGE_TEXTS = {
    "English": "The Worker’s Party paid 516,000 in 10.7 days, said Kim Jong-un.",
    "French": "L’État et l’Élysée: « Ça a été ÉNORME », a dit Éric à Île-de-France ; ÇA, OÙ, DÉJÀ.",
    "German": "Über 10.000 Ärzte und die Öffentlichkeit: GROẞE Straße, ÄNDERUNG in Österreich, Maße.",
    "Spanish": "¿Qué dijo Ángel Álvarez? «Éxito», según el Índice; AÑOS, NIÑO, Óscar, Úbeda.",
    "Turkish": "İstanbul'da İçişleri Bakanlığı IŞIK, ŞUBAT, ÖĞRETMEN, ÇALIŞMA ve İzmir'in ılımlı iklimi.",
    "Vietnamese": "Thủ tướng Việt Nam tại Hà Nội và ĐÀ NẴNG: ỦY BAN, Ấn Độ, NGƯỜI DÂN được Điều Ở.",
    "Greek": "Η ΚΥΒΕΡΝΗΣΗ στην Αθήνα: Σύμφωνα με την Ευρωπαϊκή Ένωση, ΟΔΥΣΣΕΑΣ, Άρθρο Όλα.",
    "Russian": "ПРАВИТЕЛЬСТВО в Москве: Президент России, Ёлка, ЭКОНОМИКА, Санкт-Петербург, ЁЖ.",
    "NFKC-heavy": "The ofﬁce’s ﬁnal ﬁgures: ＡＢＣ Ｃｏｒｐ grew ２０２６ by 12 km² and m³… ＣＥＯ Ⅻ ™ ﬂoor ﬀ ①.",
}

# Every code point below 65,536 that case folding or NFKC changes: the tables fold
# most in the compiled path; the rest (their NFKC form depends on the
# neighbours, or is several tokens) go to the reference.
FOLDING_CHARACTERS = [
    c for c in map(chr, range(0x80, 0x10000))
    if not 0xD800 <= ord(c) < 0xE000 and (c.casefold() != c or unicodedata.normalize("NFKC", c) != c)
]

_LANGUAGE_WORDS = sorted({w for text in LANGUAGE_TEXTS.values() for w in text.split()})

# Text of words of those languages and of code points the tables fold, upper-
# and lower-case, with the separators and punctuation they meet in news.
multilingual = st.lists(
    st.one_of(
        st.sampled_from(_LANGUAGE_WORDS),
        st.sampled_from(_LANGUAGE_WORDS).map(str.upper),
        st.text(alphabet=st.one_of(st.sampled_from(FOLDING_CHARACTERS), st.sampled_from(list("ab1'’.,"))),
                min_size=1, max_size=4),
    ),
    max_size=30,
).flatmap(lambda words: st.sampled_from([" ", "", "\n", "-", "'"]).map(lambda sep: sep.join(words)))
