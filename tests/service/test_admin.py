"""Re-ingest over the API with the real pipeline and model: a new version under query load,
hostile uploads, deletes. Each test works on a private copy of the demo index."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from ingest.settings import Settings
from service.ops.uploads import safe_name
from tests.conftest import CORPUS
from tests.service.conftest import serve
from tests.service.test_access import OUT, auth, copy_index, create_keys, keyed_settings

DRAFT = "waste-act-draft"
NEW_LABEL = "ฉบับที่ ๓"
QUESTIONS = [
    "ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี",
    "มาตรา ๕ ว่าอย่างไร",
    "บทลงโทษผู้ลักลอบทิ้งกากอุตสาหกรรม",
    "ใบอนุญาตผู้รับบำบัดกากมีอายุกี่ปี",
]
NOTE = "หัวข้อ: บันทึกทดสอบ\nวันที่: 2025-05-02\n[00:00:05] คุณสมชาย: การนำเข้าเอกสารที่ดีต้องสำเร็จแม้มีไฟล์เสีย\n"


def _wait_job(c: httpx.Client, job_id: str, headers: dict[str, str], seen: list[dict] | None = None) -> dict:
    deadline = time.time() + 400
    while time.time() < deadline:
        job = c.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if seen is not None:
            seen.append(job)
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture
def keyed(demo_index: Settings, tmp_path: Path) -> Iterator[tuple[str, Settings, dict[str, str]]]:
    settings = keyed_settings(copy_index(demo_index, tmp_path), max_upload_mb=1)
    keys = create_keys(settings)
    with serve(settings) as url:
        yield url, settings, keys


def test_new_version_goes_live_while_queries_run(demo_index: Settings, tmp_path: Path) -> None:
    settings = keyed_settings(copy_index(demo_index, tmp_path))
    keys = create_keys(settings)
    reader, admin = auth(keys["reader"]), auth(keys["admin"])
    results: list[tuple[float, float, str]] = []  # (sent at, seconds, "ok" or the failure)
    stop = threading.Event()

    def hammer(url: str, path: str, field: str) -> None:
        with httpx.Client(base_url=url, timeout=120) as c:
            i = 0
            while not stop.is_set():
                q, i = QUESTIONS[i % len(QUESTIONS)], i + 1
                t0 = time.perf_counter()
                try:
                    r = c.post(path, json={field: q}, headers=reader)
                    body = r.json()
                    ok = r.status_code == 200 and ("answer" in body if field == "question" else body["results"])
                    outcome = "ok" if ok else f"{r.status_code}: {r.text[:300]}"
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    outcome = repr(exc)
                results.append((t0, time.perf_counter() - t0, outcome))

    seen: list[dict] = []
    with serve(settings) as url, httpx.Client(base_url=url, timeout=120) as c:
        threads = [threading.Thread(target=hammer, args=(url, "/v1/ask", "question")),
                   threading.Thread(target=hammer, args=(url, "/v1/search", "query"))]
        for t in threads:
            t.start()
        time.sleep(2.0)
        job_start = time.perf_counter()
        pdf = CORPUS / "drafts" / "waste-act-draft-v2.pdf"
        r = c.post("/v1/ingest", headers=admin,
                   data={"document": DRAFT, "version": NEW_LABEL, "date": "2026-01-15"},
                   files=[("files", (pdf.name, pdf.read_bytes(), "application/pdf"))])
        assert r.status_code == 202, r.text
        job = _wait_job(c, r.json()["job_id"], admin, seen)
        job_end = time.perf_counter()
        time.sleep(1.0)  # keep querying the new snapshot for a moment
        stop.set()
        for t in threads:
            t.join(60)
        docs = c.get("/v1/documents", headers=reader).json()["documents"]
        hits = c.post("/v1/search", json={"query": QUESTIONS[0]}, headers=reader).json()["results"]
        listed = c.get("/v1/jobs", headers=admin).json()["jobs"]

    assert job["state"] == "done" and job["error"] == "", job
    (f,) = job["files"]
    assert f["status"] == "ingested" and f["version"] == NEW_LABEL and f["chunks_written"] == f["chunks"] > 50
    assert job["reloaded"] is True and job["seconds"]["embed"] > 0 and job["run_s"] > 0
    assert any(s["state"] == "running" and s["files"][0]["stage"] == "embed" and s["files"][0]["total"] for s in seen)
    assert listed[0]["job_id"] == job["job_id"]
    draft = next(d for d in docs if d["document"] == DRAFT)
    latest = [v["version"] for v in draft["versions"] if v["latest"]]
    assert latest == [NEW_LABEL] and len(draft["versions"]) >= 2
    assert hits and hits[0]["document"] == DRAFT and hits[0]["version"] == NEW_LABEL

    failed = [o for _, _, o in results if o != "ok"]
    during = [s * 1000 for t0, s, _ in results if job_start <= t0 <= job_end]
    before = [s * 1000 for t0, s, _ in results if t0 < job_start]
    figures = {
        "queries_sent": len(results),
        "failed": len(failed),
        "during_job": len(during),
        "job_seconds": round(job_end - job_start, 2),
        "p50_ms_during_job": round(float(np.percentile(during, 50)), 1) if during else None,
        "p95_ms_during_job": round(float(np.percentile(during, 95)), 1) if during else None,
        "max_ms_during_job": round(max(during), 1) if during else None,
        "p95_ms_before_job": round(float(np.percentile(before, 95)), 1) if before else None,
    }
    print("\nre-ingest under load:", json.dumps(figures))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reingest-under-load.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert not failed, failed[:5]
    assert during, "no query ran during the job"


def test_hostile_name_stays_in_uploads(keyed: tuple[str, Settings, dict[str, str]], tmp_path: Path) -> None:
    url, settings, keys = keyed
    passwd = Path("/etc/passwd")
    before = (passwd.read_bytes(), passwd.stat().st_mtime) if passwd.exists() else None
    pdf = (CORPUS / "drafts" / "waste-act-draft-v1.pdf").read_bytes()
    with httpx.Client(base_url=url, timeout=120) as c:
        r = c.post("/v1/ingest", headers=auth(keys["admin"]), data={"document": "hostile", "version": "1"},
                   files=[("files", ("../../etc/passwd.pdf", pdf, "application/pdf")),
                          ("files", ("..\\..\\windows\\evil.pdf", pdf, "application/pdf"))])
        assert r.status_code == 202, r.text
        assert r.json()["files"] == ["passwd.pdf", "evil.pdf"]
        job = _wait_job(c, r.json()["job_id"], auth(keys["admin"]))
        docs = c.get("/v1/documents", headers=auth(keys["reader"])).json()["documents"]
    assert job["state"] == "done", job
    assert [f["stored_as"] for f in job["files"]] == ["01/passwd.pdf", "02/evil.pdf"]
    hostile = next(d for d in docs if d["document"] == "hostile")
    assert {v["source_file"] for v in hostile["versions"]} <= {"passwd.pdf", "evil.pdf"}
    if before is not None:
        assert (passwd.read_bytes(), passwd.stat().st_mtime) == before
    written = [p for p in tmp_path.rglob("*") if p.name in ("passwd.pdf", "evil.pdf")]
    assert not written, f"uploads are removed after the job and never land elsewhere: {written}"
    assert not (settings.data_dir.parent / "etc").exists() and not (settings.uploads_dir.parent / "etc").exists()


def test_refused_uploads_leave_the_index_as_it_was(keyed: tuple[str, Settings, dict[str, str]]) -> None:
    url, settings, keys = keyed
    admin = auth(keys["admin"])
    with httpx.Client(base_url=url, timeout=120) as c:
        before = c.get("/v1/documents", headers=admin).json()
        big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
        r = c.post("/v1/ingest", headers=admin, files=[("files", ("big.pdf", big, "application/pdf"))])
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_large", r.text

        boundary = "rangtestboundary"
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n'
                f"Content-Type: application/pdf\r\n\r\n").encode() + big + f"\r\n--{boundary}--\r\n".encode()
        chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))  # no Content-Length: chunked
        r = c.post("/v1/ingest", headers=admin | {"Content-Type": f"multipart/form-data; boundary={boundary}"},
                   content=chunks)
        assert r.status_code == 413, r.text

        cases = [("fake.pdf", b"this is not a PDF at all", "not a PDF"),
                 ("notes.docx", b"PK\x03\x04 zip", "not a Word .docx: unreadable zip"),
                 ("notes.odt", b"PK\x03\x04 zip", "unsupported file type .odt"),
                 ("bin.txt", b"\x00\x01\x02binary\x00", "not text"),
                 ("cues.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nhi\n", "WEBVTT")]
        for name, content, reason in cases:
            r = c.post("/v1/ingest", headers=admin, files=[("files", (name, content, "application/octet-stream"))])
            assert r.status_code == 415, r.text
            assert r.json()["error"]["code"] == "unsupported_media_type" and reason in r.json()["error"]["message"]
        r = c.post("/v1/ingest", headers=admin, data={"date": "yesterday"},
                   files=[("files", ("n.txt", NOTE.encode(), "text/plain"))])
        assert r.status_code == 422 and "date" in r.json()["error"]["message"]
        assert c.post("/v1/ingest", headers=admin, json={"files": []}).status_code == 415
        assert c.get("/v1/documents", headers=admin).json() == before
        assert c.get("/v1/jobs", headers=admin).json()["jobs"] == []
    assert not any(settings.uploads_dir.iterdir()) if settings.uploads_dir.exists() else True


def test_bad_file_is_reported_and_good_files_go_in(keyed: tuple[str, Settings, dict[str, str]]) -> None:
    url, _, keys = keyed
    admin = auth(keys["admin"])
    manifest = {"note.txt": {"document": "good-note", "title": "บันทึกดี", "version": "1"},
                "broken.pdf": {"document": "broken-draft", "version": "1"}}
    with httpx.Client(base_url=url, timeout=120) as c:
        generation = c.get("/v1/documents", headers=admin).json()["generation"]
        r = c.post("/v1/ingest", headers=admin, data={"manifest": json.dumps(manifest)},
                   files=[("files", ("note.txt", NOTE.encode(), "text/plain")),
                          ("files", ("broken.pdf", b"%PDF-1.4\nnot really a pdf\n%%EOF", "application/pdf"))])
        assert r.status_code == 202, r.text
        job = _wait_job(c, r.json()["job_id"], admin)
        docs = {d["document"]: d for d in c.get("/v1/documents", headers=admin).json()["documents"]}
        after = c.get("/v1/documents", headers=admin).json()["generation"]
    assert job["state"] == "done" and job["error"] == "1 of 2 files failed", job
    good, bad = job["files"]
    assert good["status"] == "ingested" and good["document"] == "good-note"
    assert bad["status"] == "failed" and bad["reason"] and "\n" not in bad["reason"]
    assert "good-note" in docs and docs["good-note"]["title"] == "บันทึกดี" and "broken-draft" not in docs
    assert after > generation


def test_delete_a_version_then_the_document(keyed: tuple[str, Settings, dict[str, str]]) -> None:
    url, _, keys = keyed
    admin, reader = auth(keys["admin"]), auth(keys["reader"])
    with httpx.Client(base_url=url, timeout=120) as c:
        draft = next(d for d in c.get("/v1/documents", headers=reader).json()["documents"] if d["document"] == DRAFT)
        latest = next(v["version"] for v in draft["versions"] if v["latest"])
        others = [v["version"] for v in draft["versions"] if not v["latest"]]
        assert others, "the demo draft has several versions"
        r = c.delete(f"/v1/documents/{DRAFT}", params={"version": latest}, headers=admin)
        assert r.status_code == 200 and r.json()["deleted_versions"] == [latest], r.text
        now = next(d for d in c.get("/v1/documents", headers=reader).json()["documents"] if d["document"] == DRAFT)
        assert latest not in [v["version"] for v in now["versions"]] and any(v["latest"] for v in now["versions"])
        hits = c.post("/v1/search", json={"query": QUESTIONS[0], "document": DRAFT}, headers=reader).json()["results"]
        assert hits and all(h["version"] != latest for h in hits)
        again = c.delete(f"/v1/documents/{DRAFT}", params={"version": latest}, headers=admin)
        assert again.status_code == 404 and again.json()["error"]["code"] == "not_found"
        assert c.delete("/v1/documents/no-such-doc", headers=admin).status_code == 404
        assert c.delete(f"/v1/documents/{DRAFT}", headers=admin).status_code == 200
        assert DRAFT not in [d["document"] for d in c.get("/v1/documents", headers=reader).json()["documents"]]


@pytest.mark.parametrize(("raw", "safe"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\win.ini.PDF", "win.ini.pdf"),
    ("ร่าง พ.ร.บ. ฉบับที่ ๓.pdf", "ร่าง พ.ร.บ. ฉบับที่ ๓.pdf"),
    (".hidden.vtt", "hidden.vtt"),
    ("..", "upload-4"),
    ("a\x00b<script>.txt", "ab_script_.txt"),
])
def test_safe_names(raw: str, safe: str) -> None:
    assert safe_name(raw, 4) == safe
