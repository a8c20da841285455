"""The passage the lexical search ranks first by a clear lead keeps a place in the top five."""

from __future__ import annotations

from dataclasses import dataclass

from service.qa.lexical_lead import LEXICAL_KEPT_AT, clear_lexical_best, keep_in_top


@dataclass
class _Hit:
    key: str
    score: float = 0.0


def test_a_clear_lexical_lead_is_named_and_a_close_one_is_not() -> None:
    assert clear_lexical_best([("s13", 68.4), ("s8", 60.8)]) == "s13"
    assert clear_lexical_best([("s13", 61.0), ("s8", 60.8)]) is None
    assert clear_lexical_best([("s13", 68.4)]) is None
    assert clear_lexical_best([]) is None


def test_a_hit_ranked_low_moves_up_to_the_fifth_place_and_the_rest_keep_their_order() -> None:
    ranked = [_Hit(k) for k in "abcdefghij"]
    moved = keep_in_top(ranked, "i")
    assert [h.key for h in moved] == list("abcdiefghj")
    assert moved[LEXICAL_KEPT_AT].key == "i"


def test_a_hit_already_near_the_top_or_absent_is_left_where_it_is() -> None:
    ranked = [_Hit(k) for k in "abcdefg"]
    assert keep_in_top(ranked, "c") == ranked
    assert keep_in_top(ranked, "e") == ranked
    assert keep_in_top(ranked, "z") == ranked


def test_the_hit_moved_up_is_scored_as_the_one_it_goes_ahead_of() -> None:
    ranked = [_Hit(k, 10.0 - n) for n, k in enumerate("abcdefghij")]
    scores = [h.score for h in keep_in_top(ranked, "i")]
    assert scores == sorted(scores, reverse=True)
