"""Thai-aware word diff: on the segmenter's words (PyThaiNLP newmm, as the lexical index reads
text), not on characters or whitespace, which Thai does not put between words."""

from __future__ import annotations

import functools
from collections import Counter
from difflib import SequenceMatcher

from ingest.diff.model import Change
from ingest.diff.units import compare_key

Word = tuple[str, int, int]  # (comparison form, start, end) in the text it came from


@functools.lru_cache(maxsize=8192)
def words(text: str) -> tuple[Word, ...]:
    """Non-space words of `text` with their offsets; digits compare as Arabic, quotes as straight."""
    from pythainlp.tokenize import word_tokenize

    out: list[Word] = []
    pos = 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        found = text.find(token, pos)  # the tokens are the text cut up; find() only guards the offsets
        start = pos if found < 0 else found
        pos = start + len(token)
        key = compare_key(token)
        if key:
            out.append((key, start, pos))
    return tuple(out)


def similarity(old: str, new: str) -> float:
    """Share of words the two texts have in common, in order (difflib's ratio over words)."""
    a, b = [w[0] for w in words(old)], [w[0] for w in words(new)]
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def bag_overlap(old: str, new: str) -> float:
    """An upper bound of `similarity` that ignores word order; cheap enough to screen many pairs."""
    a, b = _bag(old), _bag(new)
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def bag_containment(part: str, whole: str) -> float:
    """An upper bound of `containment` that ignores word order."""
    a = _bag(part)
    return sum((a & _bag(whole)).values()) / max(1, sum(a.values()))


@functools.lru_cache(maxsize=8192)
def _bag(text: str) -> Counter[str]:
    return Counter(w[0] for w in words(text))


def containment(part: str, whole: str) -> float:
    """Share of `part`'s words that appear, in order, in `whole` (a section split off another)."""
    a, b = [w[0] for w in words(part)], [w[0] for w in words(whole)]
    if not a:
        return 0.0
    matched = sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a)


def word_changes(old: str, new: str, old_offset: int = 0, new_offset: int = 0) -> list[Change]:
    """Runs of changed words between two texts; offsets are shifted by the given amounts (where
    the compared bodies start in the units' whole texts)."""
    wa, wb = words(old), words(new)
    sm = SequenceMatcher(None, [w[0] for w in wa], [w[0] for w in wb], autojunk=False)
    out: list[Change] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        os_, oe = _span(wa, i1, i2)
        ns, ne = _span(wb, j1, j2)
        out.append(Change(op, old[os_:oe], new[ns:ne], os_ + old_offset, oe + old_offset,  # type: ignore[arg-type]
                          ns + new_offset, ne + new_offset))
    return out


def _span(ws: tuple[Word, ...], i: int, j: int) -> tuple[int, int]:
    """Character span of words i..j-1; for no words, the point just after the word before."""
    if i < j:
        return ws[i][1], ws[j - 1][2]
    at = ws[i - 1][2] if i else (ws[0][1] if ws else 0)
    return at, at
