"""Words officials say → the words a Thai law writes ("บอร์ด" → คณะกรรมการ, "ครม." → คณะรัฐมนตรี).

A question in everyday Thai shares few words with the section that answers it. `ThaiTerms.rewrite`
gives the lexical search and the unit choice the law's own words in place of the everyday ones;
the bank is a file we write (`prompts/thai_terms.yaml`), read and checked once at start-up.
"""

from __future__ import annotations

import re
from pathlib import Path

from service.qa.glossary import read_bank

THAI_TERMS = Path(__file__).resolve().parents[2] / "prompts" / "thai_terms.yaml"
_THAI = "\u0e01-\u0e5b"
_THAI_CHAR = re.compile(f"[{_THAI}]")


class ThaiTermsError(ValueError):
    """The bank file is missing or malformed (raised at start-up)."""


class ThaiTerms:
    def __init__(self, entries: list[tuple[list[str], tuple[str, ...]]]) -> None:
        self.terms: dict[str, tuple[str, ...]] = {}
        abbreviations: set[str] = set()
        for said, th in entries:
            for form in said:
                key = form.rstrip(".")
                if key in self.terms and self.terms[key] != th:
                    raise ThaiTermsError(f"{form!r} is in two entries")
                self.terms[key] = th
                if form.endswith("."):
                    abbreviations.add(key)
        # longest form first, so "คนขับรถ" wins over "คนขับ". An abbreviation ("ครม.") stands alone:
        # with its full stop anywhere, without it only where no Thai letter touches it ("รมต" in "อุตสาหกรรมต้อง")
        alternatives = [
            f"(?:{re.escape(f)}\\.|(?<![{_THAI}]){re.escape(f)}(?![{_THAI}]))" if f in abbreviations else re.escape(f)
            for f in sorted(self.terms, key=len, reverse=True)
        ]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    @classmethod
    def load(cls, path: Path = THAI_TERMS) -> ThaiTerms:
        entries = []
        for where, item in read_bank(path, "thai terms", ("said", "th"), ThaiTermsError):
            said, th = item["said"], item["th"]
            if not _thai_strings(said) or not _thai_strings(th):
                raise ThaiTermsError(f"{where}: said and th must be non-empty lists of Thai strings")
            entries.append(([s.strip() for s in said], tuple(t.strip() for t in th)))
        try:
            return cls(entries)
        except ThaiTermsError as exc:
            raise ThaiTermsError(f"thai terms {path}: {exc}") from exc

    def rewrite(self, question: str) -> tuple[str, list[str]]:
        """The question with each everyday form replaced by the law's terms, and those terms in
        order of appearance (empty when the question has none)."""
        if self._pattern is None:
            return question, []
        added: list[str] = []

        def replace(m: re.Match[str]) -> str:
            th = self.terms[m.group(0).rstrip(".")]
            if _inside_written(question, m.start(), m.end(), th):
                return m.group(0)  # "แบต" in "แบตเตอรี่", "ยืมเงิน" in "กู้ยืมเงิน": the law's word is already there
            added.extend(t for t in th if t not in added)
            return " " + " ".join(th) + " "

        text = self._pattern.sub(replace, question)
        return (text, added) if added else (question, [])


def _inside_written(text: str, start: int, end: int, written: tuple[str, ...]) -> bool:
    """Whether text[start:end] lies inside a longer one of the law's own terms as the text writes it."""
    for term in written:
        if len(term) <= end - start:
            continue  # the form itself ("ค่าเสียหาย" → ค่าสินไหมทดแทน, ค่าเสียหาย) is still read
        at = text.find(term, max(0, end - len(term)))
        if at != -1 and at <= start:
            return True
    return False


def _thai_strings(value: object) -> bool:
    return (isinstance(value, list) and bool(value)
            and all(isinstance(v, str) and v.strip() and _THAI_CHAR.search(v) for v in value))
