"""`python -m ingest diff KEY [--from A] [--to B] [--format text|json|html|docx]`: two versions of a
document compared, section by section (ingest.cli hands the `diff` subcommand here).

Exit codes as ingest.cli: 0 done, 2 bad usage, an unknown document or version, or no usable index.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from pydantic import ValidationError

from ingest.diff.export import STATUS_TH, diff_to_dict, version_line
from ingest.diff.model import DiffError, DocumentDiff
from ingest.settings import Settings
from ingest.store import IndexMismatchError, IndexMissingError, Store


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest diff",
                                description="Compare two versions of a document, section by section.")
    p.add_argument("document", help="document key (python -m ingest --list)")
    p.add_argument("--from", dest="old", metavar="LABEL", help="older version (default: the one before --to)")
    p.add_argument("--to", dest="new", metavar="LABEL", help="newer version (default: the latest)")
    p.add_argument("--format", choices=("text", "json", "html", "docx"), default="text")
    p.add_argument("--all", action="store_true",
                   help="text, html, docx: also the units that did not change (json always lists every unit, "
                        "as the API does)")
    p.add_argument("-o", "--output", type=Path, help="write to this file (needed for docx on a terminal)")
    p.add_argument("--data-dir", type=Path, help="override RANG_DATA_DIR")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings() if args.data_dir is None else Settings(data_dir=args.data_dir)
        from ingest.diff.source import diff_from_store

        diff = diff_from_store(Store(settings, None), args.document, args.old, args.new)
    except ValidationError as exc:
        return _fail(f"settings: {exc.errors()[0]['msg']}")
    except (DiffError, IndexMismatchError, IndexMissingError) as exc:
        return _fail(str(exc))
    data = _render(diff, args.format, args.all or args.format == "json")
    if args.output:
        args.output.write_bytes(data)
        print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    elif args.format == "docx" and sys.stdout.isatty():
        return _fail("a Word file is not for a terminal: give --output FILE.docx (or redirect)")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _render(diff: DocumentDiff, fmt: str, everything: bool) -> bytes:
    if fmt == "json":
        return (json.dumps(diff_to_dict(diff, unchanged=everything), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "html":
        from ingest.diff.html_table import render_html

        return render_html(diff, unchanged=everything).encode()
    if fmt == "docx":
        from ingest.diff.word_file import render_docx

        return render_docx(diff, unchanged=everything)
    return render_text(diff, unchanged=everything).encode()


def render_text(diff: DocumentDiff, *, unchanged: bool = False) -> str:
    """One line per changed unit: status, old → new label, summary; counts first."""
    counts = diff.counts("section")
    lines = [
        f"{diff.title} ({diff.document})",
        f"{version_line(diff.old)} → {version_line(diff.new)}",
        "sections: " + ", ".join(f"{s} {n}" for s, n in counts.items()),
        "",
    ]
    for u in diff.units:
        if not (unchanged or u.changed):
            continue
        old, new = (u.old.label if u.old else "—"), (u.new.label if u.new else "—")
        where = new if old == new else f"{old} → {new}"
        lines.append(f"{u.status:<11} {_pad(where, 28)} {u.summary or STATUS_TH[u.status]}".rstrip())
    if len(lines) == 4:
        lines.append("no changes")
    return "\n".join(lines) + "\n"


def _pad(text: str, width: int) -> str:
    """Pad to a width in terminal columns: Thai vowel and tone marks take none."""
    shown = sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")
    return text + " " * max(0, width - shown)
