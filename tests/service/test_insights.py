"""What staff asked (service/ops/insights.py, charts.py) over a scripted query log in a real SQLite file and a
real PostgreSQL (the same SQL): days in Bangkok time, grouping by similar wording, most-cited sections, charts
that are valid SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ingest.settings import Settings
from service.ops import charts, insights
from service.ops.db import Database
from service.ops.insights import CitedSection

BKK = ZoneInfo("Asia/Bangkok")
NOW = dt.datetime(2025, 6, 20, 10, 0, tzinfo=BKK).timestamp()
SECTIONS = {"c12": CitedSection("waste", "ร่าง", "ฉบับที่ ๒", "มาตรา ๑๒"),
            "c12b": CitedSection("waste", "ร่าง", "ฉบับที่ ๒", "มาตรา ๑๒"),
            "c5": CitedSection("waste", "ร่าง", "ฉบับที่ ๒", "มาตรา ๕")}


def _log(db: Database) -> None:
    day = 86400.0
    rows = [  # (id, seconds before NOW, question, found, cited)
        ("a1", 0, "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี", True, ["c12", "c12b"]),
        ("a2", day, "ต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี", True, ["c12"]),
        ("a3", day, "ราคาทองคำวันนี้เท่าไร", False, []),
        ("a4", 2 * day, "ราคาทองคำวันนี้เท่าไหร่", False, []),
        ("a5", 2 * day, "มาตรา ๕ ว่าอย่างไร", True, ["c5", "gone"]),
        ("a6", 2 * day, "มาตรา ๖ ว่าอย่างไร", False, []),
        # 23:30 in Bangkok on 17 June is 16:30 UTC: the 17th here, whatever the machine's zone
        ("a7", NOW - dt.datetime(2025, 6, 17, 23, 30, tzinfo=BKK).timestamp(), "=HYPERLINK(\"x\")", False, []),
        ("old", 40 * day, "คำถามเก่า", False, []),
    ]
    for aid, ago, q, found, cited in rows:
        db.log_ask(aid, "reader", q, found, cited, 12.0, "extractive", at=NOW - ago)
    db.add_feedback("a2", "reader", "down", "อยากให้บอกมาตราด้วย")
    db.add_feedback("a1", "reader", "up", None)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    if request.param == "sqlite":
        return tmp_path / "rang.sqlite3"
    return request.getfixturevalue("pg_url")


def test_figures_from_a_scripted_log(target: str | Path) -> None:
    db = Database(target)
    _log(db)
    since, until, zone = insights.window(7, "Asia/Bangkok", now=NOW)
    got = insights.build(db, since, until, zone, SECTIONS.get)

    assert got.asked == 7 and got.answered == 3 and got.share_answered == round(3 / 7, 4)
    assert got.days[0].date == "2025-06-14" and got.days[-1].date == "2025-06-20"
    by_day = {d.date: (d.asked, d.answered) for d in got.days}
    assert by_day["2025-06-20"] == (1, 1) and by_day["2025-06-19"] == (2, 1) and by_day["2025-06-18"] == (3, 1)
    assert by_day["2025-06-17"] == (1, 0) and by_day["2025-06-16"] == (0, 0)

    groups = {g.question: g for g in got.groups}
    gold = groups.get("ราคาทองคำวันนี้เท่าไร") or groups["ราคาทองคำวันนี้เท่าไหร่"]
    assert gold.asked == 2 and gold.unanswered == 2 and len(gold.variants) == 1
    keep = next(g for g in got.groups if "เอกสารกำกับการขนส่ง" in g.question)
    assert keep.asked == 2 and keep.unanswered == 0 and keep.downvotes == 1 and keep.upvotes == 1
    assert keep.comments == ["อยากให้บอกมาตราด้วย"]
    assert "มาตรา ๖ ว่าอย่างไร" in groups and "มาตรา ๕ ว่าอย่างไร" not in groups  # numbers keep them apart
    assert "คำถามเก่า" not in groups

    assert [(s.label, s.cited) for s in got.sections] == [("มาตรา ๑๒", 2), ("มาตรา ๕", 1)]
    assert [(c.rating, c.comment) for c in got.comments] == [("down", "อยากให้บอกมาตราด้วย")]


def test_charts_are_svg_with_escaped_text(hash_settings: Settings) -> None:
    db = Database(hash_settings.db_file)
    _log(db)
    db.log_ask("x", "reader", "<script>alert(1)</script>", False, ["c5"], 1.0, "extractive", at=NOW)
    since, until, zone = insights.window(30, "Asia/Bangkok", now=NOW)
    got = insights.build(db, since, until, zone, SECTIONS.get)
    got.sections.append(CitedSection("d", "<b>t</b>", "1", "มาตรา <๑>", 1))
    ns = "{http://www.w3.org/2000/svg}"
    for svg, mark in ((charts.days_chart(got.days), "answered"), (charts.share_chart(got.days), "point"),
                      (charts.sections_chart(got.sections), "cited")):
        root = ET.fromstring(svg)  # well-formed: every text escaped
        assert root.tag == f"{ns}svg" and root.find(f"{ns}title") is not None
        assert root.findall(f".//{ns}*[@class='{mark}']")
        assert "<script" not in svg and "<b>" not in svg
    days = ET.fromstring(charts.days_chart(got.days))
    assert len(days.findall(f".//{ns}rect[@class='unanswered']")) == 4  # 17 to 20 June (the script on the 20th)
    empty = charts.sections_chart([])
    assert "no citations yet" in empty and ET.fromstring(empty) is not None
