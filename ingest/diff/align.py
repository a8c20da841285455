"""Which unit of the older version each unit of the newer one continues.

Three passes over units of one kind, each over what the passes before left unmatched:
1. same number, same text (after `compare_key`): unchanged;
2. same text under another number: renumbered (or moved); of several candidates, the one nearest in
   relative position, so a run of sections shifted by one insertion pairs one to one;
3. similar text: word similarity (difflib ratio over newmm words) of at least SAME_NUMBER_MIN for
   two units with the same number, MOVED_MIN for two with different numbers, best pairs first: amended.
Whatever is left is added (new) or removed (old). The thresholds are measured in docs/DECISIONS.md.
"""

from __future__ import annotations

from collections import defaultdict

from ingest.diff.model import Unit
from ingest.diff.units import compare_key
from ingest.diff.words import bag_containment, bag_overlap, containment, similarity

SAME_NUMBER_MIN = 0.5  # demo amendments: 0.86–0.99 (the memorandum 0.62); unrelated neighbours: p50 0.14
MOVED_MIN = 0.8  # p99 of neighbouring (different) sections in the eval-dev statutes: 0.80
SPLIT_MIN = 0.8  # an added unit whose words are this much inside an old one was split from it
_ALL_PAIRS_MAX = 40_000  # above this many unmatched pairs, pass 3 looks only near each unit's place
_WINDOW = 25

Pair = tuple[Unit | None, Unit | None, float]  # (old, new, similarity of their bodies)


def align(old: list[Unit], new: list[Unit]) -> list[Pair]:
    """Pairs for units of one kind: (old, new, similarity); (None, new) added, (old, None) removed."""
    okeys = [compare_key(u.body) for u in old]
    nkeys = [compare_key(u.body) for u in new]
    match: dict[int, tuple[int, float]] = {}  # new index -> (old index, similarity)
    taken: set[int] = set()

    old_by_number = {u.number: i for i, u in enumerate(old)}
    for j, u in enumerate(new):
        i = old_by_number.get(u.number)
        if i is not None and okeys[i] == nkeys[j]:
            match[j] = (i, 1.0)
            taken.add(i)

    old_by_key: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(okeys):
        if i not in taken:
            old_by_key[k].append(i)
    for j in range(len(new)):
        if j in match or not nkeys[j]:
            continue
        free = [i for i in old_by_key.get(nkeys[j], []) if i not in taken]
        if free:
            i = min(free, key=lambda i: abs(_place(i, old) - _place(j, new)))
            match[j] = (i, 1.0)
            taken.add(i)

    for _score, i, j, sim in sorted(_similar_pairs(old, new, match, taken), reverse=True):
        if j not in match and i not in taken:
            match[j] = (i, sim)
            taken.add(i)

    pairs: list[Pair] = [(old[i], new[j], sim) for j, (i, sim) in match.items()]
    pairs += [(None, u, 0.0) for j, u in enumerate(new) if j not in match]
    pairs += [(u, None, 0.0) for i, u in enumerate(old) if i not in taken]
    return pairs


def _place(i: int, units: list[Unit]) -> float:
    return i / max(1, len(units) - 1)


def _similar_pairs(old: list[Unit], new: list[Unit], match: dict, taken: set[int]) -> list[tuple]:
    """(score, old index, new index, similarity) of the unmatched pairs similar enough to pair."""
    olds = [i for i in range(len(old)) if i not in taken]
    news = [j for j in range(len(new)) if j not in match]
    everything = len(olds) * len(news) <= _ALL_PAIRS_MAX
    out = []
    for j in news:
        for i in olds:
            same = old[i].number == new[j].number
            if not same and not everything and abs(_place(i, old) - _place(j, new)) * len(new) > _WINDOW:
                continue
            need = SAME_NUMBER_MIN if same else MOVED_MIN
            if same and new[j].kind in ("memo", "preamble", "annex"):
                need = 0.0  # a version has one memorandum (one fee schedule): rewritten or not, it is the same unit
            a, b = old[i].body, new[j].body
            if need and bag_overlap(a, b) < need:
                continue
            sim = similarity(a, b)
            if sim >= need:
                out.append((sim + (0.1 if same else 0.0), i, j, sim))
    return out


def split_source(unit: Unit, candidates: list[Unit]) -> Unit | None:
    """The old unit an added one was cut from (or a removed one merged into, with new candidates):
    the candidate holding at least SPLIT_MIN of its words in order, the most first."""
    best, best_share = None, SPLIT_MIN
    body = unit.body
    if len(compare_key(body)) < 20:
        return None
    for c in candidates:
        if bag_containment(body, c.body) < best_share:
            continue  # too few shared words, whatever their order
        share = containment(body, c.body)
        if share >= best_share:
            best, best_share = c, share
    return best
