"""How many links ingest/references.py finds in the eval-dev statutes, and how many point nowhere.

Reads ../shared/eval-dev/sections.jsonl (statute texts, no ingest needed). Per statute: sections,
sections that name another, links to sections (ranges filled in), links through defined terms,
references to another law (not linked), paragraph references inside a section, and links to
sections the statute does not have: a sign of a parse error, or of a repealed section.

    .venv/bin/python bench/references.py [--shared ../shared] [--show 5]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from ingest.references import document_refs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--show", type=int, default=0, help="print this many missing links per statute")
    args = ap.parse_args()
    laws: dict[str, list[dict]] = defaultdict(list)
    with (args.shared / "eval-dev" / "sections.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            laws[row["law_title"]].append(row)
    cols = ("statute", "sections", "naming", "links", "via terms", "other law", "within", "missing")
    print(" | ".join(cols))
    totals = [0] * 7
    for title, rows in laws.items():
        rows.sort(key=lambda r: r.get("order", 0))
        path: list[str] = []
        items = []
        for r in rows:
            path = [*path, *r.get("headings_before", [])][-3:] if r.get("headings_before") else path
            items.append((r["section"], r["text"], tuple(path)))
        refs = document_refs(items, title=title)
        figures = [
            len(refs),
            sum(1 for x in refs.values() if x.sections),
            sum(len(x.sections) for x in refs.values()),
            sum(len(set(x.terms.values())) for x in refs.values()),
            sum(len(x.external) for x in refs.values()),
            sum(len(x.within) for x in refs.values()),
            sum(len(x.missing) for x in refs.values()),
        ]
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        print(" | ".join([title[:48], *map(str, figures)]))
        if args.show:
            shown = [(n, m) for n, x in refs.items() for m in x.missing][: args.show]
            for n, m in shown:
                print(f"    มาตรา {n} → {m}")
    print(" | ".join(["all", *map(str, totals)]))


if __name__ == "__main__":
    main()
