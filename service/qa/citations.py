"""Turning retrieved chunks into citations a user can check: labels, quotes, links."""

from __future__ import annotations

from ingest.kinds import KINDS, SESSION_KINDS
from ingest.models import block_label
from ingest.thai import to_thai_digits, uses_thai_digits
from service.qa.extractive import Unit
from service.qa.index import ChunkRow, Snapshot, passage_text
from service.qa.links import referred_by, refers_to
from service.qa.retrieve import Hit
from service.schemas import Citation, SectionOut


def hms(seconds: float | int | None) -> str | None:
    if seconds is None or seconds < 0:
        return None
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _pages(meta: dict, rows: list[ChunkRow]) -> tuple[int | None, int | None]:
    starts = [int(r.meta.get("page_start", -1)) for r in rows if int(r.meta.get("page_start", -1)) > 0]
    ends = [int(r.meta.get("page_end", -1)) for r in rows if int(r.meta.get("page_end", -1)) > 0]
    return (min(starts) if starts else None, max(ends) if ends else None)


def unit_word(meta: dict) -> str:
    """มาตรา or ข้อ: what the document calls its sections (indexes built before the field: มาตรา)."""
    return str(meta.get("unit") or "มาตรา")


def doc_kind(meta: dict) -> str:
    """The document's kind; anything unknown reads as draft, as every document did before kinds."""
    kind = str(meta.get("kind") or "draft")
    return kind if kind in KINDS else "draft"


def _locator(meta: dict) -> str:
    """What page_start/page_end count: "page", "paragraph" (Word), or "" for a session."""
    if doc_kind(meta) in SESSION_KINDS:
        return ""
    return "paragraph" if meta.get("locator") == "paragraph" else "page"


def label_for(meta: dict, rows: list[ChunkRow], unit: Unit | None = None) -> str:
    if doc_kind(meta) in SESSION_KINDS:
        if unit is not None:  # the turn a quote comes from: its speaker, its time or turn number
            when = hms(unit.start_s) or (f"ลำดับที่ {unit.turn + 1}" if unit.turn is not None else "")
            bits = [str(meta.get("title", "")), unit.speaker or "", when]
        else:
            speakers = str(meta.get("speakers", "")).split(",")[0].strip()
            bits = [str(meta.get("title", "")), speakers, hms(_float(meta.get("start_s"))) or ""]
        return " · ".join(b for b in bits if b)
    thai = any(uses_thai_digits(x) for x in (str(meta.get("section_printed", "")), str(meta.get("title", ""))))
    thai = thai or any(uses_thai_digits(r.text) for r in rows[:1])
    conv = to_thai_digits if thai else str
    p0, p1 = _pages(meta, rows)
    page = ""
    if p0:
        where = "ย่อหน้า" if _locator(meta) == "paragraph" else "หน้า"
        page = f"{where} {conv(str(p0))}" + (f"–{conv(str(p1))}" if p1 and p1 != p0 else "")
    if meta.get("block") == "section":
        head = f"{unit_word(meta)} {meta.get('section_printed') or meta.get('section')}"
    elif named := block_label(str(meta.get("block")), str(meta.get("chapter_path") or "")):
        head = named
    else:
        head = str(meta.get("chapter_path", "")) or "ข้อความ"
    return " · ".join(b for b in (head, page) if b)


def _float(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if f >= 0 else None


def citation(snap: Snapshot, hit: Hit, marker: int, quote: str, unit: Unit | None = None) -> Citation:
    """A citation of one hit; for a session, of the turn (`unit`) that holds the quote: its
    speaker and start, never the window's first speaker and start."""
    m = hit.meta
    rows = hit.rows
    p0, p1 = _pages(m, rows)
    kind, locator = doc_kind(m), _locator(m)
    is_section = m.get("block") == "section"
    turn = unit if kind in SESSION_KINDS and unit is not None else None
    if turn is not None:
        speakers = [turn.speaker] if turn.speaker else []
        start_s = turn.start_s
    else:
        speakers = [s.strip() for s in str(m.get("speakers", "")).split(",") if s.strip()]
        start_s = _float(m.get("start_s"))
    return Citation(
        marker=marker,
        chunk_id=hit.best.id,
        document=str(m.get("doc_key", "")),
        title=str(m.get("title", "")),
        version=str(m.get("version", "")),
        latest=snap.is_latest(str(m.get("version_uid", ""))),
        kind=kind,
        source_file=str(m.get("source_file", "")),
        chapter_path=[p for p in str(m.get("chapter_path", "")).split(" › ") if p],
        section=str(m.get("section")) if is_section else None,
        section_printed=str(m.get("section_printed")) if is_section else None,
        unit=unit_word(m) if is_section else None,
        label=label_for(m, rows, turn),
        page_start=p0 if locator == "page" else None,
        page_end=p1 if locator == "page" else None,
        paragraph_start=p0 if locator == "paragraph" else None,
        paragraph_end=p1 if locator == "paragraph" else None,
        speakers=speakers,
        start=hms(start_s),
        end=None if turn is not None else hms(_float(m.get("end_s"))),
        start_s=start_s,
        turn=turn.turn + 1 if turn is not None and turn.turn is not None else None,
        quote=quote,
        text=snap.passage(hit.key).text,
        score=round(float(hit.score), 6),
        link=f"/v1/passages/{hit.best.id}",
        refers_to=refers_to(m),
        referred_by=referred_by(snap, m),
        discussed_version=discussed_version(snap, str(m.get("version_uid", ""))) if kind in SESSION_KINDS else None,
    )


def discussed_version(snap: Snapshot, session_uid: str) -> str | None:
    """The draft version that was current on a session's date, when a later version has come
    since (a session quote then speaks of an older text); of several drafts, the one whose title
    shares most words with the session's title."""
    session = snap.state.versions.get(session_uid)
    if session is None or not session.date:
        return None

    def build() -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        drafts: dict[str, list] = {}
        for v in snap.state.versions.values():
            if v.kind == "draft" and v.date:
                drafts.setdefault(v.doc_key, []).append(v)
        for uid, s in snap.state.versions.items():
            if s.kind not in SESSION_KINDS or not s.date:
                continue
            best: tuple[int, str] | None = None
            for versions in drafts.values():
                before = [v for v in versions if v.date <= s.date]
                if not before or all(v.date <= s.date for v in versions):
                    continue  # nothing yet, or nothing has changed since
                current = max(before, key=lambda v: (v.date, v.seq))
                shared = len(set(current.title.split()) & set(s.title.split()))
                if best is None or shared > best[0]:
                    best = (shared, current.version)
            out[uid] = best[1] if best else None
        return out

    return snap.derived(("discussed",), build).get(session_uid)


def section_out(snap: Snapshot, rows: list[ChunkRow]) -> SectionOut:
    m = rows[0].meta
    p0, p1 = _pages(m, rows)
    locator = _locator(m)
    return SectionOut(
        document=str(m.get("doc_key", "")),
        title=str(m.get("title", "")),
        version=str(m.get("version", "")),
        latest=snap.is_latest(str(m.get("version_uid", ""))),
        kind=doc_kind(m),
        section=str(m.get("section", "")),
        section_printed=str(m.get("section_printed", "")),
        unit=unit_word(m) if m.get("block") == "section" else None,
        label=label_for(m, rows),
        chapter_path=[p for p in str(m.get("chapter_path", "")).split(" › ") if p],
        page_start=p0 if locator != "paragraph" else None,
        page_end=p1 if locator != "paragraph" else None,
        paragraph_start=p0 if locator == "paragraph" else None,
        paragraph_end=p1 if locator == "paragraph" else None,
        speakers=[s.strip() for s in str(m.get("speakers", "")).split(",") if s.strip()],
        start=hms(_float(m.get("start_s"))),
        end=hms(_float(rows[-1].meta.get("end_s"))),
        text=passage_text(rows),
        refers_to=refers_to(m),
        referred_by=referred_by(snap, m),
    )
