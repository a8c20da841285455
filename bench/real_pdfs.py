"""The dry run of real government PDFs in one table: units found, pages flagged for OCR before/after.

    .venv/bin/python bench/real_pdfs.py ../shared/real-pdfs/*.pdf [--show 3]

Per file: pages; the unit the document is cut into (มาตรา or ข้อ) and how many were found (0: plain
pages); pages flagged for OCR with the raised tone-mark glyphs of legacy Thai fonts counted as
unmappable, as before issue 10 ("before"), and read as tone marks ("after"); pages left out with OCR
off. OCR itself is never run here. `--show N` prints the first N units with their first characters.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import pdfium_text
from ingest.pdf import extract_pdf
from ingest.structure import parse_draft


def flagged_before(path: Path) -> int:
    """Pages flagged when the raised tone glyphs are left unmapped (the rule before issue 10)."""
    read = pdfium_text._raised_tones
    pdfium_text._raised_tones = lambda layer: layer.text
    try:
        return sum(p.needs_ocr for p in extract_pdf(path, ocr=False).pages)
    finally:
        pdfium_text._raised_tones = read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=3, help="units printed per file with their first characters")
    args = parser.parse_args()
    print(f"{'file':<58} {'pages':>5} {'unit':>5} {'found':>5} {'flagged before':>14} {'after':>5} {'left out':>8}")
    shown = []
    for path in args.pdfs:
        pages = extract_pdf(path, ocr=False).pages
        parsed = parse_draft(pages, fallback_title=path.stem)
        units = parsed.legal_sections
        print(f"{path.name:<58} {len(pages):>5} {parsed.unit if units else '-':>5} {len(units):>5} "
              f"{flagged_before(path):>14} {len(parsed.ocr_pages):>5} {len(parsed.left_out):>8}")
        for s in units[: args.show] or [b for b in parsed.sections if b.text][: args.show]:
            head = f"{s.unit} {s.number_printed}" if s.block == "section" else f"{s.block} p. {s.page_start}"
            shown.append(f"  {path.name[:40]}: {head}: {' '.join(s.text.split())[:70]}")
    print("\n".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
