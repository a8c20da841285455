"""A question's words and how much each weighs: the words that only ask are left out, each word is
weighed by its rarity in the index, and a word the index has never seen is also read in the parts
it knows. Unit choice, the lead and the found decision all read the question through these."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.lexical import STOP_WORDS

_THAI_WORD = re.compile(r"[\u0e01-\u0e4e]+")

# the words that make a sentence a question, and its particles (beyond the tokenizer's stop words): never written in a law, so they
# would weigh the most of all (rare in the index) and make every passage look like a poor match
ASKING_WORDS = frozenset([
    "เท่าไหร่", "เท่าไร", "เท่าใด", "มั้ย", "ยังไง", "อย่างไร", "กี่", "ไหน", "ใด", "ใคร", "เมื่อไหร่",
    "เมื่อไร", "เมื่อใด", "แค่ไหน", "แค่", "หรือเปล่า", "เปล่า", "หรือยัง", "ครับ", "ค่ะ", "คะ", "นะ",
    "นะคะ", "นะครับ", "จ๊ะ", "จ้ะ", "โดน", "เหรอ", "หรอ", "ล่ะ", "อ่ะ", "คับ", "ผิด",
    "คือ",  # "…คือเท่าไหร่", "…คือใคร": the copula of the question, never what it is about
    "โมง",  # "กี่โมง": the law and the notes write "๑๕.๐๐ น."
    "ขอบเขต",  # "…อยู่ในขอบเขตของร่างนี้ไหม" asks whether the law covers it, in words a law does not use so
])



@dataclass(frozen=True)
class QuestionWords:
    words: list[str]
    weights: dict[str, float]
    doc_freq: dict[str, int]
    unseen: float  # the share of the words' weight the index has never seen (the words as read)


def weigh(tokens: list[str], doc_freq: Callable[[list[str]], dict[str, int]], n_docs: int,
          token_weights: list[float] | None = None, translated: frozenset[str] = frozenset()) -> QuestionWords:
    """The question's words with their weights; a word the index never saw also brings the parts
    it knows (`known_parts`), weighed in their own right. `token_weights` (one per token) scale a
    word's weight by the most any of its occurrences carries. The words of `translated` terms (the law's
    words for an official's everyday ones, which may keep the everyday word: "นำเข้า") are not unseen:
    what they say is searched in the law's words."""
    words = question_words(tokens)
    freq = doc_freq(words)
    weights = word_weights(words, freq, n_docs)
    if token_weights:
        scale: dict[str, float] = {}
        for t, w in zip(tokens, token_weights, strict=True):
            scale[t] = max(scale.get(t, 0.0), w)
        weights = {t: w * scale.get(t, 1.0) for t, w in weights.items()}
    total = sum(weights.values()) or 1.0
    unseen = sum(w for t, w in weights.items() if not freq.get(t) and t not in translated) / total
    extra = [p for p in known_parts([w for w in words if not freq.get(w)], doc_freq) if p not in weights]
    if extra:
        freq.update(doc_freq(extra))
        weights.update(word_weights(extra, freq, n_docs))
        words = sorted(set(words) | set(extra))
    return QuestionWords(words, weights, freq, unseen)


def question_words(tokens: list[str]) -> list[str]:
    return sorted({t for t in tokens if not t.startswith("#") and len(t) >= 2 and t not in ASKING_WORDS})


def known_parts(words: list[str], doc_freq: Callable[[list[str]], dict[str, int]], min_len: int = 2) -> list[str]:
    """The parts the index knows of Thai words it has never seen as a whole: newmm reads
    "ได้เงิน" or "โทษหนัก" as one word where the law writes "จ่ายเงิน" and "โทษ"; each such word is
    cut into the fewest pieces of at least `min_len` letters that the index holds as words."""
    out: list[str] = []
    for word in words:
        if len(word) < 2 * min_len or not _THAI_WORD.fullmatch(word):
            continue
        pieces = [word[i:j] for i in range(len(word)) for j in range(i + min_len, len(word) + 1) if j - i < len(word)]
        known = {p for p, n in doc_freq(pieces).items() if n} | (STOP_WORDS | ASKING_WORDS).intersection(pieces)
        best: list[list[str] | None] = [[]] + [None] * len(word)
        for i in range(len(word)):
            if best[i] is None:
                continue
            for j in range(i + min_len, len(word) + 1):
                if word[i:j] in known and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                    best[j] = best[i] + [word[i:j]]
        useful = known - STOP_WORDS - ASKING_WORDS
        out.extend(p for p in best[-1] or [] if p in useful and p not in out)
    return out


def word_weights(words: list[str], doc_freq: dict[str, int], n_docs: int) -> dict[str, float]:
    """Inverse document frequency of each question word over the index (a word the index has
    never seen weighs the most: a question about it is likely out of scope)."""
    n = max(n_docs, 1)
    return {w: math.log(1 + n / (doc_freq.get(w, 0) + 0.5)) for w in words}
