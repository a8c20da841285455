"""A Word draft (.docx) → its paragraphs as the text Word shows once every change is accepted.

python-docx opens the package and gives the XML of the body, the styles and the numbering; the
text is read from the XML directly, because `Paragraph.text` leaves out inserted runs (`w:ins`).
- Tracked changes: insertions and moves to are kept, deletions and moves from are dropped, a
  deleted paragraph mark joins its paragraph to the next; the file's unaccepted revisions are
  counted and reported, never silently mixed in.
- Comments and their anchors, field codes (not their results), footnote bodies, text boxes and
  the fallback copies of drawing markup are left out.
- Automatic numbering becomes the text Word prints ("(๑) ", "มาตรา ๑ "), from the paragraph's own
  numbering or its style's (numbering.py).
- Tables are read row by row, cell by cell; each cell paragraph is a paragraph.
Empty paragraphs (spacing) are skipped; the others are numbered 1, 2, 3 ... in reading order,
and those numbers are what a Word citation points at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.models import IngestError, Page
from ingest.thai import normalize_text
from ingest.word.numbering import Numbering, W
from ingest.word.package import docx_problem

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {W + t for t in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "txbxContent",
                          "footnoteReference", "endnoteReference", "commentReference", "fldData")}
_SKIP.add(_MC + "Fallback")
_REVISIONS = {W + t for t in ("ins", "del", "moveFrom", "moveTo")}
_CONTAINERS = {W + t for t in ("sdt", "sdtContent", "customXml", "smartTag")}
_TITLE_STYLES = {"title", "ชื่อเรื่อง"}


@dataclass
class WordText:
    paragraphs: list[str]
    title_hint: str = ""  # the first paragraph in the Title style, if any
    revisions: int = 0  # tracked insertions, deletions and moves not yet accepted
    comments: int = 0
    warnings: list[str] = field(default_factory=list)

    def pages(self) -> list[Page]:
        """One `Page` per paragraph, numbered as citations count them."""
        return [Page(k, text, paragraph=True) for k, text in enumerate(self.paragraphs, start=1)]


def read_docx(path: Path) -> WordText:
    """Read a .docx (checked first: see package.py). Raises IngestError with a one-line reason."""
    if (problem := docx_problem(path)) is not None:
        raise IngestError(problem)
    import docx  # python-docx; imported here so that PDF-only work never loads lxml
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(f"not a readable Word document: {exc}".splitlines()[0]) from exc
    styles = _styles(document)
    try:
        numbering_el = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_el = None
    numbering = Numbering(numbering_el, {sid: s[1] for sid, s in styles.items() if s[1] is not None})
    body = document.element.body
    out = WordText([])
    pending = ""  # text of paragraphs whose mark was deleted: it joins the next paragraph
    for p in _paragraphs(body):
        text = _paragraph_text(p)
        style_id = _val(p.find(W + "pPr"), "pStyle")
        num = _num_pr(p)
        target = numbering.resolve(num[0], num[1], style_id)
        if target is not None:
            text = numbering.label(*target) + text if text.strip() else text
        if _mark_deleted(p):
            pending += text
            continue
        text, pending = normalize_text(pending + text), ""
        if not text:
            continue
        out.paragraphs.append(text)
        name = styles.get(style_id or "", ("", None))[0]
        if not out.title_hint and name.lower() in _TITLE_STYLES:
            out.title_hint = text.replace("\n", " ")
    if pending.strip():
        out.paragraphs.append(normalize_text(pending))
    out.revisions = sum(1 for el in body.iter() if el.tag in _REVISIONS)
    out.comments = sum(1 for _ in body.iter(W + "commentReference"))
    if out.revisions:
        out.warnings.append(
            f"{out.revisions} tracked change(s) not yet accepted: indexed as if accepted "
            "(insertions kept, deletions dropped); accept or reject them in Word and ingest again"
        )
    if out.comments:
        out.warnings.append(f"{out.comments} comment(s) left out of the index")
    return out


def _styles(document: object) -> dict[str, tuple[str, tuple[str, int | None] | None]]:
    """style id → (name, the (numId, ilvl) it numbers its paragraphs with, through basedOn)."""
    root = document.styles.element  # type: ignore[attr-defined]
    raw: dict[str, tuple[str, str | None, tuple[str, int | None] | None]] = {}
    for s in root.iter(W + "style"):
        sid = s.get(W + "styleId", "")
        ppr = s.find(W + "pPr")
        num = ppr.find(W + "numPr") if ppr is not None else None
        pair = None
        if num is not None and _val(num, "numId") is not None:
            ilvl = _val(num, "ilvl")
            pair = (_val(num, "numId") or "", int(ilvl) if ilvl and ilvl.isdigit() else None)
        raw[sid] = (_val(s, "name") or sid, _val(s, "basedOn"), pair)
    out: dict[str, tuple[str, tuple[str, int | None] | None]] = {}
    for sid, (name, _, _) in raw.items():
        pair, cur, seen = None, sid, set()
        while cur in raw and cur not in seen and pair is None:
            seen.add(cur)
            pair, cur = raw[cur][2], raw[cur][1] or ""
        out[sid] = (name, pair)
    return out


def _paragraphs(parent: object) -> Iterator[object]:
    """Body paragraphs in reading order: tables row by row, content controls opened."""
    for el in parent:  # type: ignore[attr-defined]
        if el.tag == W + "p":
            yield el
        elif el.tag == W + "tbl":
            for row in el.iter(W + "tr"):
                if _table_of(row) is not el:
                    continue  # a nested table's row: read with the cell that holds it
                for cell in row.findall(W + "tc"):
                    yield from _paragraphs(cell)
        elif el.tag in _CONTAINERS or el.tag in (W + "ins", W + "moveTo"):
            yield from _paragraphs(el)


def _table_of(row: object) -> object | None:
    el = row.getparent()  # type: ignore[attr-defined]
    while el is not None and el.tag != W + "tbl":
        el = el.getparent()
    return el


def _paragraph_text(p: object) -> str:
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(el: object, out: list[str]) -> None:
    for child in el:  # type: ignore[attr-defined]
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append(" ")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "p":  # a paragraph inside a paragraph (a text box's): not this one's text
            continue
        else:
            _collect(child, out)


def _num_pr(p: object) -> tuple[str | None, int | None]:
    ppr = p.find(W + "pPr")  # type: ignore[attr-defined]
    num = ppr.find(W + "numPr") if ppr is not None else None
    if num is None:
        return None, None
    ilvl = _val(num, "ilvl")
    return _val(num, "numId"), int(ilvl) if ilvl and ilvl.isdigit() else None


def _mark_deleted(p: object) -> bool:
    ppr = p.find(W + "pPr")  # type: ignore[attr-defined]
    rpr = ppr.find(W + "rPr") if ppr is not None else None
    return rpr is not None and rpr.find(W + "del") is not None


def _val(el: object | None, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None  # type: ignore[attr-defined]
    return child.get(W + "val") if child is not None else None
