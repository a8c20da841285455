"""What a running service pays each time an ingest lands: seconds to load the new snapshot,
resident memory after it, and how many snapshots are still alive (should stay 1).

    .venv/bin/python bench/reload.py --data-dir /tmp/rang-10k --reloads 10

Forces `--reloads` full reloads (a fresh Chroma client each, as after another process's
ingest) through the service's own IndexHolder and prints a table.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--reloads", type=int, default=10)
    args = p.parse_args()
    os.environ["RANG_DATA_DIR"] = str(args.data_dir)
    from ingest.embed import build_embedder
    from ingest.settings import Settings
    from service.qa.index import IndexHolder, Snapshot

    settings = Settings()
    holder = IndexHolder(settings, build_embedder(settings))
    print(f"\n{holder.snapshot.chunk_count} chunks in {args.data_dir}\n")
    print("| reload | seconds | resident MB | live snapshots |")
    print("|---|---|---|---|")
    print(f"| start | - | {rss_mb():.0f} | 1 |")
    for i in range(1, args.reloads + 1):
        t0 = time.perf_counter()
        holder.maybe_reload(force=True, fresh=True)
        seconds = time.perf_counter() - t0
        gc.collect()
        live = sum(1 for o in gc.get_objects() if isinstance(o, Snapshot))
        print(f"| {i} | {seconds:.2f} | {rss_mb():.0f} | {live} |", flush=True)


if __name__ == "__main__":
    main()
