"""Thai names as an English question writes them: "What did Chayapol ask about licence fees?" names ชยพล,
"Supattra" names สุภัตรา. People spell their names in Latin letters their own way (Chayapol, not the Royal
Institute's "Chaiyaphon"), so both sides are compared by their consonant skeleton: the first letter, then the
consonants, with aspirated pairs folded (ph → p, th → t), a final l or r read as n (Thai finals ล, ร sound
n), doubled letters once. The Thai name is romanised by PyThaiNLP's rule-based Royal Institute engine,
which ships in its wheel (no model to download)."""

from __future__ import annotations

import functools
import re

_DIGRAPHS = (("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "c"), ("sh", "s"), ("ng", "g"))
_FINAL = re.compile(r"(?:rn|rl|l|r)$")
SHORTEST = 3  # a shorter skeleton ("wn" for Wanna) matches too many English words
_LATIN_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")


def skeleton(latin: str) -> str:
    """'Chayapol' → 'cpn', 'chophon' → 'cpn', 'Supattra' → 'sptr', 'Thanakorn' → 'tnkn'."""
    s = latin.lower()
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = _FINAL.sub("n", s)
    if not s:
        return ""
    rest = re.sub(r"[aeiouyhw]", "", s[1:])
    out = s[0]
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


@functools.lru_cache(maxsize=1024)
def thai_skeleton(name: str) -> str:
    """The skeleton of a Thai name as the Royal Institute system writes it ("รร" read as "an": วรรณา → wanna)."""
    from pythainlp.transliterate import romanize

    return skeleton(romanize(name.replace("รร", "ัน"), engine="royin"))


def names_in(question: str) -> set[str]:
    """Skeletons of the capitalised words of an English question that may be names."""
    return {sk for w in _LATIN_NAME.findall(question) if len(sk := skeleton(w)) >= SHORTEST}
