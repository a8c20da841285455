"""Thai lexical index (BM25 over segmented words and sub-word units), derived from Chroma.

Thai has no spaces between words, so whitespace tokenisation turns a clause into one
token. We segment with PyThaiNLP `newmm` (offline, dictionary-based) and add
character trigrams of longer Thai words so that a query word that the dictionary
segments differently from the document (compounds such as กากอุตสาหกรรม) still meets it.

The index is stored in generation folders under `lexical_dir` (`gen-000012/`) with a
`CURRENT` pointer replaced atomically, so a reader never opens a half-written index.
Tokens are cached per chunk id, so a rebuild only segments new chunks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from ingest.thai import to_arabic

_THAI = re.compile(r"[\u0e01-\u0e4e]")
_WORD = re.compile(r"[\u0e01-\u0e4e]+|[a-z]+|[0-9]+(?:/[0-9]+)?")
STOP_WORDS = frozenset(
    ["และ", "หรือ", "ที่", "ซึ่ง", "ของ", "ให้", "ใน", "การ", "ความ", "เป็น", "ได้", "จะ", "มี", "ไม่", "ว่า", "นั้น", "นี้", "ตาม", "โดย", "แก่", "แต่", "กับ", "เพื่อ", "ไว้", "อยู่", "ต้อง", "อย่าง", "ไร", "อะไร", "ไหม", "บ้าง", "the", "of", "and", "or", "to", "in", "a", "is", "for", "on", "by", "with"]
)
SUBWORD_MIN = 4


def segment(text: str) -> list[str]:
    """newmm words, whitespace dropped, nothing else removed."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=False)


def tokenize(text: str, *, subwords: bool = True) -> list[str]:
    """Words (newmm) plus '#'-prefixed character trigrams of Thai words ≥ SUBWORD_MIN chars."""
    text = to_arabic(text.lower())
    out: list[str] = []
    for raw in segment(text):
        for w in _WORD.findall(raw):
            if w in STOP_WORDS:
                continue
            out.append(w)
            if subwords and len(w) >= SUBWORD_MIN and _THAI.match(w):
                out.extend("#" + w[i : i + 3] for i in range(len(w) - 2))
    return out


@dataclass
class LexicalHit:
    index: int
    score: float


class LexicalIndex:
    """BM25 over a fixed list of chunk ids; `search` takes an optional 0/1 row mask."""

    def __init__(self, ids: list[str], model: bm25s.BM25 | None, generation: int) -> None:
        self.ids = ids
        self.model = model
        self.generation = generation
        self.position = {cid: i for i, cid in enumerate(ids)}

    @classmethod
    def build(cls, ids: list[str], token_lists: list[list[str]], generation: int) -> LexicalIndex:
        if not ids:
            return cls([], None, generation)
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index(token_lists, show_progress=False)
        return cls(ids, model, generation)

    def search(self, tokens: list[str], k: int, mask: np.ndarray | None = None,
               weights: list[float] | None = None) -> list[LexicalHit]:
        """The k best chunks for the query tokens (a token given twice counts twice); `weights`, one
        per token, scale each token's share of the score."""
        if self.model is None or not tokens:
            return []
        vocab = self.model.vocab_dict
        known = [i for i, t in enumerate(tokens) if t in vocab]
        if not known:
            return []
        if weights is None:
            scores = self.model.get_scores([tokens[i] for i in known])
        else:
            scores = self._weighted_scores([(vocab[tokens[i]], weights[i]) for i in known])
        if mask is not None:
            scores = scores * mask
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [LexicalHit(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def _weighted_scores(self, ids: list[tuple[int, float]]) -> np.ndarray:
        m = self.model.scores  # type: ignore[union-attr]
        data, indptr, indices = m["data"], m["indptr"], m["indices"]
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for tid, w in ids:
            a, b = indptr[tid], indptr[tid + 1]
            np.add.at(scores, indices[a:b], w * data[a:b])
        return scores

    def doc_freq(self, tokens: list[str]) -> dict[str, int]:
        """How many chunks hold each token (0 for a token the index has never seen)."""
        if self.model is None:
            return {t: 0 for t in tokens}
        vocab, indptr = self.model.vocab_dict, self.model.scores["indptr"]
        return {t: int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if t in vocab else 0 for t in tokens}

    # --- persistence ----------------------------------------------------------------------
    def save(self, root: Path, token_lists: list[list[str]]) -> Path:
        """Write a new generation folder, then flip CURRENT to it in one rename."""
        root.mkdir(parents=True, exist_ok=True)
        final = root / f"gen-{self.generation:06d}"
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
        if self.model is not None:
            self.model.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        with open(tmp / "tokens.jsonl", "w", encoding="utf-8") as fh:
            for cid, toks in zip(self.ids, token_lists, strict=True):
                fh.write(json.dumps([cid, toks], ensure_ascii=False) + "\n")
        (tmp / "meta.json").write_text(json.dumps({"generation": self.generation, "chunks": len(self.ids)}))
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        _write_atomic(root / "CURRENT", final.name)
        _prune(root, keep={final.name})
        return final

    @classmethod
    def load(cls, root: Path) -> LexicalIndex | None:
        folder = current_folder(root)
        if folder is None:
            return None
        meta = json.loads((folder / "meta.json").read_text())
        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if ids else None
        return cls(ids, model, int(meta["generation"]))


def current_folder(root: Path) -> Path | None:
    try:
        name = (root / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None
    folder = root / name
    return folder if (folder / "meta.json").exists() else None


def current_generation(root: Path) -> int | None:
    folder = current_folder(root)
    if folder is None:
        return None
    return int(json.loads((folder / "meta.json").read_text())["generation"])


def load_token_cache(root: Path) -> dict[str, list[str]]:
    folder = current_folder(root)
    cache: dict[str, list[str]] = {}
    if folder is None or not (folder / "tokens.jsonl").exists():
        return cache
    with open(folder / "tokens.jsonl", encoding="utf-8") as fh:
        for line in fh:
            cid, toks = json.loads(line)
            cache[cid] = toks
    return cache


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _prune(root: Path, keep: set[str]) -> None:
    """Keep the current generation and the one before it (a reader may still hold it)."""
    gens = sorted(p for p in root.glob("gen-*") if p.is_dir())
    for old in gens[:-2]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(".building-*"):
        shutil.rmtree(stale, ignore_errors=True)
