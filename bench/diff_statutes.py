"""The version diff on real statutes: each eval-dev PDF, parsed as ingestion parses it, against the
same law's text in sections.jsonl (two independent renderings of one text: every section should
come out unchanged), and the time to diff the Civil and Commercial Code against itself.

    .venv/bin/python bench/diff_statutes.py ../shared/eval-dev [--repeat 3] [--show 3]

Prints one row per statute: sections in the PDF and in sections.jsonl, the diff's statuses (sections
only; an amendment here is a false one), then the timings. Shared data is read by path, never copied.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.diff import compare_units
from ingest.diff.model import Unit, UnitDiff
from ingest.diff.units import blocks_from_sections, units_of
from ingest.models import Section
from ingest.pdf import extract_pdf
from ingest.structure import parse_draft
from ingest.thai import normalize_text

CIVIL = "civil_and_commercial_code.pdf"


def pdf_units(pdf: Path) -> list[Unit]:
    parsed = parse_draft(extract_pdf(pdf).pages, fallback_title=pdf.stem)
    return [u for u in units_of(blocks_from_sections(parsed.legal_sections)) if u.kind == "section"]


def gold_units(rows: list[dict]) -> list[Unit]:
    """sections.jsonl rows as units: "มาตรา N" before the text, as a parsed section starts (a schedule's
    entry, "บัญชีอัตราอากรแสตมป์ 1", starts with its own name), normalised as ingestion normalises
    every text it reads (ingest.thai.normalize_text)."""
    def text(r: dict) -> str:
        head = f"มาตรา {r['section']}" if r["section"][:1].isdigit() else r["section"]
        return normalize_text(f"{head} {r['text']}")

    sections = [Section("section", r["section"], r["section"], [], 1, 1, text(r), order=i)
                for i, r in enumerate(sorted(rows, key=lambda r: r["order"]))]
    return [u for u in units_of(blocks_from_sections(sections)) if u.kind == "section"]


def timed(old: list[Unit], new: list[Unit], repeat: int) -> tuple[float, list[UnitDiff]]:
    from ingest.diff import units, words

    runs, out = [], []
    for _ in range(repeat):
        for cached in (words.words, words._bag, units.compare_key):
            cached.cache_clear()
        t0 = time.perf_counter()
        out = compare_units(old, new)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), out


def neighbours(by_law: dict[str, list[dict]]) -> None:
    """How similar two different sections of one law are (each with the next one): the pairs that
    the alignment's thresholds (SAME_NUMBER_MIN, MOVED_MIN) must keep apart."""
    from ingest.diff.align import MOVED_MIN, SAME_NUMBER_MIN
    from ingest.diff.words import similarity

    sims = []
    for rows in by_law.values():
        us = gold_units(rows)
        sims += [similarity(a.body, b.body) for a, b in pairwise(us)
                 if len(a.body) > 80 and len(b.body) > 80]
    sims.sort()

    def pct(q: float) -> float:
        return sims[min(len(sims) - 1, int(q * len(sims)))]

    print(f"\nneighbouring sections (different texts, > 80 characters): {len(sims)} pairs, word similarity "
          f"p50 {pct(.5):.2f}, p95 {pct(.95):.2f}, p99 {pct(.99):.2f}, max {sims[-1]:.2f}; "
          f"≥ {SAME_NUMBER_MIN} (same number): {sum(x >= SAME_NUMBER_MIN for x in sims)}, "
          f"≥ {MOVED_MIN} (another number): {sum(x >= MOVED_MIN for x in sims)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dev", type=Path, help="the eval-dev folder (pdf/, sections.jsonl)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (median)")
    ap.add_argument("--show", type=int, default=3, help="changed sections to show per statute")
    args = ap.parse_args(argv)
    pages = [json.loads(x) for x in (args.eval_dev / "pdf" / "pages.jsonl").read_text().splitlines() if x.strip()]
    law_of = {r["pdf"]: r["law_id"] for r in pages}
    by_law: dict[str, list[dict]] = {}
    for line in (args.eval_dev / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            by_law.setdefault(r["law_id"], []).append(r)
    from pythainlp.tokenize import word_tokenize

    word_tokenize("อุ่นเครื่อง", engine="newmm")  # the dictionary is built once, outside the timings
    head = (f"{'statute':<46} {'pdf':>5} {'gold':>5} {'same':>5} {'amend':>5} {'added':>5} {'remov':>5} "
            f"{'renum':>5} {'ms':>7}")
    print(head)
    print("-" * len(head))
    totals = dict.fromkeys(("pdf", "gold", "unchanged", "amended", "added", "removed", "renumbered"), 0)
    notes: list[str] = []
    civil: list[Unit] = []
    for pdf in sorted((args.eval_dev / "pdf").glob("*.pdf")):
        mine, gold = pdf_units(pdf), gold_units(by_law.get(law_of.get(pdf.name, ""), []))
        if pdf.name == CIVIL:
            civil = mine
        seconds, diffs = timed(gold, mine, 1)
        c = dict.fromkeys(("unchanged", "amended", "added", "removed", "renumbered"), 0)
        for d in diffs:
            c[d.status] += 1
        for k, v in [("pdf", len(mine)), ("gold", len(gold)), *c.items()]:
            totals[k] += v
        print(f"{pdf.stem[:46]:<46} {len(mine):>5} {len(gold):>5} {c['unchanged']:>5} {c['amended']:>5} "
              f"{c['added']:>5} {c['removed']:>5} {c['renumbered']:>5} {1000 * seconds:>7.0f}")
        for d in [d for d in diffs if d.status != "unchanged"][: args.show]:
            notes.append(f"  {pdf.stem}: {d.status} {(d.old or d.new).label}: {d.summary[:110]}")
    t = totals
    print(f"{'all':<46} {t['pdf']:>5} {t['gold']:>5} {t['unchanged']:>5} {t['amended']:>5} {t['added']:>5} "
          f"{t['removed']:>5} {t['renumbered']:>5}")
    if notes:
        print("\nfirst differences:")
        print("\n".join(notes))
    neighbours(by_law)
    if civil:
        again = pdf_units(args.eval_dev / "pdf" / CIVIL)  # a second, independent parse of the same PDF
        seconds, diffs = timed(civil, again, args.repeat)
        changed = sum(d.status != "unchanged" for d in diffs)
        print(f"\nCivil and Commercial Code against itself: {len(civil)} sections, {changed} changed, "
              f"{1000 * seconds:.0f} ms (median of {args.repeat}, caches cleared each run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
