"""The passage that plainly matches a question's words best keeps a place near the top.

Fusion ranks by dense and lexical ranks together, so a section that the lexical search ranks first by
a clear lead can fall out of the top five when the embedding places it far down: "นายจ้างไม่จัดให้มี
จป. …" (จป. read as เจ้าหน้าที่ความปลอดภัยในการทำงาน) finds the duty's section first by its words and
69th by meaning. Such a section is moved up to the fifth place; nothing else moves. docs/DECISIONS.md
has the measurements.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

LEXICAL_CLEAR_LEAD = 1.1  # the first lexical score at least this many times the second's
LEXICAL_KEPT_AT = 4  # the place (from 0) it is moved up to


class _Keyed(Protocol):
    key: str
    score: float


H = TypeVar("H", bound=_Keyed)


def clear_lexical_best(lex_ranked: list[tuple[str, float]]) -> str | None:
    """The chunk the lexical search ranks first when it leads the second clearly, else None."""
    if len(lex_ranked) < 2 or lex_ranked[0][1] < LEXICAL_CLEAR_LEAD * lex_ranked[1][1]:
        return None
    return lex_ranked[0][0]


def keep_in_top(ranked: list[H], key: str, at: int = LEXICAL_KEPT_AT) -> list[H]:
    """The hits with the one keyed `key` moved up to place `at` when fusion ranked it lower, scored as
    the hit it goes ahead of (scores still fall down the list, as search results show them)."""
    i = next((i for i, h in enumerate(ranked) if h.key == key), None)
    if i is None or i <= at:
        return ranked
    ranked[i].score = ranked[at].score
    return [*ranked[:at], ranked[i], *ranked[at:i], *ranked[i + 1:]]
