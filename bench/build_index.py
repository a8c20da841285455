"""Build a large index for the latency benchmark from eval-dev's sections.jsonl.

    .venv/bin/python bench/build_index.py ../shared/eval-dev/sections.jsonl --data-dir /tmp/rang-10k --chunks 10000

The statutes give ~4k chunks; to reach the target, each law is stored again under other
document keys ("<law>#2", ...). Copies reuse the vectors computed for the first copy (same
text, same embedding), so the build costs one embedding pass, not one per copy. Reads
../shared by path; nothing is copied into the project.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from ingest.chunks import draft_chunks
from ingest.embed import build_embedder
from ingest.models import DocInfo, ParsedDraft, Section
from ingest.pipeline import ingest_lock, sync_lexical
from ingest.settings import Settings
from ingest.store import Store


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sections", type=Path)
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--chunks", type=int, default=10000)
    args = p.parse_args()
    settings = Settings(data_dir=args.data_dir)
    embedder = build_embedder(settings)

    laws: dict[str, list[dict]] = defaultdict(list)
    for line in args.sections.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        laws[rec["law_id"]].append(rec)
    base: list[tuple[DocInfo, list]] = []
    for law_id, recs in laws.items():
        recs.sort(key=lambda r: r["order"])
        sections = [Section("section", r["section"], r["section"], list(r.get("headings_before") or []), -1, -1,
                            f"มาตรา {r['section']} {r['text']}", order=i) for i, r in enumerate(recs)]
        doc = DocInfo(law_id, recs[0]["law_title"], "draft", "1", f"{law_id}-bench", args.sections.name)
        base.append((doc, draft_chunks(ParsedDraft(doc.title, None, sections, 0), doc)))
    per_copy = sum(len(c) for _, c in base)
    copies = max(1, -(-args.chunks // per_copy))
    t0 = time.perf_counter()
    with ingest_lock(settings):
        store = Store(settings, embedder.identity)
        for doc, chunks in base:
            vectors = embedder.embed_passages([c.embed_text for c in chunks])
            for k in range(1, copies + 1):
                key = doc.key if k == 1 else f"{doc.key}#{k}"
                d = replace(doc, key=key, version_uid=f"{doc.version_uid}-{k}")
                cs = [replace(c, id=f"{c.id}-{k}", metadata={**c.metadata, "doc_key": key, "version_uid": d.version_uid})
                      for c in chunks]
                store.write_chunks(cs, np.asarray(vectors))
                store.publish(d, {"sections": len(chunks), "chunks": len(cs)})
            print(f"{doc.key}: {len(chunks)} chunks × {copies}", flush=True)
        sync_lexical(store, settings)
    print(f"{per_copy * copies} chunks in {time.perf_counter() - t0:.0f}s at {args.data_dir}")


if __name__ == "__main__":
    main()
