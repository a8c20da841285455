"""The demo diff against its gold: corpus/src/CHANGES.md lists every change between the two demo
PDFs. Parses both PDFs as ingestion does, compares them, and prints recall and precision of the
changed sections (with their status), each section's summary beside what CHANGES.md says, and the
units outside the sections that changed; then the v2 PDF against a second parse of itself.

    .venv/bin/python bench/diff_check.py [--old corpus/drafts/waste-act-draft-v1.pdf]
                                         [--new corpus/drafts/waste-act-draft-v2.pdf]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.diff import compare_units
from ingest.diff.model import Unit
from ingest.diff.units import blocks_from_sections, units_of
from ingest.pdf import extract_pdf
from ingest.structure import parse_draft
from ingest.thai import normalize_section_number

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "corpus" / "drafts"


def units(pdf: Path) -> list[Unit]:
    return units_of(blocks_from_sections(parse_draft(extract_pdf(pdf).pages, fallback_title=pdf.stem).sections))


def gold(changes_md: Path) -> dict[str, tuple[str, str, str]]:
    """มาตรา (normalised) → (status, v1 text, v2 text) from the table "Every change, v1 → v2"; a section
    listed twice (มาตรา ๕) keeps both rows' words."""
    table = changes_md.read_text(encoding="utf-8").split("## Every change", 1)[1].split("\n## ", 1)[0]
    out: dict[str, tuple[str, str, str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[๐-๙]+(?:/[๐-๙]+)?", cells[0]):
            status = re.search(r"amended|added|removed", cells[1]).group(0)  # type: ignore[union-attr]
            key = normalize_section_number(cells[0])
            _, old, new = out.get(key, (status, "", ""))
            out[key] = (status, f"{old}; {cells[3]}".strip("; "), f"{new}; {cells[4]}".strip("; "))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", type=Path, default=DRAFTS / "waste-act-draft-v1.pdf")
    ap.add_argument("--new", type=Path, default=DRAFTS / "waste-act-draft-v2.pdf")
    ap.add_argument("--changes", type=Path, default=ROOT / "corpus" / "src" / "CHANGES.md")
    args = ap.parse_args(argv)
    old, new = units(args.old), units(args.new)
    from pythainlp.tokenize import word_tokenize

    word_tokenize("อุ่นเครื่อง", engine="newmm")  # the dictionary is built once, outside the timing
    t0 = time.perf_counter()
    diffs = compare_units(old, new)
    seconds = time.perf_counter() - t0
    want = gold(args.changes)
    got = {(d.new or d.old).number: d for d in diffs if d.kind == "section" and d.changed}  # type: ignore[union-attr]
    hit = {k for k in got if k in want and got[k].status == want[k][0]}
    print(f"{args.old.name} → {args.new.name}: {len(diffs)} units, diff {1000 * seconds:.0f} ms\n")
    print(f"changed sections: gold {len(want)}, found {len(got)}, right status {len(hit)}")
    print(f"recall {len(hit) / max(1, len(want)):.2f}   precision {len(hit) / max(1, len(got)):.2f}\n")
    print(f"{'มาตรา':<7} {'gold':<8} {'found':<10} ok  summary  ‖  CHANGES.md (v1 → v2)")
    for key in sorted(set(want) | set(got), key=lambda k: [int(x) for x in re.findall(r"\d+", k)]):
        d = got.get(key)
        status = want.get(key, ("-", "", ""))
        ok = "✓" if key in hit else "✗"
        summary = d.summary if d else "(not reported)"
        print(f"{key:<7} {status[0]:<8} {d.status if d else '-':<10} {ok}   {summary}  ‖  {status[1]} → {status[2]}")
    others = [d for d in diffs if d.kind != "section" and d.changed]
    print("\noutside the sections:")
    for d in others:
        print(f"  {d.kind:<9} {d.status:<10} {d.summary}")
    again = compare_units(new, units(args.new))
    changed = [d for d in again if d.changed]
    print(f"\n{args.new.name} against a second parse of itself: {len(changed)} changed units of {len(again)}")
    return 0 if len(hit) == len(want) == len(got) else 1


if __name__ == "__main__":
    raise SystemExit(main())
