"""Retrieval and refusal quality: `python -m service.eval QUESTIONS.jsonl [...]`.

Runs each question through the same scope → retrieval → found decision as the API and
prints hit@1/5/10, MRR@10, Multi-HR@10 and refusal precision/recall, for hybrid, dense
only and lexical only. Gold may be eval-dev style `{law_id, section}` or ours:
`{document, version?, section}`, `{document, time}` (transcript), `{document, turn}`.

It can first build the index it evaluates:
  --pdfs DIR      ingest the PDFs end to end (document key = law_id from DIR/pages.jsonl)
  --sections F    ingest eval-dev sections.jsonl directly (one chunk per section, no PDF step)
  --corpus DIR    ingest a folder with its manifest (e.g. corpus/)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ingest.embed import build_embedder
from ingest.settings import Settings
from ingest.thai import normalize_text, to_arabic
from service.eval.answers import seconds_of


def matches(gold: dict, meta: dict) -> bool:
    doc = gold.get("document") or gold.get("law_id")
    if meta.get("doc_key") != doc:
        return False
    if gold.get("version") and meta.get("version") != gold["version"]:
        return False
    if "section" in gold:
        return meta.get("block") == "section" and str(meta.get("section")) == to_arabic(str(gold["section"]))
    if "time" in gold:
        t = seconds_of(str(gold["time"]))
        return float(meta.get("start_s", -1)) - 1 <= t <= float(meta.get("end_s", -1)) + 1
    if "turn" in gold:
        return int(meta.get("turn_start", -1)) <= int(gold["turn"]) <= int(meta.get("turn_end", -1))
    return False


def evaluate(questions: list[dict], settings: Settings, modes: list[str], *, embedder=None,
             holder=None) -> dict[str, dict[str, dict]]:
    """{mode: {group: metrics}}; groups are the questions' `source` (or `kind`) and 'all'."""
    from service.qa.answer import Answerer
    from service.qa.index import IndexHolder
    from service.qa.retrieve import Retriever

    embedder = embedder or build_embedder(settings)
    holder = holder or IndexHolder(settings, embedder)
    retriever = Retriever(settings, embedder)
    answerer = Answerer(settings, holder, retriever)
    snap = holder.snapshot
    out: dict[str, dict[str, dict]] = {}
    for mode in modes:
        per_group: dict[str, list[dict]] = defaultdict(list)
        for q in questions:
            question = normalize_text(q["question"])
            gold = q.get("gold") or []
            versions = {g.get("version") for g in gold if g.get("version")}
            version = versions.pop() if len(versions) == 1 else None
            uids = retriever.scope(snap, None, version, None, question)
            r = retriever.retrieve(snap, question, uids, 10, dense=mode != "lexical", lexical=mode != "dense")
            decision = answerer.decide(answerer.read(snap, question, r), 5)
            ranks = []
            for g in gold:
                rank = next((i for i, h in enumerate(r.hits) if any(matches(g, row.meta) for row in h.rows)), None)
                ranks.append(rank)
            rec = {"gold": len(gold), "ranks": ranks, "found": decision.found, "conf": decision.confidence,
                   "named": bool(r.hits and r.hits[0].named)}
            group = str(q.get("source") or q.get("kind") or ("unanswerable" if not gold else "answerable"))
            per_group[group].append(rec)
            per_group["all"].append(rec)
        out[mode] = {g: metrics(recs) for g, recs in per_group.items()}
        out[mode]["all"]["_records"] = per_group["all"]  # type: ignore[assignment]
    return out


def threshold_sweep(records: list[dict], steps: int = 31) -> list[tuple[float, float, float, float]]:
    """(threshold, answered share of answerable, refused share of unanswerable, balanced accuracy)."""
    ans = [r for r in records if r["gold"]]
    un = [r for r in records if not r["gold"]]
    confs = sorted(r["conf"] for r in records if not r.get("named"))
    if not confs or not ans or not un:
        return []
    lo, hi = confs[0], confs[-1]
    rows = []
    for i in range(steps):
        t = lo + (hi - lo) * i / (steps - 1)
        answered = sum(r.get("named") or r["conf"] >= t for r in ans) / len(ans)
        refused = sum(not (r.get("named") or r["conf"] >= t) for r in un) / len(un)
        rows.append((t, answered, refused, (answered + refused) / 2))
    return rows


def metrics(recs: list[dict]) -> dict:
    ans = [r for r in recs if r["gold"]]
    un = [r for r in recs if not r["gold"]]
    m: dict[str, float | int | None] = {"n": len(recs), "answerable": len(ans), "unanswerable": len(un)}
    if ans:
        first = [min((x for x in r["ranks"] if x is not None), default=None) for r in ans]
        for k in (1, 5, 10):
            m[f"hit@{k}"] = sum(f is not None and f < k for f in first) / len(ans)
        m["mrr@10"] = sum(1 / (f + 1) for f in first if f is not None and f < 10) / len(ans)
        m["multi-hr@10"] = sum(all(x is not None and x < 10 for x in r["ranks"]) for r in ans) / len(ans)
    refused_un = sum(not r["found"] for r in un)
    refused_all = sum(not r["found"] for r in recs)
    m["refusal_precision"] = refused_un / refused_all if refused_all else None
    m["refusal_recall"] = refused_un / len(un) if un else None
    m["answered_rate"] = sum(r["found"] for r in ans) / len(ans) if ans else None
    return m


def print_table(results: dict[str, dict[str, dict]], title: str) -> None:
    cols = ["hit@1", "hit@5", "hit@10", "mrr@10", "multi-hr@10", "refusal_precision", "refusal_recall",
            "answered_rate"]
    print(f"\n## {title}\n")
    print("| set | method | n | " + " | ".join(cols) + " |")
    print("|---|---|---|" + "---|" * len(cols))
    groups = sorted({g for r in results.values() for g in r}, key=lambda g: (g == "all", g))
    for g in groups:
        for mode, per in results.items():
            if g not in per:
                continue
            m = per[g]
            vals = ["-" if m.get(c) is None else f"{m[c]:.2f}" for c in cols]
            print(f"| {g} | {mode} | {m['n']} | " + " | ".join(vals) + " |")


def ingest_eval_pdfs(pdf_dir: Path, settings: Settings, laws: Path | None) -> None:
    from ingest.manifest import Manifest, ManifestEntry
    from ingest.pipeline import ingest_paths

    law_of: dict[str, str] = {}
    with open(pdf_dir / "pages.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            law_of[rec["pdf"]] = rec["law_id"]
    titles = {}
    if laws and laws.exists():
        titles = {x["law_id"]: x["law_title"] for x in json.loads(laws.read_text(encoding="utf-8"))}
    entries = {pdf: ManifestEntry(key=law, title=titles.get(law), version="1", kind="act")
               for pdf, law in law_of.items()}
    manifest = Manifest(entries, None)
    report = ingest_paths([pdf_dir / p for p in sorted(law_of)], settings, manifest=manifest)
    for f in report.files:
        print(f"{f.path.name}: {f.status} {f.sections} sections {f.chunks} chunks {f.reason}", file=sys.stderr)
    print(f"ingest seconds: {json.dumps({k: round(v, 1) for k, v in report.seconds.items()})}", file=sys.stderr)


def ingest_sections(path: Path, settings: Settings) -> None:
    """eval-dev sections.jsonl as a corpus without the PDF step (one law = one document)."""
    from ingest.chunks import draft_chunks
    from ingest.manifest import PIPELINE_VERSION, slug
    from ingest.models import DocInfo, ParsedDraft, Section
    from ingest.pipeline import ingest_lock, sync_lexical, write_parsed
    from ingest.store import Store

    laws: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            laws[rec["law_id"]].append(rec)
    embedder = build_embedder(settings)
    with ingest_lock(settings):
        store = Store(settings, embedder.identity)
        for law_id, recs in laws.items():
            recs.sort(key=lambda r: r["order"])
            sections = [
                Section("section", r["section"], r["section"], list(r.get("headings_before") or []), -1, -1,
                        f"มาตรา {r['section']} {r['text']}", order=i)
                for i, r in enumerate(recs)
            ]
            parsed = ParsedDraft(recs[0]["law_title"], None, sections, 0)
            uid = slug(f"{law_id}-{PIPELINE_VERSION}-{settings.chunk_max_chars}-sections")
            doc = DocInfo(law_id, recs[0]["law_title"], "act", "1", uid, path.name)
            chunks = draft_chunks(parsed, doc, max_chars=settings.chunk_max_chars)
            write_parsed(doc, chunks, {"sections": len(sections), "chunks": len(chunks)}, settings, embedder,
                         store, {})
        sync_lexical(store, settings)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m service.eval", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("questions", nargs="+", type=Path)
    p.add_argument("--data-dir", type=Path, help="index to use (default: a temp folder if ingesting)")
    p.add_argument("--pdfs", type=Path)
    p.add_argument("--sections", type=Path)
    p.add_argument("--corpus", type=Path)
    p.add_argument("--modes", default="hybrid,dense,lexical")
    p.add_argument("--min-probability", type=float, help="override RANG_REFUSAL_MIN_PROBABILITY")
    p.add_argument("--sweep", action="store_true", help="print a refusal-threshold sweep")
    p.add_argument("--no-answers", action="store_true", help="retrieval figures only")
    p.add_argument("--dump", type=Path, help="write each question's answer-level record here (JSONL)")
    args = p.parse_args(argv)

    overrides: dict = {}
    if args.data_dir:
        overrides["data_dir"] = args.data_dir
    elif args.pdfs or args.sections or args.corpus:
        overrides["data_dir"] = Path(tempfile.mkdtemp(prefix="rang-eval-"))
    if args.min_probability is not None:
        overrides["refusal_min_probability"] = args.min_probability
    settings = Settings(**overrides)
    t = time.perf_counter()
    if args.pdfs:
        ingest_eval_pdfs(args.pdfs, settings, args.pdfs.parent / "laws.json")
    if args.sections:
        ingest_sections(args.sections, settings)
    if args.corpus:
        from ingest.pipeline import ingest_paths

        ingest_paths([args.corpus], settings)
    if args.pdfs or args.sections or args.corpus:
        print(f"index built in {time.perf_counter() - t:.1f}s at {settings.data_dir}", file=sys.stderr)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for qfile in args.questions:
        questions = [json.loads(line) for line in qfile.read_text(encoding="utf-8").splitlines() if line.strip()]
        results = evaluate(questions, settings, modes)
        records = results[modes[0]]["all"].pop("_records")
        for other in modes[1:]:
            results[other]["all"].pop("_records", None)
        print_table(results, f"{qfile} ({len(questions)} questions)")
        sweep = threshold_sweep(records)
        if sweep and args.sweep:
            print(f"\n### refusal sweep ({modes[0]}; found probability of the refusal model)\n")
            print("| threshold | answerable answered | unanswerable refused | balanced accuracy |")
            print("|---|---|---|---|")
            for t, a, u, b in sweep:
                print(f"| {t:.3f} | {a:.2f} | {u:.2f} | {b:.2f} |")
            best = max(sweep, key=lambda row: (row[3], row[1]))
            print(f"\nbest balanced accuracy {best[3]:.2f} at threshold {best[0]:.3f}")
        if not args.no_answers:
            _answer_level(questions, settings, str(qfile), args.dump)
    return 0


def _answer_level(questions: list[dict], settings: Settings, title: str, dump: Path | None) -> None:
    from service.eval.answers import answer_records, print_answer_table, summarise
    from service.qa.answer import Answerer
    from service.qa.index import IndexHolder
    from service.qa.retrieve import Retriever

    embedder = build_embedder(settings)
    answerer = Answerer(settings, IndexHolder(settings, embedder), Retriever(settings, embedder))
    records = answer_records(questions, answerer)
    print_answer_table(summarise(records), title)
    if dump:
        with open(dump, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
