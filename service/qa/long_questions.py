"""Long, many-sided questions: a ruling request or a case's facts, asked as several questions in one.

A long question is split into its parts (`split_question`: its paragraphs, its enumerated facts and
questions "1." "(๒)" "3.1", and clauses packed to about RANG_LONG_PART_CHARS characters at the spaces
that end Thai clauses), each part is searched on its own (dense and lexical), and each part's ranking
is fused into the whole question's, so that every issue the question raises brings its sections and
no part is lost past the model's 512 tokens. The cost stays bounded: at most RANG_LONG_PARTS parts,
embedded with the whole question in one batch in the long lane (service/qa/lanes.py).

On the lexical side a long question's many common words ("บริษัท", "ภาษี", "กรณี") would outweigh the
rare, telling ones, so the whole question is searched only with its words that are rare in the index
(`telling_terms`). docs/DECISIONS.md has the measurements (`bench/long_questions.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ingest.settings import Settings

Ranked = list[tuple[str, float]]  # (chunk id, score), best first

# a new part starts where a line starts (its "1." "(๒)" "3.1" mark with it), or at a numbered mark
# inside a line, "2. " after a space (not "มาตรา 50 (1)", not "ข้อ 2. ")
_INLINE_MARK = re.compile(r"(?<=\s)(?<!มาตรา\s)(?<!ข้อ\s)(?=[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*\.\s)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class LongQuestionSettings:
    min_chars: int  # a shorter question is asked whole (0 = never split)
    max_parts: int
    part_chars: int  # clauses are packed into parts of about this many characters
    part_weight: float  # weight of each part's ranking in the fusion, beside the whole question's
    lexical_max_df: float  # the whole question's lexical query keeps words in at most this share of chunks

    @classmethod
    def of(cls, settings: Settings) -> LongQuestionSettings:
        return cls(settings.long_question_chars, settings.long_question_parts, settings.long_part_chars,
                   settings.long_part_weight, settings.long_lexical_max_df)


def split_question(question: str, max_parts: int = 8, part_chars: int = 300, min_chars: int = 300) -> list[str]:
    """The parts of a long question, in order, at most `max_parts`; [] when the question is shorter
    than `min_chars` (it is asked whole) or does not split."""
    text = question.strip()
    if min_chars <= 0 or len(text) < min_chars or max_parts < 2:
        return []
    pieces: list[str] = []
    for block in _blocks(text):
        pieces.extend(_pack(_SPACES.split(block), part_chars))
    pieces = _merge_small(pieces, max(part_chars // 6, 20))
    while len(pieces) > max_parts:
        i = min(range(len(pieces) - 1), key=lambda j: len(pieces[j]) + len(pieces[j + 1]))
        pieces[i : i + 2] = [pieces[i] + " " + pieces[i + 1]]
    return pieces if len(pieces) > 1 else []


def _blocks(text: str) -> list[str]:
    """Paragraphs (lines) and enumerated items: every line starts a block, and so does an inline "2. " mark."""
    blocks: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for item in _INLINE_MARK.split(line):
            item = item.strip()
            if item:
                blocks.append(item)
    return blocks


def _pack(clauses: list[str], limit: int, n: int | None = None) -> list[str]:
    """Clauses (text between spaces) joined greedily into pieces of at most `limit` characters (a
    clause longer than the limit is a piece of its own); with `n`, into n pieces of about even
    length (the last takes what is left)."""
    target = sum(len(c) + 1 for c in clauses) / n if n else 0.0
    out: list[str] = []
    cur = ""
    for c in clauses:
        if not c:
            continue
        full = len(cur) + 1 + len(c) > limit
        if cur and (full if n is None else len(out) < n - 1 and (len(cur) >= target or full)):
            out.append(cur)
            cur = c
        else:
            cur = f"{cur} {c}" if cur else c
    if cur:
        out.append(cur)
    # an even split of the block reads better than a full piece and a scrap
    if n is None and len(out) > 1 and len(out[-1]) < limit // 3:
        return _pack(clauses, limit, len(out))
    return out


def _merge_small(pieces: list[str], floor: int) -> list[str]:
    """A scrap ("บริษัทขอหารือ ดังนี้", a bare mark) joins the piece after it (the last one, the piece before)."""
    out: list[str] = []
    carry = ""
    for p in pieces:
        p = f"{carry} {p}" if carry else p
        carry = ""
        if len(p) < floor:
            carry = p
        else:
            out.append(p)
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


def telling_terms(tokens: Sequence[str], doc_freq: Callable[[list[str]], dict[str, int]], chunks: int,
                  max_df: float) -> list[str]:
    """A long question's lexical query: each of its words once, only those in at most `max_df` of
    the index's chunks (so the rare ones decide); all its words (once) when none is that rare."""
    unique = list(dict.fromkeys(tokens))
    if max_df >= 1.0 or chunks <= 0:
        return unique
    df = doc_freq(unique)
    kept = [t for t in unique if df.get(t, 0) <= max_df * chunks]
    return kept or unique


def fuse_parts(
    fused: dict[str, float], parts: list[tuple[Ranked, Ranked]], *, dense_weight: float, lexical_weight: float,
    fusion_k: int, part_weight: float,
) -> None:
    """Add to the whole question's reciprocal-rank scores each chunk's best score over the parts
    (a part's score: its dense and its lexical ranking fused the same way), weighed `part_weight`.
    The best, not the sum: a section that one part finds first counts as much as one that every
    part finds, so an issue raised once is not outvoted by the background the other parts repeat."""
    best: dict[str, float] = {}
    for dense_ranked, lex_ranked in parts:
        own: dict[str, float] = {}
        for weight, ranked in ((dense_weight, dense_ranked), (lexical_weight, lex_ranked)):
            for rank, (cid, _) in enumerate(ranked):
                own[cid] = own.get(cid, 0.0) + weight / (fusion_k + rank + 1)
        best_of(best, list(own.items()))
    for cid, v in best.items():
        fused[cid] = fused.get(cid, 0.0) + part_weight * v


def best_of(into: dict[str, float], ranked: Ranked) -> None:
    """Keep each chunk's best score over the whole question and its parts."""
    for cid, score in ranked:
        if score > into.get(cid, float("-inf")):
            into[cid] = score


def part_rankings(
    vectors: np.ndarray, token_lists: list[list[str]], dense: Callable[[np.ndarray], Ranked] | None,
    lexical: Callable[[list[str]], Ranked] | None,
) -> list[tuple[Ranked, Ranked]]:
    """Each part's dense and lexical rankings (an empty list for a side that is off)."""
    return [(dense(v) if dense else [], lexical(t) if lexical else []) for v, t in zip(vectors, token_lists, strict=True)]
