"""Calibrate the found / not-found model (service/qa/refusal.py) on labelled questions.

    .venv/bin/python bench/calibrate_refusal.py \
        --set corpus/qa.jsonl=data --set ../shared/eval-dev/questions-dev.jsonl=/tmp/evaldev-data [--write]

Each `--set QUESTIONS=INDEX` runs its questions through the answerer's own reading (retrieval,
unit choice, signals) on that index. The figures printed are out of fold: five folds, each
question scored by a model fitted without it. A threshold table and the ROC area, for the
signals together and for the similarity alone (the old rule), then the operating point: the
highest balanced accuracy among thresholds that answer ≥ 90 % of answerable questions (the
highest balanced accuracy overall if none does). `--write` fits on every question and saves
service/qa/refusal_model.json with that threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.embed import build_embedder  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.thai import normalize_text  # noqa: E402
from service.qa.answer import Answerer  # noqa: E402
from service.qa.index import IndexHolder  # noqa: E402
from service.qa.refusal import FEATURES, MODEL_FILE, RefusalModel, fit  # noqa: E402
from service.qa.retrieve import Retriever  # noqa: E402

FOLDS = 5
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]
_PLACEHOLDER = RefusalModel(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES)), 0.0, 0.5)


def signals_of(questions: list[dict], data_dir: Path) -> list[dict]:
    settings = Settings(data_dir=data_dir)
    embedder = build_embedder(settings)
    answerer = Answerer(settings, IndexHolder(settings, embedder), Retriever(settings, embedder),
                        refusal=_PLACEHOLDER)
    snap = answerer.holder.snapshot
    rows = []
    for q in questions:
        question = normalize_text(q["question"])
        uids = answerer.retriever.scope(snap, None, None, None, question)
        reading = answerer.read(snap, question, answerer.retriever.retrieve(snap, question, uids, 5))
        s = reading.signals
        if s is None:
            continue
        rows.append({"id": q["id"], "y": int(bool(q.get("gold"))), "named": s.named, "other": s.other_party or s.unsaid,
                     "x": s.vector().tolist()})
    return rows


def fold_of(set_name: str, qid: str) -> int:
    return int(hashlib.sha256(f"{set_name}:{qid}".encode()).hexdigest(), 16) % FOLDS


def class_weights(y: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """Each (set, label) cell weighs the same in all: sets and classes of different sizes count alike."""
    w = np.ones(len(y))
    cells = {(s, c) for s, c in zip(sets, y, strict=True)}
    for s, c in cells:
        idx = (sets == s) & (y == c)
        w[idx] = len(y) / (len(cells) * idx.sum())
    return w


def out_of_fold(x: np.ndarray, y: np.ndarray, sets: np.ndarray, folds: np.ndarray, cols: list[int],
                l2: float) -> np.ndarray:
    p = np.zeros(len(y))
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        m = fit(x[train][:, cols], y[train], l2, class_weights(y[train], sets[train]))
        z = ((x[test][:, cols] - m.mean) / m.scale) @ m.coef + m.bias
        p[test] = 1 / (1 + np.exp(-z))
    return p


def auc(p: np.ndarray, y: np.ndarray) -> float:
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                 / (len(pos) * len(neg)))


def table(p: np.ndarray, y: np.ndarray, sets: np.ndarray, named: np.ndarray, other: np.ndarray) -> list[tuple]:
    rows = []
    found = lambda t: ((p >= t) | named) & ~other  # noqa: E731
    for t in THRESHOLDS:
        f = found(t)
        per = []
        for s in sorted(set(sets)):
            idx = sets == s
            per.append((f[idx & (y == 1)].mean(), (~f[idx & (y == 0)]).mean()))
        answered, refused = f[y == 1].mean(), (~f[y == 0]).mean()
        rows.append((t, answered, refused, (answered + refused) / 2, per))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", required=True, help="QUESTIONS.jsonl=INDEX_DIR")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", action="store_true", help=f"save the model fitted on all questions to {MODEL_FILE}")
    args = ap.parse_args(argv)

    rows, sets = [], []
    for spec in args.set:
        qfile, data = spec.split("=", 1)
        questions = [json.loads(ln) for ln in Path(qfile).read_text(encoding="utf-8").splitlines() if ln.strip()]
        got = signals_of(questions, Path(data))
        rows += got
        sets += [Path(qfile).name] * len(got)
    x = np.array([r["x"] for r in rows])
    y = np.array([r["y"] for r in rows])
    named = np.array([r["named"] for r in rows], dtype=bool)
    other = np.array([r["other"] for r in rows], dtype=bool)  # decided by rule, like a named section
    s = np.array(sets)
    folds = np.array([fold_of(st, r["id"]) for st, r in zip(sets, rows, strict=True)])
    names = sorted(set(sets))
    print(f"{len(y)} questions ({int(y.sum())} answerable) from {', '.join(names)}; {FOLDS}-fold, out of fold\n")

    variants = {"similarity only (old rule)": [FEATURES.index("dense"), FEATURES.index("en")],
                "all signals": list(range(len(FEATURES)))}
    chosen = None
    for title, cols in variants.items():
        p = out_of_fold(x, y, s, folds, cols, args.l2)
        ruled = named | other
        print(f"## {title}: ROC area {auc(p[~ruled], y[~ruled]):.3f}\n")
        head = " | ".join(f"{n} answered | {n} refused" for n in names)
        print(f"| threshold | answered | refused | balanced | {head} |")
        print("|---|---|---|---|" + "---|---|" * len(names))
        rows_t = table(p, y, s, named, other)
        for t, a, r, b, per in rows_t:
            cells = " | ".join(f"{pa:.2f} | {pr:.2f}" for pa, pr in per)
            print(f"| {t:.2f} | {a:.2f} | {r:.2f} | {b:.2f} | {cells} |")
        ok = [row for row in rows_t if row[1] >= 0.90] or rows_t
        best = max(ok, key=lambda row: (row[3], row[1]))
        print(f"\noperating point: {best[0]:.2f} (answered {best[1]:.2f}, refused {best[2]:.2f}, "
              f"balanced {best[3]:.2f})\n")
        chosen = best
    assert chosen is not None
    full = fit(x, y, args.l2, class_weights(y, s), threshold=chosen[0])
    print("weights (standardised):", ", ".join(f"{f} {c:+.2f}" for f, c in zip(FEATURES, full.coef, strict=True)),
          f"bias {full.bias:+.2f}")
    if args.write:
        full.save(MODEL_FILE, {"trained_on": names, "questions": len(y), "l2": args.l2,
                               "cv": {"answered": round(chosen[1], 3), "refused": round(chosen[2], 3)}})
        print(f"written {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
