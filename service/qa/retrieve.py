"""Hybrid retrieval: dense (Chroma) + Thai lexical (BM25), weighted reciprocal-rank fusion,
hits grouped back to sections, and direct section lookup ("มาตรา 12", "ม.๑๒", "section 12").
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

import numpy as np

from ingest.embed import Embedder, QueryText
from ingest.lexical import tokenize
from ingest.settings import Settings
from ingest.thai import SECTION_SUFFIXES, normalize_section_number, to_arabic
from service.qa.chapters import Chapter, chapter_first, chapter_named
from service.qa.glossary import Glossary, language_of
from service.qa.index import ChunkRow, Snapshot
from service.qa.lanes import EmbedLanes
from service.qa.law_clauses import asked_aspect, law_clause_first
from service.qa.lexical_lead import clear_lexical_best, keep_in_top
from service.qa.long_questions import (
    LongQuestionSettings,
    best_of,
    fuse_parts,
    part_rankings,
    split_question,
    telling_terms,
)
from service.qa.question import asks_why
from service.qa.question_hints import (
    ASKS_DEFINITION,
    definition_first,
    named_documents,
    named_first,
    number_forms,
    section_laws,
)
from service.qa.session_questions import (
    about_session,
    framing_words,
    sessions_of_month,
    speakers_named,
    speaks_in,
)
from service.qa.thai_terms import ThaiTerms
from service.qa.version_refs import named_version

PHRASE_TOKENS = 10.0  # an English phrase's Thai terms weigh together at most as much as this many tokens
_SUFFIX = "|".join(sorted(SECTION_SUFFIXES, key=len, reverse=True))
_SECTION_REF = re.compile(
    rf"(?:มาตรา|ม\.|section|sec\.?|§)\s*(\d+(?:\s*/\s*\d+)?(?:\s*(?:{_SUFFIX})(?![ก-๛]))?)(?![\d/])",
    re.IGNORECASE,
)
_VERSION_REF = re.compile(r"(?:ฉบับที่|ร่างที่|version|ver\.?|v)\s*(\d+)(?!\d)", re.IGNORECASE)
# "ร่างฉบับรับฟังความคิดเห็นครั้งแรก", "ร่างแรก", "ฉบับที่ ๒", "ร่างที่สอง"
_TH_ORDINALS = {"แรก": 1, "หนึ่ง": 1, "สอง": 2, "สาม": 3}
_TH_VERSION_REF = re.compile(
    r"(?:ร่าง|ฉบับ)(?:ฉบับ)?(?:ที่)?(?:เปิด)?(?:รับฟัง(?:ความ)?(?:คิด)?เห็น)?\s*(?:ครั้ง)?(?:ที่)?\s*"
    r"(แรก|หนึ่ง|สอง|สาม|\d+)(?!\d)")
_EN_ORDINALS = {"first": 1, "1st": 1, "original": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_EN_VERSION_REF = re.compile(rf"\b({'|'.join(_EN_ORDINALS)})\s+(?:[a-z-]+\s+){{0,2}}(?:draft|version)\b")
_EN_HEARING_DRAFT = re.compile(r"\b(?:public[- ])?(?:hearing|consultation)[- ](?:draft|version)\b")
_LATIN_TOKEN = re.compile(r"[a-z]+")


def _new_hit(key: str, rows: list[ChunkRow]) -> Hit:
    """A hit for a section retrieval did not bring (a named one, a chapter's, the law's own clause)."""
    return Hit(key, rows, rows[0], 0.0)


class FilterError(ValueError):
    """A filter names something the index does not have (→ HTTP 400)."""


@dataclass
class Hit:
    """One section (or transcript window) with the chunks that make it up."""

    key: str
    rows: list[ChunkRow]
    best: ChunkRow
    score: float
    dense: float = 0.0  # best cosine similarity of its chunks to the question
    lexical: float = 0.0
    named: bool = False  # the question named this section
    defines: str = ""  # the term the question asks the meaning of, which this section defines
    about_law: str = ""  # the law's own clause for what the question asks of it (service.qa.law_clauses)

    @property
    def meta(self) -> dict:
        return self.best.meta


@dataclass
class Retrieval:
    hits: list[Hit]
    query_vector: np.ndarray
    query_tokens: list[str]
    named_sections: list[str]
    timings_ms: dict[str, float] = field(default_factory=dict)
    embedded: QueryText | None = None  # what the model read of the question (it may be cut)
    searched: str = ""  # the question as searched: with the Thai terms of its English or everyday words
    speakers: list[str] = field(default_factory=list)  # session speakers the question names (given names)
    chapter: Chapter | None = None  # the chapter the question names ("หมวด ๓")
    token_weights: list[float] | None = None  # one per query token: an English phrase's terms weigh as one
    translated: tuple[str, ...] = ()  # the law's terms an official's everyday words were searched with (thai_terms)


def section_refs(question: str) -> list[str]:
    """Normalised section numbers named in a question, in order, without repeats."""
    return list(dict.fromkeys(n for n, _ in _section_mentions(question)))


def _section_mentions(question: str) -> list[tuple[str, int]]:
    """Each section number a question names, with the index where its mention ends."""
    out: list[tuple[str, int]] = []
    for m in _SECTION_REF.finditer(to_arabic(question)):
        try:
            out.append((normalize_section_number(m.group(1)), m.end()))
        except ValueError:
            continue
    return out


class Reranker:
    """Optional cross-encoder stage (sentence-transformers), for operators who have one."""

    def __init__(self, model: str, device: str = "auto", depth: int = 20) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import CrossEncoder

        self.model = CrossEncoder(model, device=None if device == "auto" else device)
        self.depth = depth

    def rerank(self, question: str, hits: list[Hit]) -> list[Hit]:
        head, tail = hits[: self.depth], hits[self.depth :]
        if len(head) < 2:
            return hits
        pairs = [(question, "\n".join(r.text for r in h.rows)[:1500]) for h in head]
        scores = self.model.predict(pairs, show_progress_bar=False)
        order = sorted(range(len(head)), key=lambda i: -float(scores[i]))
        return [head[i] for i in order] + tail


class Retriever:
    def __init__(self, settings: Settings, embedder: Embedder, glossary: Glossary | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.glossary = glossary if glossary is not None else Glossary.load()
        self.thai_terms = ThaiTerms.load()
        # one ordinary question per core at a time (the service runs one embedding thread each, see
        # cli.py); long ones in their own lane (service/qa/lanes.py)
        self.lanes = EmbedLanes(embedder, settings.embed_concurrency or os.cpu_count() or 1,
                                settings.embed_long_tokens, settings.embed_long_queue)
        self.reranker = Reranker(settings.reranker_model, settings.embed_device) if settings.reranker_model else None

    # --- scope -------------------------------------------------------------------------
    def scope(
        self, snap: Snapshot, documents: list[str] | None, version: str | None, kind: str | None,
        question: str = "",
    ) -> list[str]:
        """Version uids a query may see: latest of each document unless told otherwise."""
        st = snap.state
        docs = documents if documents is not None else sessions_of_month(
            st, question, named_documents(st, question) or st.documents())
        unknown = [d for d in docs if d not in st.latest]
        if unknown:
            raise FilterError(f"unknown document: {', '.join(unknown)}")
        uids: list[str] = []
        for d in docs:
            versions = st.versions_of(d)
            if version == "all":
                chosen = versions
            elif version:
                chosen = [v for v in versions if v.version == version]
            else:
                chosen = self._versions_named(question, versions) or [st.versions[st.latest[d]]]
            uids.extend(v.version_uid for v in chosen if kind is None or v.kind == kind)
        if version and version != "all" and not uids:
            raise FilterError(f"unknown version: {version}")
        return uids

    @staticmethod
    def _versions_named(question: str, versions: list) -> list:
        if len(versions) < 2 or not question:
            return []
        q = to_arabic(question).lower()
        bare = re.sub(r"\s+", "", q)
        exact = [v for v in versions if len(v.version) > 1 and re.sub(r"\s+", "", to_arabic(v.version).lower()) in bare]
        if exact:
            return exact
        n = 0
        if m := _VERSION_REF.search(q):
            n = int(m.group(1))
        elif m := _TH_VERSION_REF.search(q):
            n = _TH_ORDINALS.get(m.group(1)) or int(m.group(1))
        elif m := _EN_VERSION_REF.search(q):  # "the first public-hearing draft", "the second version"
            n = _EN_ORDINALS[m.group(1)]
        if 1 <= n <= len(versions):
            return [versions[n - 1]]
        if _EN_HEARING_DRAFT.search(q):  # "the public hearing draft": the one version labelled so
            hearing = [v for v in versions if "รับฟัง" in v.version]
            if len(hearing) == 1:
                return hearing
        return named_version(question, versions)  # "ร่างล่าสุด", "ร่างเดิม", a label's own words

    # --- search ----------------------------------------------------------------------------
    def query_forms(self, question: str) -> tuple[str, list[str]]:
        """The text to embed and the BM25 tokens of a question. An English question is searched
        with the draft's Thai terms for its words (prompts/glossary.yaml): they are added to the
        embedded text, and they replace its English words on the lexical side, where English
        words would only meet the English lines of session transcripts; names the bank cannot
        translate ("Zoom", "EPR") are kept. A Thai question keeps its words and gains the Thai
        terms of any English ones. Everyday Thai ("บอร์ด", "ครม.") is searched with the law's own
        words (prompts/thai_terms.yaml), which the embedded text gains in brackets."""
        written, said = self.thai_terms.rewrite(question)
        tokens = tokenize(written)
        tokens += number_forms(tokens)
        thai = self.glossary.expand(question)
        english = language_of(question) == "en"
        if english:
            names = set(tokenize(" ".join(self.glossary.names(question))))
            tokens = [t for t in tokens if not _LATIN_TOKEN.fullmatch(t) or t in names]
        text = f"{question} ({' '.join(said)})" if said else question
        if not thai:
            return text, tokens
        tokens += tokenize(" ".join(thai))
        return (f"{question} ({' '.join(thai)})" if english else text), tokens

    def term_weights(self, question: str, tokens: list[str]) -> list[float] | None:
        """One weight per lexical token: the Thai terms of one English phrase weigh at most as much as
        PHRASE_TOKENS tokens together, not as many as their words and trigrams ("claim" → คำขอรับการเยียวยา
        ความเสียหายเบื้องต้น and ยื่นคำขอ, 38 tokens, drowned "limitation period" → อายุความ, 7). None for a
        Thai question (its own words lead) and when the question has no English phrase."""
        english = language_of(question) == "en"
        groups = [tokenize(" ".join(g)) for g in self.glossary.expand_groups(question)] if english else []
        pos = len(tokens) - sum(len(g) for g in groups)
        # query_forms put the terms' tokens last, all terms tokenized together (the same tokens, the bank's terms
        # being separate words)
        if not groups or pos < 0 or tokens[pos:] != [t for g in groups for t in g]:
            return None
        weights = [1.0] * pos
        for g in groups:
            weights += [min(1.0, PHRASE_TOKENS / max(len(g), 1))] * len(g)
        return weights

    def retrieve(
        self,
        snap: Snapshot,
        question: str,
        uids: list[str],
        k: int,
        *,
        dense: bool = True,
        lexical: bool = True,
    ) -> Retrieval:
        s = self.settings
        t0 = time.perf_counter()
        text, tokens = self.query_forms(question)
        weights = self.term_weights(question, tokens)
        speakers = speakers_named(snap, question)
        if (framing := framing_words(question, tokens, speakers)) and any(t not in framing for t in tokens):
            kept = [i for i, t in enumerate(tokens) if t not in framing]
            tokens = [tokens[i] for i in kept]
            weights = [weights[i] for i in kept] if weights else None
        long = LongQuestionSettings.of(s)
        parts = split_question(question, long.max_parts, long.part_chars, long.min_chars)
        part_forms = [self.query_forms(p) for p in parts]
        if parts:  # service/qa/long_questions.py
            embedded, part_vectors = self.lanes.embed_with_parts(text, [f[0] for f in part_forms])
        else:
            embedded = self.lanes.embed(text)
        qvec = embedded.vector
        t1 = time.perf_counter()
        n = min(s.candidates, max(snap.chunk_count, 1))
        mask = snap.mask(uids) if uids else None
        can_dense = dense and bool(uids) and snap.chunk_count > 0
        dense_ranked = self._dense(snap, qvec, uids, mask, n) if can_dense else []
        t2 = time.perf_counter()
        lex_ranked: list[tuple[str, float]] = []
        lex_tokens = tokens
        if parts:  # a long question's own lexical query: its rare words
            lex_tokens = telling_terms(tokens, snap.lexical.doc_freq, snap.chunk_count, long.lexical_max_df)
        if lexical and uids:
            lex_weights = weights if lex_tokens is tokens else None
            lex_ranked = [(snap.rows[h.index].id, h.score)
                          for h in snap.lexical.search(lex_tokens, n, mask, lex_weights)]
        t3 = time.perf_counter()

        fused: dict[str, float] = {}
        # an English question's lexical query is the term bank's Thai terms and its dense similarities
        # are cross-language, so its lexical side counts more (RANG_LEXICAL_WEIGHT_EN)
        lexical_weight = s.lexical_weight_en if language_of(question) == "en" else s.lexical_weight
        for weight, ranked in ((s.dense_weight, dense_ranked), (lexical_weight, lex_ranked)):
            for rank, (cid, _) in enumerate(ranked):
                fused[cid] = fused.get(cid, 0.0) + weight / (s.fusion_k + rank + 1)
        dense_sim = dict(dense_ranked)
        lex_score = dict(lex_ranked)
        if parts:
            by_part = part_rankings(
                part_vectors, [f[1] for f in part_forms],
                (lambda v: self._dense(snap, v, uids, mask, n)) if can_dense else None,
                (lambda t: [(snap.rows[h.index].id, h.score) for h in snap.lexical.search(t, n, mask)])
                if lexical and uids else None)
            fuse_parts(fused, by_part, dense_weight=s.dense_weight, lexical_weight=lexical_weight,
                       fusion_k=s.fusion_k, part_weight=long.part_weight)
            for part_dense, part_lex in by_part:  # a hit's similarity: to the question or its closest part
                best_of(dense_sim, part_dense)
                best_of(lex_score, part_lex)
        if s.transcript_weight != 1.0 and not about_session(question) and not asks_why(question) and not speakers:
            # a session passage yields only to a draft passage about as close to the question
            by_id = snap.by_id
            best_draft = max((v for c, v in dense_ranked if not by_id[c].transcript), default=0.0)
            margin = s.transcript_yield_margin
            for cid in fused:
                if by_id[cid].transcript and best_draft >= dense_sim.get(cid, 0.0) - margin:
                    fused[cid] *= s.transcript_weight

        hits: dict[str, Hit] = {}
        for cid, score in sorted(fused.items(), key=lambda kv: -kv[1]):
            row = snap.by_id[cid]
            h = hits.get(row.group)
            if h is None:
                hits[row.group] = Hit(row.group, snap.groups[row.group], row, score,
                                      dense_sim.get(cid, 0.0), lex_score.get(cid, 0.0))
            else:
                h.dense = max(h.dense, dense_sim.get(cid, 0.0))
                h.lexical = max(h.lexical, lex_score.get(cid, 0.0))
        ranked = sorted(hits.values(), key=lambda h: -h.score)
        if lexical_best := clear_lexical_best(lex_ranked):
            ranked = keep_in_top(ranked, snap.by_id[lexical_best].group)
        if self.reranker is not None:
            ranked = self.reranker.rerank(question, ranked)

        if speakers:  # what a named person said: the windows where they speak, in retrieval's order
            ranked = sorted(ranked, key=lambda h: not speaks_in(snap, h.key, speakers))
        mentions = _section_mentions(question)
        named = list(dict.fromkeys(n for n, _ in mentions))
        chapter = None if named or speakers else chapter_named(snap, uids, question, ranked)
        if named and not speakers:  # "สุภัตราพูดถึงมาตรา 14 ว่าอะไร" asks about her words, not the section
            ranked = named_first(snap, ranked, named, uids, tokens, section_laws(to_arabic(question), mentions),
                                 _new_hit)
        elif chapter is not None:  # "หมวด ๓ ว่าด้วยเรื่องอะไร": its own sections (service.qa.chapters)
            ranked = chapter_first(snap, ranked, chapter, _new_hit)
        elif (aspect := asked_aspect(question)) is not None:  # its start, its minister, its purpose
            ranked = law_clause_first(snap, ranked, uids, question, aspect, _new_hit)
        elif ASKS_DEFINITION.search(question):
            ranked = definition_first(snap, ranked, uids, [question, *self.glossary.expand(question)],
                                      _new_hit)
        t4 = time.perf_counter()
        return Retrieval(
            hits=ranked[:k],
            query_vector=qvec,
            query_tokens=tokens,
            named_sections=named,
            embedded=embedded.fit,
            searched=text,
            speakers=speakers,
            chapter=chapter,
            token_weights=weights,
            translated=tuple(self.thai_terms.rewrite(question)[1]),
            timings_ms={
                "embed": (t1 - t0) * 1000,
                "embed_wait": embedded.wait_ms,
                "dense": (t2 - t1) * 1000,
                "lexical": (t3 - t2) * 1000,
                "fuse": (t4 - t3) * 1000,
            },
        )

    def _dense(self, snap: Snapshot, qvec: np.ndarray, uids: list[str], mask: np.ndarray | None,
               n: int) -> list[tuple[str, float]]:
        if snap.vectors is not None and snap.chunk_count <= self.settings.dense_in_memory_max:
            return _exact_top(snap, qvec, mask, n)
        where = {"version_uid": uids[0]} if len(uids) == 1 else {"version_uid": {"$in": uids}}
        return [(c, sim) for c, sim in snap.store.dense_query(qvec, n, where) if c in snap.by_id]


def _exact_top(snap: Snapshot, qvec: np.ndarray, mask: np.ndarray | None, n: int) -> list[tuple[str, float]]:
    """Exact cosine top-n over the snapshot's vectors (they are unit length), within the scope."""
    sims = snap.vectors @ qvec
    if mask is not None:
        sims = np.where(mask > 0, sims, -np.inf)
    n = min(n, int(np.count_nonzero(np.isfinite(sims))))
    if n <= 0:
        return []
    top = np.argpartition(-sims, n - 1)[:n]
    top = top[np.argsort(-sims[top])]
    return [(snap.rows[i].id, float(sims[i])) for i in top]
