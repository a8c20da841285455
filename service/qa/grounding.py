"""Grounding an LLM answer in its passages: sentence segments, support, attribution.

Local Thai models often write without [n] markers, or with wrong ones. The answer is cut
into sentence-like segments. A segment whose markers name given passages that support it
is kept as written; any other segment (no marker, an unknown marker, a marker on a passage
that does not support it) is given the marker of the passage that supports it best, or
dropped when none does. Support is the share of the segment's words and Thai character
trigrams found in the passage (digits folded), and a passage never supports a segment that
states a number it does not contain. With an embedder, a segment the words leave undecided
(a loose paraphrase; an English sentence over Thai passages, where words cannot meet) is
judged by its cosine similarity to the passage's paragraphs. Thresholds: bench/attribution.py
over the labelled sentences in bench/llm_attribution.jsonl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ingest.lexical import tokenize
from ingest.thai import to_arabic
from service.qa.question import NUMBER_WORDS, thai_number
from service.schemas import Citation

# operating points measured with bench/attribution.py (best F0.5 on bench/llm_attribution.jsonl)
LEXICAL_THRESHOLD = 0.50  # share of words and trigrams
VECTOR_THRESHOLD = 0.90  # cosine, same script, for what the words leave undecided
CROSS_VECTOR_THRESHOLD = 0.83  # cosine, an English sentence against a Thai passage

MARKER = re.compile(r"\[(\d{1,2})\]")
_BREAK = re.compile(
    r"(?<=[.!?])\s+"  # sentence punctuation followed by a space
    r"|(?<=。)\s*"  # an ideographic full stop (models trained on CJK text use it)
    r"|(?<=\])\s+(?=[^\s\[])"  # after a marker group
    r"|(?<=[\u0e01-\u0e4e]) +(?=[\u0e01-\u0e4e])"  # a space between Thai words: Thai's clause break
)
_LEAD = re.compile(r"^(?:[-*•·>#]+|\(?[0-9๐-๙]{1,2}[.)]|[a-zA-Zก-ฮ][.)])\s+")
_NOISE = re.compile(r"[*_`#>|]+")
_PUNCT_SPACE = re.compile(r"\s+([.,!?:;。])")
_GRAM_TEXT = re.compile(r"[^\u0e01-\u0e4e0-9a-z]+")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
_LATIN = re.compile(r"[A-Za-z]")
_THAI = re.compile(r"[\u0e01-\u0e4e]")
MIN_PIECE = 20  # a shorter clause ("ดังนี้", "ภายใน", "และ") joins its neighbour
CONNECTIVE_WORDS = 2  # a marker-less segment of at most this many content words states no fact


@dataclass
class Segment:
    text: str  # as written, markers removed
    markers: tuple[int, ...] = ()  # its own
    line: int = 0
    inherited: tuple[int, ...] = ()  # of the marker group that ends its sentence ("A B C [1]")
    sentence: int = 0  # clauses of one sentence share it; notices count sentences

    @property
    def cited(self) -> tuple[int, ...]:
        return self.markers or self.inherited

    @property
    def plain(self) -> str:
        """The words only: no bullet, numbering or markdown."""
        return _NOISE.sub(" ", _LEAD.sub("", self.text)).strip()


def segments(text: str) -> list[Segment]:
    """Sentence-like segments: lines, bullets, punctuation, Thai clause spaces, marker ends."""
    out: list[Segment] = []
    sentence = 0
    for n, line in enumerate(text.splitlines()):
        pieces: list[Segment] = []
        leading: tuple[int, ...] = ()
        for raw in _BREAK.split(line.strip()):
            marks = tuple(int(m) for m in MARKER.findall(raw))
            words = _PUNCT_SPACE.sub(r"\1", " ".join(MARKER.sub(" ", raw).split()))
            if words:
                pieces.append(Segment(words, leading + marks, n))
                leading = ()
            elif pieces:  # a marker group on its own belongs to what precedes it …
                pieces[-1].markers += marks
            else:  # … or, opening a line ("[1] ข้อความ"), to what follows
                leading += marks
        merged = _merge_short(pieces)
        after: tuple[int, ...] = ()
        for p in reversed(merged):  # clauses before a marker group share it
            after = p.markers or after
            p.inherited = () if p.markers else after
        ended = True
        for p in merged:
            p.sentence = sentence
            ended = bool(p.markers or p.text.endswith((".", "!", "?", "。")))
            sentence += ended
        sentence += not ended  # a line ends a sentence
        out.extend(merged)
    return out


def _merge_short(pieces: list[Segment]) -> list[Segment]:
    """Join clauses too short to stand alone: forward, or back when they end with a marker."""
    merged: list[Segment] = []
    carry: Segment | None = None
    for p in pieces:
        if carry is not None:
            p = Segment(f"{carry.text} {p.text}", carry.markers + p.markers, p.line)
            carry = None
        if len(p.plain) < MIN_PIECE and merged and not merged[-1].markers and p.markers:
            last = merged.pop()
            p = Segment(f"{last.text} {p.text}", p.markers, p.line)
        elif len(p.plain) < MIN_PIECE and not p.markers:
            carry = p
            continue
        merged.append(p)
    if carry is not None:
        if merged and not merged[-1].markers:
            last = merged.pop()
            carry = Segment(f"{last.text} {carry.text}", (), last.line)
        merged.append(carry)
    return merged


@dataclass(frozen=True)
class Terms:
    """What support is measured on: content words, character trigrams, stated numbers."""

    words: frozenset[str]
    grams: frozenset[str]
    numbers: frozenset[str]
    latin: bool

    @classmethod
    def of(cls, text: str) -> Terms:
        text = _DIGIT_COMMA.sub("", text)
        tokens = tokenize(text, subwords=False)
        s = _GRAM_TEXT.sub("", to_arabic(text.lower()))
        grams = frozenset(s[i : i + 3] for i in range(len(s) - 2))
        latin = len(_LATIN.findall(text)) > len(_THAI.findall(text))
        return cls(frozenset(tokens), grams, frozenset(_numbers(tokens)), latin)

    def __or__(self, other: Terms) -> Terms:
        return Terms(
            self.words | other.words,
            self.grams | other.grams,
            self.numbers | other.numbers,
            self.latin and other.latin,
        )


def _numbers(tokens: list[str]) -> set[str]:
    """Numbers stated in digits or Thai words ('๑๘๐', 'หนึ่งร้อยแปดสิบ' → '180'); 'หนึ่ง' alone is
    left out, as Thai also uses it as an article ('คณะหนึ่ง')."""
    out: set[str] = set()
    run: list[str] = []
    for tok in [*tokens, ""]:
        if tok and NUMBER_WORDS.fullmatch(tok):
            run.append(tok)
            continue
        if run:
            value = thai_number("".join(run))
            if value is not None:
                out.add(str(value))
            run = []
        if tok[:1].isdigit():
            out.add(tok if "/" in tok else str(int(tok)))
    out.discard("1")
    return out


def lexical_support(seg: Terms, passage: Terms) -> float:
    """Mean share of the segment's words and of its trigrams found in the passage; 0 when the
    segment states a number the passage does not contain."""
    if not seg.grams or not seg.numbers <= passage.numbers:
        return 0.0
    w = len(seg.words & passage.words) / len(seg.words) if seg.words else 0.0
    return (w + len(seg.grams & passage.grams) / len(seg.grams)) / 2


class Support:
    """Decides which of the given passages support a segment."""

    def __init__(
        self,
        passages: list[str],
        embedder: object | None = None,
        *,
        headers: list[str] | None = None,
        lexical_threshold: float = LEXICAL_THRESHOLD,
        vector_threshold: float = VECTOR_THRESHOLD,
        cross_threshold: float = CROSS_VECTOR_THRESHOLD,
    ) -> None:
        """`headers` (title, version, label) count for words and numbers, not for vectors: the
        model sees them in the prompt and may repeat them."""
        self.passages = passages
        heads = headers or [""] * len(passages)
        self.terms = [Terms.of(f"{h}\n{p}") for h, p in zip(heads, passages, strict=True)]
        self.embedder = embedder
        self.lexical_threshold = lexical_threshold
        self.vector_threshold = vector_threshold
        self.cross_threshold = cross_threshold
        self._units: np.ndarray | None = None
        self._owner: np.ndarray | None = None

    def cross(self, seg: Terms, j: int) -> bool:
        """Written in another script than passage j: words cannot meet, only vectors can."""
        return seg.latin != self.terms[j].latin

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Cosine of each text to each passage: the best of the passage's paragraphs."""
        out = np.full((len(texts), len(self.passages)), -1.0, dtype=np.float32)
        if self.embedder is None or not texts:
            return out
        if self._units is None:
            units, owner = [], []
            for i, p in enumerate(self.passages):
                for para in (x.strip() for x in p.split("\n")):
                    if len(para) >= 10:
                        units.append(para[:1000])
                        owner.append(i)
            self._units = _unit(self.embedder.embed_passages(units)) if units else np.zeros((0, 1))  # type: ignore[attr-defined]
            self._owner = np.asarray(owner)
        q = _unit(np.vstack([self.embedder.embed_query(t) for t in texts]))  # type: ignore[attr-defined]
        if not len(self._units):
            return out
        sims = q @ self._units.T
        for i in range(len(self.passages)):
            cols = self._owner == i
            if cols.any():
                out[:, i] = sims[:, cols].max(axis=1)
        return out

    def best(
        self, texts: list[str], among: list[set[int] | None] | None = None
    ) -> list[tuple[int, float, str]]:
        """For each text: (passage index or -1, score, "lexical" | "vector" | ""), looking only
        at the passages in among[i] when given (their union is scored, for a claim cited to
        several passages)."""
        terms = [Terms.of(t) for t in texts]
        out: list[tuple[int, float, str]] = []
        pending: list[int] = []
        for i, seg in enumerate(terms):
            allowed = sorted(among[i]) if among and among[i] is not None else list(range(len(self.passages)))
            if among and among[i] is not None and len(allowed) > 1:
                union = self.terms[allowed[0]]
                for j in allowed[1:]:
                    union = union | self.terms[j]
                scores = {allowed[0]: lexical_support(seg, union)}
            else:
                scores = {j: lexical_support(seg, self.terms[j]) for j in allowed}
            j = max(scores, key=lambda k: scores[k], default=-1)
            if j >= 0 and scores[j] >= self.lexical_threshold:
                out.append((j, scores[j], "lexical"))
            else:
                out.append((-1, 0.0, ""))
                if self.embedder is not None and seg.grams:
                    pending.append(i)
        if pending:
            sims = self.vectors([texts[i] for i in pending])
            for row, i in enumerate(pending):
                seg = terms[i]
                allowed = (
                    sorted(among[i]) if among and among[i] is not None else list(range(len(self.passages)))
                )
                ok = [
                    k
                    for k in allowed
                    if seg.numbers <= self.terms[k].numbers
                    and sims[row, k]
                    >= (self.cross_threshold if self.cross(seg, k) else self.vector_threshold)
                ]
                j = max(ok, key=lambda k: sims[row, k], default=-1)
                if j >= 0:
                    out[i] = (j, float(sims[row, j]), "vector")
        return out


def _unit(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


# --- the check an LLM answer goes through ------------------------------------------------


@dataclass
class Grounded:
    text: str
    citations: list[Citation]
    as_marked: int = 0  # kept with the model's own markers
    added: int = 0  # had no marker; matched to a passage
    corrected: int = 0  # had a wrong marker; matched to the passage that supports it
    dropped: int = 0  # no passage supports it

    @property
    def changed(self) -> bool:
        return bool(self.added or self.corrected or self.dropped)


class ModelRefused(ValueError):
    """The model said the passages do not answer the question."""


class NothingSupported(ValueError):
    def __init__(self, dropped: int) -> None:
        super().__init__(
            f"no sentence of the model's answer is supported by the passages ({dropped} dropped)"
        )
        self.dropped = dropped


def ground(text: str, citations: list[Citation], embedder: object | None = None) -> Grounded:
    """Keep, re-attribute or drop each segment of `text`; raises NothingSupported if none stays."""
    index = {c.marker: i for i, c in enumerate(citations)}
    support = Support([c.text for c in citations], embedder, headers=[_header(c) for c in citations])
    segs = segments(text)
    cited = [{index[m] for m in s.cited if m in index} or None for s in segs]
    first = support.best([s.plain for s in segs], cited)  # a cited segment: only by what it cites
    retry = [i for i, c in enumerate(cited) if c is not None and first[i][0] < 0]
    best = dict(zip(retry, support.best([segs[i].plain for i in retry]), strict=True))
    kept: list[tuple[Segment, tuple[int, ...]]] = []
    what: dict[str, set[int]] = {"as_marked": set(), "added": set(), "corrected": set(), "dropped": set()}
    for i, (s, c) in enumerate(zip(segs, cited, strict=True)):
        jb = best[i][0] if i in best else first[i][0]
        if c is not None and first[i][0] >= 0:
            kept.append((s, tuple(citations[k].marker for k in sorted(c))))
            unknown = any(m not in index for m in s.cited)  # "[1][9]": the [9] goes
            what["corrected" if unknown else "as_marked"].add(s.sentence)
        elif jb >= 0:
            kept.append((s, (citations[jb].marker,)))
            what["corrected" if s.cited else "added"].add(s.sentence)
        elif not s.cited and _connective(s):
            kept.append((s, ()))
        else:
            what["dropped"].add(s.sentence)
    result = Grounded("", [], **{k: len(v) for k, v in what.items()})
    used = {m for _, marks in kept for m in marks}
    if not used:
        raise NothingSupported(result.dropped)
    result.text = _render(kept)
    result.citations = [c for c in citations if c.marker in used]
    return result


def _header(c: Citation) -> str:
    section = f"{c.unit or 'มาตรา'} {c.section_printed or c.section}" if c.section else ""
    return " ".join(x for x in (c.title, c.version, c.label, section) if x)


def _connective(s: Segment) -> bool:
    """'ดังนี้', 'สรุปได้ว่า', 'In short:' state no fact and need no passage."""
    t = Terms.of(s.plain)
    return not t.numbers and len(t.words) <= CONNECTIVE_WORDS


def _render(kept: list[tuple[Segment, tuple[int, ...]]]) -> str:
    """One line per source line; a run of segments with the same markers shows them once."""
    lines: dict[int, list[str]] = {}
    for i, (s, marks) in enumerate(kept):
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        same_run = nxt is not None and nxt[0].line == s.line and nxt[1] == marks
        tail = "" if same_run or not marks else " " + "".join(f"[{m}]" for m in marks)
        lines.setdefault(s.line, []).append(s.text + tail)
    return "\n".join(" ".join(parts) for _, parts in sorted(lines.items()))
