"""The demo question set (corpus/qa.jsonl) against the demo corpus: fast, no model, no index.

Every answerable question carries `answer_span`, a short verbatim piece of its gold passage that
holds the asked fact. Here each span is looked up (whitespace removed on both sides) in:
- a draft gold: the section's text in the source of the gold's version (corpus/src/draft-v*.txt,
  found through the manifest and the source's `@output` line; `version: null` = the latest);
- a transcript gold: the text of the cue at `time` (VTT) or of the turn at `turn` (typed note), as
  `ingest.transcripts.read_transcript` reads it; the question's `speaker` must be that turn's speaker.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml

from ingest.thai import to_arabic
from ingest.transcripts import read_transcript

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
QA_PATH = CORPUS / "qa.jsonl"
KINDS = {"draft", "transcript", "none"}
_SECTION_HEAD = re.compile(r"^มาตรา ([๐-๙0-9]+(?:/[๐-๙0-9]+)?(?: (?:ทวิ|ตรี|จัตวา))?)  ")
_BLOCK_END = ("#", ">>", "----", "@")  # headings, signature lines, page breaks, directives
_TIME = re.compile(r"^\d{2}:[0-5]\d:[0-5]\d$")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rows() -> list[dict]:
    return [json.loads(line) for line in QA_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _rows()
ANSWERABLE = [r for r in ROWS if r.get("answerable")]


@cache
def _manifest() -> dict[str, dict]:
    return yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))["documents"]


@cache
def _draft_sources() -> dict[str | None, dict[str, str]]:
    """Version label (and None for the latest) → {section number in Arabic digits: section text}."""
    docs = _manifest()
    out: dict[str | None, dict[str, str]] = {}
    latest: tuple[date, str] | None = None
    for src in sorted((CORPUS / "src").glob("draft-*.txt")):
        text = src.read_text(encoding="utf-8")
        m = re.search(r"^@output:\s*(\S+)\s*$", text, re.M)
        assert m, f"{src.name}: no @output line"
        entry = docs[m.group(1)]
        out[entry["version"]] = _sections(text)
        when = entry["date"] if isinstance(entry["date"], date) else date.fromisoformat(str(entry["date"]))
        if latest is None or when > latest[0]:
            latest = (when, entry["version"])
    assert latest is not None
    out[None] = out[latest[1]]
    return out


def _sections(text: str) -> dict[str, str]:
    """Split a draft source into sections at its `มาตรา N␣␣` heads; a section ends at the next
    head, a heading, a signature line or a page break."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("% "):
            continue
        if m := _SECTION_HEAD.match(line):
            number = to_arabic(m.group(1))
            assert number not in sections, f"มาตรา {number} twice"
            current = sections[number] = [line]
        elif line.startswith(_BLOCK_END):
            current = None
        elif current is not None and line.strip():
            current.append(line)
    return {k: "\n".join(v) for k, v in sections.items()}


@cache
def _transcript(key: str):
    docs = _manifest()
    path = next(CORPUS / p for p, d in docs.items() if d["key"] == key and d["kind"] == "transcript")
    return read_transcript(path)


def _seconds(stamp: str) -> int:
    h, m, s = (int(x) for x in stamp.split(":"))
    return h * 3600 + m * 60 + s


def _turn_for(gold: dict):
    """The VTT cue whose (whole-second) start .. end holds `time`, or the note's turn `turn`."""
    turns = _transcript(gold["document"]).turns
    if "time" in gold:
        t = _seconds(gold["time"])
        hits = [turn for turn in turns if int(turn.start) <= t <= turn.end]
        assert hits, f"no cue at {gold['time']} in {gold['document']}"
        return max(hits, key=lambda turn: turn.start)
    assert 0 <= gold["turn"] < len(turns), f"turn {gold['turn']} out of range"
    return turns[gold["turn"]]


def _gold_text(gold: dict) -> str:
    if gold["document"] == "waste-act-draft":
        sections = _draft_sources()[gold.get("version")]
        number = to_arabic(str(gold["section"]))
        assert number in sections, f"มาตรา {number} is not in version {gold.get('version')!r}"
        return sections[number]
    return _turn_for(gold).text


def test_every_line_is_a_complete_record() -> None:
    lines = [ln for ln in QA_PATH.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) == len(ROWS)
    for r in ROWS:
        assert {"id", "question", "lang", "gold", "answer", "answerable", "kind"} <= r.keys(), r.get("id")
        assert r["lang"] in ("th", "en"), r["id"]
        assert r["kind"] in KINDS, r["id"]
        assert isinstance(r["question"], str) and r["question"].strip(), r["id"]
        has_thai = re.search("[\u0e00-\u0e7f]", r["question"]) is not None
        if r["lang"] == "th":
            assert has_thai, r["id"]
        if r["answerable"]:
            assert r["gold"] and r["answer"].strip() and r["kind"] != "none", r["id"]
        else:
            assert r["gold"] == [] and r["answer"] == "" and r["kind"] == "none", r["id"]
            assert "answer_span" not in r and "speaker" not in r, r["id"]


def test_ids_are_unique_and_in_order() -> None:
    ids = [r["id"] for r in ROWS]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    assert ids == [f"q{n:03d}" for n in range(1, len(ids) + 1)]


def test_counts() -> None:
    kinds = Counter(r["kind"] for r in ROWS)
    english = [r for r in ROWS if r["lang"] == "en" and r["kind"] in ("draft", "transcript")]
    assert len(ROWS) >= 150, len(ROWS)
    assert len(english) >= 25, len(english)
    assert kinds["transcript"] >= 20, kinds
    assert kinds["none"] >= 30, kinds
    assert any(r["lang"] == "en" for r in ROWS if r["kind"] == "none")
    versioned = [r for r in ROWS if any(g.get("version") for g in r["gold"])]
    assert len(versioned) >= 6, len(versioned)


def test_gold_items_are_well_formed() -> None:
    labels = {d["version"] for d in _manifest().values() if d["kind"] == "draft"}
    for r in ANSWERABLE:
        for g in r["gold"]:
            if r["kind"] == "draft":
                assert g["document"] == "waste-act-draft" and "section" in g, r["id"]
                assert g["version"] is None or g["version"] in labels, (r["id"], g["version"])
            else:
                assert g["document"] in ("mind-meetup-2568-03", "mind-meetup-2568-04"), r["id"]
                assert ("time" in g) != ("turn" in g), r["id"]
                if "time" in g:
                    assert _TIME.match(g["time"]), (r["id"], g["time"])
                else:
                    assert isinstance(g["turn"], int), r["id"]


@pytest.mark.parametrize("row", ANSWERABLE, ids=[r["id"] for r in ANSWERABLE])
def test_answer_span_is_in_the_gold_text(row: dict) -> None:
    span = row.get("answer_span")
    assert isinstance(span, str) and _flat(span), f"{row['id']}: no answer_span"
    assert len(_flat(span)) <= 80, f"{row['id']}: answer_span is not short"
    texts = [_flat(_gold_text(g)) for g in row["gold"]]
    assert any(_flat(span) in t for t in texts), f"{row['id']}: {span!r} is not in its gold text"


@pytest.mark.parametrize(
    "row", [r for r in ANSWERABLE if r["kind"] == "transcript"], ids=lambda r: r["id"]
)
def test_transcript_speaker_matches_the_turn(row: dict) -> None:
    assert row.get("speaker"), f"{row['id']}: no speaker"
    assert {_turn_for(g).speaker for g in row["gold"]} == {row["speaker"]}, row["id"]
