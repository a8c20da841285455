"""Extractive answers: the best supporting spans of the top passages, quoted verbatim.

Thai legal text has no sentence punctuation, so a passage is cut on its own units:
paragraphs (วรรค), items ((๑), (๒) …) and, for long runs, the spaces that separate
clauses. Units are scored by the question's words they contain, weighted by rarity.
Deterministic and fast: no model call.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ingest.lexical import tokenize
from service.retrieve import Hit

_ITEM = re.compile(r"(?=\((?:[0-9๐-๙]{1,3}|[ก-ฮ])\)\s)")
MAX_UNIT = 320
MIN_UNIT = 25


@dataclass
class Unit:
    text: str
    score: float
    order: int


def split_units(text: str) -> list[str]:
    units: list[str] = []
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        for item in (s.strip() for s in _ITEM.split(para)):
            if not item:
                continue
            if len(item) <= MAX_UNIT:
                units.append(item)
                continue
            units.extend(_split_clauses(item))
    return units


def _split_clauses(text: str) -> list[str]:
    """Cut a long run at spaces (Thai clause boundaries) into pieces of ≤ MAX_UNIT chars."""
    pieces: list[str] = []
    current = ""
    for clause in text.split(" "):
        if current and len(current) + 1 + len(clause) > MAX_UNIT and len(current) >= MIN_UNIT:
            pieces.append(current)
            current = clause
        else:
            current = f"{current} {clause}" if current else clause
    if current:
        if pieces and len(current) < MIN_UNIT:
            pieces[-1] = f"{pieces[-1]} {current}"
        else:
            pieces.append(current)
    return pieces


def best_units(question_tokens: list[str], text: str, idf: dict[str, float], n: int = 2) -> list[Unit]:
    """The n units of `text` that cover the most (rare) question words, in text order."""
    q = {t for t in question_tokens if not t.startswith("#")}
    qsub = {t for t in question_tokens if t.startswith("#")}
    if not q and not qsub:
        return []
    total = sum(idf.get(t, 1.0) for t in q) + 0.3 * sum(idf.get(t, 1.0) for t in qsub) or 1.0
    scored: list[Unit] = []
    for i, unit in enumerate(split_units(text)):
        toks = set(tokenize(unit))
        gain = sum(idf.get(t, 1.0) for t in q & toks) + 0.3 * sum(idf.get(t, 1.0) for t in qsub & toks)
        scored.append(Unit(unit, gain / total, i))
    top = sorted(scored, key=lambda u: (-u.score, u.order))[:n]
    return sorted((u for u in top if u.score > 0), key=lambda u: u.order)


def idf_table(hits: list[Hit], question_tokens: list[str]) -> dict[str, float]:
    """Rarity of each question token among the retrieved passages (local IDF)."""
    docs = [set(tokenize(h.best.text)) for h in hits] or [set()]
    n = len(docs)
    return {t: math.log(1 + (n + 1) / (1 + sum(t in d for d in docs))) for t in set(question_tokens)}


def heading_of(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first[:120]
