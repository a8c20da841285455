"""Compare retrieval settings on one index without re-embedding anything.

    .venv/bin/python bench/tune.py --data-dir /tmp/evalpdf ../shared/eval-dev/questions-dev.jsonl \
        --grid dense_weight=1.0,1.5 lexical_weight=0.5,1.0 candidates=50,100

Prints one table row per combination (hybrid mode), for tuning the fusion weights.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from ingest.embed import build_embedder
from ingest.settings import Settings
from service.eval.retrieval import evaluate
from service.qa.index import IndexHolder


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("questions", type=Path)
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--grid", nargs="*", default=[], help="name=v1,v2 ...")
    args = p.parse_args()
    base = Settings(data_dir=args.data_dir)
    embedder = build_embedder(base)
    holder = IndexHolder(base, embedder)
    questions = [json.loads(x) for x in args.questions.read_text(encoding="utf-8").splitlines() if x.strip()]
    names = [g.split("=")[0] for g in args.grid]
    values = [[type(getattr(base, n))(v) for v in g.split("=")[1].split(",")] for n, g in zip(names, args.grid, strict=True)]
    cols = ["hit@1", "hit@5", "hit@10", "mrr@10", "multi-hr@10"]
    print("| " + " | ".join(names) + " | set | " + " | ".join(cols) + " |")
    print("|" + "---|" * (len(names) + 1 + len(cols)))
    for combo in itertools.product(*values) if values else [()]:
        s = base.model_copy(update=dict(zip(names, combo, strict=True)))
        res = evaluate(questions, s, ["hybrid"], embedder=embedder, holder=holder)["hybrid"]
        for group, m in sorted(res.items()):
            if "hit@1" in m:
                row = " | ".join(f"{m[c]:.2f}" for c in cols)
                print("| " + " | ".join(map(str, combo)) + f" | {group} | {row} |", flush=True)


if __name__ == "__main__":
    main()
