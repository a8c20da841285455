"""`python -m ingest`: ingest folders/files, check a draft before it goes live, list, delete;
`python -m ingest diff KEY` compares two versions of a document (ingest.diff.cli).

Exit codes: 0 all files went in (or nothing to do), 1 some file failed, 2 bad usage or
no usable index.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.tree import Tree

from ingest.manifest import PIPELINE_VERSION
from ingest.models import BLOCK_LABELS, IngestError, ParsedDraft
from ingest.pipeline import (
    STAGES,
    IngestReport,
    Parsed,
    ProgressFn,
    collect_files,
    delete_document,
    ingest_paths,
    manifest_for,
    parse_file,
)
from ingest.settings import Settings
from ingest.store import IndexMismatchError, IndexMissingError, Store

START_CHARS = 60  # of each unit's text in the dry run


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest", description="Ingest Thai draft acts and transcripts.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (.pdf .vtt .srt .txt)")
    p.add_argument("--manifest", type=Path, help="manifest.yaml (default: found beside the inputs)")
    p.add_argument("--dry-run", action="store_true", help="print the parsed structure; touch no index")
    p.add_argument("--json", action="store_true", help="with --dry-run: print JSON")
    p.add_argument("--list", action="store_true", help="list documents and versions in the index")
    p.add_argument("--delete", metavar="DOC", help="remove a document (all versions, or --version)")
    p.add_argument("--version", dest="version_label", metavar="LABEL", help="with --delete: one version")
    p.add_argument("--reindex", nargs="?", const="", metavar="DOC",
                   help="rebuild every version (or DOC's) from its kept original, e.g. after a pipeline change")
    p.add_argument("--data-dir", type=Path, help="override RANG_DATA_DIR")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff"]:  # python -m ingest diff KEY …: two versions compared (ingest.diff.cli)
        from ingest.diff.cli import main as diff_main

        return diff_main(argv[1:])
    args = build_parser().parse_args(argv)
    width = max(shutil.get_terminal_size((140, 24)).columns, 100)
    out, err = Console(width=width), Console(stderr=True, width=width)
    try:
        settings = Settings() if args.data_dir is None else Settings(data_dir=args.data_dir)
    except ValidationError as exc:
        err.print(f"[red]settings:[/] {exc.errors()[0]['msg']}")
        return 2
    try:
        if args.list:
            return _list(settings, out)
        if args.delete:
            gone = delete_document(settings, args.delete, args.version_label)
            out.print(f"deleted {args.delete}: versions {', '.join(gone)}")
            return 0
        if args.reindex is not None:
            return _reindex(args, settings, out, err)
        if not args.paths:
            err.print("nothing to do: give files or folders, or --list / --delete DOC")
            return 2
        if args.dry_run:
            return _dry_run(args, settings, out, err)
        return _ingest(args, settings, out, err)
    except (IngestError, IndexMismatchError, IndexMissingError) as exc:
        err.print(f"[red]error:[/] {exc}")
        return 2


def _ingest(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    manifest = manifest_for(args.paths, args.manifest)
    files = collect_files(args.paths)
    progress = Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=args.quiet,
        transient=False,
    )
    tasks: dict[str, int] = {}

    def on_progress(name: str, stage: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = progress.add_task(name, total=max(total, 1))
        progress.update(tasks[name], description=f"{name} · {stage}", completed=done, total=max(total, 1))

    out.print(f"ingesting {len(files)} file(s) into {settings.data_dir}")
    with progress:
        report = ingest_paths(args.paths, settings, manifest=manifest, progress=on_progress)
    _print_report(report, out)
    for f in report.failed:
        err.print(f"FAILED {f.path}: {f.reason}")
    return 0 if report.ok else 1


def _reindex(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    from ingest.reindex import reindex

    progress, on_progress = _progress_bar(args, err)
    with progress:
        report, todo = reindex(settings, args.reindex or None, progress=on_progress)
    _print_report(report, out)
    for r in todo.missing:
        err.print(f"[yellow]missing original[/] {r.document} ({r.version}): {r.sha256}{r.ext} is not in the originals")
    for name in todo.without_original:
        err.print(f"[yellow]no original kept[/] for {name}: ingest its file again to keep it")
    for f in report.failed:
        err.print(f"FAILED {f.path.name}: {f.reason}")
    return 0 if report.ok and not todo.missing else 1


def _progress_bar(args: argparse.Namespace, err: Console) -> tuple[Progress, ProgressFn]:
    progress = Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=args.quiet, transient=False,
    )
    tasks: dict[str, int] = {}

    def on_progress(name: str, stage: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = progress.add_task(name, total=max(total, 1))
        progress.update(tasks[name], description=f"{name} · {stage}", completed=done, total=max(total, 1))

    return progress, on_progress


def _print_report(report: IngestReport, out: Console) -> None:
    table = Table(title="files", show_lines=False)
    for col in ("file", "status", "document", "version", "sections", "chunks", "written", "pages", "OCR pages",
                "left out"):
        table.add_column(col)
    for f in report.files:
        table.add_row(
            f.path.name,
            f.status,
            f.doc_key,
            f.version,
            str(f.sections),
            str(f.chunks),
            str(f.chunks_written),
            str(f.pages),
            ",".join(map(str, f.ocr_pages)) or "0",
            ",".join(map(str, f.left_out)) or "0",
        )
    out.print(table)
    for f in report.files:
        for w in f.warnings:
            out.print(f"[yellow]warning[/] {f.path.name}: {w}")
    ok = [f for f in report.files if f.status != "failed"]
    summary = Table(title="summary")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    rows = [
        ("documents", len({f.doc_key for f in ok})),
        ("versions", len({(f.doc_key, f.version) for f in ok})),
        ("sections / turns", sum(f.sections for f in ok)),
        ("chunks (written)", f"{sum(f.chunks for f in ok)} ({sum(f.chunks_written for f in ok)})"),
        ("pages", sum(f.pages for f in ok)),
        ("pages flagged for OCR", sum(len(f.ocr_pages) for f in ok)),
        ("pages read by OCR (tesseract tha+eng)", sum(len(f.ocr_applied) for f in ok)),
        ("pages left out (reasons in the warnings)", sum(len(f.left_out) for f in ok)),
        ("files failed", len(report.failed)),
        ("orphan chunks removed", report.garbage_collected),
        ("index generation", report.generation),
    ]
    rows += [(f"seconds: {s}", f"{report.seconds.get(s, 0.0):.2f}") for s in STAGES]
    for k, v in rows:
        summary.add_row(k, str(v))
    out.print(summary)


def _dry_run(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    manifest = manifest_for(args.paths, args.manifest)
    status = 0
    docs = []
    for path in collect_files(args.paths):
        try:
            parsed = parse_file(path, manifest, settings)
        except IngestError as exc:
            err.print(f"FAILED {path}: {exc}")
            status = 1
            continue
        docs.append(structure_dict(path, parsed))
        if not args.json:
            _print_structure(parsed, out)
    if args.json:
        print(json.dumps(docs if len(docs) != 1 else docs[0], ensure_ascii=False, indent=2))
    return status


def structure_dict(path: Path, parsed: Parsed) -> dict:
    doc, c = parsed.doc, parsed.content
    base = {
        "file": str(path),
        "document": doc.key,
        "title": doc.title,
        "version": doc.version,
        "date": doc.date,
        "kind": doc.kind,
        "chunks": len(parsed.chunks),
        "warnings": list(c.warnings),
    }
    if isinstance(c, ParsedDraft):
        memo = c.memorandum
        base |= {
            "year": c.year,
            "unit": c.unit,
            "pages": c.page_count if c.locator == "page" else 0,
            "paragraphs": c.page_count if c.locator == "paragraph" else 0,  # Word: citations count these
            "ocr_pages": c.ocr_pages,
            "pages_flagged": [
                {"page": n, "reason": why, "indexed": "ocr" if n in c.ocr_applied else "nothing"}
                for n, why in c.ocr_reasons.items()
            ],
            "pages_left_out": [{"page": n, "reason": why} for n, why in c.left_out.items()],
            "memorandum": {"page_start": memo.page_start, "page_end": memo.page_end, "chars": len(memo.text)}
            if memo
            else None,
            "sections": [
                {
                    "number_printed": s.number_printed,
                    "number": s.number,
                    "chapter_path": s.chapter_path,
                    "page_start": s.page_start,
                    "page_end": s.page_end,
                    "transitional": s.transitional,
                    "chars": len(s.text),
                    "text_start": _start(s.text),
                }
                for s in c.legal_sections
            ],
            "other_blocks": [
                {"block": s.block, "page_start": s.page_start, "page_end": s.page_end, "chars": len(s.text),
                 "text_start": _start(s.text)}
                for s in c.sections
                if s.block != "section"
            ],
        }
    else:
        base |= {
            "format": c.fmt,
            "turns": [
                {"index": t.index, "speaker": t.speaker, "start": t.start, "end": t.end, "chars": len(t.text)}
                for t in c.turns
            ],
        }
    return base


def _print_structure(parsed: Parsed, out: Console) -> None:
    doc, c = parsed.doc, parsed.content
    root = Tree(f"[bold]{doc.title}[/]  ·  {doc.key} · version {doc.version} · {doc.kind}")
    if isinstance(c, ParsedDraft):
        count = f"{c.locator}s: {c.page_count}"  # a Word file has paragraphs, not pages
        root.add(f"year: {c.year or '-'} · {count} · {c.unit}: {len(c.legal_sections)} "
                 f"· chunks: {len(parsed.chunks)} · OCR pages: {c.ocr_pages or 'none'}")
        if c.ocr_reasons:
            flagged = root.add(f"pages flagged for OCR: {len(c.ocr_reasons)}")
            for n, why in c.ocr_reasons.items():
                what = "OCR text indexed" if n in c.ocr_applied else "nothing indexed: left out"
                flagged.add(escape(f"page {n}: {why} → {what}"))
        nodes: dict[tuple[str, ...], Tree] = {(): root}
        for s in c.sections:
            path: tuple[str, ...] = ()
            for heading in s.chapter_path:
                parent = nodes[path]
                path = (*path, heading)
                if path not in nodes:
                    nodes[path] = parent.add(f"[cyan]{heading}[/]")
            where = "p." if c.locator == "page" else "¶"
            pages = f"{where} {s.page_start}" + (f"–{s.page_end}" if s.page_end != s.page_start else "")
            label = {**BLOCK_LABELS, "preamble": "คำปรารภ", "page": "page"}
            text = f"{s.unit} {s.number_printed} [{s.number}]" if s.block == "section" else label.get(s.block)
            nodes[path].add(escape(f"{text}  ({pages}, {len(s.text)} chars)  {_start(s.text)}"))
    else:
        root.add(f"{c.fmt} · date {c.date or '-'} · turns: {len(c.turns)} · chunks: {len(parsed.chunks)}")
        for t in c.turns:
            when = f"{_ts(t.start)}–{_ts(t.end)} " if t.start is not None else ""
            root.add(f"{when}{t.speaker or '?'}: {t.text[:60]}")
    out.print(root)
    if isinstance(c, ParsedDraft):
        out.print(f"{len(c.left_out)} of {c.page_count} page(s) will be left out"
                  + (f": {', '.join(map(str, c.left_out))}" if c.left_out else ""))
    for w in c.warnings:
        out.print(f"[yellow]warning[/] {escape(w)}")


def _start(text: str, n: int = START_CHARS) -> str:
    """The first characters of a unit's text on one line, for a maintainer to check it by eye."""
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


def _ts(s: float | None) -> str:
    if s is None:
        return "-"
    s = int(s)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _list(settings: Settings, out: Console) -> int:
    store = Store(settings, None)
    state = store.state()
    table = Table(title=f"documents in {store.where()} (generation {state.generation})")
    for col in ("document", "version", "latest", "kind", "date", "title", "sections", "chunks", "pages", "file",
                "pipeline"):
        table.add_column(col)
    for key in state.documents():
        for v in state.versions_of(key):
            table.add_row(
                key, v.version, "✓" if state.latest.get(key) == v.version_uid else "", v.kind, v.date, v.title,
                str(v.sections), str(v.chunks), str(v.pages), v.source_file,
                (f"[yellow]{v.pipeline} (other)[/]" if v.pipeline else "[yellow]unknown[/]") if v.stale else v.pipeline,
            )
    out.print(table)
    stale = state.stale()
    if stale:
        out.print(f"[yellow]{len(stale)} version(s) were built by another pipeline than this one "
                  f"({PIPELINE_VERSION}) or before the pipeline was recorded: re-ingest their files "
                  f"(python -m ingest --reindex rebuilds them from the kept originals). "
                  f"Those that need it are rebuilt; the others are only relabelled.[/]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
