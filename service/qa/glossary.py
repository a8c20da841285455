"""Thai–English legal term bank: the Thai terms of the draft for the English words of a question.

An English question shares no words with a Thai draft, and its English words meet only the few
English lines of session transcripts in the lexical index. `Glossary.expand` gives the lexical
side the draft's own Thai terms to search instead. The bank is a file we write
(`prompts/glossary.yaml`), read and checked once when the retriever is built.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

GLOSSARY = Path(__file__).resolve().parents[2] / "prompts" / "glossary.yaml"
_THAI_CHAR = re.compile(r"[\u0e01-\u0e5b]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[A-Za-z]+")
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
# US spellings folded to British ones (authorize → authorise, license → licence, offense → offence)
_SPELLING = (
    (re.compile(r"iz(?=(?:e|ed|es|ing|ation|ations)$)"), "is"),
    (re.compile(r"^(licen|offen|defen)s"), r"\1c"),
)
# past forms that suffix rules cannot reach
_IRREGULAR = {
    "kept": "keep", "held": "hold", "paid": "pay", "sent": "send", "brought": "bring", "made": "make",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "sold": "sell", "bought": "buy",
    "threw": "throw", "thrown": "throw", "burnt": "burn", "dealt": "deal", "written": "write",
    "wrote": "write", "chose": "choose", "chosen": "choose", "led": "lead", "met": "meet",
    "goes": "go", "went": "go", "gone": "go", "does": "do", "did": "do", "done": "do", "has": "have",
    "had": "have",
}


class GlossaryError(ValueError):
    """The term bank file is missing or malformed (raised at start-up)."""


def language_of(text: str) -> str:
    """'th' or 'en': the one rule the retriever and the answerer share for an English question."""
    thai = len(_THAI_CHAR.findall(text))
    latin = len(_LATIN.findall(text))
    return "th" if thai >= latin * 0.5 or thai > 8 else "en"


def fold(word: str) -> str:
    """A crude stem shared by the bank and the question: licences → licenc ← licence,
    stored / storing / stores → stor ← store, penalties → penalty, authorize → authorise."""
    w = word.lower()
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    if len(w) <= 3:
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) >= 6:
        w = _undouble(w[:-3])
    elif w.endswith("ed") and not w.endswith("eed") and len(w) >= 5:
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


def _undouble(stem: str) -> str:
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        return stem[:-1]
    return stem


def words(text: str) -> list[str]:
    """Folded English words of a text; hyphens and slashes separate words, a possessive 's goes."""
    return [fold(w) for w in _WORD.findall(_POSSESSIVE.sub("", text))]


class Glossary:
    """English phrases (folded) → Thai terms; `expand` matches the longest phrase first."""

    def __init__(self, entries: list[tuple[list[str], tuple[str, ...]]]) -> None:
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        problems = []
        for en, th in entries:
            for phrase in en:
                key = tuple(words(phrase))
                if not key:
                    problems.append(f"{phrase!r} has no English word")
                elif self.phrases.get(key, th) != th:
                    problems.append(f"{phrase!r} is in two entries (folded: {' '.join(key)})")
                self.phrases[key] = th
        if problems:
            raise GlossaryError("; ".join(problems))
        self.longest = max((len(k) for k in self.phrases), default=0)
        self.entries = len(entries)

    @classmethod
    def load(cls, path: Path = GLOSSARY) -> Glossary:
        entries = []
        for where, item in read_bank(path, "glossary", ("en", "th"), GlossaryError):
            en, th = item["en"], item["th"]
            if not _strings(en) or not _strings(th):
                raise GlossaryError(f"{where}: en and th must be non-empty lists of strings")
            bad = [t for t in th if not _THAI_CHAR.search(t) or _LATIN.search(t)]
            if bad:
                raise GlossaryError(f"{where}: th terms must be Thai: {bad}")
            entries.append(([e.strip() for e in en], tuple(t.strip() for t in th)))
        try:
            return cls(entries)
        except GlossaryError as exc:
            raise GlossaryError(f"glossary {path}: {exc}") from exc

    def expand(self, question: str) -> list[str]:
        """Thai terms for the English phrases of a question, in order, without repeats."""
        return [t for group in self.expand_groups(question) for t in group]

    def expand_groups(self, question: str) -> list[list[str]]:
        """`expand`, one list per English phrase matched (a phrase whose terms all came before is left out)."""
        seen: set[str] = set()
        groups: list[list[str]] = []
        for _, _, th in self._matches(words(question)):
            group = [t for t in th if t not in seen]
            seen.update(group)
            if group:
                groups.append(group)
        return groups

    def names(self, question: str) -> list[str]:
        """Words the bank does not cover that are written as names or acronyms ("Zoom", "EPR",
        "Tam Kak"; not the first word): they have no translation, so a search keeps them."""
        text = _POSSESSIVE.sub("", question)
        spans = list(_WORD.finditer(text))
        matched = self._matches([fold(m.group()) for m in spans])
        covered = {i for start, end, _ in matched for i in range(start, end)}
        sentence_start = ("", ".", "?", "!", ":")
        return [
            m.group() for i, m in enumerate(spans)
            if i not in covered and len(m.group()) > 1 and m.group()[0].isupper()
            and text[: m.start()].rstrip()[-1:] not in sentence_start
        ]

    def _matches(self, ws: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, Thai terms) of the phrases found, longest first, left to right."""
        found = []
        i = 0
        while i < len(ws):
            for n in range(min(self.longest, len(ws) - i), 0, -1):
                th = self.phrases.get(tuple(ws[i : i + n]))
                if th is not None:
                    found.append((i, i + n, th))
                    i += n
                    break
            else:
                i += 1
        return found


def read_bank(path: Path, name: str, keys: tuple[str, str], error: type[ValueError]) -> list[tuple[str, dict]]:
    """The entries of a term bank file (a YAML list of {keys[0]: [...], keys[1]: [...]}), each with
    where it stands for messages; `error` for an unreadable file or an entry with other keys."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{name} {path}: {exc}") from exc
    a, b = keys
    if not isinstance(data, list) or not data:
        raise error(f"{name} {path}: expected a list of {{{a}: [...], {b}: [...]}} entries")
    out = []
    for i, item in enumerate(data, 1):
        where = f"{name} {path}, entry {i}"
        if not isinstance(item, dict) or set(item) != set(keys):
            raise error(f"{where}: expected exactly the keys {a} and {b}")
        out.append((where, item))
    return out


def _strings(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)
