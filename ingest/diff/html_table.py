"""The comparison table (ตารางเปรียบเทียบ) as one printable HTML page: old text | new text | what
changed, deleted words struck through, added words underlined on green. Every text is escaped."""

from __future__ import annotations

from html import escape

from ingest.diff.export import STATUS_TH, segments, version_line
from ingest.diff.model import DocumentDiff, UnitDiff
from ingest.thai import to_thai_digits

_STYLE = """
@page { size: A4 landscape; margin: 14mm; }
body { font-family: "TH Sarabun New", "Sarabun", "Laksaman", "Noto Sans Thai", "Tahoma", sans-serif;
       font-size: 15pt; line-height: 1.35; color: #111; margin: 1.5em; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
p.versions { margin: 0 0 .2em; }
p.counts { margin: 0 0 .8em; color: #333; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.text { width: 37%; } col.what { width: 26%; }
thead { display: table-header-group; }
th, td { border: 1px solid #555; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
del { background: #fbd3d3; text-decoration: line-through; }
ins { background: #cdeecd; text-decoration: underline; }
tr.heading td { background: #f3f3f3; font-weight: bold; }
tr.added td.new, tr.removed td.old { background: #f7f7e4; }
span.status { font-weight: bold; display: block; }
span.none { color: #777; }
"""


def render_html(d: DocumentDiff, *, unchanged: bool = False) -> str:
    rows = [u for u in d.units if unchanged or u.changed]
    c = d.counts("section")
    counts = " · ".join(f"{STATUS_TH[s]} {to_thai_digits(str(c[s]))}" for s in c)
    old_head, new_head = escape(version_line(d.old)), escape(version_line(d.new))
    body = "\n".join(_row(u) for u in rows) or (
        '<tr><td colspan="3"><span class="none">ไม่มีการเปลี่ยนแปลง</span></td></tr>')
    return f"""<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<title>ตารางเปรียบเทียบ {escape(d.title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>ตารางเปรียบเทียบ {escape(d.title)}</h1>
<p class="versions">ฉบับเดิม: {old_head} → ฉบับใหม่: {new_head}</p>
<p class="counts">มาตรา: {escape(counts)}</p>
<table>
<colgroup><col class="text"><col class="text"><col class="what"></colgroup>
<thead><tr><th>{old_head}</th><th>{new_head}</th><th>สิ่งที่เปลี่ยนแปลง</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def _row(u: UnitDiff) -> str:
    cls = f"{u.status} {u.kind}"
    what = f'<span class="status">{escape(STATUS_TH[u.status])}</span>{escape(u.summary)}'
    return (f'<tr class="{cls}"><td class="text old">{_cell(u, "old", "del")}</td>'
            f'<td class="text new">{_cell(u, "new", "ins")}</td><td class="what">{what}</td></tr>')


def _cell(u: UnitDiff, side: str, tag: str) -> str:
    runs = segments(u, side)
    if not runs:
        return '<span class="none">—</span>'
    return "".join(f"<{tag}>{escape(text)}</{tag}>" if changed else escape(text) for text, changed in runs)
