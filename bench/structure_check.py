"""Check ingest.structure.parse_draft against real statute PDFs with known sections.

    .venv/bin/python bench/structure_check.py ../shared/eval-dev/pdf [more.pdf ...]

Gold, per PDF: `pages.jsonl` in the PDF's folder (start page of every section) with
`../sections.jsonl` (section texts and the headings before them); or, for a lone PDF, a
`<stem>.gt.txt` next to it (its มาตรา headings and texts, all expected on the PDF's pages).
Prints one row per law: sections expected / found, number match (in order), start-page match,
text prefix match (first 80 characters, whitespace removed), heading match (the headings printed
before a section end its chapter path), paragraph-break precision/recall (sections.jsonl gold only:
a .gt.txt breaks lines where its source did), then the first mismatches.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.models import Page, ParsedDraft
from ingest.structure import parse_draft
from ingest.thai import to_arabic

_HEADING = re.compile(r"^มาตรา\s*([0-9๐-๙]+(?:/[0-9๐-๙]+)?)(?![0-9๐-๙])")


def load_pages(pdf: Path, plain: bool = False) -> tuple[list[Page], str]:
    """Pages through ingest.pdf.extract_pdf when it exists (and not `plain`), else plain pypdfium2 text."""
    try:
        if plain:
            raise ImportError
        from ingest.pdf import extract_pdf  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(pdf))
        pages = [Page(i + 1, doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
        return pages, "plain pypdfium2 get_text_range"
    return extract_pdf(pdf).pages, "ingest.pdf.extract_pdf"


def squash(text: str) -> str:
    return to_arabic("".join(text.split()))


def gold_for(pdf: Path) -> tuple[str, list[dict]]:
    """[{section, page, text, headings}] in document order, and a law label."""
    pages_file = pdf.parent / "pages.jsonl"
    rows = []
    if pages_file.exists():
        rows = [r for r in map(json.loads, pages_file.read_text().splitlines()) if r["pdf"] == pdf.name]
    if rows:
        law = rows[0]["law_id"]
        texts = {}
        sections_file = pdf.parent.parent / "sections.jsonl"
        if sections_file.exists():
            for r in map(json.loads, sections_file.read_text().splitlines()):
                if r["law_id"] == law:
                    texts[r["section"]] = (r["text"], r.get("headings_before", []))
        return law, [
            {
                "section": r["section"],
                "page": r["page"],
                "text": texts.get(r["section"], ("", []))[0],
                "headings": texts.get(r["section"], ("", []))[1],
                "paragraphs": True,
            }
            for r in rows
        ]
    gt = pdf.with_suffix(".gt.txt")
    if not gt.exists():
        return pdf.stem, []
    gold: list[dict] = []
    for line in gt.read_text().splitlines():
        m = _HEADING.match(line + " ")
        if m:
            from ingest.thai import normalize_section_number

            gold.append(
                {
                    "section": normalize_section_number(m.group(1)),
                    "page": 1,
                    "text": line[m.end() :],
                    "headings": [],
                    "paragraphs": False,
                }
            )
        elif gold:
            gold[-1]["text"] += "\n" + line
    return pdf.stem, gold


def breaks(text: str) -> set[int]:
    """Offsets (in whitespace-free text) where a paragraph starts."""
    out, pos = set(), 0
    for i, para in enumerate(text.split("\n")):
        if i and para.strip():
            out.add(pos)
        pos += len("".join(para.split()))
    return out


def check(pdf: Path, plain: bool = False) -> dict:
    pages, how = load_pages(pdf, plain)
    t0 = time.perf_counter()
    parsed: ParsedDraft = parse_draft(pages, fallback_title=pdf.stem)
    secs_time = time.perf_counter() - t0
    law, gold = gold_for(pdf)
    found = parsed.legal_sections
    sm = SequenceMatcher(None, [g["section"] for g in gold], [s.number for s in found], autojunk=False)
    pairs = [(a + k, b + k) for a, b, size in sm.get_matching_blocks() for k in range(size)]
    matched = len(pairs)
    page_ok = text_ok = head_n = head_ok = 0
    bp = defaultdict(int)
    misses: list[str] = []
    for gi, fi in pairs:
        g, s = gold[gi], found[fi]
        page_ok += g["page"] == s.page_start
        mine = s.text.split(s.number_printed, 1)[1] if s.number_printed in s.text[:60] else s.text
        text_ok += squash(mine)[:80] == squash(g["text"])[:80]
        if g["headings"]:
            head_n += 1
            want = [squash(h).rstrip("-") for h in g["headings"]]
            got = [squash(p).rstrip("-") for p in s.chapter_path[-len(want) :]]
            head_ok += got == want
            if got != want and len(misses) < 12:
                misses.append(
                    f"head  มาตรา {g['section']}: {s.chapter_path[-len(want) :]} vs {g['headings']}"
                )
        if g["text"] and g["paragraphs"]:
            gb, mb = breaks(g["text"]), breaks(mine)
            bp["tp"] += len(gb & mb)
            bp["fp"] += len(mb - gb)
            bp["fn"] += len(gb - mb)
        if g["page"] != s.page_start and len(misses) < 6:
            misses.append(f"page  มาตรา {g['section']}: expected p.{g['page']}, found p.{s.page_start}")
        if squash(mine)[:80] != squash(g["text"])[:80] and len(misses) < 6:
            misses.append(f"text  มาตรา {g['section']}: {squash(mine)[:50]!r} vs {squash(g['text'])[:50]!r}")
    gset = {gi for gi, _ in pairs}
    fset = {fi for _, fi in pairs}
    misses += [f"missing มาตรา {g['section']} (p.{g['page']})" for i, g in enumerate(gold) if i not in gset][
        :6
    ]
    misses += [
        f"extra   มาตรา {s.number} (p.{s.page_start}): {s.text[:50]!r}"
        for i, s in enumerate(found)
        if i not in fset
    ][:6]
    n = max(1, len(gold))
    return {
        "law": law,
        "pdf": pdf.name,
        "title": parsed.title,
        "year": parsed.year,
        "how": how,
        "expected": len(gold),
        "found": len(found),
        "number": matched / n,
        "page": page_ok / n,
        "text": text_ok / n,
        "heading": head_ok / head_n if head_n else float("nan"),
        "para": dict(bp),
        "para_p": bp["tp"] / (bp["tp"] + bp["fp"]) if bp["tp"] + bp["fp"] else float("nan"),
        "para_r": bp["tp"] / (bp["tp"] + bp["fn"]) if bp["tp"] + bp["fn"] else float("nan"),
        "blocks": {b: sum(1 for s in parsed.sections if s.block == b) for b in ("memo", "preamble", "page")},
        "warnings": parsed.warnings,
        "misses": misses,
        "seconds": secs_time,
        "pages": len(pages),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path, help="folders of PDFs, or PDF files")
    ap.add_argument("--plain", action="store_true", help="read pages with plain pypdfium2, not ingest.pdf")
    args = ap.parse_args(argv)
    pdfs = [q for p in args.paths for q in (sorted(p.glob("*.pdf")) if p.is_dir() else [p])]
    rows = [check(p, args.plain) for p in pdfs]
    print(f"pages read with: {rows[0]['how'] if rows else '-'}\n")
    head = (
        f"{'law':<16} {'pdf':<44} {'exp':>5} {'found':>5} {'num%':>6} {'page%':>6} {'text%':>6} "
        f"{'head%':>6} {'paraP':>6} {'paraR':>6} {'ms':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['law'][:16]:<16} {r['pdf'][:44]:<44} {r['expected']:>5} {r['found']:>5} {100 * r['number']:>6.1f} "
            f"{100 * r['page']:>6.1f} {100 * r['text']:>6.1f} {100 * r['heading']:>6.1f} "
            f"{100 * r['para_p']:>6.1f} {100 * r['para_r']:>6.1f} {1000 * r['seconds']:>6.0f}"
        )
    total_exp = sum(r["expected"] for r in rows)
    if total_exp:

        def w(key: str) -> float:
            return 100 * sum(r[key] * r["expected"] for r in rows) / total_exp

        tp, fp, fn = (sum(r["para"].get(k, 0) for r in rows) for k in ("tp", "fp", "fn"))
        print(
            f"{'all':<16} {'':<44} {total_exp:>5} {sum(r['found'] for r in rows):>5} {w('number'):>6.1f} "
            f"{w('page'):>6.1f} {w('text'):>6.1f} {'':>6} {100 * tp / max(1, tp + fp):>6.1f} "
            f"{100 * tp / max(1, tp + fn):>6.1f}"
        )
    for r in rows:
        print(
            f"\n{r['pdf']}: title {r['title']!r}, year {r['year']!r}, blocks {r['blocks']}, "
            f"{r['pages']} pages"
        )
        for wmsg in r["warnings"][:5]:
            print(f"  warning: {wmsg}")
        for m in r["misses"][:12]:
            print(f"  {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
