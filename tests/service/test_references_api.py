"""The statute's own links on the demo index: refers_to / referred_by on sections and citations."""

from __future__ import annotations

import re

import httpx

from ingest.thai import normalize_section_number

DRAFT = "waste-act-draft"


def section(client: httpx.Client, n: str, **params: str) -> dict:
    r = client.get(f"/v1/documents/{DRAFT}/sections/{n}", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_penalty_section_refers_to_the_duties_it_punishes(client: httpx.Client) -> None:
    s72 = section(client, "๗๒")  # "ผู้ใดไม่ปฏิบัติตามมาตรา ๑๕/๑ วรรคสอง มาตรา ๒๓ มาตรา ๒๕ หรือมาตรา ๒๖ ต้องระวางโทษ…"
    assert s72["refers_to"][:4] == ["15/1", "23", "25", "26"], s72["refers_to"]
    s26 = section(client, "26")
    assert "72" in s26["referred_by"]
    assert "3" in s26["refers_to"]  # ผู้ก่อกากอุตสาหกรรม, defined in มาตรา ๓
    # the definition section is not "referred by" every section that uses a term: only by those naming it
    s3 = section(client, "3")
    assert all("มาตรา" in section(client, n)["text"] for n in s3["referred_by"])


def test_links_match_the_text_and_come_from_the_same_version(client: httpx.Client) -> None:
    for n in ("72", "73", "26"):
        s = section(client, n)
        named = {normalize_section_number(m) for m in re.findall(r"มาตรา\s*([๐-๙]+(?:/[๐-๙]+)?)", s["text"])}
        named.discard(n)
        assert set(s["refers_to"]) - {"3"} <= named, (n, s["refers_to"], named)
        for other in s["referred_by"]:
            assert n in section(client, other)["refers_to"]
    v1 = section(client, "26", version="ฉบับรับฟังความคิดเห็น ครั้งที่ ๑")
    assert v1["version"] != section(client, "26")["version"]
    for other in v1["referred_by"]:
        assert "26" in section(client, other, version="ฉบับรับฟังความคิดเห็น ครั้งที่ ๑")["refers_to"]


def test_a_citation_carries_the_links_of_its_section(client: httpx.Client) -> None:
    r = client.post("/v1/ask", json={"question": "ไม่เก็บรักษาเอกสารกำกับการขนส่งไว้สิบปี มีโทษอย่างไร"})
    assert r.status_code == 200, r.text
    cites = [c for c in r.json()["citations"] if c["section"]]
    assert cites
    assert any(c["section"] in ("26", "72") for c in cites), [c["section"] for c in cites]
    for c in cites:
        s = section(client, c["section"], version=c["version"])
        assert (c["refers_to"], c["referred_by"]) == (s["refers_to"], s["referred_by"])
    c72 = next((c for c in cites if c["section"] == "72"), None)
    if c72 is not None:
        assert "26" in c72["refers_to"]
