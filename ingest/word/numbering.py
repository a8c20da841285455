"""Word's automatic numbering → the text it prints ("(๑)", "๑.", "มาตรา ๑", "ก.").

A numbered paragraph names a list instance (`w:numPr/w:numId`) and a level (`w:ilvl`), directly or
through its style. The instance (`w:num`) points at an abstract definition (`w:abstractNum`) whose
level says the start value, the number format (decimal, thaiNumbers, thaiLetters, ...) and the text
around the number (`w:lvlText`, "%1" standing for level 1's counter). An instance may override a
level's start (`w:startOverride`) or the whole level.

Counters follow Word: instances of one abstract definition continue one list, and an instance that
overrides a level's start restarts that level where it is first used; using a level restarts the
levels below it (unless their `w:lvlRestart` says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.thai import to_thai_digits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"  # Word's thaiLetters: no ฃ ฅ


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = " "  # Word's default is a tab; in running text a space reads the same
    restart: int | None = None  # w:lvlRestart: restart after a level above this (1-based); 0 never
    legal: bool = False  # w:isLgl: the numbers of the levels above in decimal
    style: str = ""  # w:pStyle: the paragraph style this level is tied to


def _val(el: object, tag: str, default: str | None = None) -> str | None:
    child = el.find(W + tag) if el is not None else None  # type: ignore[attr-defined]
    return child.get(W + "val", default) if child is not None else default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(lvl: object) -> Level:
    restart = _val(lvl, "lvlRestart")
    suffix = {"tab": " ", "space": " ", "nothing": ""}.get(_val(lvl, "suff", "tab") or "tab", " ")
    legal = lvl.find(W + "isLgl") is not None  # type: ignore[attr-defined]
    return Level(_int(_val(lvl, "start"), 1), _val(lvl, "numFmt", "decimal") or "decimal",
                 _val(lvl, "lvlText", "") or "", suffix, None if restart is None else _int(restart, 0),
                 legal, _val(lvl, "pStyle", "") or "")


class Numbering:
    """The numbering part of one document, with the counters of a reading in document order."""

    def __init__(self, numbering_el: object | None, style_numbering: dict[str, tuple[str, int | None]]) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[str, dict[int, Level]] = {}
        self.start_overrides: dict[str, dict[int, int]] = {}
        self.style_numbering = style_numbering  # style id → (numId, ilvl) its paragraphs get
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[tuple[str, int]] = set()
        if numbering_el is not None:
            self._load(numbering_el)

    def _load(self, root: object) -> None:
        links: dict[str, str] = {}
        for a in root.iter(W + "abstractNum"):  # type: ignore[attr-defined]
            aid = a.get(W + "abstractNumId", "")
            self.abstract[aid] = {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in a.findall(W + "lvl")}
            if (link := _val(a, "numStyleLink")) is not None:
                links[aid] = link
        for n in root.iter(W + "num"):  # type: ignore[attr-defined]
            nid = n.get(W + "numId", "")
            self.num_abstract[nid] = _val(n, "abstractNumId", "") or ""
            for o in n.findall(W + "lvlOverride"):
                ilvl = _int(o.get(W + "ilvl"), 0)
                if (start := _val(o, "startOverride")) is not None:
                    self.start_overrides.setdefault(nid, {})[ilvl] = _int(start, 1)
                if (lvl := o.find(W + "lvl")) is not None:
                    self.overrides.setdefault(nid, {})[ilvl] = _level(lvl)
        for aid, style in links.items():  # a list style: its levels live in the definition the style names
            target = self.style_numbering.get(style)
            real = self.num_abstract.get(target[0]) if target else None
            if real is not None and real != aid:
                for nid, a in self.num_abstract.items():
                    if a == aid:
                        self.num_abstract[nid] = real

    def _lvl(self, num_id: str, ilvl: int) -> Level | None:
        if ilvl in self.overrides.get(num_id, {}):
            return self.overrides[num_id][ilvl]
        return self.abstract.get(self.num_abstract.get(num_id, ""), {}).get(ilvl)

    def resolve(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> tuple[str, int] | None:
        """The (numId, level) a paragraph is numbered with, from its own numPr or its style's."""
        if num_id is None and style_id in self.style_numbering:
            num_id, style_ilvl = self.style_numbering[style_id]  # type: ignore[index]
            if ilvl is None:
                ilvl = style_ilvl
            if ilvl is None:  # the level tied to this style, else the first
                levels = self.abstract.get(self.num_abstract.get(num_id, ""), {})
                ilvl = next((i for i, lv in levels.items() if lv.style == style_id), 0)
        if not num_id or num_id == "0" or num_id not in self.num_abstract:
            return None
        return num_id, ilvl or 0

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counters for one paragraph of (numId, level); the text Word prints before it."""
        lvl = self._lvl(num_id, ilvl)
        if lvl is None:
            return ""
        aid = self.num_abstract.get(num_id, num_id)
        counters = self._counters.setdefault(aid, {})
        start = self.start_overrides.get(num_id, {}).get(ilvl)
        if start is not None and (num_id, ilvl) not in self._started:
            self._started.add((num_id, ilvl))
            counters[ilvl] = start
        else:
            counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else lvl.start
        for deeper in [k for k in counters if k > ilvl]:
            below = self._lvl(num_id, deeper)
            restart = below.restart if below is not None and below.restart is not None else deeper
            if restart and ilvl < restart:
                del counters[deeper]
        if lvl.fmt in ("bullet", "none") or not lvl.text:
            return ""
        text = lvl.text
        for k in range(9, 0, -1):  # %10 does not exist; go down so that %1 does not eat %1x
            if f"%{k}" not in text:
                continue
            other = self._lvl(num_id, k - 1)
            value = counters.get(k - 1, other.start if other else 1)
            fmt = "decimal" if lvl.legal and k - 1 < ilvl else (other.fmt if other else "decimal")
            text = text.replace(f"%{k}", format_number(value, fmt))
        return text + lvl.suffix


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats (unknown formats print decimal)."""
    if fmt == "thaiNumbers":
        return to_thai_digits(str(n))
    if fmt == "thaiLetters":
        return _letters(n, _THAI_LETTERS)
    if fmt == "thaiCounting":
        from pythainlp.util import num_to_thaiword

        return num_to_thaiword(n)
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letters(n, "abcdefghijklmnopqrstuvwxyz")
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _letters(n: int, alphabet: str) -> str:
    """Word repeats the letter past the alphabet's end: a … z, aa … zz."""
    if n < 1:
        return str(n)
    q, r = divmod(n - 1, len(alphabet))
    return alphabet[r] * (q + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out
