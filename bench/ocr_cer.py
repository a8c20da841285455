"""OCR on scanned-looking statute pages: character error rate against the statute text, and pages/s.

    .venv/bin/python bench/ocr_cer.py ../shared/eval-dev [--pages 6] [--seed 7]

For a few pages of the eval-dev statute PDFs (one page from the middle of each of the first
`--pages` laws that has at least two whole sections on it), render the page to a greyscale image
at 300, 250 or 200 dpi, rotate it by up to ±1°, add Gaussian noise and a few specks, and wrap it
as an image-only PDF in a temporary folder (the shared data is never copied anywhere else). Then
`ingest.pdf.extract_pdf(..., ocr=True)` reads it as the ingest job does (Tesseract tha+eng, then
normalisation), and each section that lies wholly on the page (pages.jsonl) is compared with its
text in sections.jsonl: NFC, all whitespace removed (Thai line breaks carry no space), edit distance
to the best-matching stretch of the page's text. The same is done for the original page's text layer
as a floor. Prints one row per page and the totals: CER (edits / reference characters) and OCR pages/s.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.pdf import extract_pdf, tesseract_missing

DPIS = (300, 250, 200)
MAX_TILT = 1.0  # degrees
NOISE_SIGMA = 12.0  # grey levels
SPECKS = 0.002  # share of pixels set black or white
PAD = 60  # characters searched either side of where a section seems to be


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def edits_in(hypothesis: str, reference: str) -> int:
    """Fewest edits turning `reference` into some stretch of `hypothesis` (free ends in the hypothesis)."""
    blocks = [b for b in SequenceMatcher(None, hypothesis, reference, autojunk=False).get_matching_blocks() if b.size >= 4]
    if blocks:
        offsets = sorted((b.a - b.b, b.size) for b in blocks)
        half, seen, offset = sum(s for _, s in offsets) / 2, 0, offsets[0][0]
        for candidate, size in offsets:  # the size-weighted median offset
            offset, seen = candidate, seen + size
            if seen >= half:
                break
        hypothesis = hypothesis[max(0, offset - PAD) : offset + len(reference) + PAD]
    previous = [0] * (len(hypothesis) + 1)
    for i, r in enumerate(reference, 1):
        current = [i]
        for j, h in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (h != r)))
        previous = current
    return min(previous)


def pick_pages(eval_dir: Path, count: int) -> list[tuple[str, int, list[str]]]:
    """(pdf name, page, section texts wholly on it) for one middle page of each of `count` laws."""
    texts = {}
    for line in (eval_dir / "sections.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        texts[(row["law_id"], row["section"])] = row["text"]
    by_law: dict[str, list[dict]] = defaultdict(list)
    for line in (eval_dir / "pdf" / "pages.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("located"):
            by_law[row["pdf"]].append(row)
    out = []
    for pdf in sorted(by_law)[:count]:
        rows = by_law[pdf]
        whole: dict[int, list[str]] = defaultdict(list)
        for row, nxt in itertools.pairwise(rows):
            if row["page"] == nxt["page"] and (row["law_id"], row["section"]) in texts:
                whole[row["page"]].append(texts[(row["law_id"], row["section"])])
        pages = sorted(p for p, secs in whole.items() if len(secs) >= 2)
        if pages:
            page = pages[len(pages) // 2]
            out.append((pdf, page, whole[page]))
    return out


def scan(source: Path, page: int, dpi: int, rng: random.Random, out: Path) -> float:
    """Render one page as a tilted, noisy greyscale scan and save it as an image-only PDF."""
    doc = pdfium.PdfDocument(source)
    try:
        image = doc[page - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    tilt = rng.uniform(-MAX_TILT, MAX_TILT)
    image = image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    noise = np.random.default_rng(rng.randrange(2**32))
    pixels = np.asarray(image, dtype=np.float32) + noise.normal(0.0, NOISE_SIGMA, (image.height, image.width))
    specks = noise.random((image.height, image.width))
    pixels[specks < SPECKS / 2] = 0
    pixels[specks > 1 - SPECKS / 2] = 255
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L").save(out, "PDF", resolution=float(dpi))
    return tilt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", type=Path, help="../shared/eval-dev")
    parser.add_argument("--pages", type=int, default=6, help="pages, one per law (OCR takes seconds a page)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if missing := tesseract_missing():
        print(f"cannot measure OCR: {missing}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    rows, edits, chars, floor_edits, seconds = [], 0, 0, 0, 0.0
    with tempfile.TemporaryDirectory(prefix="rang-ocr-bench-") as tmp:
        for k, (pdf, page, sections) in enumerate(pick_pages(args.eval_dir, args.pages)):
            source = args.eval_dir / "pdf" / pdf
            dpi = DPIS[k % len(DPIS)]
            scanned = Path(tmp) / f"{k}.pdf"
            tilt = scan(source, page, dpi, rng, scanned)
            t0 = time.perf_counter()
            [ocr_page] = extract_pdf(scanned, ocr=True).pages
            seconds += time.perf_counter() - t0
            layer = squash(extract_pdf(source).pages[page - 1].text)
            hyp = squash(ocr_page.text)
            refs = [squash(s) for s in sections]
            e = sum(edits_in(hyp, r) for r in refs)
            f = sum(edits_in(layer, r) for r in refs)
            n = sum(len(r) for r in refs)
            edits, chars, floor_edits = edits + e, chars + n, floor_edits + f
            rows.append((pdf, page, dpi, tilt, len(refs), n, e / n, f / n, ocr_page.ocr_applied))
    print(f"{'pdf':<58} {'page':>4} {'dpi':>4} {'tilt':>6} {'secs':>4} {'chars':>6} {'CER OCR':>8} {'layer':>6}")
    for pdf, page, dpi, tilt, count, n, cer, floor, applied in rows:
        note = "" if applied else "  (OCR not applied)"
        print(f"{pdf:<58} {page:>4} {dpi:>4} {tilt:>+6.2f} {count:>4} {n:>6} {cer:>8.2%} {floor:>6.2%}{note}")
    if rows:
        print(f"{'all':<58} {len(rows):>4} {'':>4} {'':>6} {sum(r[4] for r in rows):>4} {chars:>6} "
              f"{edits / chars:>8.2%} {floor_edits / chars:>6.2%}")
        print(f"OCR: {len(rows)} pages in {seconds:.1f} s = {len(rows) / seconds:.3f} pages/s "
              f"({seconds / len(rows):.1f} s a page, extract_pdf with Tesseract tha+eng at 300 dpi)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
