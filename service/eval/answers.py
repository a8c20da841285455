"""Answer-level quality: what an official reads, not only what retrieval ranked.

Each question goes through `Answerer.ask` (extractive, no filters: the question as a user
types it) and is scored on:
- found accuracy: answered when answerable, refused when out of scope;
- answer-span hit: the question's `answer_span` appears in the answer text (whitespace ignored);
- first-citation hit: the first citation is a gold passage (a session citation must name the
  gold cue's start, within 2 s, or its turn);
- speaker: of the session questions whose answer quotes a session first, the share whose first
  citation names the gold speaker (a typed note's given name alone, "สุภัตรา", is the same person
  as a caption's full name, "สุภัตรา วงศ์ไพศาล");
- citation precision (share of cited passages that are gold) and recall (share of gold cited);
- lead: of the questions that ask for a fact (a duration, a sum, an office …) and have a span, the
  share whose answer opens with that fact: its first line, before any quote, holds the span or is
  held by it ("ไม่น้อยกว่าสิบปี [1]"; an English lead by the Thai in its brackets).
Categories: draft, session, english, out-of-scope (an English question counts as english); a
question marked `"category": "version"` (a named version, a removed section, what changed) counts
as version whatever its language, so the other rows keep their questions.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ingest.kinds import SESSION_KINDS
from ingest.thai import to_arabic
from service.qa.question import classify
from service.schemas import Answer, Citation

CATEGORIES = ("draft", "session", "english", "version", "out-of-scope")
_SPACE = re.compile(r"\s+")
_MARKER = re.compile(r"\[\d+\]")
_BRACKETED = re.compile(r"\(([^()]+)\)")


def category(q: dict) -> str:
    if not q.get("gold") or q.get("answerable") is False:
        return "out-of-scope"
    if q.get("category") == "version":
        return "version"
    if q.get("lang") == "en":
        return "english"
    if q.get("kind") == "transcript" or any("time" in g or "turn" in g for g in q["gold"]):
        return "session"
    return "draft"


def seconds_of(value: str) -> float:
    """'00:14:04', '14:04' or Thai digits → seconds."""
    parts = [float(p) for p in to_arabic(value).split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def cites_gold(gold: dict, c: Citation) -> bool:
    doc = gold.get("document") or gold.get("law_id")
    if c.document != doc:
        return False
    if gold.get("version") and c.version != gold["version"]:
        return False
    if "section" in gold:
        return c.section is not None and c.section == to_arabic(str(gold["section"]))
    if "time" in gold:
        return c.start_s is not None and abs(c.start_s - seconds_of(str(gold["time"]))) <= 2.0
    if "turn" in gold:
        turn = getattr(c, "turn", None)  # 1-based in citations, 0-based in gold
        return turn is not None and turn - 1 == int(gold["turn"])
    return False


def squeeze(text: str) -> str:
    return _SPACE.sub("", to_arabic(text))


def same_person(a: str, b: str) -> bool:
    """The same name, or a given name alone and a full name that starts with it."""
    a, b = a.split(), b.split()
    if a == b:
        return True
    return bool(a and b) and (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def score(q: dict, ans: Answer) -> dict:
    gold = q.get("gold") or []
    cat = category(q)
    rec: dict = {"id": q.get("id"), "category": cat, "answerable": cat != "out-of-scope", "found": ans.found}
    if cat == "out-of-scope":
        return rec
    cites = ans.citations if ans.found else []
    span = q.get("answer_span")
    rec["span_hit"] = None if not span else bool(ans.found and squeeze(span) in squeeze(ans.answer))
    rec["first_hit"] = bool(cites) and any(cites_gold(g, cites[0]) for g in gold)
    if q.get("speaker") and cites and cites[0].kind in SESSION_KINDS:  # of answers that quote a session first
        rec["speaker_ok"] = bool(cites[0].speakers) and same_person(cites[0].speakers[0], q["speaker"])
    if cites:
        rec["precision"] = sum(any(cites_gold(g, c) for g in gold) for c in cites) / len(cites)
    rec["recall"] = sum(any(cites_gold(g, c) for c in cites) for g in gold) / len(gold)
    if span and classify(q.get("question", "")).wants_fact:
        rec["lead_hit"] = bool(ans.found) and leads_with(ans.answer, span)
    return rec


def leads_with(answer: str, span: str) -> bool:
    """The answer's first line is a lead (not a quote) stating the span's fact."""
    first = answer.split("\n", 1)[0]
    if "“" in first or "[" not in first:
        return False
    lead = _MARKER.sub("", first)
    parts = [lead, *_BRACKETED.findall(lead), *lead.split(";")]
    want = squeeze(span)
    return any(len(p) >= 2 and (p in want or want in p) for p in (squeeze(x) for x in parts))


def summarise(records: list[dict]) -> dict[str, dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        groups[r["category"]].append(r)
        groups["all"].append(r)
    out: dict[str, dict] = {}
    for name, recs in groups.items():
        ans = [r for r in recs if r["answerable"]]
        oos = [r for r in recs if not r["answerable"]]
        m: dict = {"n": len(recs)}
        m["answered"] = _mean([r["found"] for r in ans])
        m["refused"] = _mean([not r["found"] for r in oos])
        m["span_hit"] = _mean([r["span_hit"] for r in ans if r.get("span_hit") is not None])
        m["first_cite"] = _mean([r["first_hit"] for r in ans])
        m["speaker"] = _mean([r["speaker_ok"] for r in ans if "speaker_ok" in r])
        m["cite_precision"] = _mean([r["precision"] for r in ans if "precision" in r])
        m["cite_recall"] = _mean([r["recall"] for r in ans])
        m["lead"] = _mean([r["lead_hit"] for r in ans if "lead_hit" in r])
        out[name] = m
    return out


def _mean(values: list) -> float | None:
    return sum(bool(v) if isinstance(v, bool) else v for v in values) / len(values) if values else None


def print_answer_table(summary: dict[str, dict], title: str) -> None:
    cols = ["answered", "refused", "span_hit", "first_cite", "speaker", "cite_precision", "cite_recall", "lead"]
    print(f"\n## {title}: answer level (extractive)\n")
    print("| category | n | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    order = [c for c in CATEGORIES if c in summary] + [c for c in summary if c not in CATEGORIES and c != "all"]
    for name in [*order, "all"]:
        m = summary.get(name)
        if m is None:
            continue
        vals = ["-" if m.get(c) is None else f"{m[c]:.2f}" for c in cols]
        print(f"| {name} | {m['n']} | " + " | ".join(vals) + " |")


def answer_records(questions: list[dict], answerer) -> list[dict]:
    from service.schemas import AskRequest

    out = []
    for q in questions:
        ans = answerer.ask(AskRequest(question=q["question"], mode="extractive"))
        rec = score(q, ans)
        rec["confidence"] = ans.timings_ms.get("confidence")
        out.append(rec)
    return out
