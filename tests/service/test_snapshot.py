"""The snapshot's per-query shortcuts (scope masks, passages cut once) give the same
answers as computing them afresh."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from ingest.embed import build_embedder
from ingest.settings import Settings
from service.qa.extractive import Passage, choose
from service.qa.index import load_snapshot, passage_text
from service.qa.words import word_weights


def test_scope_masks_are_shared_read_only_and_exact(demo_index: Settings) -> None:
    snap = load_snapshot(demo_index, build_embedder(demo_index), fresh=True)
    st = snap.state
    every = list(st.versions)
    latest = [st.latest[d] for d in st.documents()]
    assert len(every) > len(latest), "the demo corpus has an older draft version"

    assert snap.mask(every) is None  # the whole index: nothing to filter
    m = snap.mask(latest)
    assert m is not None and not m.flags.writeable
    assert snap.mask(list(reversed(latest))) is m  # same scope, same mask
    expected = np.array([r.meta["version_uid"] in latest for r in snap.rows], dtype=np.float32)
    assert np.array_equal(m, expected)


def test_passages_are_cut_once_and_match_the_rows(demo_index: Settings) -> None:
    snap = load_snapshot(demo_index, build_embedder(demo_index), fresh=True)
    key = max(snap.groups, key=lambda k: len(snap.groups[k]))  # a section split in parts
    p = snap.passage(key)
    assert snap.passage(key) is p
    assert p.text == passage_text(snap.groups[key])
    assert p.units and all(u.text in p.text for u in p.units)
    weights = word_weights(["ใบอนุญาต", "3"], {}, 10)
    assert choose(p, weights) == choose(Passage.of(p.text), weights)
    assert Passage.of(p.text) == p


def test_session_passages_are_cut_into_cues_with_their_speaker(demo_index: Settings) -> None:
    snap = load_snapshot(demo_index, build_embedder(demo_index), fresh=True)
    key = next(k for k, rows in snap.groups.items() if rows[0].transcript and len(snap.passage(k).units) > 4)
    units = snap.passage(key).units
    assert all(u.speaker and u.turn is not None for u in units)
    assert all(": " not in u.text[:40] or u.speaker not in u.text[:40] for u in units)  # no "Name [..]:" prefix
    assert len({u.speaker for u in units}) > 1


def test_readyz_and_documents_name_versions_from_another_pipeline(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.manifest
    import ingest.store
    from ingest.pipeline import ingest_paths
    from tests.conftest import CORPUS
    from tests.service.conftest import admin_headers, serve

    with monkeypatch.context() as m:
        m.setattr(ingest.manifest, "PIPELINE_VERSION", "2000.1.0")
        m.setattr(ingest.store, "PIPELINE_VERSION", "2000.1.0")
        assert ingest_paths([CORPUS / "drafts" / "waste-act-draft-v1.pdf"], hash_settings).ok
    with serve(hash_settings) as url:
        ready = httpx.get(f"{url}/readyz", headers=admin_headers(hash_settings)).json()
        assert ready["pipeline"] == ingest.manifest.PIPELINE_VERSION
        (doc,) = httpx.get(f"{url}/v1/documents").json()["documents"]
        (version,) = doc["versions"]
        assert ready["stale_versions"] == [f"{doc['document']} ({version['version']})"]
        assert version["pipeline"] == "2000.1.0"
