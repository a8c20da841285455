"""What staff asked, from the query log: questions per day, the share answered, the unanswered and
down-voted questions grouped by similar wording, the most-cited sections, feedback comments.

Only `db.query(sql, params)` with portable SQL (`?` placeholders, no date functions), so that it reads the
same from SQLite and PostgreSQL; days are bucketed here, in the time zone asked for (the ministry's is
Asia/Bangkok), not by the database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Bangkok"
SIMILAR = 0.55  # Dice similarity of character trigrams above which two wordings are one question
MAX_DAYS = 366
_NUMBER = re.compile(r"[0-9๐-๙]+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass
class Day:
    date: str  # YYYY-MM-DD in the time zone asked for
    asked: int = 0
    answered: int = 0


@dataclass
class QuestionGroup:
    """Questions worded alike; `question` is the wording asked most often."""

    question: str
    variants: list[str] = field(default_factory=list)
    asked: int = 0
    unanswered: int = 0
    downvotes: int = 0
    upvotes: int = 0
    last_asked: float = 0.0
    comments: list[str] = field(default_factory=list)


@dataclass
class CitedSection:
    document: str
    title: str
    version: str
    label: str
    cited: int = 0  # answers that cited it


@dataclass
class Comment:
    at: float
    rating: str
    comment: str
    question: str
    found: bool | None


@dataclass
class Insights:
    since: float
    until: float
    tz: str
    asked: int = 0
    answered: int = 0
    days: list[Day] = field(default_factory=list)
    groups: list[QuestionGroup] = field(default_factory=list)
    sections: list[CitedSection] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    @property
    def share_answered(self) -> float | None:
        return round(self.answered / self.asked, 4) if self.asked else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "share_answered": self.share_answered}


Resolve = Callable[[str], "CitedSection | None"]  # chunk id → the section it belongs to (or None: gone)


def window(days: int, tz: str, now: float | None = None) -> tuple[float, float, ZoneInfo]:
    """The last `days` calendar days in `tz`, today included: (since, until) as epoch seconds."""
    zone = ZoneInfo(tz)
    days = max(1, min(days, MAX_DAYS))
    today = dt.datetime.fromtimestamp(now if now is not None else dt.datetime.now().timestamp(), zone).date()
    start = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time(), zone)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), zone)
    return start.timestamp(), end.timestamp(), zone


def asks(db: Any, since: float, until: float) -> list[dict[str, Any]]:
    """The logged questions of the window with their rating and comment, oldest first."""
    rows = db.query(
        "SELECT a.answer_id, a.at, a.key_name, a.question, a.norm, a.found, a.chunk_ids, a.latency_ms, a.mode, "
        "f.rating, f.comment FROM asks a LEFT JOIN feedback f ON f.answer_id = a.answer_id "
        "WHERE a.at >= ? AND a.at < ? ORDER BY a.at",
        (since, until),
    )
    return [_row(r) for r in rows]


def build(db: Any, since: float, until: float, zone: ZoneInfo, resolve: Resolve) -> Insights:
    rows = asks(db, since, until)
    out = Insights(since, until, zone.key, asked=len(rows), answered=sum(bool(r["found"]) for r in rows))
    out.days = per_day(rows, since, until, zone)
    out.groups = [g for g in group_questions(rows) if g.unanswered or g.downvotes]
    out.sections = most_cited(rows, resolve)
    out.comments = [Comment(float(r["at"]), str(r["rating"]), str(r["comment"]), str(r["question"]), bool(r["found"]))
                    for r in reversed(rows) if r.get("comment")]
    return out


def per_day(rows: list[dict[str, Any]], since: float, until: float, zone: ZoneInfo) -> list[Day]:
    first = dt.datetime.fromtimestamp(since, zone).date()
    last = dt.datetime.fromtimestamp(until - 1, zone).date()
    days = {first + dt.timedelta(days=i): Day((first + dt.timedelta(days=i)).isoformat())
            for i in range((last - first).days + 1)}
    for r in rows:
        day = days.get(dt.datetime.fromtimestamp(float(r["at"]), zone).date())
        if day is not None:
            day.asked += 1
            day.answered += bool(r["found"])
    return list(days.values())


def group_questions(rows: list[dict[str, Any]]) -> list[QuestionGroup]:
    """Greedy grouping: wordings by frequency, each joins the first group whose wordings it resembles."""
    by_norm: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_norm.setdefault(str(r["norm"]) or str(r["question"]), []).append(r)
    order = sorted(by_norm, key=lambda n: (-len(by_norm[n]), n))
    groups: list[tuple[list[set[str]], list[str]]] = []  # (trigram sets, norms) per group
    for norm in order:
        grams = trigrams(norm)
        for sets, norms in groups:
            # "มาตรา ๕ ว่าอย่างไร" and "มาตรา ๖ ว่าอย่างไร" are worded alike but ask different things
            if numbers(norm) == numbers(norms[0]) and any(dice(grams, s) >= SIMILAR for s in sets):
                sets.append(grams)
                norms.append(norm)
                break
        else:
            groups.append(([grams], [norm]))
    out = []
    for _, norms in groups:
        members = [r for n in norms for r in by_norm[n]]
        wordings = Counter(str(r["question"]).strip() for r in members)
        g = QuestionGroup(question=wordings.most_common(1)[0][0], variants=[w for w, _ in wordings.most_common(6)][1:])
        g.asked = len(members)
        g.unanswered = sum(not r["found"] for r in members)
        g.downvotes = sum(r.get("rating") == "down" for r in members)
        g.upvotes = sum(r.get("rating") == "up" for r in members)
        g.last_asked = max(float(r["at"]) for r in members)
        g.comments = [str(r["comment"]) for r in members if r.get("comment")][:10]
        out.append(g)
    return sorted(out, key=lambda g: (-(g.unanswered + g.downvotes), -g.asked, -g.last_asked))


def trigrams(text: str) -> set[str]:
    s = "".join(text.split())
    return {s[i:i + 3] for i in range(max(len(s) - 2, 1))} if s else set()


def numbers(text: str) -> list[str]:
    return [n.translate(_THAI_DIGITS).lstrip("0") for n in _NUMBER.findall(text)]


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def most_cited(rows: list[dict[str, Any]], resolve: Resolve, limit: int = 15) -> list[CitedSection]:
    """Sections by the number of answers that cited them (an answer counts a section once)."""
    counts: dict[tuple[str, str, str], CitedSection] = {}
    for r in rows:
        try:
            ids = json.loads(r["chunk_ids"] or "[]")
        except (TypeError, ValueError):
            continue
        seen: set[tuple[str, str, str]] = set()
        for cid in ids if isinstance(ids, list) else []:
            sec = resolve(str(cid))
            if sec is None:
                continue
            key = (sec.document, sec.version, sec.label)
            if key in seen:
                continue
            seen.add(key)
            counts.setdefault(key, replace(sec, cited=0)).cited += 1  # never the resolver's own object
    return sorted(counts.values(), key=lambda s: (-s.cited, s.document, s.label))[:limit]


def _row(r: Any) -> dict[str, Any]:
    return r if isinstance(r, dict) else {k: r[k] for k in r.keys()}  # noqa: SIM118 (sqlite3.Row iterates values)
