"""Server-rendered SVG charts of the query log (service/ops/insights.py): plain strings, no library,
every text escaped. The console shows them as images, so no script in them could ever run."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from service.ops.insights import CitedSection, Day

FONT = "'Sarabun', 'Noto Sans Thai', 'Garuda', 'Tahoma', sans-serif"
ANSWERED, UNANSWERED, LINE, GRID, INK = "#2e7d5b", "#e0a43a", "#1f5fa8", "#e3e6ea", "#27313b"
W, H = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 44, 46


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} '
        f'font-family="{FONT}" font-size="13" fill="{INK}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
        f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold">{escape(title)}</text>'
        + "".join(body) + "</svg>"
    )


def _nice_max(value: float) -> int:
    """A round top for the y axis: 1, 2, 5, 10, 20, 50 … at or above `value`."""
    top = 1
    while True:
        for step in (1, 2, 5):
            if top * step >= value:
                return top * step
        top *= 10


def _short(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{d.day}/{d.month}"


def _x_labels(days: list[Day], x0: float, step: float) -> list[str]:
    every = max(1, round(len(days) / 10))
    out = []
    for i, d in enumerate(days):
        if i % every == 0 or i == len(days) - 1:
            x = x0 + step * (i + 0.5)
            out.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 18}" text-anchor="middle" font-size="11">'
                       f"{escape(_short(d.date))}</text>")
    return out


def _y_axis(top: float, ticks: list[tuple[float, str]]) -> list[str]:
    out = []
    plot_h = H - TOP - BOTTOM
    for value, label in ticks:
        y = TOP + plot_h * (1 - value / top) if top else H - BOTTOM
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{escape(label)}</text>')
    return out


def _legend(items: list[tuple[str, str]]) -> list[str]:
    out, x = [], W - RIGHT
    for color, label in reversed(items):
        width = 18 + 7.5 * len(label)
        x -= width
        out.append(f'<rect x="{x:.0f}" y="13" width="12" height="12" fill="{color}"/>'
                   f'<text x="{x + 16:.0f}" y="24" font-size="12">{escape(label)}</text>')
        x -= 12
    return out


def days_chart(days: list[Day]) -> str:
    """Questions per day, answered and not found stacked."""
    title = "คำถามต่อวัน (questions per day)"
    top = _nice_max(max((d.asked for d in days), default=0) or 1)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / max(len(days), 1)
    bar = max(step * 0.7, 1.0)
    body = _y_axis(top, [(top * i / 4, f"{top * i / 4:g}") for i in range(5)])
    for i, d in enumerate(days):
        x = LEFT + step * i + (step - bar) / 2
        found_h = plot_h * d.answered / top
        missed_h = plot_h * (d.asked - d.answered) / top
        tip = f"{d.date}: ถาม {d.asked} ตอบได้ {d.answered}"
        if d.answered:
            body.append(f'<rect class="answered" x="{x:.1f}" y="{H - BOTTOM - found_h:.1f}" width="{bar:.1f}" '
                        f'height="{found_h:.1f}" fill="{ANSWERED}"><title>{escape(tip)}</title></rect>')
        if d.asked > d.answered:
            body.append(f'<rect class="unanswered" x="{x:.1f}" y="{H - BOTTOM - found_h - missed_h:.1f}" '
                        f'width="{bar:.1f}" height="{missed_h:.1f}" fill="{UNANSWERED}">'
                        f"<title>{escape(tip)}</title></rect>")
    body += _x_labels(days, LEFT, step)
    body += _legend([(ANSWERED, "ตอบได้ answered"), (UNANSWERED, "ไม่พบคำตอบ not found")])
    return _svg(W, H, title, body)


def share_chart(days: list[Day]) -> str:
    """The share answered, per day with questions (a gap where a day had none)."""
    asked = sum(d.asked for d in days)
    overall = f" · รวม {round(100 * sum(d.answered for d in days) / asked)}%" if asked else ""
    title = f"สัดส่วนที่ตอบได้ (share answered){overall}"
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / max(len(days), 1)
    body = _y_axis(100, [(v, f"{v}%") for v in (0, 25, 50, 75, 100)])
    runs: list[list[str]] = [[]]
    for i, d in enumerate(days):
        if not d.asked:
            runs.append([])
            continue
        share = d.answered / d.asked
        x, y = LEFT + step * (i + 0.5), TOP + plot_h * (1 - share)
        runs[-1].append(f"{x:.1f},{y:.1f}")
        body.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE}">'
                    f"<title>{escape(f'{d.date}: {round(100 * share)}% ({d.answered}/{d.asked})')}</title></circle>")
    body += [f'<polyline points="{" ".join(r)}" fill="none" stroke="{LINE}" stroke-width="2"/>'
             for r in runs if len(r) > 1]
    body += _x_labels(days, LEFT, step)
    return _svg(W, H, title, body)


def sections_chart(sections: list[CitedSection]) -> str:
    """The most-cited sections, as horizontal bars."""
    title = "มาตราที่ถูกอ้างอิงมากที่สุด (most-cited sections)"
    row, label_w = 26, 330
    height = TOP + 10 + row * max(len(sections), 1) + 10
    top = max((s.cited for s in sections), default=0) or 1
    plot_w = W - label_w - RIGHT - 40
    body = []
    if not sections:
        body.append(f'<text x="{LEFT}" y="{TOP + 24}">ยังไม่มีคำตอบที่อ้างอิงมาตรา (no citations yet)</text>')
    for i, s in enumerate(sections):
        y = TOP + 10 + row * i
        name = f"{s.label} · {s.version}"
        name = name if len(name) <= 44 else name[:43] + "…"
        width = max(plot_w * s.cited / top, 2)
        body.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(name)}'
                    f"<title>{escape(f'{s.title} {s.version} {s.label}')}</title></text>"
                    f'<rect class="cited" x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row - 9}" '
                    f'fill="{LINE}"/><text x="{label_w + width + 6:.1f}" y="{y + 16}">{s.cited}</text>')
    return _svg(W, height, title, body)

