"""Does the indexed text keep the printed page's spaces? Section texts vs their gold texts.

    .venv/bin/python bench/quote_spacing.py [--eval-dev ../shared/eval-dev] [--misses N]

Each PDF goes through what ingestion indexes: `ingest.pdf.extract_pdf`, then
`ingest.structure.parse_draft`. Every parsed มาตรา is compared, after its printed number, with its
gold text: the demo drafts (corpus/drafts) with their sources (corpus/src/draft-v*.txt, a มาตรา
runs over its paragraphs until the next มาตรา or a heading), and the eval-dev statute PDFs with
`sections.jsonl` (mapped through `pdf/pages.jsonl`). Both sides are compared with whitespace runs
collapsed to one space, newlines counted as spaces (a lost paragraph break runs two clauses
together, just like a lost clause space).

Per document: sections compared, share whose text is equal to the gold, and, at the junctions
between two non-space characters that both sides hold (aligned with difflib where the letters
differ), spaces missing (gold has one, the extraction none) and extra (the other way), per 1,000
gold spaces.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.models import Section  # noqa: E402
from ingest.pdf import extract_pdf  # noqa: E402
from ingest.structure import parse_draft  # noqa: E402
from ingest.thai import normalize_section_number  # noqa: E402

_SOURCE_HEAD = re.compile(r"^มาตรา ([๐-๙0-9]+(?:/[๐-๙0-9]+)?(?: (?:ทวิ|ตรี|จัตวา))?)  (.*)$")


@dataclass
class Tally:
    name: str
    sections: int = 0
    equal: int = 0
    gold_spaces: int = 0
    missing: int = 0
    extra: int = 0
    unmatched: int = 0  # gold sections the parser did not find
    misses: list[str] = field(default_factory=list)


def collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def space_marks(text: str) -> tuple[str, set[int]]:
    """The text without spaces, and the offsets in it that a space precedes."""
    letters: list[str] = []
    marks: set[int] = set()
    for word in collapse(text).split(" "):
        if letters:
            marks.add(len(letters))
        letters.extend(word)
    return "".join(letters), marks


def compare(tally: Tally, label: str, mine: str, gold: str, keep: int) -> None:
    tally.sections += 1
    a, b = collapse(mine), collapse(gold)
    tally.equal += a == b
    m_letters, m_marks = space_marks(a)
    g_letters, g_marks = space_marks(b)
    if m_letters == g_letters:
        pairs = [(k, k) for k in range(1, len(g_letters))]
    else:
        sm = SequenceMatcher(None, g_letters, m_letters, autojunk=False)
        pairs = [(g + k, m + k) for g, m, size in sm.get_matching_blocks() for k in range(1, size)]
    missing = extra = 0
    for g, m in pairs:
        tally.gold_spaces += g in g_marks
        missing += g in g_marks and m not in m_marks
        extra += m in m_marks and g not in g_marks
    tally.missing += missing
    tally.extra += extra
    if (missing or extra) and len(tally.misses) < keep:
        g, m = next((g, m) for g, m in pairs if (g in g_marks) != (m in m_marks))
        what = "missing" if g in g_marks else "extra"
        tally.misses.append(
            f"{label}: {what} space …{g_letters[max(0, g - 20) : g]}|{g_letters[g : g + 20]}…"
        )


def section_body(s: Section) -> str:
    head = s.text[:60]
    return s.text.split(s.number_printed, 1)[1] if s.number_printed in head else s.text


def parsed_sections(pdf: Path) -> dict[str, Section]:
    parsed = parse_draft(extract_pdf(pdf).pages, fallback_title=pdf.stem)
    out: dict[str, Section] = {}
    for s in parsed.legal_sections:
        out.setdefault(s.number, s)
    return out


def demo_gold(source: Path) -> tuple[Path, dict[str, str]]:
    """The PDF a demo source renders to, and its มาตรา texts (paragraphs joined by newlines)."""
    output = None
    gold: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.startswith("%") or line.strip() == "----":
            continue
        if m := re.match(r"^@output:\s*(.*)$", line):
            output = m.group(1)
            continue
        if line.startswith(("@", "#", ">>")):
            current = None
            continue
        if m := _SOURCE_HEAD.match(line):
            current = gold.setdefault(normalize_section_number(m.group(1)), [])
            current.append(m.group(2))
        elif current is not None:
            current.append(line.strip())
    if output is None:
        raise SystemExit(f"{source}: no @output directive")
    return ROOT / "corpus" / output, {k: "\n".join(v) for k, v in gold.items()}


def measure(name: str, pdf: Path, gold: dict[str, str], keep: int) -> Tally:
    tally = Tally(name)
    found = parsed_sections(pdf)
    for number, text in gold.items():
        s = found.get(number)
        if s is None:
            tally.unmatched += 1
            continue
        compare(tally, f"มาตรา {number}", section_body(s), text, keep)
    return tally


def eval_dev(root: Path, keep: int) -> list[Tally]:
    pages = [json.loads(x) for x in (root / "pdf" / "pages.jsonl").read_text().splitlines() if x.strip()]
    texts: dict[tuple[str, str], str] = {}
    for line in (root / "sections.jsonl").read_text().splitlines():
        if line.strip():
            r = json.loads(line)
            texts[(r["law_id"], r["section"])] = r["text"]
    by_pdf: dict[str, dict[str, str]] = {}
    for r in pages:
        if (r["law_id"], r["section"]) in texts:
            by_pdf.setdefault(r["pdf"], {})[r["section"]] = texts[(r["law_id"], r["section"])]
    return [measure(pdf, root / "pdf" / pdf, gold, keep) for pdf, gold in sorted(by_pdf.items())]


def print_table(rows: list[Tally]) -> None:
    head = f"{'document':<48} {'secs':>5} {'unfound':>7} {'equal%':>7} {'gold sp':>8} {'miss/1k':>8} {'extra/1k':>8}"
    print(head)
    print("-" * len(head))

    def line(name: str, t: list[Tally]) -> None:
        secs, spaces = sum(x.sections for x in t), sum(x.gold_spaces for x in t)
        per = 1000 / max(1, spaces)
        print(
            f"{name[:48]:<48} {secs:>5} {sum(x.unmatched for x in t):>7} "
            f"{100 * sum(x.equal for x in t) / max(1, secs):>7.1f} {spaces:>8} "
            f"{per * sum(x.missing for x in t):>8.1f} {per * sum(x.extra for x in t):>8.1f}"
        )

    for r in rows:
        line(r.name, [r])
    if len(rows) > 1:
        line("all", rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dev", type=Path, default=ROOT.parent / "shared" / "eval-dev")
    ap.add_argument("--misses", type=int, default=0, help="show the first N differing sections per document")
    args = ap.parse_args(argv)
    demo = []
    for source in sorted((ROOT / "corpus" / "src").glob("draft-v*.txt")):
        pdf, gold = demo_gold(source)
        demo.append(measure(pdf.name, pdf, gold, args.misses))
    print("demo drafts vs corpus/src\n")
    print_table(demo)
    dev = eval_dev(args.eval_dev, args.misses) if (args.eval_dev / "sections.jsonl").exists() else []
    if dev:
        print(f"\neval-dev statutes vs {args.eval_dev / 'sections.jsonl'}\n")
        print_table(dev)
    for r in demo + dev:
        for m in r.misses:
            print(f"  {r.name}: {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
