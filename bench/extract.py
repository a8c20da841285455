"""Time ingest.pdf.extract_pdf on PDFs and print one row per file.

    .venv/bin/python bench/extract.py ../shared/eval-dev/pdf/*.pdf ../shared/real-pdfs/*.pdf

Columns: pages, wall seconds, pages/s (wall), pages/s on CPU time (steadier on a shared
machine), pages flagged for OCR, the extractor used, and the first warning. Each file is
extracted `--repeat` times and the fastest run is kept. OCR is never run here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.models import ExtractedPdf, IngestError
from ingest.pdf import extract_pdf


def measure(path: Path, repeat: int) -> tuple[ExtractedPdf, float, float]:
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = extract_pdf(path)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    assert result is not None
    return result, best_wall, best_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    header = f"{'file':<58} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'cpu p/s':>8} {'ocr':>4}  extractor"
    print(header)
    print("-" * len(header))
    total_pages = total_wall = total_cpu = 0.0
    for path in args.pdfs:
        try:
            result, wall, cpu = measure(path, max(1, args.repeat))
        except IngestError as exc:
            print(f"{path.name[:58]:<58} error: {exc}")
            continue
        pages = len(result.pages)
        total_pages, total_wall, total_cpu = total_pages + pages, total_wall + wall, total_cpu + cpu
        note = f"  ({result.warnings[0]})" if result.warnings else ""
        print(
            f"{path.name[:58]:<58} {pages:>5} {wall:>8.3f} {pages / wall:>8.0f} {pages / cpu:>8.0f} "
            f"{len(result.ocr_pages):>4}  {result.extractor}{note}"
        )
    if total_wall:
        print("-" * len(header))
        print(
            f"{'total':<58} {total_pages:>5.0f} {total_wall:>8.3f} {total_pages / total_wall:>8.0f} "
            f"{total_pages / total_cpu:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
