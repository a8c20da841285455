"""Where to draw the line between a sentence a passage supports and one it does not.

    .venv/bin/python bench/attribution.py [--no-vector] [bench/llm_attribution.jsonl]

Each labelled row is a sentence as an LLM might write it, the sections it was given (as the
answerer gives the top passages of a question) and the section that supports it, or none
(invented facts, advice, and 'hard' rows: a passage's own words with one detail changed).
Passages come from the demo corpus source, corpus/src/draft-v2.txt. For each threshold it
prints precision (of the sentences kept, the share given their labelled passage), recall (of
the supported sentences, the share kept with their labelled passage) and F0.5 (a wrongly
kept claim costs more than a dropped one), then the operating point with the best F0.5.
Three sweeps, each with the earlier thresholds fixed at their chosen points: words on rows in
the passages' script; vectors on what words leave undecided there; vectors on rows in another
script (English over Thai), where words cannot meet.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

from ingest.thai import normalize_section_number
from service import grounding
from service.qa.grounding import Support, Terms, lexical_support

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "src" / "draft-v2.txt"
HEADER = "ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. .... ฉบับที่ ๒"
_SECTION = re.compile(r"^มาตรา ([๐-๙0-9]+(?:/[๐-๙0-9]+)?(?: ทวิ| ตรี)?)\s")


def sections(path: Path = SOURCE) -> dict[str, str]:
    """Section number → its text, from the demo corpus source (markup lines skipped)."""
    out: dict[str, str] = {}
    key, lines = None, []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "#"]:
        m = _SECTION.match(line)
        if (m or line.startswith(("%", "@", "#"))) and key:
            out[key] = "\n".join(x for x in lines if x.strip())
            key = None
        if m:
            key, lines = normalize_section_number(m.group(1)), [line]
        elif key and not line.startswith(("%", "@", "#")):
            lines.append(line)
    return out


def score(rows: list[dict], passages: dict[str, str], embedder: object | None) -> list[dict]:
    """Per row and given passage: lexical support, number eligibility and cosine."""
    cache: dict[tuple[str, ...], Support] = {}
    for r in rows:
        given = tuple(r["given"])
        if given not in cache:
            texts = [passages[k] for k in given]
            cache[given] = Support(texts, embedder, headers=[f"{HEADER} มาตรา {k}" for k in given])
        sup = cache[given]
        seg = Terms.of(r["text"])
        r["lexical"] = [lexical_support(seg, t) for t in sup.terms]
        r["cross"] = any(sup.cross(seg, j) for j in range(len(given)))
        r["eligible"] = [seg.numbers <= t.numbers for t in sup.terms]
        r["vector"] = sup.vectors([r["text"]])[0].tolist() if embedder is not None else [-1.0] * len(given)
    return rows


def decide(r: dict, lexical: float, vector: float) -> str | None:
    """The passage the service would attribute the row to (the rule of Support.best; `vector`
    stands for the threshold of the row's script)."""
    j = int(np.argmax(r["lexical"]))
    if r["lexical"][j] >= lexical:
        return r["given"][j]
    ok = [k for k in range(len(r["given"])) if r["eligible"][k] and r["vector"][k] >= vector]
    k = max(ok, key=lambda i: r["vector"][i], default=-1)
    return r["given"][k] if k >= 0 else None


def measure(rows: list[dict], lexical: float, vector: float) -> dict[str, float]:
    picked = [(r, decide(r, lexical, vector)) for r in rows]
    kept = [(r, p) for r, p in picked if p is not None]
    right = sum(p == r["support"] for r, p in kept)
    supported = sum(r["support"] is not None for r in rows)
    precision = right / len(kept) if kept else 1.0
    recall = right / supported if supported else 1.0
    f = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f0.5": f,
        "unsupported kept": sum(r["support"] is None and not r.get("hard") for r, _ in kept),
        "hard kept": sum(bool(r.get("hard")) for r, _ in kept),
        "wrong passage": sum(r["support"] is not None and p != r["support"] for r, p in kept),
    }


def table(title: str, rows: list[dict], points: list[tuple[float, float]], sweep: int) -> tuple[float, float]:
    n_sup = sum(r["support"] is not None for r in rows)
    n_un = sum(r["support"] is None and not r.get("hard") for r in rows)
    n_hard = sum(bool(r.get("hard")) for r in rows)
    print(f"\n{title}: {len(rows)} rows ({n_sup} supported, {n_un} unsupported, {n_hard} hard)\n")
    print("| threshold | precision | recall | F0.5 | unsupported kept | hard kept | wrong passage |")
    print("|---|---|---|---|---|---|---|")
    best, best_f = points[0], -1.0
    for pt in points:
        m = measure(rows, *pt)
        print(
            f"| {pt[sweep]:.2f} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f0.5']:.2f} | "
            f"{m['unsupported kept']}/{n_un} | {m['hard kept']}/{n_hard} | {m['wrong passage']} |"
        )
        if m["f0.5"] > best_f + 1e-9:
            best, best_f = pt, m["f0.5"]
    print(f"\nchosen: {best[sweep]:.2f} (best F0.5, {best_f:.2f}; the lowest threshold on a tie)")
    return best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("labels", type=Path, nargs="?", default=Path(__file__).with_name("llm_attribution.jsonl"))
    p.add_argument("--no-vector", action="store_true", help="words only (no embedder)")
    args = p.parse_args()
    rows = [json.loads(x) for x in args.labels.read_text(encoding="utf-8").splitlines() if x.strip()]
    embedder = None
    if not args.no_vector:
        from ingest.embed import build_embedder
        from ingest.settings import Settings

        embedder = build_embedder(Settings(_env_file=None))  # type: ignore[call-arg]
    rows = score(rows, sections(), embedder)
    same = [r for r in rows if not r["cross"]]
    lexical, _ = table(
        "Same script, words and trigrams", same, [(round(t, 2), 9.0) for t in np.arange(0.30, 0.80, 0.05)], 0
    )
    line = f"LEXICAL_THRESHOLD {grounding.LEXICAL_THRESHOLD:.2f} (measured {lexical:.2f})"
    cross = [r for r in rows if r["cross"]]
    if embedder is not None:
        _, vector = table(
            "Same script, then vectors for what words leave undecided",
            same,
            [(lexical, round(t, 2)) for t in np.arange(0.85, 0.95, 0.01)],
            1,
        )
        line += f", VECTOR_THRESHOLD {grounding.VECTOR_THRESHOLD:.2f} (measured {vector:.2f})"
        if cross:
            _, other = table(
                "Other script (English over Thai), vectors",
                cross,
                [(lexical, round(t, 2)) for t in np.arange(0.80, 0.875, 0.01)],
                1,
            )
            line += f", CROSS_VECTOR_THRESHOLD {grounding.CROSS_VECTOR_THRESHOLD:.2f} (measured {other:.2f})"
    print(f"\nservice.qa.grounding: {line}")


if __name__ == "__main__":
    main()
