"""Long, many-sided questions: retrieval figures per question group, for the project's hybrid and
the long-question variants (service/qa/long_questions.py).

    .venv/bin/python bench/long_questions.py /work/shared/eval-dev/questions-dev.jsonl --data-dir /tmp/evaldev-data

Prints HR@5, HR@10, Multi-HR@10 and MRR@10 per group (NitiBench-Tax rulings, staff questions, or a
file's own `source`), for each variant of the grid, with dense-only and lexical-only rows; then,
with --cv, the variant chosen on the other folds, scored on each held-out fold (what tuning on this
few questions is worth). Question embeddings are cached across variants, so the grid costs one
embedding of each question and each part.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.embed import build_embedder, embed_queries
from ingest.settings import Settings
from ingest.thai import normalize_text
from service.eval.retrieval import matches

OFF = {"long_question_chars": 0}
GRID: list[tuple[str, dict, str]] = [
    ("project hybrid (before)", OFF, "hybrid"),
    ("dense only", OFF, "dense"),
    ("plain dense (no scope read from the question)", {**OFF, "_plain": True}, "dense"),
    ("lexical only", OFF, "lexical"),
    ("rare words only (max df .05)", {**OFF, "long_question_chars": 300, "long_part_weight": 0.0,
                                      "long_lexical_max_df": 0.05}, "hybrid"),
]
for weight in (0.25, 0.5, 1.0, 2.0):
    for max_df in (1.0, 0.05):
        GRID.append((f"parts w={weight} max df={max_df}",
                     {"long_question_chars": 300, "long_part_weight": weight, "long_lexical_max_df": max_df},
                     "hybrid"))


class CachedEmbedder:
    """The real embedder, with question vectors and token counts remembered by text."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.identity, self.dim, self.max_query_tokens = inner.identity, inner.dim, inner.max_query_tokens
        self._vec: dict[str, np.ndarray] = {}
        self._tok: dict[str, int] = {}
        self.embedded_chars = 0

    def query_tokens(self, text: str) -> int:
        if text not in self._tok:
            self._tok[text] = self.inner.query_tokens(text)
        return self._tok[text]

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self._vec]
        if todo:
            self.embedded_chars += sum(map(len, todo))
            for t, v in zip(todo, embed_queries(self.inner, todo), strict=True):
                self._vec[t] = v
        return np.vstack([self._vec[t] for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)


def group_of(q: dict) -> str:
    src = str(q.get("source") or q.get("kind") or "")
    if src == "nitibench-tax":
        return "tax (long)"
    if src == "written-here":
        return "staff (short)"
    return src or "questions"


def run(questions: list[dict], settings: Settings, retriever, holder, overrides: dict, mode: str) -> list[dict]:
    plain = bool(overrides.get("_plain"))
    retriever.settings = settings.model_copy(update={k: v for k, v in overrides.items() if k != "_plain"})
    snap = holder.snapshot
    recs = []
    for q in questions:
        question = normalize_text(q["question"])
        uids = retriever.scope(snap, None, None, None, "" if plain else question)
        t = time.perf_counter()
        r = retriever.retrieve(snap, question, uids, 10, dense=mode != "lexical", lexical=mode != "dense")
        ms = (time.perf_counter() - t) * 1000
        ranks = [next((i for i, h in enumerate(r.hits) if any(matches(g, row.meta) for row in h.rows)), None)
                 for g in q["gold"]]
        recs.append({"id": q["id"], "group": group_of(q), "ranks": ranks, "ms": ms})
    return recs


def scores(recs: list[dict]) -> dict[str, float]:
    if not recs:
        return {}
    first = [min((x for x in r["ranks"] if x is not None), default=None) for r in recs]
    n = len(recs)
    return {
        "HR@5": sum(f is not None and f < 5 for f in first) / n,
        "HR@10": sum(f is not None and f < 10 for f in first) / n,
        "Multi-HR@10": sum(all(x is not None and x < 10 for x in r["ranks"]) for r in recs) / n,
        "MRR@10": sum(1 / (f + 1) for f in first if f is not None and f < 10) / n,
    }


def objective(recs: list[dict]) -> float:
    s = scores(recs)
    return s["HR@10"] + s["Multi-HR@10"] + s["MRR@10"] if s else 0.0


COLS = ["HR@5", "HR@10", "Multi-HR@10", "MRR@10"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("questions", nargs="+", type=Path)
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--only", default="", help="comma-separated variant names (prefixes) to run")
    p.add_argument("--cv", type=int, default=0, help="folds for choosing a variant on the rest (0 = off)")
    p.add_argument("--cost", action="store_true", help="only time the embedding of each long question, "
                   "whole (cut to the model) and whole with its parts in one batch")
    args = p.parse_args(argv)
    if args.cost:
        return cost(args.questions)

    from service.qa.index import IndexHolder
    from service.qa.retrieve import Retriever

    settings = Settings(data_dir=args.data_dir)
    embedder = CachedEmbedder(build_embedder(settings))
    holder = IndexHolder(settings, embedder)
    retriever = Retriever(settings, embedder)
    questions = [json.loads(line) for f in args.questions for line in f.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    questions = [q for q in questions if q.get("gold")]
    grid = [g for g in GRID if not args.only or any(g[0].startswith(o) for o in args.only.split(","))]
    results: dict[str, list[dict]] = {}
    for name, overrides, mode in grid:
        t = time.perf_counter()
        results[name] = run(questions, settings, retriever, holder, overrides, mode)
        print(f"{name}: {time.perf_counter() - t:.1f}s", file=sys.stderr)

    groups = sorted({r["group"] for recs in results.values() for r in recs})
    for g in groups:
        n = sum(r["group"] == g for r in next(iter(results.values())))
        print(f"\n### {g} ({n} questions)\n")
        print("| variant | " + " | ".join(COLS) + " | retrieve ms p50 |")
        print("|---|" + "---|" * (len(COLS) + 1))
        for name, recs in results.items():
            sub = [r for r in recs if r["group"] == g]
            s = scores(sub)
            print(f"| {name} | " + " | ".join(f"{s[c]:.2f}" for c in COLS)
                  + f" | {statistics.median(r['ms'] for r in sub):.0f} |")

    if args.cv:
        tuned = [n for n, _, mode in grid if mode == "hybrid"]
        for g in groups:
            ids = sorted(r["id"] for r in results[tuned[0]] if r["group"] == g)
            folds = [set(ids[i :: args.cv]) for i in range(args.cv)]
            held: list[dict] = []
            chosen: list[str] = []
            for fold in folds:
                def pick(name: str, fold: set = fold, g: str = g) -> float:
                    return objective([r for r in results[name] if r["group"] == g and r["id"] not in fold])
                best = max(tuned, key=pick)
                chosen.append(best)
                held += [r for r in results[best] if r["id"] in fold]
            s = scores(held)
            print(f"\n{g}: {args.cv}-fold CV, variant chosen on the other folds, held-out: "
                  + ", ".join(f"{c} {s[c]:.2f}" for c in COLS) + "; chosen: " + "; ".join(sorted(set(chosen))))
    print(f"\nembedded {embedder.embedded_chars:,} characters of questions and parts", file=sys.stderr)
    return 0


def cost(files: list[Path]) -> int:
    from ingest.embed import fit_query
    from service.qa.long_questions import split_question

    settings = Settings()
    embedder = build_embedder(settings)
    embedder.embed_query("อุ่นเครื่อง")
    whole_s: list[float] = []
    parts_s: list[float] = []
    n_parts: list[int] = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            q = normalize_text(json.loads(line)["question"]) if line.strip() else ""
            parts = split_question(q, settings.long_question_parts, settings.long_part_chars,
                                   settings.long_question_chars)
            if not parts:
                continue
            fit = fit_query(embedder, q).text
            t = time.perf_counter()
            embedder.embed_query(fit)
            whole_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            embed_queries(embedder, [fit] + [fit_query(embedder, p).text for p in parts])
            parts_s.append(time.perf_counter() - t)
            n_parts.append(len(parts))
    if not whole_s:
        print("no long questions")
        return 0

    def p95(xs: list[float]) -> float:
        return sorted(xs)[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]

    print(f"{len(whole_s)} long questions, parts p50 {statistics.median(n_parts):.0f} max {max(n_parts)}")
    print("| embedding | p50 s | p95 s |\n|---|---|---|")
    print(f"| whole question (cut to 512 tokens) | {statistics.median(whole_s):.2f} | {p95(whole_s):.2f} |")
    print(f"| whole + parts, one batch | {statistics.median(parts_s):.2f} | {p95(parts_s):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
